//! The legend under the stage: each token's shape and colour, in words, drawn as the canvas draws
//! it ([`LookGlyph`]).

use lab_core::service::{OtherInvocation, NOT_ASYNCHRONOUS};
use leptos::prelude::*;

use super::canvas;
use crate::i18n::use_i18n;
use crate::moment::scene::Look;

/// Shapes and colours of the tokens, in words.
#[component]
pub(super) fn Legend() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <div class="legend">
            <span class="legend-title">{move || i18n.t(|t| t.stage.legend)}</span>
            <ul>
                {Look::ALL
                    .into_iter()
                    .enumerate()
                    .map(|(k, look)| {
                        view! {
                            <li>
                                <LookGlyph look />
                                {move || i18n.t(|t| t.stage.looks[k])}
                            </li>
                        }
                    })
                    .collect_view()}
            </ul>
            <span class="legend-hint">{move || i18n.t(|t| t.stage.canvas_hint)}</span>
            <p class="not-async" data-testid="not-async">{move || i18n.t(|t| (t.stage.not_async)(&names_of(OtherInvocation::EventSourceMapping), &names_of(OtherInvocation::Synchronous)))}</p>
        </div>
    }
}

/// The popular sources that invoke the function in way `how`, as a list.
fn names_of(how: OtherInvocation) -> String {
    NOT_ASYNCHRONOUS.iter().filter(|(_, h)| *h == how).map(|(name, _)| *name).collect::<Vec<_>>().join(", ")
}

/// A token's shape in SVG, as the canvas draws it.
#[component]
pub fn LookGlyph(look: Look) -> impl IntoView {
    let c = canvas::colour(look);
    let shape = match look {
        Look::Queued => view! { <rect x="2.5" y="2.5" width="9" height="9" fill=c /> }.into_any(),
        Look::Failed => view! {
            <rect x="2.5" y="2.5" width="9" height="9" fill=c />
            <path d="M5 5 L9 9 M9 5 L5 9" stroke="#fff" stroke-width="1.4" />
        }
        .into_any(),
        Look::Throttled => view! { <path d="M7 1.6 L12.2 11.5 H1.8 Z" fill=c /> }.into_any(),
        Look::Running => view! { <circle cx="7" cy="7" r="4.5" fill=c /> }.into_any(),
        Look::Duplicate => view! { <circle cx="7" cy="7" r="4.2" fill="none" stroke=c stroke-width="2" /> }.into_any(),
        Look::Retry => view! { <path d="M7 1.2 L12.8 7 L7 12.8 L1.2 7 Z" fill=c /> }.into_any(),
        Look::Succeeded => view! {
            <circle cx="7" cy="7" r="4.8" fill=c />
            <path d="M4.6 7 L6.4 9 L9.6 5.2" fill="none" stroke="#fff" stroke-width="1.4" />
        }
        .into_any(),
        Look::Lost => {
            view! { <path d="M2.5 2.5 L11.5 11.5 M11.5 2.5 L2.5 11.5" stroke=c stroke-width="2" /> }.into_any()
        }
    };
    view! {
        <svg class="glyph" viewBox="0 0 14 14" width="14" height="14" aria-hidden="true" focusable="false">
            {shape}
        </svg>
    }
}
