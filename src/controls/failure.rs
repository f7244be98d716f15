//! The failure modes the page offers, shared by the quick selector and the settings form.

use lab_core::scenario::{ErrorKind, FailureMode};
use leptos::prelude::*;

use crate::i18n::{use_i18n, Texts};

/// Each mode as it starts when a select picks it: the first attempt of each event fails, or three
/// attempts in ten do, with an unhandled exception.
pub(super) const STARTS: [FailureMode; 4] = [
    FailureMode::Never,
    FailureMode::Always { error: ErrorKind::Error },
    FailureMode::First { n: 1, error: ErrorKind::Error },
    FailureMode::Rate { p: 0.3, error: ErrorKind::Error },
];

/// The mode named `name` (the format's names: `never`, `always`, `first`, `rate`) as it starts,
/// its failing attempts ending in `error`.
pub(super) fn starting(name: &str, error: ErrorKind) -> FailureMode {
    let mode = STARTS.into_iter().find(|m| m.name() == name).unwrap_or(FailureMode::Never);
    with_error(mode, error)
}

/// `mode` with its failing attempts ending in `error`; `never` has none.
pub(super) fn with_error(mode: FailureMode, error: ErrorKind) -> FailureMode {
    match mode {
        FailureMode::Never => FailureMode::Never,
        FailureMode::Always { .. } => FailureMode::Always { error },
        FailureMode::First { n, .. } => FailureMode::First { n, error },
        FailureMode::Rate { p, .. } => FailureMode::Rate { p, error },
    }
}

/// The select's value for a mode that is none of [`STARTS`] (say `first:2`, or `rate:0.5`).
pub(super) const CUSTOM: &str = "custom";

/// Which of [`STARTS`] `mode` is (whatever its error kind), by name; [`CUSTOM`] for any other.
pub(super) fn choice(mode: FailureMode) -> &'static str {
    let error = mode.error().unwrap_or_default();
    STARTS.into_iter().find(|m| with_error(*m, error) == mode).map_or(CUSTOM, |m| m.name())
}

/// A select's options, one for each of [`STARTS`], valued by the mode's name.
pub(super) fn options(label: fn(&'static Texts, FailureMode) -> String) -> impl IntoView {
    let i18n = use_i18n();
    STARTS
        .into_iter()
        .map(|m| view! { <option value=m.name()>{move || i18n.t(|t| label(t, m))}</option> })
        .collect_view()
}
