//! Labels of the compare view (asynchronous beside synchronous) and of a synchronous run's note.

use lab_core::time::AwsMillis;

pub struct CompareTexts {
    pub open: &'static str,
    pub close: &'static str,
    pub title: &'static str,
    pub async_title: &'static str,
    pub sync_title: &'static str,
    pub accepted: &'static str,
    pub queued: &'static str,
    pub requeued: &'static str,
    pub running: &'static str,
    pub retry_wait: &'static str,
    pub succeeded: &'static str,
    pub dlq: &'static str,
    pub blocked: &'static str,
    pub ok: &'static str,
    pub unhandled: &'static str,
    pub too_many: &'static str,
    pub callers: &'static str,
    /// Event `n`'s caller, blocked since it called at `since`.
    pub caller_blocked: fn(usize, AwsMillis) -> String,
    /// Event `n`'s caller, answered at `at` (the status follows).
    pub caller_answered: fn(usize, AwsMillis) -> String,
    /// A lane of asynchronous invocation only, in a synchronous run.
    pub not_used: &'static str,
    /// Over the stage of a synchronous run shown alone.
    pub sync_note: &'static str,
}

fn s(ms: AwsMillis) -> String {
    format!("{} s", lab_core::text::fixed(ms as f64 / 1000.0, 1))
}

pub const EN: CompareTexts = CompareTexts {
    open: "Compare with synchronous",
    close: "Close the comparison",
    title: "Asynchronous beside synchronous, on one clock",
    async_title: "Asynchronous",
    sync_title: "Synchronous",
    accepted: "Answered 202 at once",
    queued: "In the internal queue",
    requeued: "Throttled, back to the queue",
    running: "Running",
    retry_wait: "Waiting to retry",
    succeeded: "Succeeded (the caller never learns)",
    dlq: "In the DLQ",
    blocked: "Callers blocked",
    ok: "200",
    unhandled: "200 Unhandled (error to the caller)",
    too_many: "429 TooManyRequestsException",
    callers: "Latest callers",
    caller_blocked: |n, since| format!("Event {n}: caller blocked since {}, waiting for the function", s(since)),
    caller_answered: |n, at| format!("Event {n}: answered at {}", s(at)),
    not_used: "not used by synchronous invocation",
    sync_note: "Synchronous invocation (RequestResponse): the caller waits for the function's answer. There is no 202, no internal queue, no retry by Lambda, no DLQ and no destination: those lanes are not used.",
};

pub const KO: CompareTexts = CompareTexts {
    open: "동기식 호출과 비교",
    close: "비교 닫기",
    title: "비동기식과 동기식, 같은 시계로",
    async_title: "비동기식",
    sync_title: "동기식",
    accepted: "즉시 202 응답",
    queued: "내부 대기열에 있음",
    requeued: "스로틀, 대기열로 되돌아감",
    running: "실행 중",
    retry_wait: "재시도 대기",
    succeeded: "성공 (호출자는 모름)",
    dlq: "DLQ에 있음",
    blocked: "기다리는 호출자",
    ok: "200",
    unhandled: "200 Unhandled (오류가 호출자에게)",
    too_many: "429 TooManyRequestsException",
    callers: "최근 호출자",
    caller_blocked: |n, since| format!("이벤트 {n}: 호출자가 {}부터 함수의 응답을 기다리는 중", s(since)),
    caller_answered: |n, at| format!("이벤트 {n}: {}에 응답 받음", s(at)),
    not_used: "동기식 호출에서는 쓰이지 않음",
    sync_note: "동기식 호출(RequestResponse): 호출자가 함수의 응답을 기다립니다. 202도, 내부 대기열도, Lambda의 재시도도, DLQ와 대상도 없습니다: 그 레인들은 쓰이지 않습니다.",
};
