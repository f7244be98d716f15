//! Every word the page shows, in English and Korean.
//!
//! Labels are fields of plain structs, one struct per part of the page, and each language is one
//! constant of that struct: a label missing in either language does not compile. Texts with
//! numbers in them are functions in the same tables.

mod app;
mod compare;
mod controls;
mod course;
mod crash;
mod inspector;
mod metrics;
mod narration;
mod presets;
mod share;
mod stage;
mod timeline;
mod why;

pub use app::AppTexts;
pub use compare::CompareTexts;
pub use controls::ControlTexts;
pub use course::CourseTexts;
pub use crash::CrashTexts;
pub use inspector::InspectorTexts;
pub use metrics::MetricsTexts;
pub use narration::NarrationTexts;
pub use presets::{PresetText, PresetTexts};
pub use share::ShareTexts;
pub use stage::StageTexts;
pub use timeline::TimelineTexts;
pub use why::{Rule as WhyRule, WhyTexts};

use lab_core::service::Words;
use leptos::prelude::*;

/// The page's languages.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default)]
pub enum Lang {
    #[default]
    En,
    Ko,
}

impl Lang {
    pub const ALL: [Lang; 2] = [Lang::En, Lang::Ko];

    /// The `lang` code (`en`, `ko`), for the URL and the `<html lang>` attribute.
    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Ko => "ko",
        }
    }

    pub fn from_code(code: &str) -> Option<Lang> {
        let c = code.to_ascii_lowercase();
        Lang::ALL.into_iter().find(|l| c == l.code() || c.starts_with(&format!("{}-", l.code())))
    }

    pub fn texts(self) -> &'static Texts {
        match self {
            Lang::En => &EN,
            Lang::Ko => &KO,
        }
    }
}

const EN: Texts = Texts {
    words: |w| w.en,
    app: app::EN,
    stage: stage::EN,
    controls: controls::EN,
    share: share::EN,
    presets: presets::EN,
    inspector: inspector::EN,
    timeline: timeline::EN,
    metrics: metrics::EN,
    narration: narration::EN,
    why: why::EN,
    crash: crash::EN,
    course: course::EN,
    compare: compare::EN,
};
const KO: Texts = Texts {
    words: |w| w.ko,
    app: app::KO,
    stage: stage::KO,
    controls: controls::KO,
    share: share::KO,
    presets: presets::KO,
    inspector: inspector::KO,
    timeline: timeline::KO,
    metrics: metrics::KO,
    narration: narration::KO,
    why: why::KO,
    crash: crash::KO,
    course: course::KO,
    compare: compare::KO,
};

/// All of the page's words in one language: one field per part of the page, each part in its own
/// file with its English and Korean constants side by side.
pub struct Texts {
    /// This language's half of a text the core keeps in both (a service's words, `Words`).
    pub words: fn(Words) -> &'static str,
    pub app: AppTexts,
    pub stage: StageTexts,
    pub controls: ControlTexts,
    pub share: ShareTexts,
    pub presets: PresetTexts,
    pub inspector: InspectorTexts,
    pub timeline: TimelineTexts,
    pub metrics: MetricsTexts,
    pub narration: NarrationTexts,
    pub why: WhyTexts,
    pub crash: CrashTexts,
    pub course: CourseTexts,
    pub compare: CompareTexts,
}

/// The language in use, provided as context by the app.
#[derive(Clone, Copy)]
pub struct I18n {
    pub lang: RwSignal<Lang>,
}

impl I18n {
    /// Reads a text reactively: `t(|t| t.controls.play)`.
    pub fn t<R>(&self, f: impl FnOnce(&'static Texts) -> R) -> R {
        f(self.lang.get().texts())
    }
}

pub fn use_i18n() -> I18n {
    expect_context::<I18n>()
}

/// A probability as a percentage, as exactly as a person reads one: `0.5` → `50`, `0.125` →
/// `12.5`, `0.12345` → `12.35`.
pub fn percent(p: f64) -> String {
    let text = lab_core::text::fixed(p * 100.0, 2);
    text.trim_end_matches('0').trim_end_matches('.').to_string()
}

/// The browser's preferred language, if it is one of ours.
pub fn browser_lang() -> Option<Lang> {
    let nav = web_sys::window()?.navigator();
    let langs = nav.languages();
    langs.iter().filter_map(|v| v.as_string()).chain(nav.language()).find_map(|code| Lang::from_code(&code))
}
