//! # The view of a run at a moment
//!
//! What the app draws is a pure function of (run, t): where each event stood at AWS time `t`, how
//! many events each lane held, and what happened between two moments. The view never replays the
//! engine: it reads each event's recorded story, so scrubbing backwards is as cheap as playing
//! forwards.
//!
//! The app draws every animation frame and may seek anywhere, so the questions it asks of a run
//! ("how many in each lane at t", "who is in flight at t", "what happened between two frames") must
//! cost the events in flight, not the events in the run. Events are kept in arrival order, so the
//! events received by `t` are a prefix; the running maximum of the moments events *settle* (end, and
//! any duplicate run after the end) makes the events still settling a suffix of that prefix. Both
//! ends are binary searches, and tallies of the settled prefix give the ending lanes' counts: that
//! is the [`RunIndex`], built once per run.
//!
//! - [`place`]: where one event is at `t`, what its caller has, and its runs of the handler;
//! - [`lanes`]: the stage's lanes and how many each holds (the full scan the index must agree with);
//! - [`index`]: the index over a run, its concurrency slots and the moments "step" jumps between;
//! - [`in_flight`]: the events in flight at a moment by place, moved from moment to moment, and
//!   the marks a far seek starts from;
//! - [`story`]: the facts of an event's story, as the narration tells them.

pub mod in_flight;
pub mod index;
pub mod lanes;
pub mod place;
pub mod story;

pub use in_flight::{InFlight, Members};
pub use index::RunIndex;
pub use lanes::{ending_lanes, lane_counts, lane_used, left_dlq, resting_lanes, Lane, LaneCounts};
pub use place::{caller_at, caller_wait_ms, duplicate_run_at, place_at, runs_of, settled_at, Caller, Place, RunSpan};
pub use story::{happenings_of, Fact, Happening};

/// A run that exercises every lane: three services, throttles (3 slots), retries, duplicates and
/// an SNS dead-letter queue. The index's and the story's tests share it.
#[cfg(test)]
fn busy_scenario() -> crate::scenario::Scenario {
    use crate::scenario::{DlqTarget, ErrorKind, FailureMode, Scenario, Service, Source};
    let mut s = Scenario { run_for_s: 1_200, dlq: Some(DlqTarget::Sns), duplicate_rate: 0.3, ..Scenario::default() };
    s.sources = vec![
        Source { service: Service::S3, events: 40, start_ms: 0, every_ms: 0 },
        Source { service: Service::Sns, events: 30, start_ms: 5_000, every_ms: 7_000 },
        Source { service: Service::EventBridge, events: 10, start_ms: 100_000, every_ms: 40_000 },
    ];
    // Every other service sends a few, so that per-service tallies are exercised for the whole list.
    let others: Vec<Service> =
        Service::ALL.into_iter().filter(|svc| !s.sources.iter().any(|src| src.service == *svc)).collect();
    for (k, service) in others.into_iter().enumerate() {
        s.sources.push(Source { service, events: 4, start_ms: 20_000 * (k as u64 + 1), every_ms: 9_000 });
    }
    s.function.reserved_concurrency = Some(3);
    s.function.duration_ms = 4_000;
    s.function.failure = FailureMode::Rate { p: 0.5, error: ErrorKind::Error };
    s
}
