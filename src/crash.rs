//! When the page panics: a panel instead of a dead page.
//!
//! The release build aborts on panic (`panic = "abort"` in `Cargo.toml`): once the panic hook
//! returns, the wasm instance traps and the app stops. So the hook itself puts up the panel before
//! that, with plain DOM calls rather than Leptos, since the reactive system may be what broke. The
//! panel says what happened in the page's language (as `<html lang>` last said it) and offers
//! Reload and "Copy bug report"; the report holds the scenario link (the page's address, which the
//! share module keeps in step with the scenario), the panic message and the browser.
//!
//! The hook also writes the panic and its JavaScript stack to the console, which is all the
//! `console_error_panic_hook` crate did.

use std::sync::atomic::{AtomicBool, Ordering};

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{Document, Element, HtmlTextAreaElement};

use crate::i18n::{CrashTexts, Lang};
use crate::share::browser::copy_to_clipboard;

/// Whether the panel is up: a later panic (a callback into the broken instance) only logs.
static SHOWN: AtomicBool = AtomicBool::new(false);

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(js_namespace = console, js_name = error)]
    fn console_error(message: &str);

    type JsError;
    #[wasm_bindgen(constructor, js_class = "Error")]
    fn new() -> JsError;
    #[wasm_bindgen(method, getter, structural)]
    fn stack(this: &JsError) -> String;
}

/// Makes every later panic log itself and show the crash panel.
pub fn install() {
    std::panic::set_hook(Box::new(|info| {
        let message = info.to_string();
        console_error(&format!("{message}\n\nStack:\n\n{}", JsError::new().stack()));
        if !SHOWN.swap(true, Ordering::Relaxed) {
            show_panel(&message);
        }
    }));
}

/// The text "Copy bug report" copies. In English whatever the page's language: it is read by the
/// lab's maintainers.
pub fn bug_report(link: &str, message: &str, browser: &str) -> String {
    format!("Lambda Async Lab stopped with a panic.\nScenario link: {link}\nPanic: {message}\nBrowser: {browser}\n")
}

fn show_panel(message: &str) {
    let Some(window) = web_sys::window() else { return };
    let Some(document) = window.document() else { return };
    let lang = document
        .document_element()
        .and_then(|html| html.get_attribute("lang"))
        .and_then(|code| Lang::from_code(&code))
        .unwrap_or_default();
    let link = window.location().href().unwrap_or_default();
    let browser = window.navigator().user_agent().unwrap_or_default();
    let _ = panel(&document, lang, &bug_report(&link, message, &browser));
}

/// Builds the panel and puts it at the end of the body, focus on Reload.
fn panel(document: &Document, lang: Lang, report: &str) -> Result<(), JsValue> {
    let t: &'static CrashTexts = &lang.texts().crash;
    let panel = element(document, "div", &[("class", "crash"), ("data-testid", "crash-panel"), ("lang", lang.code())])?;
    let dialog = element(
        document,
        "section",
        &[("class", "crash-dialog"), ("role", "alertdialog"), ("aria-labelledby", "crash-title")],
    )?;
    let title = element(document, "h2", &[("id", "crash-title")])?;
    title.set_text_content(Some(t.title));
    let body = element(document, "p", &[])?;
    body.set_text_content(Some(t.body));
    let text: HtmlTextAreaElement = element(
        document,
        "textarea",
        &[("readonly", ""), ("rows", "5"), ("aria-label", t.report), ("data-testid", "crash-report")],
    )?
    .unchecked_into();
    text.set_value(report);
    let status = element(document, "p", &[("role", "status"), ("data-testid", "crash-status")])?;
    let reload = button(document, t.reload, "crash-reload", |_| {
        if let Some(w) = web_sys::window() {
            let _ = w.location().reload();
        }
    })?;
    let report = report.to_string();
    let (shown_text, shown_status) = (text.clone(), status.clone());
    let copy = button(document, t.copy, "crash-copy", move |_| {
        let (text, status) = (shown_text.clone(), shown_status.clone());
        copy_to_clipboard(&report, move |copied| {
            if copied {
                status.set_text_content(Some(t.copied));
            } else {
                text.select();
                status.set_text_content(Some(t.copy_by_hand));
            }
        });
    })?;
    let actions = element(document, "div", &[("class", "crash-actions")])?;
    actions.append_with_node_2(&reload, &copy)?;
    dialog.append_with_node_5(&title, &body, &text, &actions, &status)?;
    panel.append_child(&dialog)?;
    document.body().ok_or(JsValue::NULL)?.append_child(&panel)?;
    let _ = reload.unchecked_ref::<web_sys::HtmlElement>().focus();
    Ok(())
}

fn element(document: &Document, tag: &str, attributes: &[(&str, &str)]) -> Result<Element, JsValue> {
    let el = document.create_element(tag)?;
    for (name, value) in attributes {
        el.set_attribute(name, value)?;
    }
    Ok(el)
}

fn button(
    document: &Document,
    label: &str,
    test_id: &str,
    on_click: impl FnMut(web_sys::Event) + 'static,
) -> Result<Element, JsValue> {
    let b = element(document, "button", &[("type", "button"), ("data-testid", test_id)])?;
    b.set_text_content(Some(label));
    let click = Closure::<dyn FnMut(web_sys::Event)>::new(on_click);
    b.add_event_listener_with_callback("click", click.as_ref().unchecked_ref())?;
    // The panel stays for the life of the page.
    click.forget();
    Ok(b)
}
