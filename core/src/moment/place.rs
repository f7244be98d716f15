//! Where an event is at a moment: its place ([`place_at`]), a duplicate run in progress
//! ([`duplicate_run_at`]), its runs of the handler ([`runs_of`]) and from when nothing more happens
//! to it ([`settled_at`]). Each answer reads the event's recorded story, never the engine.

use crate::engine::EventRecord;
use crate::outcome::{AttemptResult, Outcome};
use crate::time::AwsMillis;

/// Where an event stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Place {
    /// In the internal queue, waiting for the poller; `throttled` once a delivery found no free
    /// concurrency. `until` is the next delivery, if known.
    Queue {
        since: AwsMillis,
        until: Option<AwsMillis>,
        throttled: bool,
    },
    /// A run of the handler. `attempt` counts regular attempts from 1.
    Running {
        attempt: u32,
        since: AwsMillis,
        until: AwsMillis,
    },
    /// Waiting out the wait before retry number `retry` (1-based).
    RetryWait {
        retry: u32,
        since: AwsMillis,
        until: Option<AwsMillis>,
    },
    Ended {
        outcome: Outcome,
        at: AwsMillis,
    },
}

/// Where an event is at `t`, or `None` before it was sent.
pub fn place_at(rec: &EventRecord, t: AwsMillis) -> Option<Place> {
    if t < rec.received_ms {
        return None;
    }
    if let Some(at) = rec.ended_ms.filter(|&e| e <= t) {
        return Some(Place::Ended { outcome: rec.outcome, at });
    }
    // The latest happening at or before t decides: sent, throttled, or an attempt.
    let mut last_kind = 0u8; // 0 received, 1 throttled, 2 attempt ended (failed)
    let mut last_at = rec.received_ms;
    let mut failed = 0;
    let mut next_delivery: Option<AwsMillis> = None;
    let runs = rec.attempts.regular().map(|a| (a.start_ms, a.end_ms)).chain(rec.unfinished);
    for (start, end) in runs {
        if start > t {
            next_delivery = Some(start);
            break;
        }
        if t < end {
            return Some(Place::Running { attempt: failed + 1, since: start, until: end });
        }
        failed += 1;
        if end >= last_at {
            last_kind = 2;
            last_at = end;
        }
    }
    for &th in &rec.throttle_times {
        if th > t {
            next_delivery = Some(next_delivery.map_or(th, |n| n.min(th)));
            break;
        }
        if th >= last_at {
            last_kind = 1;
            last_at = th;
        }
    }
    let until = next_delivery.or(rec.next_try_ms).or(rec.ended_ms);
    Some(match last_kind {
        2 => Place::RetryWait { retry: failed, since: last_at, until },
        k => Place::Queue { since: last_at, until, throttled: k == 1 },
    })
}

/// A duplicate run of the event in progress at `t`: (since, until).
pub fn duplicate_run_at(rec: &EventRecord, t: AwsMillis) -> Option<(AwsMillis, AwsMillis)> {
    rec.attempts
        .as_slice()
        .iter()
        .filter(|a| a.duplicate)
        .map(|a| (a.start_ms, a.end_ms))
        .chain(rec.unfinished_duplicate)
        .find(|&(start, end)| start <= t && t < end)
}

/// One run of the handler for an event, known or still going when the run stopped.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RunSpan {
    pub start: AwsMillis,
    /// When it ended (or, for a run still going at the end of the run, when it would have).
    pub end: AwsMillis,
    /// `None` while unknown: the run was still going when the simulation stopped.
    pub result: Option<AttemptResult>,
    pub duplicate: bool,
}

/// Every run of an event: its finished attempts and duplicate runs in the order they ended, then
/// the runs still going when the simulation stopped.
pub fn runs_of(rec: &EventRecord) -> impl Iterator<Item = RunSpan> + '_ {
    let done = rec.attempts.as_slice().iter().map(|a| RunSpan {
        start: a.start_ms,
        end: a.end_ms,
        result: Some(a.result),
        duplicate: a.duplicate,
    });
    let open = rec
        .unfinished
        .map(|(start, end)| RunSpan { start, end, result: None, duplicate: false })
        .into_iter()
        .chain(rec.unfinished_duplicate.map(|(start, end)| RunSpan { start, end, result: None, duplicate: true }));
    done.chain(open)
}

/// From when nothing more happens to an event: its end, or the end of a duplicate run that
/// outlasts it; `AwsMillis::MAX` for an event still in flight when the run stopped.
pub fn settled_at(rec: &EventRecord) -> AwsMillis {
    match rec.ended_ms {
        None => AwsMillis::MAX,
        Some(end) => runs_of(rec).fold(end, |m, r| m.max(r.end)),
    }
}
