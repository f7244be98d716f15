//! The page: header, stage and controls around one shared [`Lab`].

use leptos::prelude::*;

use crate::compare::Compare;
use crate::controls::Controls;
use crate::course::Course;
use crate::i18n::{browser_lang, I18n};
use crate::moment::MomentView;
use crate::share::{Boot, ErrorBanner, LangSwitch, PresetNotice, Presets, ShareBar};
use crate::state::Lab;
use crate::workbench::Workbench;

#[component]
pub fn App() -> impl IntoView {
    // The link decides the scenario and may choose the language; see `share`.
    let boot = Boot::from_location();
    let i18n = I18n { lang: RwSignal::new(boot.lang().or_else(browser_lang).unwrap_or_default()) };
    provide_context(i18n);
    let lab = Lab::new(boot.scenario());
    provide_context(lab);
    crate::share::start(boot, lab, i18n);
    view! { <Lab_ /> }
}

/// The page itself, for a [`Lab`] and [`I18n`] already in context (tests mount it with their own).
#[component]
#[allow(non_snake_case)]
pub fn Lab_() -> impl IntoView {
    let i18n = crate::i18n::use_i18n();
    MomentView::provide(crate::state::use_lab());
    Effect::new(move |_| {
        if let Some(html) = document().document_element() {
            let _ = html.set_attribute("lang", i18n.lang.get().code());
        }
    });
    if crate::share::use_share().embed {
        return view! { <crate::share::Embedded /> }.into_any();
    }
    view! {
        <ErrorBanner />
        <header class="top">
            <div class="titles">
                <h1>{move || i18n.t(|t| t.app.title)}</h1>
                <p class="tagline">{move || i18n.t(|t| t.app.tagline)}</p>
            </div>
            <LangSwitch />
        </header>
        <main class="lab" data-testid="app-ready">
            <Controls />
            // What to notice sits right above the stage, where opening a preset scrolls to.
            <PresetNotice />
            <Course />
            <Compare />
            <Workbench />
            <ShareBar />
            <Presets />
        </main>
    }
    .into_any()
}
