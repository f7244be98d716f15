//! The engine's speed and size, printed as figures (issue 4, "Speed and size").
//!
//! `cargo bench -p lab-core --bench engine` runs:
//! - the yardstick, `bench/big-scenario.json` at the repository's top (100,000 events), as
//!   `simulate --summary` runs it (`Keep::Counts`) and as the app scrubs it (`Keep::All`, then
//!   the stage at one instant);
//! - a 10-million-event run in summary mode, to show that memory follows the events in flight and
//!   not the events done.
//!
//! Timings are the median of repeated runs in this process; the whole-process time of `simulate`
//! is measured outside, with `hyperfine` (see the closing note of issue 4).

use std::hint::black_box;
use std::time::{Duration, Instant};

use lab_core::engine::{EventRecord, Keep, Run};
use lab_core::moment::lane_counts;
use lab_core::report::report;
use lab_core::scenario::{Scenario, Service, Source};

/// The yardstick, built in: the same file the fingerprint test and the browser benchmark read.
const BIG: &str = include_str!("../../bench/big-scenario.json");

/// The median and the fastest of `n` timed calls, after two untimed ones.
fn time<T>(n: usize, mut f: impl FnMut() -> T) -> (Duration, Duration) {
    for _ in 0..2 {
        black_box(f());
    }
    let mut times: Vec<Duration> = (0..n)
        .map(|_| {
            let start = Instant::now();
            black_box(f());
            start.elapsed()
        })
        .collect();
    times.sort_unstable();
    (times[n / 2], times[0])
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}

fn per_second(count: u64, d: Duration) -> String {
    let rate = count as f64 / d.as_secs_f64();
    if rate >= 1e6 {
        format!("{:.1} M/s", rate / 1e6)
    } else {
        format!("{:.0} k/s", rate / 1e3)
    }
}

/// The process's peak resident memory (Linux), in MiB.
fn peak_rss_mib() -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kib: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kib / 1024.0)
}

fn yardstick() {
    let s =
        Scenario::from_json(BIG).unwrap_or_else(|e| panic!("bench/big-scenario.json is not a valid scenario:\n{e}"));
    let probe = lab_core::run(&s, Keep::Counts);
    let c = probe.counts;
    println!("yardstick: big-scenario.json");
    println!(
        "  {} events, {} attempts, {} throttles, {} retries exhausted, max concurrency {}",
        c.received, c.attempts, c.throttles, c.retries_exhausted, c.max_concurrency
    );

    let (median, best) = time(41, || lab_core::run(&s, Keep::Counts));
    println!(
        "  summary run (Keep::Counts):     {:>6.2} ms per run (best {:.2})   {} attempts   {} events",
        ms(median),
        ms(best),
        per_second(c.attempts, median),
        per_second(c.received, median)
    );

    let (median, best) = time(41, || {
        let s = Scenario::from_json(BIG).expect("valid");
        let run = lab_core::run(&s, Keep::Counts);
        serde_json::to_string_pretty(&report(&s, &run, true)).expect("serialises")
    });
    println!(
        "  parse + run + summary JSON:     {:>6.2} ms (best {:.2}), what `simulate --summary` does in-process",
        ms(median),
        ms(best)
    );

    let (median, best) = time(21, || lab_core::run(&s, Keep::All));
    let all: Run = lab_core::run(&s, Keep::All);
    let mib = (all.events.capacity() * std::mem::size_of::<EventRecord>()) as f64 / (1024.0 * 1024.0);
    println!(
        "  full run for the app (Keep::All): {:>4.2} ms per run (best {:.2}); {} records of {} B = {:.1} MiB",
        ms(median),
        ms(best),
        all.events.len(),
        std::mem::size_of::<EventRecord>(),
        mib
    );

    let mid = all.run_for_ms.min(1_800_000);
    let (median, _) = time(101, || lane_counts(&all, mid));
    println!("  stage at one instant (lane_counts over {} events): {:.3} ms", all.events.len(), ms(median));
}

/// Ten sources of a million events each, a steady 200 events per second for about 14 hours,
/// 30 % failures, a few duplicates: far more events than fit in a report, and a bounded few in
/// flight at any moment.
fn ten_million() -> Scenario {
    let mut s = Scenario::from_json(
        r#"{ "run_for_s": 86400, "seed": 5,
             "function": { "duration_ms": 400, "timeout_s": 3,
                           "failure": { "mode": "rate", "p": 0.3, "error": "Error" },
                           "reserved_concurrency": 150 },
             "invoke_config": { "max_event_age_s": 3600 }, "dlq": "sqs", "duplicate_rate": 0.01 }"#,
    )
    .expect("valid");
    s.sources = (0..10)
        .map(|i| Source { service: Service::ALL[i % 3], events: 1_000_000, start_ms: 5 * i as u64, every_ms: 50 })
        .collect();
    s
}

fn bounded_memory() {
    let s = ten_million();
    const WINDOW: usize = 1000;
    let rss_before = peak_rss_mib();
    let start = Instant::now();
    let run = lab_core::run(&s, Keep::Recent(WINDOW));
    let took = start.elapsed();
    let c = run.counts;
    println!("10-million-event summary run (Keep::Recent({WINDOW})):");
    println!(
        "  {} events, {} attempts, {} throttles, {} in DLQ, in {:.0} ms ({} attempts, {} events)",
        c.received,
        c.attempts,
        c.throttles,
        c.dlq_messages,
        ms(took),
        per_second(c.attempts, took),
        per_second(c.received, took)
    );
    println!(
        "  peak events held: {} slots of {} B ({:.2} MiB), recent window: {} events kept, {} minutes of metrics",
        run.peak_events_held,
        std::mem::size_of::<EventRecord>(),
        (run.peak_events_held * std::mem::size_of::<EventRecord>()) as f64 / (1024.0 * 1024.0),
        run.events.len(),
        run.metrics.minutes.len()
    );
    let mut tenth = s.clone();
    tenth.sources.iter_mut().for_each(|src| src.events /= 10);
    let small = lab_core::run(&tenth, Keep::Recent(WINDOW));
    println!(
        "  the same at 1 million events holds {} at its peak: memory follows events in flight, not events done",
        small.peak_events_held
    );
    if let (Some(before), Some(after)) = (rss_before, peak_rss_mib()) {
        println!("  process peak RSS: {before:.1} MiB before the run, {after:.1} MiB after it");
    }
}

fn main() {
    // The memory figure first, so that the process's peak is the 10-million-event run's own.
    bounded_memory();
    println!();
    yardstick();
}
