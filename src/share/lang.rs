//! The language switch: English or Korean, remembered in links once chosen.

use leptos::prelude::*;

use super::use_share;
use crate::i18n::{use_i18n, Lang};

/// Each language's name in itself, the same whatever language the page is in.
fn autonym(l: Lang) -> &'static str {
    match l {
        Lang::En => "English",
        Lang::Ko => "한국어",
    }
}

#[component]
pub fn LangSwitch() -> impl IntoView {
    let i18n = use_i18n();
    let share = use_share();
    view! {
        <div class="lang-switch" role="group" data-testid="lang-switch" aria-label=move || i18n.t(|t| t.share.language)>
            {Lang::ALL
                .into_iter()
                .map(|l| {
                    view! {
                        <button
                            data-testid=format!("lang-{}", l.code())
                            lang=l.code()
                            aria-pressed=move || (i18n.lang.get() == l).to_string()
                            on:click=move |_| {
                                share.lang_chosen.set(true);
                                i18n.lang.set(l);
                            }
                        >
                            {autonym(l)}
                        </button>
                    }
                })
                .collect_view()}
        </div>
    }
}
