//! "Show as code": the settings as AWS CLI commands and an AWS SAM template (made by the core).

use lab_core::share::code::{aws_cli, sam_template};
use leptos::prelude::*;

use leptos::html;

use super::browser::{copy_to_clipboard, select_contents};
use super::use_share;
use crate::i18n::use_i18n;
use crate::state::use_lab;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Tab {
    Cli,
    Sam,
}

#[component]
pub fn CodePanel() -> impl IntoView {
    let lab = use_lab();
    let i18n = use_i18n();
    let share = use_share();
    let tab = RwSignal::new(Tab::Cli);
    let copied = RwSignal::new(None::<bool>);
    let pre: NodeRef<html::Pre> = NodeRef::new();
    let code = move || {
        lab.scenario.with(|s| match tab.get() {
            Tab::Cli => aws_cli(s),
            Tab::Sam => sam_template(s),
        })
    };
    let tab_button = move |which: Tab, testid: &'static str| {
        view! {
            <button
                role="tab"
                data-testid=testid
                aria-selected=move || (tab.get() == which).to_string()
                on:click=move |_| {
                    tab.set(which);
                    copied.set(None);
                }
            >
                {move || match which {
                    Tab::Cli => i18n.t(|t| t.share.code_cli),
                    Tab::Sam => i18n.t(|t| t.share.code_sam),
                }}
            </button>
        }
    };
    view! {
        <div class="share-panel code" data-testid="code-panel">
            <p class="hint">{move || i18n.t(|t| t.share.code_intro)}</p>
            <div class="tabs" role="tablist">
                {tab_button(Tab::Cli, "code-tab-cli")}
                {tab_button(Tab::Sam, "code-tab-sam")}
            </div>
            <pre
                node_ref=pre
                role="tabpanel"
                tabindex="0"
                data-testid=move || if tab.get() == Tab::Cli { "code-cli" } else { "code-sam" }
            ><code>{code}</code></pre>
            <div class="panel-actions">
                <button
                    data-testid="btn-copy-code"
                    on:click=move |_| {
                        copy_to_clipboard(&code(), move |ok| {
                            copied.set(Some(ok));
                            if let (false, Some(el)) = (ok, pre.get_untracked()) {
                                select_contents(&el);
                            }
                        })
                    }
                >
                    {move || i18n.t(|t| t.share.copy_code)}
                </button>
                {move || {
                    copied
                        .get()
                        .map(|ok| {
                            let text = if ok { i18n.t(|t| t.share.copied) } else { i18n.t(|t| t.share.copy_by_hand) };
                            view! { <span class="status" role="status">{text}</span> }
                        })
                }}
                <button class="close" on:click=move |_| share.panel.set(None)>{move || i18n.t(|t| t.share.close)}</button>
            </div>
        </div>
    }
}
