//! Where each event is at a moment: the pure function of (run, t) that the app draws.
//!
//! The view never replays the engine: it asks where an event stood at AWS time `t`, given the
//! event's recorded story. Scrubbing backwards is therefore as cheap as playing forwards.

use crate::engine::{EventRecord, Run};
use crate::outcome::Outcome;
use crate::scenario::{DlqTarget, Scenario, Service};
use crate::time::AwsMillis;

/// Where an event stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Place {
    /// In the internal queue, waiting for the poller; `throttled` once a delivery found no free
    /// concurrency. `until` is the next delivery, if known.
    Queue { since: AwsMillis, until: Option<AwsMillis>, throttled: bool },
    /// A run of the handler. `attempt` counts regular attempts from 1.
    Running { attempt: u32, since: AwsMillis, until: AwsMillis },
    /// Waiting out the wait before retry number `retry` (1-based).
    RetryWait { retry: u32, since: AwsMillis, until: Option<AwsMillis> },
    Ended { outcome: Outcome, at: AwsMillis },
}

/// The lanes of the stage. Ended events may stand in two (a DLQ and an on-failure destination).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Lane {
    Source(Service),
    Queue,
    Function,
    Retry,
    Success,
    DestinationSuccess,
    DestinationFailure,
    Dlq(DlqTarget),
    Dropped,
}

impl Lane {
    /// The lane's test/id name (`count-<name>`).
    pub fn id(self) -> String {
        match self {
            Lane::Source(s) => format!("source-{}", s.name()),
            Lane::Queue => "queue".into(),
            Lane::Function => "function".into(),
            Lane::Retry => "retry".into(),
            Lane::Success => "success".into(),
            Lane::DestinationSuccess => "destination-success".into(),
            Lane::DestinationFailure => "destination-failure".into(),
            Lane::Dlq(t) => format!("dlq-{}", t.name()),
            Lane::Dropped => "dropped".into(),
        }
    }
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

/// The lanes an ended event stands in.
pub fn ending_lanes(s: &Scenario, outcome: Outcome) -> impl Iterator<Item = Lane> {
    let (mut a, mut b, mut c) = (None, None, None);
    match outcome {
        Outcome::Succeeded => {
            a = Some(Lane::Success);
            b = s.on_success.map(|_| Lane::DestinationSuccess);
        }
        o if o.is_failure() => {
            a = s.dlq.map(Lane::Dlq);
            b = s.on_failure.map(|_| Lane::DestinationFailure);
            if a.is_none() && b.is_none() {
                c = Some(Lane::Dropped);
            }
        }
        _ => {}
    }
    [a, b, c].into_iter().flatten()
}

/// How many events (or runs, for the function) each lane holds at a moment.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct LaneCounts {
    pub sent: [u64; 3],
    pub queue: u64,
    pub function: u64,
    pub retry: u64,
    pub success: u64,
    pub destination_success: u64,
    pub destination_failure: u64,
    pub dlq_sqs: u64,
    pub dlq_sns: u64,
    pub dropped: u64,
    /// Age of the oldest event in the queue (ms).
    pub oldest_queued_ms: AwsMillis,
}

impl LaneCounts {
    pub fn get(&self, lane: Lane) -> u64 {
        match lane {
            Lane::Source(s) => self.sent[Service::ALL.iter().position(|x| *x == s).unwrap_or(0)],
            Lane::Queue => self.queue,
            Lane::Function => self.function,
            Lane::Retry => self.retry,
            Lane::Success => self.success,
            Lane::DestinationSuccess => self.destination_success,
            Lane::DestinationFailure => self.destination_failure,
            Lane::Dlq(DlqTarget::Sqs) => self.dlq_sqs,
            Lane::Dlq(DlqTarget::Sns) => self.dlq_sns,
            Lane::Dropped => self.dropped,
        }
    }

    fn bump(&mut self, lane: Lane) {
        let slot = match lane {
            Lane::Source(s) => &mut self.sent[Service::ALL.iter().position(|x| *x == s).unwrap_or(0)],
            Lane::Queue => &mut self.queue,
            Lane::Function => &mut self.function,
            Lane::Retry => &mut self.retry,
            Lane::Success => &mut self.success,
            Lane::DestinationSuccess => &mut self.destination_success,
            Lane::DestinationFailure => &mut self.destination_failure,
            Lane::Dlq(DlqTarget::Sqs) => &mut self.dlq_sqs,
            Lane::Dlq(DlqTarget::Sns) => &mut self.dlq_sns,
            Lane::Dropped => &mut self.dropped,
        };
        *slot += 1;
    }
}

/// Every lane's count at `t`. Events are in arrival order, so the scan stops at the first unsent one.
pub fn lane_counts(s: &Scenario, run: &Run, t: AwsMillis) -> LaneCounts {
    let mut c = LaneCounts::default();
    for rec in &run.events {
        let Some(place) = place_at(rec, t) else { break };
        c.bump(Lane::Source(rec.service()));
        if duplicate_run_at(rec, t).is_some() {
            c.function += 1;
        }
        match place {
            Place::Queue { .. } => {
                c.queue += 1;
                c.oldest_queued_ms = c.oldest_queued_ms.max(t - rec.received_ms);
            }
            Place::Running { .. } => c.function += 1,
            Place::RetryWait { .. } => c.retry += 1,
            Place::Ended { outcome, .. } => {
                for lane in ending_lanes(s, outcome) {
                    c.bump(lane);
                }
            }
        }
    }
    c
}
