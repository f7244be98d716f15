//! Labels of the "why" panel: the AWS rule behind what the stage shows now.

/// One rule: a title, what happens and why (two sentences), and the AWS setting that governs it.
pub struct Rule {
    pub title: &'static str,
    pub text: &'static str,
    pub setting: &'static str,
}

pub struct WhyTexts {
    pub title: &'static str,
    pub setting: &'static str,
    pub flow: Rule,
    pub running: Rule,
    pub throttle: Rule,
    pub retry: Rule,
    pub age: Rule,
    pub dlq_sqs: Rule,
    pub dlq_sns: Rule,
    pub destinations: Rule,
    pub both: Rule,
    pub lost: Rule,
    pub zero: Rule,
    pub duplicates: Rule,
    pub sync: Rule,
    pub myth_title: &'static str,
    pub myth_claim: &'static str,
    pub myth_truth: &'static str,
    pub myth_source: &'static str,
    /// The link to the AWS page on a source.
    pub aws_page: &'static str,
}

pub const EN: WhyTexts = WhyTexts {
    title: "Why?",
    setting: "AWS setting",
    flow: Rule {
        title: "Asynchronous invocation: answered at once",
        text: "S3, SNS and EventBridge call Lambda with InvocationType=Event: Lambda answers 202 Accepted straight away and puts the event in the function's internal queue. The caller never learns whether the function succeeded.",
        setting: "InvocationType=Event",
    },
    running: Rule {
        title: "A function error still answers 200",
        text: "When the handler throws or times out, the invoke itself succeeded (status 200, FunctionError: Unhandled): for an asynchronous event, Lambda itself decides what happens next. A timeout counts as a function error like an exception.",
        setting: "Timeout",
    },
    throttle: Rule {
        title: "Throttled: back to the queue, not a retry",
        text: "When no concurrency is free, the delivery is throttled (429) and the event goes back to the queue, to be tried again after 1 s, 2 s, 4 s… up to 5 minutes, for as long as the event is young enough. Throttles do not use up MaximumRetryAttempts.",
        setting: "ReservedConcurrentExecutions (PutFunctionConcurrency)",
    },
    retry: Rule {
        title: "Two retries, about 1 and 2 minutes apart",
        text: "After a function error Lambda waits about one minute before the second attempt and about two minutes before the third. MaximumRetryAttempts sets how many retries (0 to 2, default 2): at most three attempts in all.",
        setting: "MaximumRetryAttempts (0–2, default 2)",
    },
    age: Rule {
        title: "Too old to try again",
        text: "MaximumEventAgeInSeconds bounds how long an event may wait, retry waits included. Lambda looks ahead: when the next try would start past that age, it gives up right after the failed attempt instead of waiting first. The lab also applies this look-ahead to throttled events (a throttled event is given up when its next try would start past the age); that is the lab's own choice, as AWS documents it only for retries after a function error.",
        setting: "MaximumEventAgeInSeconds (60–21600, default 21600)",
    },
    dlq_sqs: Rule {
        title: "The dead-letter queue keeps the failed event",
        text: "An event whose retries ran out (or that grew too old) goes to the DLQ: the body is the original event, unmodified, with the attributes RequestID, ErrorCode (200 for a function error) and ErrorMessage. An SQS queue keeps it until a consumer reads it and re-drives it.",
        setting: "DeadLetterConfig.TargetArn (SQS queue)",
    },
    dlq_sns: Rule {
        title: "An SNS topic as DLQ fans out",
        text: "With an SNS topic as the dead-letter queue, each failed event is published once and delivered to every subscriber: an e-mail, an SQS queue, an HTTPS endpoint, another function. The message carries the same body and attributes as an SQS DLQ message.",
        setting: "DeadLetterConfig.TargetArn (SNS topic)",
    },
    destinations: Rule {
        title: "Destinations get the whole invocation record",
        text: "An on-success or on-failure destination receives an invocation record: the request, the condition (Success, RetriesExhausted, EventAgeExceeded), the approximate invoke count and the function's response. AWS recommends destinations over DLQs for new designs.",
        setting: "DestinationConfig.OnSuccess / OnFailure",
    },
    both: Rule {
        title: "DLQ and on-failure destination: both receive it",
        text: "When a function has both a dead-letter queue and an on-failure destination, a failed event goes to both; neither takes precedence. The DLQ gets the original event, the destination the invocation record.",
        setting: "DeadLetterConfig + DestinationConfig.OnFailure",
    },
    lost: Rule {
        title: "Nowhere to go: the event is gone",
        text: "With neither a dead-letter queue nor an on-failure destination, an event whose retries ran out is simply discarded; only the AsyncEventsDropped metric counts it. Configure a DLQ or a destination to keep failed events.",
        setting: "DeadLetterConfig / DestinationConfig.OnFailure",
    },
    zero: Rule {
        title: "Reserved concurrency 0: never runs",
        text: "With reserved concurrency 0, Lambda neither queues nor throttles: it sends each new event on at once, without any attempt, to the DLQ and/or on-failure destination (condition ZeroReservedConcurrency, approximateInvokeCount 0).",
        setting: "ReservedConcurrentExecutions = 0",
    },
    duplicates: Rule {
        title: "At least once: make the handler idempotent",
        text: "The internal queue may deliver an event twice although nothing failed, and retries repeat it too. An idempotent handler records a key (the S3 object key and version, the SNS MessageId, the EventBridge id) and skips the side effect when it sees the key again.",
        setting: "your handler (e.g. Powertools idempotency)",
    },
    sync: Rule {
        title: "Synchronous invocation: the caller waits",
        text: "With InvocationType=RequestResponse the caller stays blocked until the function ends and gets its answer: 200, or 200 with X-Amz-Function-Error: Unhandled when the handler failed. No concurrency free means 429 TooManyRequestsException at once; Lambda retries nothing and has no queue, DLQ or destination here: retrying is the caller's job (the AWS SDK's standard mode retries a throttle).",
        setting: "InvocationType=RequestResponse",
    },
    myth_title: "Myth check",
    myth_claim: "“Lambda retries 3 times: immediately, after 1 minute, after 2 minutes.”",
    myth_truth: "AWS: 2 retries, so 3 attempts in all. The first retry comes about 1 minute after the failure, the second about 2 minutes after that. There is no immediate retry. (An immediate retry, if you see one, is the sender's own retry, e.g. SNS re-delivering when Lambda could not accept the event.)",
    myth_source: "AWS Lambda Developer Guide: error handling for asynchronous invocation",
    aws_page: "AWS documentation",
};

pub const KO: WhyTexts = WhyTexts {
    title: "왜 이렇게 되나요?",
    setting: "AWS 설정",
    flow: Rule {
        title: "비동기식 호출: 곧바로 답한다",
        text: "S3, SNS, EventBridge는 InvocationType=Event로 Lambda를 호출합니다. Lambda는 곧바로 202 Accepted로 답하고 이벤트를 함수의 내부 이벤트 대기열에 넣으며, 호출한 쪽은 함수가 성공했는지 알 수 없습니다.",
        setting: "InvocationType=Event",
    },
    running: Rule {
        title: "함수 오류여도 응답은 200",
        text: "핸들러가 예외를 던지거나 시간 초과가 나도 호출 자체는 성공입니다 (상태 200, FunctionError: Unhandled). 비동기 이벤트라면 그다음은 Lambda가 정하며, 시간 초과도 예외와 같은 함수 오류로 셉니다.",
        setting: "Timeout",
    },
    throttle: Rule {
        title: "스로틀링: 재시도가 아니라 대기열로 복귀",
        text: "남은 동시성이 없으면 전달이 스로틀링(429)되고 이벤트는 대기열로 돌아가, 이벤트가 충분히 새것인 동안 1초, 2초, 4초… 최대 5분 간격으로 다시 시도됩니다. 스로틀링은 MaximumRetryAttempts를 쓰지 않습니다.",
        setting: "ReservedConcurrentExecutions (PutFunctionConcurrency)",
    },
    retry: Rule {
        title: "재시도는 두 번, 약 1분과 2분 간격",
        text: "함수 오류가 나면 Lambda는 약 1분 뒤 두 번째 시도를, 그로부터 약 2분 뒤 세 번째 시도를 합니다. MaximumRetryAttempts가 재시도 횟수를 정하며(0~2, 기본값 2), 시도는 모두 합쳐 최대 세 번입니다.",
        setting: "MaximumRetryAttempts (0–2, 기본값 2)",
    },
    age: Rule {
        title: "너무 오래되어 더 시도하지 않음",
        text: "MaximumEventAgeInSeconds는 재시도 대기를 포함해 이벤트가 기다릴 수 있는 시간의 한도입니다. Lambda는 미리 내다보고, 다음 시도가 그 나이를 넘겨 시작될 것이면 기다리지 않고 실패한 시도 직후 바로 포기합니다. 이 실습은 스로틀된 이벤트에도 같은 내다보기를 적용합니다(다음 시도가 그 나이를 넘겨 시작될 것이면 바로 포기). AWS는 이를 함수 오류 후 재시도에 대해서만 문서화하므로, 이것은 실습 자체의 선택입니다.",
        setting: "MaximumEventAgeInSeconds (60–21600, 기본값 21600)",
    },
    dlq_sqs: Rule {
        title: "데드 레터 큐가 실패한 이벤트를 보관",
        text: "재시도를 다 쓰거나 너무 오래된 이벤트는 데드 레터 큐로 갑니다. 본문은 원래 이벤트 그대로이고 속성으로 RequestID, ErrorCode(함수 오류는 200), ErrorMessage가 붙으며, SQS 대기열은 소비자가 읽고 다시 처리할 때까지 보관합니다.",
        setting: "DeadLetterConfig.TargetArn (SQS 대기열)",
    },
    dlq_sns: Rule {
        title: "SNS 주제를 데드 레터 큐로 쓰면 팬아웃",
        text: "SNS 주제가 데드 레터 큐이면 실패한 이벤트는 한 번 게시되어 모든 구독자(이메일, SQS 대기열, HTTPS 엔드포인트, 다른 함수)에게 전달됩니다. 메시지의 본문과 속성은 SQS 데드 레터 큐 메시지와 같습니다.",
        setting: "DeadLetterConfig.TargetArn (SNS 주제)",
    },
    destinations: Rule {
        title: "대상은 호출 레코드 전체를 받는다",
        text: "성공 시/실패 시 대상은 호출 레코드를 받습니다: 요청, 조건(Success, RetriesExhausted, EventAgeExceeded), 대략적인 호출 횟수, 함수의 응답까지. 새로 설계한다면 AWS는 데드 레터 큐보다 대상을 권합니다.",
        setting: "DestinationConfig.OnSuccess / OnFailure",
    },
    both: Rule {
        title: "데드 레터 큐와 실패 시 대상: 둘 다 받는다",
        text: "함수에 데드 레터 큐와 실패 시 대상이 모두 있으면 실패한 이벤트는 둘 다에 갑니다. 어느 쪽도 우선하지 않으며, 데드 레터 큐는 원래 이벤트를, 대상은 호출 레코드를 받습니다.",
        setting: "DeadLetterConfig + DestinationConfig.OnFailure",
    },
    lost: Rule {
        title: "갈 곳이 없으면 사라진다",
        text: "데드 레터 큐도 실패 시 대상도 없으면 재시도를 다 쓴 이벤트는 그냥 버려지고, AsyncEventsDropped 지표만 그것을 셉니다. 실패한 이벤트를 남기려면 데드 레터 큐나 대상을 설정하세요.",
        setting: "DeadLetterConfig / DestinationConfig.OnFailure",
    },
    zero: Rule {
        title: "예약된 동시성 0: 절대 실행되지 않음",
        text: "예약된 동시성이 0이면 Lambda는 대기열에 넣지도, 스로틀링하지도 않고 새 이벤트를 시도 없이 곧바로 데드 레터 큐나 실패 시 대상으로 보냅니다 (조건 ZeroReservedConcurrency, approximateInvokeCount 0).",
        setting: "ReservedConcurrentExecutions = 0",
    },
    duplicates: Rule {
        title: "최소 한 번 전달: 핸들러에 멱등성을",
        text: "내부 대기열은 실패가 없어도 이벤트를 두 번 전달할 수 있고, 재시도도 같은 이벤트를 되풀이합니다. 멱등성 있는 핸들러는 키(S3 객체 키와 버전, SNS MessageId, EventBridge id)를 기록해 두고 같은 키를 다시 보면 부수 효과를 건너뜁니다.",
        setting: "핸들러 (예: Powertools 멱등성 유틸리티)",
    },
    sync: Rule {
        title: "동기식 호출: 호출자가 기다립니다",
        text: "InvocationType=RequestResponse로 호출하면 호출자는 함수가 끝날 때까지 묶여 있다가 응답을 받습니다: 200, 또는 핸들러가 실패했으면 X-Amz-Function-Error: Unhandled가 붙은 200. 동시성이 남지 않으면 즉시 429 TooManyRequestsException이 돌아옵니다. Lambda는 아무것도 재시도하지 않고 대기열도 DLQ도 대상도 없습니다: 재시도는 호출자의 몫입니다 (AWS SDK 표준 모드는 스로틀을 재시도).",
        setting: "InvocationType=RequestResponse",
    },
    myth_title: "흔한 오해 바로잡기",
    myth_claim: "“Lambda는 3번 재시도한다: 즉시, 1분 후, 2분 후.”",
    myth_truth: "AWS 설명: 재시도는 2번, 시도는 모두 3번입니다. 첫 재시도는 실패 후 약 1분 뒤, 두 번째는 그로부터 약 2분 뒤이며, 즉시 재시도는 없습니다. (즉시 다시 오는 것이 보인다면 보내는 쪽의 재시도입니다. 예를 들어 Lambda가 이벤트를 받지 못했을 때 SNS가 다시 전달하는 경우.)",
    myth_source: "AWS Lambda 개발자 안내서: 비동기식 호출의 오류 처리",
    aws_page: "AWS 문서",
};
