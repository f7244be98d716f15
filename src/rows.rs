//! Lists of rows that come and go all run long (the timeline's rows, the narration's lines), and
//! what keeps them from growing the page's memory while it plays (the browser soak,
//! `tests/e2e/bench/soak.bench.mjs`; the guard `the_heap_stays_flat_while_the_page_plays_on` in
//! `tests/web.rs`).
//!
//! Two things outlive a row that Leptos removes:
//!
//! - its owner: `<For>` makes each row's owner a child of its own, which keeps a weak reference
//!   (and so the owner's allocation) until the list itself goes. [`Rows`] builds its `<For>`
//!   afresh once it has made [`FRESH_AFTER`] rows: the old list's owners go with it.
//! - its subscriptions: reactive_graph (0.2) never forgets a subscriber by itself. A signal or a
//!   memo notifies a copy of its subscriber list, and only a subscriber that runs again takes
//!   itself off the lists of what it read; one that is dropped stays listed, its allocation kept
//!   by the list's weak reference, for as long as what it read lives (for the clock, the page's
//!   life). So a row's view reads only the row's own state: the language, the scenario, the
//!   hovered and the selected event once, untracked (the lists are keyed by language, and the
//!   timeline marks its hovered and selected rows from one effect); and what must follow the page
//!   (the clock, a lane's numbers) it reads through a [`row_memo`], which takes itself off the
//!   lists of what it read when its owner is cleaned up. The same holds for whatever else is made
//!   again and again while the page plays: the children of a `<Show>` that comes and goes, and
//!   each generation of a [`Rows`] list (whose `<For>` hears of new items through one).

use std::hash::Hash;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

use leptos::prelude::*;
use leptos::reactive::graph::{Subscriber, ToAnySubscriber};
use leptos::tachys::view::keyed::SerializableKey;

/// Rows made before the list is built afresh: the dead owners kept at most (a few hundred
/// bytes each), and one rebuild of the visible rows that often.
pub const FRESH_AFTER: usize = 400;

/// `<For each key children>`, built afresh every [`FRESH_AFTER`] rows it makes.
#[component]
pub fn Rows<IF, I, T, EF, N, KF, K>(each: IF, key: KF, children: EF) -> impl IntoView
where
    IF: Fn() -> I + Send + Sync + Clone + 'static,
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
        // The list's effect goes with this generation, so it hears of new items from a memo that
        // goes with it too (it counts the updates of `each`), and reads them untracked.
        let updates = {
            let each = each.clone();
            row_memo(move |n: Option<&u32>| {
                each();
                n.map_or(0, |n| n.wrapping_add(1))
            })
        };
        let made = Arc::new(AtomicUsize::new(0));
        let children = children.clone();
        let counted = move |item: T| {
            if made.fetch_add(1, Ordering::Relaxed) + 1 == FRESH_AFTER {
                // Not while the list is being built: once this update is over.
                request_animation_frame(move || generation.try_update(|g| *g += 1).unwrap_or_default());
            }
            children(item)
        };
        // Read, not only tracked: a memo runs, and so follows `each`, once it is read.
        let items = each.clone();
        let each = move || {
            updates.get();
            untrack(&items)
        };
        view! { <For each key=key.clone() children=counted /> }
    }
}

/// A memo owned by a row, or by anything else made again and again: [`Memo::new`], taken off the
/// subscriber lists of what it read when its owner is cleaned up (see the module's doc).
pub fn row_memo<T>(f: impl Fn(Option<&T>) -> T + Send + Sync + 'static) -> Memo<T>
where
    T: PartialEq + Send + Sync + 'static,
{
    let memo = ArcMemo::new(f);
    let me = memo.to_any_subscriber();
    on_cleanup(move || me.clear_sources(&me));
    memo.into()
}
