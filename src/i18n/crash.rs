//! Words of the panel shown when the page has crashed (`crate::crash`).

pub struct CrashTexts {
    pub title: &'static str,
    pub body: &'static str,
    /// The bug report's text box.
    pub report: &'static str,
    pub reload: &'static str,
    pub copy: &'static str,
    pub copied: &'static str,
    /// When the browser has no clipboard here: the report is selected instead.
    pub copy_by_hand: &'static str,
}

pub const EN: CrashTexts = CrashTexts {
    title: "Something went wrong",
    body: "The lab stopped. Reload to start again from the same link, or copy a bug report: it holds the \
           scenario link, what broke and which browser this is.",
    report: "Bug report",
    reload: "Reload",
    copy: "Copy bug report",
    copied: "Copied.",
    copy_by_hand: "The report is selected: press Ctrl+C (⌘C) to copy it.",
};

pub const KO: CrashTexts = CrashTexts {
    title: "문제가 생겼습니다",
    body: "실험실이 멈췄습니다. 새로 고침하면 같은 링크로 다시 시작합니다. 버그 보고서를 복사하면 시나리오 \
           링크, 무엇이 고장 났는지, 어떤 브라우저인지가 담깁니다.",
    report: "버그 보고서",
    reload: "새로 고침",
    copy: "버그 보고서 복사",
    copied: "복사했습니다.",
    copy_by_hand: "보고서를 선택해 두었습니다: Ctrl+C(⌘C)를 눌러 복사하세요.",
};
