//! The reader's media preferences (reduced motion, a dark colour scheme) as signals that follow
//! the reader when they change them, without a reload.

use leptos::prelude::*;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

/// `prefers-reduced-motion`: no glides, the picture jumps.
pub const REDUCED_MOTION: &str = "(prefers-reduced-motion: reduce)";
/// `prefers-color-scheme`: the style sheet's dark colours, which the canvas reads too.
pub const DARK: &str = "(prefers-color-scheme: dark)";

/// Whether `query` matches now, kept up to date as it changes.
pub fn preference(query: &'static str) -> RwSignal<bool> {
    let list = web_sys::window().and_then(|w| w.match_media(query).ok().flatten());
    let signal = RwSignal::new(list.as_ref().is_some_and(|l| l.matches()));
    let Some(list) = list else { return signal };
    let watched = list.clone();
    let on_change = Closure::<dyn Fn(web_sys::Event)>::new(move |_| {
        signal.try_set(watched.matches());
    });
    let _ = list.add_event_listener_with_callback("change", on_change.as_ref().unchecked_ref());
    // Goes with the view that asked (a stage comes and goes with the compare view).
    let kept = send_wrapper::SendWrapper::new((list, on_change));
    on_cleanup(move || {
        let (list, on_change) = kept.take();
        let _ = list.remove_event_listener_with_callback("change", on_change.as_ref().unchecked_ref());
    });
    signal
}
