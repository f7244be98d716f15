//! `?embed=1`: the stage and the essential controls only, for an `<iframe>` of 640 × 400 and up,
//! with a way out to the full view. The bar with that way out comes first, so that it is on screen
//! whatever the height of the frame; the rest scrolls inside it.

use leptos::prelude::*;

use super::url::full_view_link;
use super::{use_share, ErrorBanner, LangSwitch};
use crate::compare::Compare;
use crate::controls::Controls;
use crate::course::Course;
use crate::i18n::use_i18n;
use crate::stage::Stage;
use crate::state::use_lab;

#[component]
pub fn Embedded() -> impl IntoView {
    let lab = use_lab();
    let i18n = use_i18n();
    let share = use_share();
    view! {
        <ErrorBanner />
        <main class="lab embed" data-testid="app-ready" data-embed="1">
            <header class="embed-bar">
                <h1 class="embed-title">{move || i18n.t(|t| t.app.title)}</h1>
                <LangSwitch />
                <a
                    data-testid="btn-open-full"
                    href=move || full_view_link(lab, i18n, share)
                    target="_blank"
                    rel="noopener"
                >
                    {move || i18n.t(|t| t.share.open_full)}
                </a>
            </header>
            <Course />
            <Controls />
            <Compare />
            <Stage />
        </main>
    }
}
