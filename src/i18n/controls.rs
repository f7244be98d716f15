//! Labels of the controls part of the page.

pub struct ControlTexts {
    pub play: &'static str,
    pub pause: &'static str,
    pub speed: &'static str,
    /// "1 AWS minute = {n} s"
    pub speed_preset: fn(f64) -> String,
    pub real_time: &'static str,
    pub send_s3: &'static str,
    pub send_sns: &'static str,
    pub send_eventbridge: &'static str,
    pub fail_mode: &'static str,
    pub fail_never: &'static str,
    pub fail_always: &'static str,
    pub fail_first: &'static str,
    pub fail_rate: &'static str,
    /// "AWS time {clock}"
    pub aws_time: fn(&str) -> String,
    /// Shown when a hand-sent event would exceed the format's source limit.
    pub too_many_sources: fn(usize) -> String,
}

pub const EN: ControlTexts = ControlTexts {
    play: "Play",
    pause: "Pause",
    speed: "Speed",
    speed_preset: |s| format!("1 AWS minute = {s} s"),
    real_time: "Real time",
    send_s3: "Send S3 event",
    send_sns: "Send SNS event",
    send_eventbridge: "Send EventBridge event",
    fail_mode: "Function fails",
    fail_never: "never",
    fail_always: "always",
    fail_first: "first attempt only",
    fail_rate: "30 % of attempts",
    aws_time: |c| format!("AWS time {c}"),
    too_many_sources: |n| format!("A scenario holds at most {n} sources: reset or edit the scenario to send more."),
};

pub const KO: ControlTexts = ControlTexts {
    play: "재생",
    pause: "일시 정지",
    speed: "속도",
    speed_preset: |s| format!("AWS 1분 = {s}초"),
    real_time: "실제 시간",
    send_s3: "S3 이벤트 보내기",
    send_sns: "SNS 이벤트 보내기",
    send_eventbridge: "EventBridge 이벤트 보내기",
    fail_mode: "함수 실패",
    fail_never: "없음",
    fail_always: "항상",
    fail_first: "첫 시도만",
    fail_rate: "시도의 30 %",
    aws_time: |c| format!("AWS 시간 {c}"),
    too_many_sources: |n| format!("시나리오의 소스는 최대 {n}개입니다. 더 보내려면 초기화하거나 시나리오를 편집하세요."),
};
