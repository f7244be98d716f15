//! The soak (issue 15, "Robustness"): 24 hours of AWS time at 100 events per second, 8.64 million
//! events, in summary mode (`Keep::Recent`), and what it holds in memory as the run grows longer.
//!
//! `cargo bench -p lab-core --bench soak` runs the same steady traffic for 1, 6, 12 and 24 hours
//! and prints, for each, the peak of events held (`Run::peak_events_held`), the peak of heap bytes
//! live during the run (counted by this benchmark's allocator) and the process's peak RSS. Memory
//! is flat after warm-up when the 24-hour run holds at most [`FLAT_BUDGET`] times what the 1-hour
//! run holds: events in flight settle within minutes (retry waits are at most about 2 minutes,
//! throttle backoffs 5, events older than an hour are given up), so only the per-minute metrics
//! should grow with the run, by the size of one `MinuteMetrics` a minute.

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering::Relaxed};
use std::time::Instant;

use lab_core::engine::{EventRecord, Keep};
use lab_core::metrics::MinuteMetrics;
use lab_core::scenario::{Scenario, Service, Source};

/// The system allocator, counting the bytes live and their peak.
struct Counting;

static LIVE: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

fn grew(by: usize) {
    let live = LIVE.fetch_add(by, Relaxed) + by;
    PEAK.fetch_max(live, Relaxed);
}

// SAFETY: every call is passed to `System` unchanged; only the counters are added.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let p = unsafe { System.alloc(layout) };
        if !p.is_null() {
            grew(layout.size());
        }
        p
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { System.dealloc(ptr, layout) };
        LIVE.fetch_sub(layout.size(), Relaxed);
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        let p = unsafe { System.realloc(ptr, layout, new_size) };
        if !p.is_null() {
            LIVE.fetch_sub(layout.size(), Relaxed);
            grew(new_size);
        }
        p
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

/// AWS events per second, and the hours of the longest run.
const EVENTS_PER_SECOND: u64 = 100;
const HOURS: [u32; 4] = [1, 6, 12, 24];
/// Sources sharing the traffic: each numbers its events below 2^20, so one source cannot send a
/// day at 100 a second.
const SOURCES: u64 = 10;
/// The last events to end that the summary keeps, as the 10-million-event run in `engine.rs` does.
const WINDOW: usize = 1000;
/// Flat: the 24-hour run may hold at most this much more than the 1-hour run (events held, heap).
const FLAT_BUDGET: f64 = 1.10;

/// A steady 100 events a second for `hours`: 30 % of runs fail, retries, a DLQ, a few duplicates,
/// and a reserved concurrency a little above the average need, so that retry waves throttle.
fn steady(hours: u32) -> Scenario {
    let mut s = Scenario::from_json(
        r#"{ "seed": 15,
             "function": { "duration_ms": 400, "timeout_s": 3,
                           "failure": { "mode": "rate", "p": 0.3, "error": "Error" },
                           "reserved_concurrency": 60 },
             "invoke_config": { "max_retry_attempts": 2, "max_event_age_s": 3600 },
             "dlq": "sqs", "duplicate_rate": 0.01 }"#,
    )
    .expect("valid");
    s.run_for_s = hours * 3600;
    let every_ms = 1000 * SOURCES / EVENTS_PER_SECOND;
    let events = u64::from(s.run_for_s) * EVENTS_PER_SECOND / SOURCES;
    s.sources = (0..SOURCES)
        .map(|i| Source {
            service: Service::ALL[i as usize % Service::ALL.len()],
            events: events as u32,
            start_ms: i * every_ms / SOURCES,
            every_ms,
        })
        .collect();
    s
}

/// The process's peak resident memory (Linux), in MiB.
fn peak_rss_mib() -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kib: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kib / 1024.0)
}

const MIB: f64 = 1024.0 * 1024.0;

/// What one horizon's run held at its peak.
struct Held {
    events: usize,
    heap: usize,
}

fn soak(hours: u32) -> Held {
    let s = steady(hours);
    let base = LIVE.load(Relaxed);
    PEAK.store(base, Relaxed);
    let start = Instant::now();
    let run = lab_core::run(&s, Keep::Recent(WINDOW));
    let took = start.elapsed();
    let heap = PEAK.load(Relaxed) - base;
    let c = run.counts;
    println!(
        "  {hours:>2} h: {:>9} events {:>9} attempts {:>7} throttles {:>7} in DLQ {:>5} in flight at the end, {:>6.0} ms",
        c.received,
        c.attempts,
        c.throttles,
        c.dlq_messages,
        c.in_flight,
        took.as_secs_f64() * 1e3
    );
    let rss = peak_rss_mib().map_or("n/a".into(), |m| format!("{m:.1} MiB"));
    println!(
        "        peak events held {:>5} ({:.2} MiB of records), peak heap {:.2} MiB, process peak RSS {rss}",
        run.peak_events_held,
        (run.peak_events_held * std::mem::size_of::<EventRecord>()) as f64 / MIB,
        heap as f64 / MIB,
    );
    Held { events: run.peak_events_held, heap }
}

fn main() {
    let hours = *HOURS.last().expect("hours");
    println!(
        "soak: {} events, {hours} h of AWS time at {EVENTS_PER_SECOND} events/s, summary mode (Keep::Recent({WINDOW}))",
        u64::from(hours) * 3600 * EVENTS_PER_SECOND
    );
    let held: Vec<Held> = HOURS.iter().map(|&h| soak(h)).collect();
    let (first, last) = (&held[0], &held[held.len() - 1]);
    let events_ratio = last.events as f64 / first.events as f64;
    let heap_ratio = last.heap as f64 / first.heap as f64;
    let minutes = f64::from((hours - HOURS[0]) * 60);
    println!(
        "  1 h -> {hours} h: events held x{events_ratio:.3}, heap x{heap_ratio:.3} ({:+.0} KiB: {:.0} B per AWS minute; the metrics keep {} B a minute)",
        (last.heap as f64 - first.heap as f64) / 1024.0,
        (last.heap as f64 - first.heap as f64) / minutes,
        std::mem::size_of::<MinuteMetrics>()
    );
    let verdict = |ratio: f64| if ratio <= FLAT_BUDGET { "holds" } else { "OVER BUDGET" };
    println!(
        "  flat after warm-up (budget: the {hours} h run holds at most x{FLAT_BUDGET:.2} what the 1 h run holds): events held {}, heap {}",
        verdict(events_ratio),
        verdict(heap_ratio)
    );
}
