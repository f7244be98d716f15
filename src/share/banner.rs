//! The error banner: what a link or an imported file got wrong, key by key, with what is allowed.

use lab_core::share::{BadKey, Key, Problem};
use leptos::prelude::*;

use super::{use_share, Origin};
use crate::i18n::{use_i18n, Texts};

fn problem_text(t: &'static Texts, p: &BadKey) -> String {
    match &p.problem {
        Problem::Unknown => (t.share.problem_unknown)(&Key::known()),
        Problem::Repeated => t.share.problem_repeated.to_string(),
        Problem::Invalid { found, allowed } => {
            // A file's values come as JSON (strings already quoted); a link's come bare.
            let shown = if found.starts_with('"') { found.clone() } else { format!("“{found}”") };
            (t.share.problem_invalid)(&shown, allowed)
        }
    }
}

#[component]
pub fn ErrorBanner() -> impl IntoView {
    let share = use_share();
    let i18n = use_i18n();
    move || {
        share.notice.get().map(|notice| {
            let (title, body) = match notice.origin {
                Origin::Link => (i18n.t(|t| t.share.banner_link_title), i18n.t(|t| t.share.banner_link_body)),
                Origin::Import => (i18n.t(|t| t.share.banner_import_title), i18n.t(|t| t.share.banner_import_body)),
            };
            let origin = match notice.origin {
                Origin::Link => "link",
                Origin::Import => "import",
            };
            view! {
                <div class="error-banner" role="alert" data-testid="error-banner" data-origin=origin>
                    <div class="error-text">
                        <p>
                            <strong>{title}</strong>
                            " "
                            {body}
                        </p>
                        <ul>
                            {notice
                                .problems
                                .iter()
                                .map(|p| {
                                    let text = i18n.t(|t| problem_text(t, p));
                                    view! {
                                        <li data-testid="error-key" data-key=p.key.clone()>
                                            <code>{p.key.clone()}</code>
                                            " "
                                            {text}
                                        </li>
                                    }
                                })
                                .collect_view()}
                        </ul>
                    </div>
                    <button
                        class="dismiss"
                        data-testid="btn-dismiss-error"
                        aria-label=move || i18n.t(|t| t.share.dismiss)
                        title=move || i18n.t(|t| t.share.dismiss)
                        on:click=move |_| share.notice.set(None)
                    >
                        "×"
                    </button>
                </div>
            }
        })
    }
}
