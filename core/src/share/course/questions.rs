//! The course's questions: data only, English and Korean side by side. Facts as in
//! `docs/aws-async.md`; `core/tests/course.rs` checks that each scenario shows its answer.

use super::{Measure as M, Question};
use crate::service::Words;

const fn w(en: &'static str, ko: &'static str) -> Words {
    Words { en, ko }
}

/// The course, in order.
pub const QUESTIONS: [Question; 11] = [
    Question {
        id: "s3-retries",
        ask: w(
            "An S3 upload triggers a function that fails every time. With the default settings, how many times does it run for that upload, and how far apart?",
            "S3 업로드가 매번 실패하는 함수를 호출합니다. 기본 설정에서 그 업로드로 함수는 몇 번, 어떤 간격으로 실행될까요?",
        ),
        choices: &[
            w("Once: a failed asynchronous event is not retried", "한 번: 실패한 비동기 이벤트는 재시도하지 않는다"),
            w("4 times: at once, immediately again, then after 1 and 2 minutes", "4번: 바로, 즉시 한 번 더, 이어서 1분 뒤와 2분 뒤"),
            w("3 times: first, about 1 minute later, then about 2 minutes after that", "3번: 처음, 약 1분 뒤, 그로부터 약 2분 뒤"),
            w("Every 5 minutes until the event is 6 hours old", "이벤트가 6시간이 될 때까지 5분마다"),
        ],
        answer: 2,
        reason: w(
            "Lambda retries a function error twice by default: about a minute after the first attempt, about two minutes after the second. There is no immediate retry.",
            "Lambda는 함수 오류를 기본 두 번 재시도합니다: 첫 시도 약 1분 뒤, 두 번째 시도 약 2분 뒤. 즉시 재시도는 없습니다.",
        ),
        setting: "MaximumRetryAttempts (0–2, default 2)",
        scenario: "v=1&src=s3*1&fail=always&dlq=sqs&run=300",
        shows: &[M::Attempts, M::RetryWaits, M::DlqMessages],
    },
    Question {
        id: "who-async",
        ask: w("Which of these invoke a function asynchronously?", "다음 중 함수를 비동기로 호출하는 것은?"),
        choices: &[
            w("SQS, Kinesis and DynamoDB Streams", "SQS, Kinesis, DynamoDB Streams"),
            w("API Gateway and Application Load Balancer", "API Gateway, Application Load Balancer"),
            w("S3, SNS, EventBridge, SES, CodeCommit, CodePipeline and IoT", "S3, SNS, EventBridge, SES, CodeCommit, CodePipeline, IoT"),
            w("All of them: every trigger is asynchronous", "모두: 모든 트리거는 비동기다"),
        ],
        answer: 2,
        reason: w(
            "These hand the event over with InvocationType=Event and get 202. SQS, Kinesis and DynamoDB Streams are event source mappings: Lambda polls them and invokes synchronously. API Gateway and ALB wait for the answer.",
            "이들은 InvocationType=Event로 이벤트를 넘기고 202를 받습니다. SQS, Kinesis, DynamoDB Streams는 이벤트 소스 매핑이라 Lambda가 폴링해 동기로 호출하고, API Gateway와 ALB는 응답을 기다립니다.",
        ),
        setting: "InvocationType=Event",
        scenario: "v=1&src=s3*1,sns*1@5,eventbridge*1@10,ses*1@15,codecommit*1@20,codepipeline*1@25,iot*1@30&run=60",
        shows: &[M::Accepted, M::Succeeded],
    },
    Question {
        id: "reserved-zero",
        ask: w(
            "Reserved concurrency is set to 0 and an SQS DLQ is configured. An S3 event arrives. What happens?",
            "예약된 동시성을 0으로, SQS DLQ를 설정했습니다. S3 이벤트가 도착하면?",
        ),
        choices: &[
            w("It waits in the queue, throttled with backoff, for up to 6 hours", "큐에서 백오프로 스로틀되며 최대 6시간 기다린다"),
            w("It runs once: reserved concurrency limits only retries", "한 번 실행된다: 예약된 동시성은 재시도만 제한한다"),
            w("It goes to the DLQ at once, without any attempt", "시도 없이 곧바로 DLQ로 간다"),
            w("S3 gets a 429 and retries the upload", "S3가 429를 받고 업로드를 재시도한다"),
        ],
        answer: 2,
        reason: w(
            "With reserved concurrency 0 Lambda neither queues nor throttles: each new event goes at once, never run, to the DLQ and/or on-failure destination (condition ZeroReservedConcurrency).",
            "예약된 동시성이 0이면 Lambda는 큐에 두지도 스로틀하지도 않고, 새 이벤트를 실행 없이 곧바로 DLQ 및/또는 실패 시 대상으로 보냅니다(condition ZeroReservedConcurrency).",
        ),
        setting: "ReservedConcurrentExecutions (PutFunctionConcurrency)",
        scenario: "v=1&src=s3*1&reserved=0&dlq=sqs&run=60",
        shows: &[M::Attempts, M::DlqMessages],
    },
    Question {
        id: "dlq-and-destination",
        ask: w(
            "A function has an SQS dead-letter queue and an SNS on-failure destination. An event fails every attempt. Where does it go?",
            "함수에 SQS DLQ와 SNS 실패 시 대상이 모두 있습니다. 이벤트가 모든 시도에 실패하면 어디로 갈까요?",
        ),
        choices: &[
            w("Only the DLQ: the older setting wins", "DLQ만: 오래된 설정이 우선한다"),
            w("Only the destination: it takes precedence", "대상만: 대상이 우선한다"),
            w("Both", "둘 다"),
            w("Neither: the two settings conflict", "어디에도: 두 설정이 충돌한다"),
        ],
        answer: 2,
        reason: w(
            "Both receive it; neither takes precedence. The DLQ gets the original event, the destination an invocation record (condition RetriesExhausted).",
            "둘 다 받으며 어느 쪽도 우선하지 않습니다. DLQ는 원래 이벤트를, 대상은 호출 레코드(condition RetriesExhausted)를 받습니다.",
        ),
        setting: "DeadLetterConfig + DestinationConfig.OnFailure",
        scenario: "v=1&src=s3*1&fail=always&dlq=sqs&onfailure=sns&run=300",
        shows: &[M::DlqMessages, M::OnFailureRecords],
    },
    Question {
        id: "caller-202",
        ask: w(
            "An application calls Invoke with InvocationType=Event and the function fails. What does the application get back?",
            "애플리케이션이 InvocationType=Event로 Invoke를 호출했고 함수가 실패합니다. 애플리케이션이 받는 것은?",
        ),
        choices: &[
            w("The function's return value", "함수의 반환값"),
            w("202 at once, with an empty body; never the result", "즉시 빈 본문의 202, 결과는 끝내 모른다"),
            w("200 with X-Amz-Function-Error: Unhandled", "X-Amz-Function-Error: Unhandled가 붙은 200"),
            w("Nothing until every retry is done", "모든 재시도가 끝날 때까지 아무것도"),
        ],
        answer: 1,
        reason: w(
            "Lambda queues the event and answers 202 at once. The caller never learns the result; a DLQ or a destination keeps what failed.",
            "Lambda는 이벤트를 큐에 넣고 즉시 202로 답합니다. 호출자는 결과를 알 수 없고, 실패한 것은 DLQ나 대상이 받습니다.",
        ),
        setting: "InvocationType=Event",
        scenario: "v=1&src=s3*2/10&fail=always&dlq=sqs&run=300",
        shows: &[M::Accepted, M::Attempts, M::DlqMessages],
    },
    Question {
        id: "throttling",
        ask: w(
            "A burst hits a function with reserved concurrency 1. What happens to a throttled invocation?",
            "예약된 동시성이 1인 함수에 요청이 몰립니다. 스로틀된 호출은 어떻게 될까요?",
        ),
        choices: &[
            w("Either way the caller gets 429 and must retry", "어느 쪽이든 호출자가 429를 받고 재시도해야 한다"),
            w(
                "Asynchronous: back to Lambda's queue, retried with backoff, no retry attempt used. Synchronous: 429 to the caller",
                "비동기: Lambda의 큐로 돌아가 백오프로 다시 시도되며 재시도 횟수를 쓰지 않는다. 동기: 호출자에게 429",
            ),
            w("Asynchronous: straight to the DLQ. Synchronous: Lambda retries twice", "비동기: 곧바로 DLQ. 동기: Lambda가 두 번 재시도"),
            w("Either way Lambda queues it", "어느 쪽이든 Lambda가 큐에 넣는다"),
        ],
        answer: 1,
        reason: w(
            "A throttle is not a function error: an asynchronous event returns to the queue and is tried again (1 s to 5 min backoff) until its maximum age. A synchronous caller gets 429 TooManyRequestsException; nothing is queued.",
            "스로틀은 함수 오류가 아닙니다: 비동기 이벤트는 큐로 돌아가 최대 이벤트 나이까지 다시 시도됩니다(1초~5분 백오프). 동기 호출자는 429 TooManyRequestsException을 받고, 아무것도 큐에 남지 않습니다.",
        ),
        setting: "ReservedConcurrentExecutions, MaximumEventAgeInSeconds",
        scenario: "v=1&src=s3*5&dur=2000&reserved=1&run=300",
        shows: &[M::Throttles, M::Attempts, M::Succeeded],
    },
    Question {
        id: "event-age-60",
        ask: w(
            "Maximum event age is 60 seconds, retries are at the default 2, and the function always fails. How many attempts does an event get?",
            "최대 이벤트 나이 60초, 재시도는 기본값 2, 함수는 항상 실패합니다. 이벤트는 몇 번 시도될까요?",
        ),
        choices: &[
            w("3: retries always run", "3번: 재시도는 항상 실행된다"),
            w("2", "2번"),
            w("1: the next retry would start after 60 s, so it goes on at once", "1번: 다음 재시도가 60초를 넘기므로 곧바로 넘겨진다"),
            w("None: it expires in the queue", "0번: 큐에서 만료된다"),
        ],
        answer: 2,
        reason: w(
            "The age check looks ahead: the first retry would come about a minute later, past 60 s, so Lambda gives up after one attempt and sends the event to the DLQ (condition EventAgeExceeded).",
            "나이 검사는 미리 내다봅니다: 첫 재시도는 약 1분 뒤라 60초를 넘으므로, Lambda는 한 번 시도 후 포기하고 이벤트를 DLQ로 보냅니다(condition EventAgeExceeded).",
        ),
        setting: "MaximumEventAgeInSeconds (60–21600)",
        scenario: "v=1&src=s3*1&fail=always&age=60&dlq=sqs&run=120",
        shows: &[M::Attempts, M::DlqMessages],
    },
    Question {
        id: "idempotency",
        ask: w("Why should an asynchronously invoked handler be idempotent?", "비동기로 호출되는 핸들러는 왜 멱등이어야 할까요?"),
        choices: &[
            w("Lambda runs parallel copies of each event for speed", "Lambda가 속도를 위해 이벤트마다 병렬 복사본을 실행한다"),
            w(
                "The same event can arrive more than once: retries, and duplicate deliveries even when nothing failed",
                "같은 이벤트가 여러 번 올 수 있다: 재시도, 그리고 실패가 없어도 생기는 중복 전달",
            ),
            w("An idempotent handler makes Lambda skip its retries", "멱등 핸들러면 Lambda가 재시도를 건너뛴다"),
            w("Only FIFO sources need it", "FIFO 소스만 필요하다"),
        ],
        answer: 1,
        reason: w(
            "Delivery is at least once: the queue may deliver an event twice, and retries run it again. An idempotency key (S3 object key, SNS MessageId, EventBridge id) keeps the side effect to one.",
            "전달은 최소 한 번입니다: 큐가 이벤트를 두 번 전달할 수 있고 재시도도 다시 실행합니다. 멱등성 키(S3 객체 키, SNS MessageId, EventBridge id)로 부수 효과를 한 번으로 지킵니다.",
        ),
        setting: "MaximumRetryAttempts; idempotency key",
        scenario: "v=1&src=s3*8/5&dup=0.3&seed=5&run=180",
        shows: &[M::Accepted, M::Duplicates, M::SideEffects],
    },
    Question {
        id: "ses-shape",
        ask: w("Which service sends an event with Records[].ses.mail?", "Records[].ses.mail이 있는 이벤트를 보내는 서비스는?"),
        choices: &[w("SNS", "SNS"), w("S3", "S3"), w("SES, from a receipt rule", "SES (수신 규칙)"), w("CodeCommit", "CodeCommit")],
        answer: 2,
        reason: w(
            "An SES receipt rule's Lambda action sends Records[].ses with mail and receipt; with invocationType Event, the default, it invokes asynchronously.",
            "SES 수신 규칙의 Lambda 작업은 mail과 receipt가 든 Records[].ses를 보내며, 기본값인 invocationType Event로 비동기 호출합니다.",
        ),
        setting: "Records[].ses.mail, receipt.action.invocationType",
        scenario: "v=1&src=ses*1&run=60",
        shows: &[M::Accepted, M::Succeeded],
    },
    Question {
        id: "eventbridge-shape",
        ask: w(
            "Which service's event has no Records array but detail-type, source and detail at the top?",
            "Records 배열 없이 최상위에 detail-type, source, detail이 있는 이벤트는 어느 서비스의 것일까요?",
        ),
        choices: &[w("EventBridge", "EventBridge"), w("SNS", "SNS"), w("S3", "S3"), w("SES", "SES")],
        answer: 0,
        reason: w(
            "An EventBridge rule sends one event: version, id, detail-type, source, account, time, region, resources, detail. S3, SNS, SES and CodeCommit wrap theirs in Records.",
            "EventBridge 규칙은 version, id, detail-type, source, account, time, region, resources, detail을 담은 이벤트 하나를 보냅니다. S3, SNS, SES, CodeCommit은 Records로 감쌉니다.",
        ),
        setting: "detail-type, detail",
        scenario: "v=1&src=eventbridge*1,s3*1@5,sns*1@10&run=60",
        shows: &[M::Accepted, M::Succeeded],
    },
    Question {
        id: "codepipeline-job",
        ask: w(
            "A CodePipeline action invokes a function with {\"CodePipeline.job\": {\"id\": …}}. What must the function do for the pipeline to go on?",
            "CodePipeline 작업이 {\"CodePipeline.job\": {\"id\": …}}로 함수를 호출합니다. 파이프라인이 진행되려면 함수는 무엇을 해야 할까요?",
        ),
        choices: &[
            w("Return normally: the pipeline reads the result", "정상 반환: 파이프라인이 결과를 읽는다"),
            w("Nothing: the 202 completes the action", "없음: 202로 작업이 끝난다"),
            w("Call PutJobSuccessResult or PutJobFailureResult with the job's id", "작업 id로 PutJobSuccessResult 또는 PutJobFailureResult를 호출한다"),
            w("Throw an error to fail the stage", "오류를 던져 단계를 실패시킨다"),
        ],
        answer: 2,
        reason: w(
            "The pipeline invokes asynchronously, so it never sees the return value; it waits for PutJobSuccessResult or PutJobFailureResult with the job id, or the action times out.",
            "파이프라인은 비동기로 호출하므로 반환값을 보지 못하고, 작업 id를 담은 PutJobSuccessResult 또는 PutJobFailureResult를 기다립니다. 없으면 작업은 시간 초과됩니다.",
        ),
        setting: "PutJobSuccessResult / PutJobFailureResult",
        scenario: "v=1&src=codepipeline*1&run=60",
        shows: &[M::Accepted, M::Succeeded],
    },
];
