//! The share bar: copy link, copy embed code, export, import, show as code, and the run's
//! fingerprint. One panel at a time opens under it.

use leptos::html;
use leptos::prelude::*;

use super::browser::copy_to_clipboard;
use super::code::CodePanel;
use super::io::{download_scenario, ExportPanel, ImportPanel};
use super::url::{embed_code, share_link};
use super::{use_share, Copied, Panel, Share};
use crate::i18n::use_i18n;
use crate::state::use_lab;

/// Copies `text` and shows it in the panel: selected, so that it can be copied by hand where the
/// clipboard is refused.
fn copy(share: Share, what: Copied, text: String) {
    share.panel.set(Some(Panel::Copied { what, text: text.clone(), ok: None }));
    copy_to_clipboard(&text, move |ok| {
        share.panel.update(|p| {
            if let Some(Panel::Copied { what: w, ok: o, .. }) = p {
                if *w == what {
                    *o = Some(ok);
                }
            }
        })
    });
}

fn select_target(ev: &web_sys::FocusEvent) {
    if let Some(el) = ev.target().and_then(|t| wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlTextAreaElement>(t).ok()) {
        el.select();
    }
}

/// Opens `panel`, or closes it when it is the one open.
fn toggle(share: Share, panel: Panel) {
    share.panel.update(|p| *p = if p.as_ref() == Some(&panel) { None } else { Some(panel) });
}

#[component]
pub fn ShareBar() -> impl IntoView {
    let lab = use_lab();
    let i18n = use_i18n();
    let share = use_share();
    let open = move |want: fn(&Panel) -> bool| move || share.panel.with(|p| p.as_ref().is_some_and(want)).to_string();
    let fingerprint = Memo::new(move |_| lab.run.with(|r| lab_core::fingerprint::fingerprint_hex(r)));
    view! {
        <section class="share" data-testid="share" aria-labelledby="share-heading">
            <h2 id="share-heading">{move || i18n.t(|t| t.share.heading)}</h2>
            <div class="share-actions">
                <button
                    data-testid="btn-copy-link"
                    aria-expanded=open(|p| matches!(p, Panel::Copied { what: Copied::Link, .. }))
                    on:click=move |_| copy(share, Copied::Link, share_link(lab, i18n, share))
                >
                    {move || i18n.t(|t| t.share.copy_link)}
                </button>
                <button
                    data-testid="btn-copy-embed"
                    aria-expanded=open(|p| matches!(p, Panel::Copied { what: Copied::Embed, .. }))
                    on:click=move |_| copy(share, Copied::Embed, embed_code(lab, i18n, share))
                >
                    {move || i18n.t(|t| t.share.copy_embed)}
                </button>
                <button
                    data-testid="btn-export"
                    aria-expanded=open(|p| *p == Panel::Export)
                    on:click=move |_| {
                        if share.panel.get_untracked() != Some(Panel::Export) {
                            download_scenario(lab);
                        }
                        toggle(share, Panel::Export);
                    }
                >
                    {move || i18n.t(|t| t.share.export_json)}
                </button>
                <button
                    data-testid="btn-import"
                    aria-expanded=open(|p| *p == Panel::Import)
                    on:click=move |_| toggle(share, Panel::Import)
                >
                    {move || i18n.t(|t| t.share.import_json)}
                </button>
                <button
                    data-testid="btn-show-code"
                    aria-expanded=open(|p| *p == Panel::Code)
                    on:click=move |_| toggle(share, Panel::Code)
                >
                    {move || i18n.t(|t| t.share.show_code)}
                </button>
            </div>
            {move || match share.panel.get() {
                None => ().into_any(),
                Some(Panel::Copied { what, text, ok }) => view! { <CopiedPanel what text ok /> }.into_any(),
                Some(Panel::Export) => view! { <ExportPanel /> }.into_any(),
                Some(Panel::Import) => view! { <ImportPanel /> }.into_any(),
                Some(Panel::Code) => view! { <CodePanel /> }.into_any(),
            }}
            <p class="fingerprint" data-testid="run-fingerprint" data-fingerprint=move || fingerprint.get()>
                <code>{move || i18n.t(|t| (t.share.fingerprint)(&fingerprint.get()))}</code>
                " "
                <span class="why">{move || i18n.t(|t| t.share.fingerprint_why)}</span>
            </p>
        </section>
    }
}

/// The copied link or embed code, with whether the clipboard took it.
#[component]
pub fn CopiedPanel(what: Copied, text: String, ok: Option<bool>) -> impl IntoView {
    let i18n = use_i18n();
    let share = use_share();
    let lab = use_lab();
    let input: NodeRef<html::Textarea> = NodeRef::new();
    // Selected as soon as it is shown, so that Ctrl+C copies it where the clipboard was refused.
    Effect::new(move |_| {
        if let Some(el) = input.get() {
            if ok == Some(false) {
                let _ = el.focus();
            }
            el.select();
        }
    });
    let (label, hint) = match what {
        Copied::Link => (i18n.t(|t| t.share.link_label), None),
        Copied::Embed => (i18n.t(|t| t.share.embed_label), Some(i18n.t(|t| t.share.embed_hint))),
    };
    let at = (what == Copied::Link && !lab.clock.playing.get_untracked())
        .then(|| i18n.t(|t| (t.share.link_at)(&lab_core::time::clock(lab.clock.now.get_untracked()))));
    let status = match ok {
        Some(true) => Some(("ok", i18n.t(|t| t.share.copied))),
        Some(false) => Some(("by-hand", i18n.t(|t| t.share.copy_by_hand))),
        None => None,
    };
    let rows = if what == Copied::Embed { 3 } else { 2 };
    view! {
        <div class="share-panel copied" data-testid="copied-panel">
            <label>
                <span class="panel-label">{label}</span>
                <textarea
                    node_ref=input
                    data-testid="share-text"
                    readonly
                    rows=rows
                    spellcheck="false"
                    prop:value=text
                    on:focus={move |ev: web_sys::FocusEvent| select_target(&ev)}
                ></textarea>
            </label>
            {hint.map(|h| view! { <p class="hint">{h}</p> })}
            {at.map(|a| view! { <p class="hint">{a}</p> })}
            {status.map(|(kind, s)| view! { <p class=format!("status {kind}") data-testid="copy-status" data-status=kind role="status">{s}</p> })}
            <button class="close" on:click=move |_| share.panel.set(None)>{move || i18n.t(|t| t.share.close)}</button>
        </div>
    }
}
