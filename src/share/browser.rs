//! The few browser calls sharing needs, each one allowed to fail: a sandboxed `<iframe>` may have no
//! clipboard, no history of its own and no downloads, and the page must go on without them.

use leptos::prelude::*;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

/// The page's query string (with its `?`), or nothing.
pub fn location_search() -> String {
    window().location().search().unwrap_or_default()
}

/// The page's address without query or fragment: the base every link is built on.
pub fn location_base() -> String {
    let href = window().location().href().unwrap_or_default();
    let end = href.find(['?', '#']).unwrap_or(href.len());
    href[..end].to_string()
}

/// Replaces the current history entry's query (no new entry).
pub fn replace_query(query: &str) {
    if let Ok(history) = window().history() {
        let _ = history.replace_state_with_url(&JsValue::NULL, "", Some(&format!("?{query}")));
    }
}

/// Adds a history entry for `query`, so that Back returns to where the page was.
pub fn push_query(query: &str) {
    if let Ok(history) = window().history() {
        let _ = history.push_state_with_url(&JsValue::NULL, "", Some(&format!("?{query}")));
    }
}

/// Writes `text` to the clipboard; `done(true)` once it is there, `done(false)` if the browser has
/// no clipboard here or refuses (permissions, sandbox, no focus).
pub fn copy_to_clipboard(text: &str, done: impl FnOnce(bool) + 'static) {
    let attempt = || -> Option<js_sys::Promise> {
        let nav = window().navigator();
        let clipboard =
            js_sys::Reflect::get(&nav, &"clipboard".into()).ok().filter(|c| !c.is_undefined() && !c.is_null())?;
        let write: js_sys::Function = js_sys::Reflect::get(&clipboard, &"writeText".into()).ok()?.dyn_into().ok()?;
        write.call1(&clipboard, &text.into()).ok()?.dyn_into().ok()
    };
    let Some(promise) = attempt() else {
        done(false);
        return;
    };
    let done = std::rc::Rc::new(std::cell::RefCell::new(Some(done)));
    let (d1, d2) = (done.clone(), done);
    let ok = Closure::once(move |_: JsValue| {
        if let Some(f) = d1.borrow_mut().take() {
            f(true)
        }
    });
    let err = Closure::once(move |_: JsValue| {
        if let Some(f) = d2.borrow_mut().take() {
            f(false)
        }
    });
    let _ = promise.then2(&ok, &err);
    // One of the two runs once the promise settles; both are tiny and a copy is a click.
    ok.forget();
    err.forget();
}

/// Offers `text` as a file download (refused quietly where downloads are not allowed).
pub fn download(file_name: &str, mime: &str, text: &str) {
    let href = format!("data:{mime};charset=utf-8,{}", js_sys::encode_uri_component(text));
    let Ok(a) = document().create_element("a") else { return };
    let _ = a.set_attribute("href", &href);
    let _ = a.set_attribute("download", file_name);
    if let Ok(a) = a.dyn_into::<web_sys::HtmlElement>() {
        a.click();
    }
}

/// Selects the text inside `el`, so that Ctrl+C copies it.
pub fn select_contents(el: &web_sys::Element) {
    let Ok(get) = js_sys::Reflect::get(&window(), &"getSelection".into()) else { return };
    let Ok(get) = get.dyn_into::<js_sys::Function>() else { return };
    let Ok(selection) = get.call0(&window()) else { return };
    if let Ok(Ok(f)) =
        js_sys::Reflect::get(&selection, &"selectAllChildren".into()).map(|f| f.dyn_into::<js_sys::Function>())
    {
        let _ = f.call1(&selection, el);
    }
}
