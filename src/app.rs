//! The page: header, stage and controls around one shared [`Lab`].

use leptos::prelude::*;

use crate::controls::Controls;
use crate::i18n::{browser_lang, I18n};
use crate::stage::Stage;
use crate::state::{page_default_scenario, Lab};

#[component]
pub fn App() -> impl IntoView {
    let i18n = I18n { lang: RwSignal::new(browser_lang().unwrap_or_default()) };
    provide_context(i18n);
    let lab = Lab::new(page_default_scenario());
    provide_context(lab);
    view! { <Lab_ /> }
}

/// The page itself, for a [`Lab`] and [`I18n`] already in context (tests mount it with their own).
#[component]
#[allow(non_snake_case)]
pub fn Lab_() -> impl IntoView {
    let i18n = crate::i18n::use_i18n();
    Effect::new(move |_| {
        if let Some(html) = document().document_element() {
            let _ = html.set_attribute("lang", i18n.lang.get().code());
        }
    });
    view! {
        <header class="top">
            <h1>{move || i18n.t(|t| t.app.title)}</h1>
            <p class="tagline">{move || i18n.t(|t| t.app.tagline)}</p>
        </header>
        <main class="lab" data-testid="app-ready">
            <Controls />
            <Stage />
        </main>
    }
}
