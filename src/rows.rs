//! Lists of rows that come and go all run long (the timeline's rows, the narration's lines): what
//! keeps them from growing the page's memory while it plays (the browser soak,
//! `tests/e2e/bench/soak.bench.mjs`; the guard `the_heap_stays_flat_while_the_page_plays_on` in
//! `tests/web.rs`), and what keeps a busy run's rows from taking a frame's time (the frames
//! benchmark, `tests/e2e/bench/frames.bench.mjs`).
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
//!
//! While the clock plays, a list makes at most [`NEW_PER_FRAME`] new rows a frame: a busy run
//! replaces the narration's 200 lines at every catch-up, and making them all at once (800
//! elements built, styled and laid out in one frame, then the whole list again at each fresh
//! `<For>`) made the late frames with 2,000 and 20,000 events in flight (BENCHMARKS.md, "Frames
//! while rows come and go"). The rows already shown stay; the newest of the new come first, the
//! rest over the next frames, in the list's order. Paused, a list is always whole at once. A row
//! has no listeners of its own either: its list listens once and finds the row ([`row_of`]).

use std::cell::{Cell, RefCell};
use std::hash::Hash;
use std::rc::Rc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

use leptos::prelude::*;
use leptos::reactive::graph::{Subscriber, ToAnySubscriber};
use leptos::tachys::view::keyed::SerializableKey;

use crate::state::use_lab;

/// Rows made before the list is built afresh: the dead owners kept at most (a few hundred
/// bytes each), and one rebuild of the visible rows that often.
pub const FRESH_AFTER: usize = 400;

/// New rows a list makes at most in one frame while the clock plays: more than a scroll box shows
/// at a glance, few enough to fit beside the stage in a frame (32 narration elements, against 800
/// in one frame before). A busy run's narration catches up every 12 frames or so with lines all
/// new: its newest lines show at once, the older ones fill in below them until the next catch-up.
pub const NEW_PER_FRAME: usize = 8;

/// How many of `items` (in the list's order) to show: those already shown (`shown`), and new ones
/// up to `budget`, up to the first new one over it (a row never shows above a gap in the list).
pub fn shown_prefix<K: PartialEq>(items: impl IntoIterator<Item = K>, shown: &[K], budget: usize) -> usize {
    let mut left = budget;
    let mut n = 0;
    for k in items {
        if !shown.contains(&k) {
            if left == 0 {
                break;
            }
            left -= 1;
        }
        n += 1;
    }
    n
}

/// The row (the element matching `selector`) an event in a list happened on: a list listens once
/// for all its rows, which then need no listeners of their own.
pub fn row_of(ev: &web_sys::Event, selector: &str) -> Option<web_sys::Element> {
    use wasm_bindgen::JsCast;
    ev.target()?.dyn_into::<web_sys::Element>().ok()?.closest(selector).ok()?
}

/// `<For each key children>`, built afresh every [`FRESH_AFTER`] rows it makes, making at most
/// [`NEW_PER_FRAME`] new rows a frame while the clock plays.
#[component]
pub fn Rows<IF, I, T, EF, N, KF, K>(each: IF, key: KF, children: EF) -> impl IntoView
where
    IF: Fn() -> I + Send + Sync + Clone + 'static,
    I: IntoIterator<Item = T> + Send + 'static,
    EF: Fn(T) -> N + Send + Sync + Clone + 'static,
    N: IntoView + 'static,
    KF: Fn(&T) -> K + Send + Clone + 'static,
    K: Eq + Hash + Clone + SerializableKey + 'static,
    T: Send + 'static,
{
    let playing = use_lab().clock.playing;
    let generation = RwSignal::new(0u32);
    // Bumped on the next frame while rows wait their turn.
    let more = RwSignal::new(0u32);
    move || {
        generation.track();
        // The list's effect goes with this generation, so it hears of new items, of the clock
        // starting or stopping and of its next frame's turn from a memo that goes with it too (it
        // counts their updates), and reads them untracked.
        let updates = {
            let each = each.clone();
            row_memo(move |n: Option<&u32>| {
                each();
                playing.track();
                more.track();
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
        // The keys the list shows now (a fresh list shows none yet), and whether the next frame
        // is already asked for (one a frame, however often the list is read). A plain list rather
        // than a hash set or a sorted one: a few hundred keys, compared in well under a
        // millisecond, and neither a hasher nor a sort for each kind of key in the page's wasm.
        let shown = send_wrapper::SendWrapper::new(Rc::new(RefCell::new(Vec::<K>::new())));
        let asked = send_wrapper::SendWrapper::new(Rc::new(Cell::new(false)));
        let (each, key_of) = (each.clone(), key.clone());
        let paced = move || {
            // Read, not only tracked: a memo runs, and so follows what it reads, once it is read.
            updates.get();
            let mut items: Vec<T> = untrack(&each).into_iter().collect();
            let mut shown = shown.borrow_mut();
            if playing.get_untracked() {
                let n = shown_prefix(items.iter().map(&key_of), &shown, NEW_PER_FRAME);
                if n < items.len() {
                    items.truncate(n);
                    if !asked.replace(true) {
                        let asked = Rc::clone(&asked);
                        request_animation_frame(move || {
                            asked.set(false);
                            more.try_update(|m| *m += 1).unwrap_or_default();
                        });
                    }
                }
            }
            *shown = items.iter().map(&key_of).collect();
            items
        };
        view! { <For each=paced key=key.clone() children=counted /> }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use wasm_bindgen_test::wasm_bindgen_test;

    #[wasm_bindgen_test]
    fn rows_shown_stay_and_new_ones_come_up_to_the_budget_without_a_gap() {
        let shown = [5, 6, 7];
        // Three new rows above the shown ones: two fit, the third and everything after it wait.
        assert_eq!(shown_prefix([1, 2, 3, 5, 6, 7], &shown, 2), 2);
        // One new row: all show.
        assert_eq!(shown_prefix([4, 5, 6, 7], &shown, 2), 4);
        // Shown rows cost nothing, wherever they are.
        assert_eq!(shown_prefix([5, 1, 6, 2, 7, 3], &shown, 2), 5);
        assert_eq!(shown_prefix([1, 2, 3], &[], 24), 3);
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
