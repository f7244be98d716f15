//! Lists of rows that come and go all run long (the timeline's rows, the narration's lines), and
//! what keeps them from growing the page's memory while it plays (the browser soak,
//! `tests/e2e/bench/soak.bench.mjs`).
//!
//! Two things outlive a row that Leptos removes:
//!
//! - its owner: `<For>` makes each row's owner a child of its own, which keeps a weak reference
//!   (and so the owner's allocation) until the list itself goes. [`Rows`] builds its `<For>`
//!   afresh once it has made [`FRESH_AFTER`] rows: the old list's owners go with it.
//! - its subscriptions: a reactive closure in a row stays in the subscriber set of every signal it
//!   read until that signal changes. The language, the scenario, the hovered and the selected event
//!   change rarely, so a row reads them once, untracked (the list is keyed by language, and the
//!   timeline marks its hovered and selected rows from one effect).

use std::hash::Hash;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

use leptos::prelude::*;
use leptos::tachys::view::keyed::SerializableKey;

/// Rows made before the list is built afresh: the dead owners kept at most (a few hundred
/// bytes each), and one rebuild of the visible rows that often.
pub const FRESH_AFTER: usize = 400;

/// `<For each key children>`, built afresh every [`FRESH_AFTER`] rows it makes.
#[component]
pub fn Rows<IF, I, T, EF, N, KF, K>(each: IF, key: KF, children: EF) -> impl IntoView
where
    IF: Fn() -> I + Send + Clone + 'static,
    I: IntoIterator<Item = T> + Send + 'static,
    EF: Fn(T) -> N + Send + Sync + Clone + 'static,
    N: IntoView + 'static,
    KF: Fn(&T) -> K + Send + Clone + 'static,
    K: Eq + Hash + SerializableKey + 'static,
    T: Send + 'static,
{
    let generation = RwSignal::new(0u32);
    move || {
        generation.track();
        let made = Arc::new(AtomicUsize::new(0));
        let children = children.clone();
        let counted = move |item: T| {
            if made.fetch_add(1, Ordering::Relaxed) + 1 == FRESH_AFTER {
                // Not while the list is being built: once this update is over.
                request_animation_frame(move || generation.try_update(|g| *g += 1).unwrap_or_default());
            }
            children(item)
        };
        view! { <For each=each.clone() key=key.clone() children=counted /> }
    }
}
