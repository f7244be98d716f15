//! Labels of the event timeline.

pub struct TimelineTexts {
    pub title: &'static str,
    pub hint: &'static str,
    /// "Showing the latest {shown} of {total} events"
    pub showing: fn(usize, u64) -> String,
    /// "{ok} succeeded · {failed} failed · {in_flight} in flight"
    pub summary: fn(u64, u64, u64) -> String,
    pub empty: &'static str,
    /// Short outcome labels, in `Outcome::ALL` order: succeeded, retries exhausted, too old, never
    /// ran, in flight, and a synchronous caller's error or 429.
    pub outcomes: [&'static str; lab_core::Outcome::ALL.len()],
    /// Where a failed event went, each ending in a word (joined by " + " when it went to two):
    /// the DLQ, the on-failure destination, nowhere.
    pub went_dlq: &'static str,
    pub went_destination: &'static str,
    pub went_lost: &'static str,
    /// What a row says to a screen reader between its name and its visible outcome:
    /// ": {attempts} attempts, {outcome}", the outcome only while none shows (in flight)
    pub row_label: fn(usize, &str) -> String,
    pub legend_ok: &'static str,
    pub legend_failed: &'static str,
    pub legend_duplicate: &'static str,
    pub legend_throttle: &'static str,
    pub legend_wait: &'static str,
    pub legend_running: &'static str,
    pub legend_received: &'static str,
    pub legend_now: &'static str,
    /// A deployment's marker: "deployed at {clock}: {what}".
    pub deployed: fn(&str, &str) -> String,
    /// A reprocessed event's name: "{event} ← #{origin}".
    pub reprocessed_from: fn(&str, usize) -> String,
}

pub const EN: TimelineTexts = TimelineTexts {
    deployed: |at, what| format!("deployed at {at}: {what}"),
    reprocessed_from: |e, o| format!("{e} ← #{o}"),
    title: "Event timeline",
    hint: "One row per event: attempts as bars on the AWS time axis, retry waits as the gaps between them.",
    showing: |shown, total| format!("Showing the latest {shown} of {total} events"),
    summary: |ok, failed, in_flight| format!("{ok} succeeded · {failed} failed · {in_flight} in flight"),
    empty: "No event sent yet.",
    outcomes: ["success", "gave up", "too old", "never ran", "in flight", "error to caller", "429 to caller"],
    went_dlq: "DLQ",
    went_destination: "destination",
    went_lost: "lost",
    row_label: |n, o| format!(": {n} attempts, {o}"),
    legend_ok: "attempt succeeded",
    legend_failed: "attempt failed",
    legend_duplicate: "duplicate run",
    legend_throttle: "throttle (429)",
    legend_wait: "retry wait",
    legend_running: "attempt running",
    legend_received: "received (202 Accepted)",
    legend_now: "now (the future is hidden)",
};

pub const KO: TimelineTexts = TimelineTexts {
    deployed: |at, what| format!("{at}에 배포: {what}"),
    reprocessed_from: |e, o| format!("{e} ← #{o}"),
    title: "이벤트 타임라인",
    hint: "이벤트마다 한 줄: AWS 시간 축 위의 막대가 시도이고, 막대 사이의 빈칸이 재시도 대기입니다.",
    showing: |shown, total| format!("전체 {total}개 중 최근 {shown}개"),
    summary: |ok, failed, in_flight| format!("성공 {ok} · 실패 {failed} · 진행 중 {in_flight}"),
    empty: "아직 보낸 이벤트가 없습니다.",
    outcomes: ["성공", "재시도 소진", "기간 초과", "실행 안 됨", "진행 중", "호출자에게 오류", "호출자에게 429"],
    went_dlq: "DLQ",
    went_destination: "대상",
    went_lost: "유실됨",
    row_label: |n, o| format!(": 시도 {n}번, {o}"),
    legend_ok: "시도 성공",
    legend_failed: "시도 실패",
    legend_duplicate: "중복 실행",
    legend_throttle: "스로틀링 (429)",
    legend_wait: "재시도 대기",
    legend_running: "시도 실행 중",
    legend_received: "받음 (202 Accepted)",
    legend_now: "지금 (이후는 가려짐)",
};
