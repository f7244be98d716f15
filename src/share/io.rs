//! Export and import: the scenario as a JSON file in the format `simulate` reads. An import with
//! errors changes nothing and is reported like a bad link.

use lab_core::share::BadKey;
use lab_core::Scenario;
use leptos::prelude::*;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use super::browser::download;
use super::url::{load, too_big};
use super::{use_share, Notice, Origin, Share};
use crate::i18n::use_i18n;
use crate::state::{use_lab, Lab};

/// The name an exported scenario is saved under.
pub const FILE_NAME: &str = "scenario.json";

pub fn download_scenario(lab: Lab) {
    let json = lab.scenario.with_untracked(Scenario::to_json_pretty);
    download(FILE_NAME, "application/json", &json);
}

/// Loads `text` if it is a valid scenario; otherwise names every bad field and keeps the lab as
/// it was.
pub fn import(text: &str, lab: Lab, share: Share) -> bool {
    match Scenario::from_json(text) {
        Ok(s) if let Some(bad) = too_big(&s, "sources") => {
            share.notice.set(Some(Notice { origin: Origin::Import, problems: vec![bad] }));
            false
        }
        Ok(s) => {
            load(s, lab, share);
            share.panel.set(None);
            true
        }
        Err(errors) => {
            let problems = errors.0.into_iter().map(BadKey::from).collect();
            share.notice.set(Some(Notice { origin: Origin::Import, problems }));
            false
        }
    }
}

#[component]
pub fn ExportPanel() -> impl IntoView {
    let lab = use_lab();
    let i18n = use_i18n();
    let share = use_share();
    let json = move || lab.scenario.with(Scenario::to_json_pretty);
    view! {
        <div class="share-panel export" data-testid="export-panel">
            <p class="hint">{move || i18n.t(|t| t.share.export_hint)}</p>
            <textarea data-testid="export-json" readonly rows="14" spellcheck="false" prop:value=json></textarea>
            <div class="panel-actions">
                <button data-testid="btn-download-json" on:click=move |_| download_scenario(lab)>
                    {move || i18n.t(|t| t.share.download)}
                </button>
                <button class="close" on:click=move |_| share.panel.set(None)>{move || i18n.t(|t| t.share.close)}</button>
            </div>
        </div>
    }
}

#[component]
pub fn ImportPanel() -> impl IntoView {
    let lab = use_lab();
    let i18n = use_i18n();
    let share = use_share();
    let text = RwSignal::new(String::new());
    let on_file = move |ev: web_sys::Event| {
        let input = event_target::<web_sys::HtmlInputElement>(&ev);
        let Some(file) = input.files().and_then(|f| f.get(0)) else { return };
        let Ok(reader) = web_sys::FileReader::new() else { return };
        let r = reader.clone();
        let onload = Closure::once_into_js(move |_: JsValue| {
            if let Some(t) = r.result().ok().and_then(|v| v.as_string()) {
                text.set(t.clone());
                import(&t, lab, share);
            }
        });
        reader.set_onload(Some(onload.unchecked_ref()));
        let _ = reader.read_as_text(&file);
        // Choosing the same file again after fixing it should load it again.
        input.set_value("");
    };
    view! {
        <div class="share-panel import" data-testid="import-panel">
            <p class="hint">{move || i18n.t(|t| t.share.import_hint)}</p>
            <label class="file">
                <span class="panel-label">{move || i18n.t(|t| t.share.import_file)}</span>
                <input type="file" accept=".json,application/json" data-testid="import-file" on:change=on_file />
            </label>
            <label>
                <span class="panel-label">{move || i18n.t(|t| t.share.import_paste)}</span>
                <textarea
                    data-testid="import-text"
                    rows="8"
                    spellcheck="false"
                    prop:value=move || text.get()
                    on:input=move |ev| text.set(event_target_value(&ev))
                ></textarea>
            </label>
            <div class="panel-actions">
                <button
                    data-testid="btn-import-apply"
                    disabled=move || text.with(|t| t.trim().is_empty())
                    on:click=move |_| {
                        import(&text.get_untracked(), lab, share);
                    }
                >
                    {move || i18n.t(|t| t.share.import_apply)}
                </button>
                <button class="close" on:click=move |_| share.panel.set(None)>{move || i18n.t(|t| t.share.close)}</button>
            </div>
        </div>
    }
}
