//! Keyboard shortcuts and the overlay that lists them.

use leptos::ev;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

use lab_core::time::SECOND;

use super::{Transport, NUDGE_MS};
use crate::i18n::{use_i18n, Texts};

/// What a shortcut does, in the page's language.
type Describe = fn(&'static Texts) -> String;

/// The help's rows, in the order it lists them: the keys as shown (the same in every language)
/// and what they do. [`use_shortcuts`] answers them.
const HELP: [(&str, Describe); 9] = [
    ("Space", |t| t.controls.shortcuts.play_pause.into()),
    ("→", |t| t.controls.shortcuts.next.into()),
    ("←", |t| t.controls.shortcuts.previous.into()),
    ("Shift + → / ←", |t| (t.controls.shortcuts.nudge)(NUDGE_MS / SECOND)),
    ("Home", |t| t.controls.shortcuts.reset.into()),
    ("+ / −", |t| t.controls.shortcuts.speed.into()),
    ("S", |t| t.controls.shortcuts.send_s3.into()),
    ("?", |t| t.controls.shortcuts.help.into()),
    ("Esc", |t| t.controls.shortcuts.close.into()),
];

/// Listens for the shortcuts on the window for as long as the controls live. Keys typed into a
/// field stay the field's; Escape always closes what is open.
pub(super) fn use_shortcuts(transport: Transport, help_open: RwSignal<bool>) {
    let view = use_context::<crate::moment::MomentView>();
    let handle = window_event_listener(ev::keydown, move |e: web_sys::KeyboardEvent| {
        if e.ctrl_key() || e.meta_key() || e.alt_key() {
            return;
        }
        let key = e.key();
        if key == "Escape" {
            if help_open.get_untracked() {
                help_open.set(false);
            } else if let Some(v) = view {
                v.selected.set(None);
            }
            return;
        }
        let tag = e
            .target()
            .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
            .map(|el| el.tag_name().to_ascii_uppercase())
            .unwrap_or_default();
        if matches!(tag.as_str(), "INPUT" | "SELECT" | "TEXTAREA") {
            return;
        }
        let handled = match key.as_str() {
            // A focused button answers Space itself.
            " " | "Spacebar" if tag != "BUTTON" && tag != "SUMMARY" => {
                transport.toggle_play();
                true
            }
            "ArrowRight" if e.shift_key() => {
                transport.nudge(true);
                true
            }
            "ArrowLeft" if e.shift_key() => {
                transport.nudge(false);
                true
            }
            "ArrowRight" => {
                transport.step();
                true
            }
            "ArrowLeft" => {
                transport.step_back();
                true
            }
            "Home" => {
                transport.reset();
                true
            }
            "+" | "=" => {
                transport.change_speed(true);
                true
            }
            "-" | "_" => {
                transport.change_speed(false);
                true
            }
            "s" | "S" => {
                transport.send(lab_core::scenario::Service::S3, 1);
                true
            }
            "?" => {
                help_open.update(|o| *o = !*o);
                true
            }
            _ => false,
        };
        if handled {
            e.prevent_default();
        }
    });
    on_cleanup(move || handle.remove());
}

/// The list of shortcuts, shown over the page.
#[component]
pub fn HelpOverlay(open: RwSignal<bool>) -> impl IntoView {
    let i18n = use_i18n();
    // A dialog takes the focus when it opens (`autofocus` only works on a page's first load).
    let close: NodeRef<leptos::html::Button> = NodeRef::new();
    Effect::new(move |_| {
        if let Some(button) = close.get() {
            let _ = button.focus();
        }
    });
    view! {
        <Show when=move || open.get()>
            <div class="help-backdrop" on:click=move |_| open.set(false)></div>
            <div class="help-overlay" role="dialog" aria-modal="true" aria-labelledby="help-title" data-testid="help">
                <h2 id="help-title">{move || i18n.t(|t| t.controls.help_title)}</h2>
                <table>
                    <tbody>
                        {HELP
                            .into_iter()
                            .map(|(keys, what)| view! { <tr><th><kbd>{keys}</kbd></th><td>{move || i18n.t(what)}</td></tr> })
                            .collect_view()}
                    </tbody>
                </table>
                <button class="primary" node_ref=close data-testid="help-close" on:click=move |_| open.set(false)>{move || i18n.t(|t| t.controls.close)}</button>
            </div>
        </Show>
    }
}
