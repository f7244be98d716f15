//! What the Rust heap holds, for finding what grows while the page plays (the browser soak,
//! `tests/e2e/bench/soak.bench.mjs`, and the leak guards in `tests/web.rs`).
//!
//! The wasm instance's memory only ever grows, so it shows the heap's high-water mark, not what is
//! live. This allocator wraps the system one and counts live bytes and live allocations, by size
//! class: a real leak is live bytes that keep growing; a high-water mark is live bytes flat while
//! the memory grew once (a buffer doubling); fragmentation is memory growing while both stay flat.
//!
//! Behind the `heap-count` cargo feature (tests turn it on; the shipped build leaves it off, so the
//! page's wasm carries none of it): `trunk build --release --features heap-count` builds a page
//! whose `window.labHooks.heap()` reads [`snapshot`].

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering::Relaxed};

/// Size classes: allocations of `2^(k-1) < size <= 2^k` bytes are class `k` (the last holds the rest).
pub const CLASSES: usize = 24;

/// Counts what [`System`] hands out.
pub struct Counting;

static LIVE_BYTES: AtomicUsize = AtomicUsize::new(0);
static PEAK_BYTES: AtomicUsize = AtomicUsize::new(0);
static ALLOCATIONS: AtomicUsize = AtomicUsize::new(0);
static LIVE: [AtomicUsize; CLASSES] = [const { AtomicUsize::new(0) }; CLASSES];

fn class(size: usize) -> usize {
    (usize::BITS - size.saturating_sub(1).leading_zeros()).min(CLASSES as u32 - 1) as usize
}

fn gained(size: usize) {
    let live = LIVE_BYTES.fetch_add(size, Relaxed) + size;
    PEAK_BYTES.fetch_max(live, Relaxed);
    ALLOCATIONS.fetch_add(1, Relaxed);
    LIVE[class(size)].fetch_add(1, Relaxed);
}

fn freed(size: usize) {
    LIVE_BYTES.fetch_sub(size, Relaxed);
    LIVE[class(size)].fetch_sub(1, Relaxed);
}

// SAFETY: every call is forwarded to `System` unchanged; the counters only watch.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let p = System.alloc(layout);
        if !p.is_null() {
            gained(layout.size());
        }
        p
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        let p = System.alloc_zeroed(layout);
        if !p.is_null() {
            gained(layout.size());
        }
        p
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        System.dealloc(ptr, layout);
        freed(layout.size());
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        let p = System.realloc(ptr, layout, new_size);
        if !p.is_null() {
            freed(layout.size());
            gained(new_size);
        }
        p
    }
}

/// What the heap holds now.
#[derive(Clone, Debug, PartialEq)]
pub struct Snapshot {
    pub live_bytes: usize,
    pub live_allocations: usize,
    /// The most live bytes at any time so far.
    pub peak_bytes: usize,
    /// Allocations made so far (a reallocation counts as one).
    pub allocations: usize,
    /// Live allocations by size class ([`CLASSES`]).
    pub by_class: [usize; CLASSES],
}

pub fn snapshot() -> Snapshot {
    let by_class = std::array::from_fn(|k| LIVE[k].load(Relaxed));
    Snapshot {
        live_bytes: LIVE_BYTES.load(Relaxed),
        live_allocations: by_class.iter().sum(),
        peak_bytes: PEAK_BYTES.load(Relaxed),
        allocations: ALLOCATIONS.load(Relaxed),
        by_class,
    }
}
