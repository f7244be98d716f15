//! Every word the page shows, in English and Korean.
//!
//! Labels are fields of plain structs, one struct per part of the page, and each language is one
//! constant of that struct: a label missing in either language does not compile. Texts with
//! numbers in them are functions in the same tables.

mod en;
mod ko;

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
            Lang::En => &en::TEXTS,
            Lang::Ko => &ko::TEXTS,
        }
    }
}

/// All of the page's words in one language.
pub struct Texts {
    pub app: AppTexts,
    pub stage: StageTexts,
    pub controls: ControlTexts,
}

pub struct AppTexts {
    pub title: &'static str,
    pub tagline: &'static str,
}

pub struct StageTexts {
    pub stage_label: &'static str,
    pub source_s3: &'static str,
    pub source_sns: &'static str,
    pub source_eventbridge: &'static str,
    pub accepted: &'static str,
    pub queue: &'static str,
    pub function: &'static str,
    pub retry: &'static str,
    pub success: &'static str,
    pub destination_success: &'static str,
    pub destination_failure: &'static str,
    pub dlq_sqs: &'static str,
    pub dlq_sns: &'static str,
    pub dropped: &'static str,
}

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

/// The browser's preferred language, if it is one of ours.
pub fn browser_lang() -> Option<Lang> {
    let nav = web_sys::window()?.navigator();
    let langs = nav.languages();
    langs
        .iter()
        .filter_map(|v| v.as_string())
        .chain(nav.language())
        .find_map(|code| Lang::from_code(&code))
}
