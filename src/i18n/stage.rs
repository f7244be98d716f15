//! Labels of the stage part of the page.

pub struct StageTexts {
    pub stage_label: &'static str,
    /// Leads the stage's words for a screen reader: "{summary}: Event queue 3, Function 1, …".
    pub summary: &'static str,
    pub sources: &'static str,
    pub accepted: &'static str,
    /// Tooltip of the 202 handshake.
    pub accepted_hint: &'static str,
    /// "{n} sent"
    pub sent: fn(u64) -> String,
    pub queue: &'static str,
    /// "depth {n}"
    pub queue_depth: fn(u64) -> String,
    /// "oldest {m:ss}"
    pub queue_oldest: fn(&str) -> String,
    /// "{n} throttled (429)"
    pub queue_throttled: fn(u32) -> String,
    pub function: &'static str,
    /// "{busy} busy of {limit} (reserved concurrency)"
    pub slots_reserved: fn(u64, u32) -> String,
    /// "{busy} busy of {limit} (account pool); {shown} slots drawn: the run's peak and a few spare"
    pub slots_pool: fn(u64, u32, u32) -> String,
    /// Reserved concurrency 0.
    pub slots_zero: &'static str,
    /// "{n} more slots not drawn"
    pub slots_hidden: fn(u32) -> String,
    pub retry: &'static str,
    /// "MaximumRetryAttempts {n}: waits of about 1, then 2 minutes"
    pub retry_rule: fn(u32) -> String,
    /// "{event}: retry {k} of {n} in {m:ss}"
    pub countdown: fn(&str, u32, u32, &str) -> String,
    /// "{event}: retry {k} of {n} is due"
    pub countdown_due: fn(&str, u32, u32) -> String,
    /// "+{n} more waiting"
    pub countdown_more: fn(u64) -> String,
    pub retry_none: &'static str,
    pub success: &'static str,
    pub destination_success: &'static str,
    pub destination_failure: &'static str,
    pub dlq_sqs: &'static str,
    pub dlq_sns: &'static str,
    pub lost: &'static str,
    pub not_configured: &'static str,
    pub dlq_sqs_note: &'static str,
    pub dlq_sns_note: &'static str,
    pub lost_note: &'static str,
    /// "receives the invocation record ({kind})"
    pub destination_note: fn(&str) -> String,
    /// The kinds of destination: SQS queue, SNS topic, Lambda function, EventBridge bus, S3 bucket.
    pub destination_kinds: [&'static str; 5],
    /// SNS subscribers of the DLQ topic: e-mail, SQS queue, HTTPS endpoint.
    pub subscribers: [&'static str; 3],
    /// "{n} delivered"
    pub delivered: fn(u64) -> String,
    /// "side effects {n} · events {m}"
    pub side_effects: fn(u64, u64) -> String,
    /// Tooltip of the side-effects counter: why there can be more side effects than events.
    pub side_effects_hint: &'static str,
    /// The SQS DLQ lane's button: send its messages back to the function.
    pub reprocess: &'static str,
    pub reprocess_hint: &'static str,
    /// Under the side-effect count once side effects outnumber events.
    pub side_effects_repeated: &'static str,
    /// "{service} event #{n}"
    pub event_name: fn(&str, usize) -> String,
    pub legend: &'static str,
    /// Names of the token looks, in `Look::ALL` order.
    pub looks: [&'static str; 8],
    pub canvas_hint: &'static str,
    /// Which popular sources do not invoke asynchronously: (those behind an event source mapping,
    /// those that invoke synchronously), each a list of names.
    pub not_async: fn(&str, &str) -> String,
}

pub const EN: StageTexts = StageTexts {
    stage_label: "Event flow",
    summary: "On the stage now",
    sources: "Sources",
    accepted: "202 Accepted",
    accepted_hint: "Lambda answers 202 at once and queues the event: the caller never learns how the function fared.",
    sent: |n| format!("{n} sent"),
    queue: "Event queue",
    queue_depth: |n| format!("depth {n}"),
    queue_oldest: |c| format!("oldest {c}"),
    queue_throttled: |n| format!("{n} throttled (429)"),
    function: "Function",
    slots_reserved: |busy, limit| format!("{busy} busy of {limit} (reserved concurrency)"),
    slots_pool: |busy, limit, shown| {
        format!("{busy} busy of {limit} (account pool); {shown} slots drawn: the run's peak and a few spare")
    },
    slots_zero: "Reserved concurrency 0: nothing runs; each event goes straight on, unrun.",
    slots_hidden: |n| format!("{n} more slots not drawn"),
    retry: "Retry wait",
    retry_rule: |n| format!("MaximumRetryAttempts {n}: waits of about 1, then 2 minutes"),
    countdown: |e, k, n, c| format!("{e}: retry {k} of {n} in {c}"),
    countdown_due: |e, k, n| format!("{e}: retry {k} of {n} is due"),
    countdown_more: |n| format!("+{n} more waiting"),
    retry_none: "No event is waiting for a retry.",
    success: "Success",
    destination_success: "On-success destination",
    destination_failure: "On-failure destination",
    dlq_sqs: "DLQ (SQS queue)",
    dlq_sns: "DLQ (SNS topic)",
    lost: "Lost",
    not_configured: "not configured",
    dlq_sqs_note: "kept for a consumer to read and re-drive",
    dlq_sns_note: "each message fans out to every subscriber",
    lost_note: "failed, with no DLQ and no on-failure destination",
    destination_note: |k| format!("gets the invocation record ({k})"),
    destination_kinds: ["SQS queue", "SNS topic", "Lambda function", "EventBridge bus", "S3 bucket"],
    subscribers: ["e-mail", "SQS queue", "HTTPS endpoint"],
    delivered: |n| format!("{n} delivered"),
    side_effects: |n, m| format!("side effects {n} · events {m}"),
    reprocess: "Reprocess",
    reprocess_hint: "Send the DLQ's messages back to the function now, as a consumer calling Invoke with \
                     InvocationType=Event would: each becomes a new event with the original payload and a new request id.",
    side_effects_repeated: "more side effects than events: a handler that is not idempotent did some work twice",
    side_effects_hint: "The queue may deliver an event twice: a handler that is not idempotent then acts twice, \
                        so side effects can outnumber events.",
    event_name: |s, n| format!("{s} event #{n}"),
    legend: "Legend",
    looks: [
        "queued",
        "throttled (429)",
        "running",
        "duplicate run",
        "waiting to retry",
        "succeeded",
        "sent on after failing",
        "lost",
    ],
    canvas_hint: "Click a token to see its event's story.",
    not_async: |esm, sync| {
        format!(
            "Not asynchronous: {esm} go through an event source mapping (Lambda polls them and invokes synchronously); \
             {sync} invoke synchronously. None of them uses this queue, its retries or its DLQ."
        )
    },
};

pub const KO: StageTexts = StageTexts {
    stage_label: "이벤트 흐름",
    summary: "지금 스테이지",
    sources: "이벤트 소스",
    accepted: "202 Accepted (수락됨)",
    accepted_hint:
        "Lambda는 곧바로 202로 답하고 이벤트를 대기열에 넣습니다. 호출한 쪽은 함수가 어떻게 끝났는지 알 수 없습니다.",
    sent: |n| format!("{n}개 보냄"),
    queue: "내부 이벤트 대기열",
    queue_depth: |n| format!("대기 {n}개"),
    queue_oldest: |c| format!("가장 오래된 이벤트 {c}"),
    queue_throttled: |n| format!("{n}개 스로틀링됨 (429)"),
    function: "함수",
    slots_reserved: |busy, limit| format!("{limit}개 중 {busy}개 실행 중 (예약된 동시성)"),
    slots_pool: |busy, limit, shown| {
        format!("{limit}개 중 {busy}개 실행 중 (계정 풀), 칸 {shown}개 표시: 이 실행의 최대치와 여유분")
    },
    slots_zero: "예약된 동시성 0: 아무것도 실행되지 않고, 모든 이벤트가 실행 없이 곧바로 넘어갑니다.",
    slots_hidden: |n| format!("표시하지 않은 칸 {n}개"),
    retry: "재시도 대기",
    retry_rule: |n| format!("MaximumRetryAttempts {n}: 약 1분, 그다음 약 2분 대기"),
    countdown: |e, k, n, c| format!("{e}: {c} 후 재시도 ({k}/{n})"),
    countdown_due: |e, k, n| format!("{e}: 재시도 ({k}/{n}) 곧 시작"),
    countdown_more: |n| format!("+ 대기 중 {n}개 더"),
    retry_none: "재시도를 기다리는 이벤트가 없습니다.",
    success: "성공",
    destination_success: "성공 시 대상",
    destination_failure: "실패 시 대상",
    dlq_sqs: "DLQ (SQS 대기열)",
    dlq_sns: "DLQ (SNS 주제)",
    lost: "유실됨",
    not_configured: "설정 안 됨",
    dlq_sqs_note: "소비자가 읽고 다시 처리할 때까지 보관",
    dlq_sns_note: "메시지마다 모든 구독자에게 전달",
    lost_note: "실패했지만 데드 레터 큐도 실패 시 대상도 없음",
    destination_note: |k| format!("호출 레코드를 받음 ({k})"),
    destination_kinds: ["SQS 대기열", "SNS 주제", "Lambda 함수", "EventBridge 버스", "S3 버킷"],
    subscribers: ["이메일", "SQS 대기열", "HTTPS 엔드포인트"],
    delivered: |n| format!("{n}개 전달"),
    side_effects: |n, m| format!("부수 효과 {n} · 이벤트 {m}"),
    reprocess: "재처리",
    reprocess_hint: "DLQ의 메시지를 지금 함수로 다시 보냅니다. InvocationType=Event로 Invoke를 호출하는 소비자처럼, \
                     각 메시지는 원래 페이로드와 새 요청 ID를 가진 새 이벤트가 됩니다.",
    side_effects_repeated: "이벤트보다 부수 효과가 많습니다. 멱등하지 않은 핸들러가 같은 일을 두 번 했습니다",
    side_effects_hint: "대기열은 이벤트를 두 번 전달할 수 있습니다. 멱등하지 않은 핸들러는 그때마다 다시 실행하므로 \
                        부수 효과가 이벤트보다 많아질 수 있습니다.",
    event_name: |s, n| format!("{s} 이벤트 #{n}"),
    legend: "범례",
    looks: ["대기 중", "스로틀링됨 (429)", "실행 중", "중복 실행", "재시도 대기", "성공", "실패 후 전달됨", "유실됨"],
    canvas_hint: "토큰을 누르면 그 이벤트의 이야기를 볼 수 있습니다.",
    not_async: |esm, sync| {
        format!(
            "비동기가 아닌 것: {esm}는 이벤트 소스 매핑을 거칩니다(Lambda가 폴링해 동기로 호출). \
             {sync}는 동기로 호출합니다. 어느 것도 이 대기열, 재시도, DLQ를 쓰지 않습니다."
        )
    },
};
