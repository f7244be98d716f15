//! The app re-runs a whole scenario (`Keep::All`) whenever the learner changes it, so a run must not
//! allocate per event: the records are one block, attempts are stored inline, and the only
//! per-event allocation is the list of an event's throttle times. This binary counts allocations
//! with its own global allocator, so it holds nothing else.

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering};

use lab_core::engine::Keep;
use lab_core::Scenario;

struct Counting;

static ALLOCATIONS: AtomicUsize = AtomicUsize::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        ALLOCATIONS.fetch_add(1, Ordering::Relaxed);
        unsafe { System.alloc(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { System.dealloc(ptr, layout) }
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        ALLOCATIONS.fetch_add(1, Ordering::Relaxed);
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

/// What a run allocates whatever its size: the records block, the metrics, the attempt queues
/// and the timer wheel's lists and node slab as they grow: a few thousand at most, far below one
/// per event.
const FIXED: usize = 5_000;

fn allocations_of(s: &Scenario) -> (usize, lab_core::Run) {
    let before = ALLOCATIONS.load(Ordering::Relaxed);
    let run = lab_core::run(s, Keep::All);
    (ALLOCATIONS.load(Ordering::Relaxed) - before, run)
}

#[test]
fn a_full_run_allocates_per_throttled_event_at_most_never_per_event() {
    // 100,000 events with retries and duplicates, and concurrency enough that none is throttled.
    let calm = Scenario::from_json(
        r#"{ "run_for_s": 86400,
             "sources": [{ "service": "s3", "events": 60000, "start_s": 0, "every_s": 0.05 },
                         { "service": "sns", "events": 40000, "start_s": 10, "every_s": 0.075 }],
             "function": { "duration_ms": 400, "timeout_s": 3,
                           "failure": { "mode": "rate", "p": 0.3, "error": "Error" } },
             "dlq": "sqs", "duplicate_rate": 0.01 }"#,
    )
    .unwrap();
    let (count, run) = allocations_of(&calm);
    assert_eq!(run.counts.received, 100_000);
    assert_eq!(run.counts.throttles, 0);
    assert!(count < FIXED, "{count} allocations for 100,000 events");

    // The same with reserved concurrency 20, as in the benchmark: throttled events list their
    // throttle times, and nothing else allocates per event.
    let mut busy = calm.clone();
    busy.function.reserved_concurrency = Some(20);
    let (count, run) = allocations_of(&busy);
    let throttled: Vec<usize> = run.events.iter().map(|e| e.throttle_times.len()).filter(|&n| n > 0).collect();
    assert!(throttled.len() > 1_000, "the scenario throttles: {} events", throttled.len());
    // A growing list allocates about log2(length) times; one more per event would be 100,000 more.
    let list_growths: usize = throttled.iter().map(|&n| 1 + (usize::BITS - n.leading_zeros()) as usize).sum();
    assert!(count < FIXED + list_growths, "{count} allocations, {} throttled events", throttled.len());
}
