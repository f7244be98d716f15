//! Labels of the narration: what just happened, in plain words.

pub struct NarrationTexts {
    /// A deployment during the run: "deployed: {what}".
    pub deployed: fn(&str) -> String,
    pub title: &'static str,
    /// Beside the title: the order of the lines, and what a click on one does.
    pub newest_first: &'static str,
    pub empty: &'static str,
    /// The last line of a long log: "{n} earlier happenings …"
    pub earlier: fn(u32) -> String,
    /// "{event}: {service} got 202 Accepted; the event waits in the queue"
    pub accepted: fn(&str, &str) -> String,
    /// "{event}: attempt {k} of {n} started"
    pub started: fn(&str, u32, u32) -> String,
    /// "{event}: delivered again although nothing failed (duplicate run)"
    pub duplicate_started: fn(&str) -> String,
    /// "{event}: attempt {k} succeeded"
    pub succeeded: fn(&str, u32) -> String,
    /// "{event}: the duplicate run ended; side effect done again / skipped"
    pub duplicate_finished: fn(&str, bool) -> String,
    /// "{event} failed (attempt {k} of {n}); next try in {m:ss}"
    pub failed_retry: fn(&str, u32, u32, &str) -> String,
    /// "{event} timed out (attempt {k} of {n}); next try in {m:ss}"
    pub timed_out_retry: fn(&str, u32, u32, &str) -> String,
    /// "{event} failed (attempt {k} of {n})"
    pub failed: fn(&str, u32, u32) -> String,
    /// "{event} timed out (attempt {k} of {n})"
    pub timed_out: fn(&str, u32, u32) -> String,
    /// "{event}: throttled (429); back to the queue, next try in {s}"
    pub throttled: fn(&str, &str) -> String,
    /// "{event}: throttled (429)" (when no next try follows)
    pub throttled_last: fn(&str) -> String,
    /// "; retries exhausted"
    pub retries_exhausted: &'static str,
    /// "; too old to try again (MaximumEventAgeInSeconds {n})"
    pub too_old: fn(u32) -> String,
    /// "{event}: reserved concurrency is 0, so it never runs"
    pub zero: fn(&str) -> String,
    /// " → {where}"
    pub sent_to: fn(&str) -> String,
    pub nowhere: &'static str,
    /// "the on-failure destination ({kind})"
    pub to_failure_destination: fn(&str) -> String,
    /// "the on-success destination ({kind})"
    pub to_success_destination: fn(&str) -> String,
    pub and: &'static str,
    /// "{event}: the on-success destination gets its record"
    pub success_record: fn(&str) -> String,
    /// Summary of a busy moment: received, started, failed, throttled, ended.
    pub summary: fn(u32, u32, u32, u32, u32) -> String,
    pub live_label: &'static str,
}

pub const EN: NarrationTexts = NarrationTexts {
    deployed: |what| format!("deployed: {what}"),
    title: "What happened",
    newest_first: "newest first; click a line to go to its moment",
    empty: "Nothing has happened yet. Send an event, or press play.",
    earlier: |n| {
        if n == 1 {
            "…and 1 earlier happening: go back in time to read it".into()
        } else {
            format!("…and {n} earlier happenings: go back in time to read them")
        }
    },
    accepted: |e, s| format!("{e}: {s} got 202 Accepted; the event waits in the internal queue"),
    started: |e, k, n| format!("{e}: attempt {k} of {n} started"),
    duplicate_started: |e| format!("{e}: delivered again although nothing failed (duplicate run)"),
    succeeded: |e, k| format!("{e}: attempt {k} succeeded"),
    duplicate_finished: |e, again| {
        if again {
            format!("{e}: the duplicate run ended, and the side effect happened a second time")
        } else {
            format!("{e}: the duplicate run ended; the idempotent handler skipped the side effect")
        }
    },
    failed_retry: |e, k, n, c| format!("{e} failed (attempt {k} of {n}); next try in {c}"),
    timed_out_retry: |e, k, n, c| format!("{e} timed out (attempt {k} of {n}); next try in {c}"),
    failed: |e, k, n| format!("{e} failed (attempt {k} of {n})"),
    timed_out: |e, k, n| format!("{e} timed out (attempt {k} of {n})"),
    throttled: |e, c| format!("{e}: throttled (429), back to the queue; next try in {c}"),
    throttled_last: |e| format!("{e}: throttled (429)"),
    retries_exhausted: "; retries exhausted",
    too_old: |n| format!("; too old to try again (MaximumEventAgeInSeconds {n})"),
    zero: |e| format!("{e}: reserved concurrency is 0, so it never runs"),
    sent_to: |w| format!(" → {w}"),
    nowhere: "lost: no DLQ and no on-failure destination",
    to_failure_destination: |k| format!("the on-failure destination ({k})"),
    to_success_destination: |k| format!("the on-success destination ({k})"),
    and: " and ",
    success_record: |e| format!("{e}: the on-success destination gets its invocation record"),
    summary: |rec, st, fail, thr, end| {
        format!("Busy moment: {rec} received, {st} runs started, {fail} failed, {thr} throttled, {end} ended")
    },
    live_label: "Narration",
};

pub const KO: NarrationTexts = NarrationTexts {
    deployed: |what| format!("배포됨: {what}"),
    title: "일어난 일",
    newest_first: "최근 것부터, 줄을 누르면 그 순간으로 갑니다",
    empty: "아직 아무 일도 없습니다. 이벤트를 보내거나 재생을 누르세요.",
    earlier: |n| format!("…그 전에 일어난 일 {n}건: 시간을 되돌리면 읽을 수 있습니다"),
    accepted: |e, s| format!("{e}: {s}이(가) 202 Accepted를 받았고, 이벤트는 내부 이벤트 대기열에서 기다립니다"),
    started: |e, k, n| format!("{e}: {n}번 중 {k}번째 시도 시작"),
    duplicate_started: |e| format!("{e}: 실패한 적이 없는데도 한 번 더 전달됨 (중복 실행)"),
    succeeded: |e, k| format!("{e}: {k}번째 시도 성공"),
    duplicate_finished: |e, again| {
        if again {
            format!("{e}: 중복 실행이 끝났고, 부수 효과가 한 번 더 일어났습니다")
        } else {
            format!("{e}: 중복 실행이 끝났고, 멱등성 있는 핸들러가 부수 효과를 건너뛰었습니다")
        }
    },
    failed_retry: |e, k, n, c| format!("{e} 실패 ({n}번 중 {k}번째 시도), {c} 후 재시도"),
    timed_out_retry: |e, k, n, c| format!("{e} 시간 초과 ({n}번 중 {k}번째 시도), {c} 후 재시도"),
    failed: |e, k, n| format!("{e} 실패 ({n}번 중 {k}번째 시도)"),
    timed_out: |e, k, n| format!("{e} 시간 초과 ({n}번 중 {k}번째 시도)"),
    throttled: |e, c| format!("{e}: 스로틀링(429)되어 대기열로 돌아감, {c} 후 다시 시도"),
    throttled_last: |e| format!("{e}: 스로틀링됨 (429)"),
    retries_exhausted: ", 재시도 소진",
    too_old: |n| format!(", 너무 오래되어 더 시도하지 않음 (MaximumEventAgeInSeconds {n})"),
    zero: |e| format!("{e}: 예약된 동시성이 0이라 실행되지 않음"),
    sent_to: |w| format!(" → {w}"),
    nowhere: "유실됨: 데드 레터 큐도 실패 시 대상도 없음",
    to_failure_destination: |k| format!("실패 시 대상 ({k})"),
    to_success_destination: |k| format!("성공 시 대상 ({k})"),
    and: ", ",
    success_record: |e| format!("{e}: 성공 시 대상이 호출 레코드를 받음"),
    summary: |rec, st, fail, thr, end| {
        format!("바쁜 순간: 받음 {rec}, 실행 시작 {st}, 실패 {fail}, 스로틀링 {thr}, 끝남 {end}")
    },
    live_label: "진행 상황 안내",
};
