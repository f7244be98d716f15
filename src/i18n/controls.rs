//! Labels of the controls part of the page.

use lab_core::share::Speed;

pub struct ControlTexts {
    pub play: &'static str,
    pub pause: &'static str,
    /// The play button at the end of a run, and its accessible name.
    pub replay: &'static str,
    pub replay_hint: &'static str,
    pub step: &'static str,
    pub step_hint: &'static str,
    pub step_back: &'static str,
    pub reset: &'static str,
    pub reset_hint: &'static str,
    pub speed: &'static str,
    /// "1 AWS minute = {n} s", or "Real time"
    pub speed_preset: fn(Speed) -> String,
    /// The send buttons' group: "Send one event from"
    pub send_from: &'static str,
    /// A send button's accessible name: "Send one {service} event"
    pub send_one: fn(&str) -> String,
    /// "Send {n} S3 events at once"
    pub send_burst: fn(u32) -> String,
    pub burst_size: &'static str,
    pub fail_mode: &'static str,
    pub fail_never: &'static str,
    pub fail_always: &'static str,
    /// The quick selector's `first:N` mode: "first attempt only" for N = 1.
    pub fail_first: fn(u32) -> String,
    /// The quick selector's `rate:P` mode: "{P as %} of attempts".
    pub fail_rate: fn(f64) -> String,
    /// "AWS time {clock}"
    pub aws_time: fn(&str) -> String,
    /// "of {clock}"
    pub aws_end: fn(&str) -> String,
    /// "1 AWS minute takes {s} s on screen" / real time
    pub screen_time: fn(Speed) -> String,
    /// "every wait and attempt lasts at least {s} s on screen", and why (the page's minimum time
    /// on screen, `crate::moment::pace`).
    pub short_stays: fn(f64) -> String,
    pub short_stays_hint: &'static str,
    pub scrubber: &'static str,
    /// Shown when a hand-sent event would exceed the format's source limit.
    pub too_many_sources: fn(usize) -> String,
    pub help: &'static str,
    pub help_title: &'static str,
    pub close: &'static str,
    /// What each keyboard shortcut does (the keys themselves are the same in every language).
    pub shortcuts: ShortcutTexts,
    pub settings: &'static str,
    pub settings_hint: &'static str,
    pub group_function: &'static str,
    pub group_retries: &'static str,
    pub group_concurrency: &'static str,
    pub group_endings: &'static str,
    pub group_delivery: &'static str,
    pub group_invocation: &'static str,
    /// The invocation types, in `Invocation::ALL`'s order.
    pub invocation_options: [&'static str; 2],
    pub caller_retries: &'static str,
    /// The caller's retry settings, in `CallerRetries::ALL`'s order.
    pub caller_retries_options: [&'static str; 2],
    pub duration_ms: &'static str,
    pub timeout_s: &'static str,
    /// The settings' modes `first` and `rate` (their N and p are fields of their own).
    pub mode_first: &'static str,
    pub mode_rate: &'static str,
    pub fail_first_n: &'static str,
    pub fail_rate_p: &'static str,
    pub fail_error: &'static str,
    pub error_exception: &'static str,
    pub error_timeout: &'static str,
    pub max_retry_attempts: &'static str,
    pub max_event_age: &'static str,
    pub reserved: &'static str,
    /// The empty reserved-concurrency field: "empty: pool of {n}" (the account's unreserved pool).
    pub reserved_none: fn(u32) -> String,
    pub dlq: &'static str,
    pub on_success: &'static str,
    pub on_failure: &'static str,
    pub none: &'static str,
    /// Names of destination kinds for the selects: sqs, sns, lambda, eventbridge, s3.
    pub destination_options: [&'static str; 5],
    pub duplicate_rate: &'static str,
    pub idempotent: &'static str,
    /// The checkbox of `fails_after_side_effect`.
    pub partial: &'static str,
    pub start_over: &'static str,
    pub start_over_hint: &'static str,
    /// Under the settings once the clock has left 0:00: an edit is a deployment at that moment.
    pub deploys_at: fn(&str) -> String,
    pub run_for: &'static str,
    pub seed: &'static str,
    /// "allowed {lo} to {hi}"
    pub allowed: fn(&str, &str) -> String,
    /// Beside a field whose entry is out of range: the entry, the range ("60 ..= 21600 s"), the
    /// value the scenario keeps.
    pub out_of_range: fn(&str, &str, &str) -> String,
    pub default_scenario: &'static str,
}

/// What each keyboard shortcut does, in the help's words.
pub struct ShortcutTexts {
    pub play_pause: &'static str,
    pub next: &'static str,
    pub previous: &'static str,
    /// "{s} AWS seconds forward / back"
    pub nudge: fn(u64) -> String,
    pub reset: &'static str,
    pub speed: &'static str,
    pub send_s3: &'static str,
    pub help: &'static str,
    pub close: &'static str,
}

pub const EN: ControlTexts = ControlTexts {
    play: "Play",
    pause: "Pause",
    replay: "Replay",
    replay_hint: "Replay the run from 0:00",
    step: "Next event",
    step_hint: "Jump to the next thing that happens and pause",
    step_back: "Previous event",
    reset: "Reset",
    reset_hint: "Back to AWS time 0:00",
    speed: "Speed",
    speed_preset: |s| match s {
        Speed::REAL_TIME => "Real time".into(),
        _ => format!("1 AWS minute = {} s", s.real_seconds_per_aws_minute()),
    },
    send_from: "Send one event from",
    send_one: |s| format!("Send one {s} event"),
    send_burst: |n| format!("Send {n} S3 events at once"),
    burst_size: "Burst size",
    fail_mode: "Function fails",
    fail_never: "never",
    fail_always: "always",
    fail_first: |n| if n == 1 { "first attempt only".into() } else { format!("first {n} attempts") },
    fail_rate: |p| format!("{} % of attempts", super::percent(p)),
    aws_time: |c| format!("AWS time {c}"),
    aws_end: |c| format!("of {c}"),
    screen_time: |s| match s {
        Speed::REAL_TIME => "real time: 1 AWS minute takes 1 minute".into(),
        _ => format!("on screen, 1 AWS minute takes {} s", s.real_seconds_per_aws_minute()),
    },
    short_stays: |s| format!("· every wait and attempt lasts at least {} s on screen", lab_core::text::plain(s)),
    short_stays_hint: "An 800 ms attempt would flash by in 13 ms at 1 AWS minute = 1 s. While few events are on the \
                       stage, the clock slows down so that every wait and every attempt stays on screen at least \
                       this long (never slower than real time). AWS times, counts and the timeline are unchanged.",
    scrubber: "AWS time in the run",
    too_many_sources: |n| format!("A scenario holds at most {n} sources: reset or edit the scenario to send more."),
    help: "Keyboard shortcuts",
    help_title: "Keyboard shortcuts",
    close: "Close",
    shortcuts: ShortcutTexts {
        play_pause: "play or pause",
        next: "next event (pauses)",
        previous: "previous event (pauses)",
        nudge: |s| format!("{s} AWS seconds forward / back"),
        reset: "back to 0:00",
        speed: "faster / slower",
        send_s3: "send an S3 event",
        help: "show or hide this help",
        close: "close this help or the inspector",
    },
    settings: "Scenario settings",
    settings_hint: "Changes apply to the whole run at once: it is simulated again and the clock keeps its place.",
    group_function: "Function",
    group_retries: "Asynchronous invocation (event invoke config)",
    group_concurrency: "Concurrency",
    group_endings: "Where results go",
    group_delivery: "Delivery and handler",
    group_invocation: "Invocation",
    invocation_options: ["Asynchronous (Event)", "Synchronous (RequestResponse)"],
    caller_retries: "Synchronous caller's retries",
    caller_retries_options: ["None (a 429 stands)", "SDK standard (3 attempts)"],
    duration_ms: "Duration of an attempt (ms)",
    timeout_s: "Timeout (s)",
    mode_first: "first N attempts",
    mode_rate: "at random (p)",
    fail_first_n: "Failing attempts per event (N)",
    fail_rate_p: "Failure probability per attempt",
    fail_error: "Error kind",
    error_exception: "unhandled exception",
    error_timeout: "timeout",
    max_retry_attempts: "MaximumRetryAttempts",
    max_event_age: "MaximumEventAgeInSeconds",
    reserved: "Reserved concurrency",
    reserved_none: |n| format!("empty: pool of {n}"),
    dlq: "Dead-letter queue (DeadLetterConfig)",
    on_success: "On-success destination",
    on_failure: "On-failure destination",
    none: "none",
    destination_options: ["SQS queue", "SNS topic", "Lambda function", "EventBridge bus", "S3 bucket"],
    duplicate_rate: "Duplicate delivery rate",
    idempotent: "Idempotent handler (skips a key it has seen)",
    partial: "Fails after its side effect (the row is inserted, then it throws)",
    start_over: "Apply from 0:00 (start over)",
    start_over_hint: "The settings in force now become the settings from the start; the deployments and reprocessings \
                      are removed and the run is told again from 0:00.",
    deploys_at: |at| format!("A change made now is deployed at {at}: what happened before stays."),
    run_for: "Run for (AWS s)",
    seed: "Seed",
    allowed: |lo, hi| format!("{lo} to {hi}"),
    out_of_range: |typed, range, kept| {
        let kept = if kept.is_empty() { "its empty value" } else { kept };
        format!("{typed} is out of range: this setting takes {range}. The scenario keeps {kept}.")
    },
    default_scenario: "Page default",
};

pub const KO: ControlTexts = ControlTexts {
    play: "재생",
    pause: "일시 정지",
    replay: "다시 재생",
    replay_hint: "0:00부터 다시 재생",
    step: "다음 이벤트",
    step_hint: "다음에 일어나는 일로 건너뛰고 멈춥니다",
    step_back: "이전 이벤트",
    reset: "처음으로",
    reset_hint: "AWS 시간 0:00으로 돌아갑니다",
    speed: "속도",
    speed_preset: |s| match s {
        Speed::REAL_TIME => "실제 시간".into(),
        _ => format!("AWS 1분 = {}초", s.real_seconds_per_aws_minute()),
    },
    send_from: "이벤트 하나 보내기",
    send_one: |s| format!("{s} 이벤트 하나 보내기"),
    send_burst: |n| format!("S3 이벤트 {n}개 한꺼번에 보내기"),
    burst_size: "한 번에 보낼 개수",
    fail_mode: "함수 실패",
    fail_never: "없음",
    fail_always: "항상",
    fail_first: |n| if n == 1 { "첫 시도만".into() } else { format!("처음 {n}번 시도") },
    fail_rate: |p| format!("시도의 {} %", super::percent(p)),
    aws_time: |c| format!("AWS 시간 {c}"),
    aws_end: |c| format!("/ {c}"),
    screen_time: |s| match s {
        Speed::REAL_TIME => "실제 시간: AWS 1분이 화면에서도 1분".into(),
        _ => format!("화면에서 AWS 1분은 {}초", s.real_seconds_per_aws_minute()),
    },
    short_stays: |s| format!("· 모든 대기와 시도는 화면에서 최소 {}초", lab_core::text::plain(s)),
    short_stays_hint: "AWS 1분 = 1초에서는 800ms 시도가 13ms 만에 지나갑니다. 화면의 이벤트가 적을 때는 모든 대기와 \
                       시도가 적어도 이만큼 보이도록 시계가 느려집니다(실제 시간보다 느려지지는 않음). AWS 시간, \
                       개수, 타임라인은 그대로입니다.",
    scrubber: "실행 중 AWS 시간",
    too_many_sources: |n| {
        format!("시나리오의 소스는 최대 {n}개입니다. 더 보내려면 초기화하거나 시나리오를 편집하세요.")
    },
    help: "단축키",
    help_title: "단축키",
    close: "닫기",
    shortcuts: ShortcutTexts {
        play_pause: "재생 또는 일시 정지",
        next: "다음 이벤트 (멈춤)",
        previous: "이전 이벤트 (멈춤)",
        nudge: |s| format!("AWS 시간 {s}초 앞으로 / 뒤로"),
        reset: "0:00으로",
        speed: "빠르게 / 느리게",
        send_s3: "S3 이벤트 보내기",
        help: "이 도움말 열기/닫기",
        close: "도움말이나 검사기 닫기",
    },
    settings: "시나리오 설정",
    settings_hint: "바꾸면 실행 전체에 한 번에 적용됩니다. 다시 시뮬레이션하고 시계는 제자리를 지킵니다.",
    group_function: "함수",
    group_retries: "비동기식 호출 (이벤트 호출 구성)",
    group_concurrency: "동시성",
    group_endings: "결과가 가는 곳",
    group_delivery: "전달과 핸들러",
    group_invocation: "호출 유형",
    invocation_options: ["비동기식 (Event)", "동기식 (RequestResponse)"],
    caller_retries: "동기식 호출자의 재시도",
    caller_retries_options: ["없음 (429 그대로)", "SDK 표준 (3번 시도)"],
    duration_ms: "한 번 시도하는 시간 (ms)",
    timeout_s: "제한 시간 (초)",
    mode_first: "처음 N번 시도",
    mode_rate: "무작위 (확률 p)",
    fail_first_n: "이벤트마다 실패하는 시도 수 (N)",
    fail_rate_p: "시도마다 실패할 확률",
    fail_error: "오류 종류",
    error_exception: "처리되지 않은 예외",
    error_timeout: "시간 초과",
    max_retry_attempts: "MaximumRetryAttempts",
    max_event_age: "MaximumEventAgeInSeconds",
    reserved: "예약된 동시성",
    reserved_none: |n| format!("비워 두면 계정 풀 {n}"),
    dlq: "데드 레터 큐 (DeadLetterConfig)",
    on_success: "성공 시 대상",
    on_failure: "실패 시 대상",
    none: "없음",
    destination_options: ["SQS 대기열", "SNS 주제", "Lambda 함수", "EventBridge 버스", "S3 버킷"],
    duplicate_rate: "중복 전달 비율",
    idempotent: "멱등성 있는 핸들러 (본 키는 건너뜀)",
    partial: "부수 효과 후 실패 (행을 넣은 뒤 예외 발생)",
    start_over: "0:00부터 적용 (처음부터 다시)",
    start_over_hint:
        "지금 적용 중인 설정을 처음부터의 설정으로 삼고, 배포와 재처리를 지운 뒤 0:00부터 다시 실행합니다.",
    deploys_at: |at| format!("지금 바꾸면 {at}에 배포됩니다. 그 전에 일어난 일은 그대로입니다."),
    run_for: "실행 시간 (AWS 초)",
    seed: "시드",
    allowed: |lo, hi| format!("{lo}~{hi}"),
    out_of_range: |typed, range, kept| {
        let kept = if kept.is_empty() { "빈 값" } else { kept };
        format!("{typed}은(는) 범위를 벗어납니다. 이 설정은 {range}만 받습니다. 시나리오는 {kept}을(를) 유지합니다.")
    },
    default_scenario: "기본 시나리오",
};
