//! Labels of the course ("Check yourself"). The questions themselves are the core's data
//! (`lab_core::share::course::QUESTIONS`), in both languages there.

use lab_core::share::course::Measure;
use lab_core::time::AwsMillis;

pub struct CourseTexts {
    pub heading: &'static str,
    /// Answered, right, questions.
    pub score: fn(usize, usize, usize) -> String,
    /// The question's number, of how many.
    pub number: fn(usize, usize) -> String,
    pub right: &'static str,
    /// After a wrong answer, with the right choice's letter.
    pub wrong: fn(char) -> String,
    pub setting: &'static str,
    pub show: &'static str,
    /// Above the figures of the question's run, once it is on the stage.
    pub on_stage: &'static str,
    pub measure: fn(Measure) -> &'static str,
    pub waits: fn(&[AwsMillis]) -> String,
    pub previous: &'static str,
    pub next: &'static str,
    pub go_to: &'static str,
}

fn seconds(waits: &[AwsMillis], unit: &str) -> String {
    waits.iter().map(|ms| format!("{}{unit}", (ms + 500) / 1000)).collect::<Vec<_>>().join(", ")
}

pub const EN: CourseTexts = CourseTexts {
    heading: "Check yourself",
    score: |answered, right, n| format!("{right} right of {answered} answered · {n} questions"),
    number: |i, n| format!("Question {i} of {n}"),
    right: "Right.",
    wrong: |c| format!("Not quite: the answer is {}.", c.to_ascii_uppercase()),
    setting: "AWS setting:",
    show: "Show it on the stage",
    on_stage: "On the stage, by the end of the run:",
    measure: |m| match m {
        Measure::Accepted => "events accepted (202)",
        Measure::Attempts => "attempts",
        Measure::RetryWaits => "waits before each retry",
        Measure::Throttles => "throttles",
        Measure::Succeeded => "succeeded",
        Measure::DlqMessages => "DLQ messages",
        Measure::OnFailureRecords => "on-failure records",
        Measure::Duplicates => "duplicate deliveries",
        Measure::SideEffects => "side effects",
    },
    waits: |w| seconds(w, " s"),
    previous: "Previous",
    next: "Next",
    go_to: "Questions",
};

pub const KO: CourseTexts = CourseTexts {
    heading: "스스로 점검",
    score: |answered, right, n| format!("{answered}문제 중 {right}문제 정답 · 전체 {n}문제"),
    number: |i, n| format!("{n}문제 중 {i}번"),
    right: "정답입니다.",
    wrong: |c| format!("아쉽습니다: 정답은 {}입니다.", c.to_ascii_uppercase()),
    setting: "AWS 설정:",
    show: "스테이지에서 보기",
    on_stage: "스테이지에서, 실행이 끝날 때까지:",
    measure: |m| match m {
        Measure::Accepted => "받은 이벤트 (202)",
        Measure::Attempts => "시도",
        Measure::RetryWaits => "재시도 전 대기",
        Measure::Throttles => "스로틀",
        Measure::Succeeded => "성공",
        Measure::DlqMessages => "DLQ 메시지",
        Measure::OnFailureRecords => "실패 시 대상 레코드",
        Measure::Duplicates => "중복 전달",
        Measure::SideEffects => "부수 효과",
    },
    waits: |w| seconds(w, "초"),
    previous: "이전",
    next: "다음",
    go_to: "문제",
};
