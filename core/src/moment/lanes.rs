//! The lanes of the stage and how many events each holds at a moment: [`Lane`], [`LaneCounts`],
//! the full scan [`lane_counts`] (the reference the index is tested against) and the lanes an
//! ended event stands in ([`ending_lanes`]).

use super::place::{duplicate_run_at, place_at, Place};
use crate::engine::{EventRecord, Run};
use crate::outcome::Outcome;
use crate::scenario::{DlqTarget, Scenario, Service};
use crate::service::PerService;
use crate::time::AwsMillis;

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
    /// Events sent so far, per service.
    pub sent: PerService<u64>,
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
            Lane::Source(s) => self.sent[s],
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

    pub(super) fn bump(&mut self, lane: Lane) {
        *self.slot_mut(lane) += 1;
    }

    /// `n` more in `lane` at once (what [`LaneCounts::bump`] does one at a time).
    pub(super) fn add(&mut self, lane: Lane, n: u32) {
        *self.slot_mut(lane) += u64::from(n);
    }

    /// The counter of `lane`: the one place that maps lanes to fields for writing.
    fn slot_mut(&mut self, lane: Lane) -> &mut u64 {
        match lane {
            Lane::Source(s) => &mut self.sent[s],
            Lane::Queue => &mut self.queue,
            Lane::Function => &mut self.function,
            Lane::Retry => &mut self.retry,
            Lane::Success => &mut self.success,
            Lane::DestinationSuccess => &mut self.destination_success,
            Lane::DestinationFailure => &mut self.destination_failure,
            Lane::Dlq(DlqTarget::Sqs) => &mut self.dlq_sqs,
            Lane::Dlq(DlqTarget::Sns) => &mut self.dlq_sns,
            Lane::Dropped => &mut self.dropped,
        }
    }
}

/// Every lane's count at `t`. Events are in arrival order, so the scan stops at the first unsent one.
pub fn lane_counts(s: &Scenario, run: &Run, t: AwsMillis) -> LaneCounts {
    let mut c = LaneCounts::default();
    for rec in run.events.iter().take_while(|rec| rec.received_ms <= t) {
        c.bump(Lane::Source(rec.service()));
        count_place(&mut c, s, rec, t);
    }
    c
}

/// Adds one event's place at `t` to the counts (the body of [`lane_counts`]'s loop).
pub(super) fn count_place(c: &mut LaneCounts, s: &Scenario, rec: &EventRecord, t: AwsMillis) {
    let Some(place) = place_at(rec, t) else { return };
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
