//! The lanes of the stage and how many events each holds at a moment: [`Lane`], [`LaneCounts`],
//! the full scan [`lane_counts`] (the reference the index is tested against) and the lanes an
//! ended event stands in ([`ending_lanes`], [`resting_lanes`]).

use super::place::{caller_at, duplicate_run_at, place_at, Caller, Place};
use crate::engine::{EventRecord, Run};
use crate::outcome::Outcome;
use crate::route::{endings, Ending, Endings};
use crate::scenario::{DlqTarget, Invocation, Scenario, Service};
use crate::service::PerService;
use crate::time::AwsMillis;

/// The lanes of the stage. Ended events may stand in two (a DLQ and an on-failure destination).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Lane {
    /// A source's events as it sends them, one lane per service.
    Source(Service),
    /// Lambda's internal event queue: events waiting for the poller.
    Queue,
    /// Runs of the handler going on.
    Function,
    /// Events waiting out the wait before a retry.
    Retry,
    /// Events whose handler ran successfully.
    Success,
    /// Invocation records at the on-success destination.
    DestinationSuccess,
    /// Invocation records at the on-failure destination.
    DestinationFailure,
    /// Messages in the dead-letter queue (SQS queue or SNS topic).
    Dlq(DlqTarget),
    /// Discarded events with neither a DLQ nor an on-failure destination: nothing of them remains.
    Lost,
    /// A synchronous call's error, back with its caller (function error or 429).
    Caller,
}

impl Lane {
    /// The lane an event's ending is drawn in.
    pub fn of(ending: Ending) -> Lane {
        match ending {
            Ending::Success => Lane::Success,
            Ending::OnSuccess(_) => Lane::DestinationSuccess,
            Ending::Dlq(target) => Lane::Dlq(target),
            Ending::OnFailure(_) => Lane::DestinationFailure,
            Ending::Lost => Lane::Lost,
            Ending::Caller => Lane::Caller,
        }
    }
}

/// The lanes an ended event was sent to: where [`endings`] said it ends, with the settings in
/// force when it ended (both a DLQ and an on-failure destination when both were set). Empty while
/// it is in flight.
pub fn ending_lanes(rec: &EventRecord) -> impl Iterator<Item = Lane> {
    rec.endings.into_iter().map(Lane::of)
}

/// Whether the event's message has left the SQS dead-letter queue by `t`, reprocessed.
pub fn left_dlq(rec: &EventRecord, t: AwsMillis) -> bool {
    rec.reprocessed_ms.is_some_and(|r| r <= t)
}

/// The lanes an ended event stands in at `t`: its [`ending_lanes`], less the SQS DLQ once its
/// message was reprocessed (the on-failure destination keeps its record).
pub fn resting_lanes(rec: &EventRecord, t: AwsMillis) -> impl Iterator<Item = Lane> {
    let left = left_dlq(rec, t);
    ending_lanes(rec).filter(move |l| !(left && *l == Lane::Dlq(DlqTarget::Sqs)))
}

/// Whether the scenario ever puts an event in `lane` (the stage dims the others): a source lane
/// when a source of its service sends, the queue and retry lanes in an asynchronous run, an
/// ending lane when some outcome ends there under some settings the run goes through.
pub fn lane_used(s: &Scenario, lane: Lane) -> bool {
    match lane {
        Lane::Source(service) => s.sources.iter().any(|src| src.service == service),
        Lane::Function => true,
        Lane::Queue | Lane::Retry => s.invocation == Invocation::Async,
        ending => s.settings_over_run().any(|set| {
            Outcome::ALL
                .into_iter()
                .filter(|o| o.occurs_in(s.invocation))
                .any(|o| endings(s.invocation, &set, o).into_iter().any(|e| Lane::of(e) == ending))
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::{run, Keep};
    use crate::scenario::{Destination, ErrorKind, FailureMode};

    /// Both a DLQ and an on-failure destination receive a failed event: it counts in both lanes,
    /// and both lanes are in use, while the lost lane is not.
    #[test]
    fn a_failed_event_counts_in_the_dlq_and_the_on_failure_lane_when_both_are_set() {
        let mut s =
            Scenario { dlq: Some(DlqTarget::Sns), on_failure: Some(Destination::Lambda), ..Scenario::default() };
        s.function.failure = FailureMode::Always { error: ErrorKind::Error };
        let r = run(&s, Keep::All);
        let c = lane_counts(&r, r.run_for_ms);
        let failed = r.counts.retries_exhausted;
        assert_eq!(failed, 3);
        assert_eq!((c.dlq_sns, c.destination_failure, c.lost, c.dlq_sqs), (failed, failed, 0, 0));
        assert!(lane_used(&s, Lane::Dlq(DlqTarget::Sns)) && lane_used(&s, Lane::DestinationFailure));
        assert!(!lane_used(&s, Lane::Lost) && !lane_used(&s, Lane::Dlq(DlqTarget::Sqs)));
        assert!(!lane_used(&s, Lane::DestinationSuccess) && !lane_used(&s, Lane::Caller));
        s.dlq = None;
        s.on_failure = None;
        assert!(lane_used(&s, Lane::Lost));
        let r = run(&s, Keep::All);
        assert_eq!(lane_counts(&r, r.run_for_ms).lost, 3);
    }

    #[test]
    fn adding_endings_counts_what_walking_them_counts() {
        let dests = [None].into_iter().chain(Destination::ON_FAILURE.map(Some));
        let dlqs = [None, Some(DlqTarget::Sqs), Some(DlqTarget::Sns)];
        for on_success in dests.clone() {
            for on_failure in dests.clone() {
                for dlq in dlqs {
                    for flags in 0..8u8 {
                        let (success, lost, caller) = (flags & 1 != 0, flags & 2 != 0, flags & 4 != 0);
                        let e = Endings { success, on_success, dlq, on_failure, lost, caller };
                        let (mut added, mut walked) = (LaneCounts::default(), LaneCounts::default());
                        added.add_endings(e);
                        e.into_iter().for_each(|place| walked.bump(Lane::of(place)));
                        assert_eq!(added, walked, "{e:?}");
                    }
                }
            }
        }
    }
}

/// How many events (or runs, for the function) each lane holds at a moment.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct LaneCounts {
    /// Synchronous callers waiting for their answer (their call running, or backing off).
    pub callers_waiting: u64,
    /// Synchronous calls whose caller is waiting out its SDK's backoff before trying again (not in
    /// any lane of Lambda's: a synchronous call is never queued).
    pub caller_backoff: u64,
    /// Events sent so far, per service.
    pub sent: PerService<u64>,
    /// Events in the internal queue.
    pub queue: u64,
    /// Runs of the handler going on (duplicate runs included).
    pub function: u64,
    /// Events waiting out a retry wait.
    pub retry: u64,
    /// Events ended in success.
    pub success: u64,
    /// Events whose record went to the on-success destination.
    pub destination_success: u64,
    /// Events whose record went to the on-failure destination.
    pub destination_failure: u64,
    /// Messages in the SQS dead-letter queue (reprocessed ones have left).
    pub dlq_sqs: u64,
    /// Messages published to the SNS dead-letter topic.
    pub dlq_sns: u64,
    /// Events discarded with nowhere to go.
    pub lost: u64,
    /// Synchronous calls whose error went back to the caller.
    pub caller: u64,
    /// Age of the oldest event in the queue (ms).
    pub oldest_queued_ms: AwsMillis,
}

impl LaneCounts {
    /// How many `lane` holds.
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
            Lane::Lost => self.lost,
            Lane::Caller => self.caller,
        }
    }

    pub(super) fn bump(&mut self, lane: Lane) {
        *self.slot_mut(lane) += 1;
    }

    /// `n` more in `lane` at once (what [`LaneCounts::bump`] does one at a time).
    pub(super) fn add(&mut self, lane: Lane, n: u32) {
        *self.slot_mut(lane) += u64::from(n);
    }

    /// One more in each lane an event that ended in `e` stands in: [`Lane::of`] each place, counted
    /// field by field rather than walked (the stage asks this for every ended event in a window,
    /// every frame). The test `adding_endings_counts_what_walking_them_counts` holds the two equal.
    pub(super) fn add_endings(&mut self, e: Endings) {
        self.success += u64::from(e.success);
        self.destination_success += u64::from(e.on_success.is_some());
        self.dlq_sqs += u64::from(e.dlq == Some(DlqTarget::Sqs));
        self.dlq_sns += u64::from(e.dlq == Some(DlqTarget::Sns));
        self.destination_failure += u64::from(e.on_failure.is_some());
        self.lost += u64::from(e.lost);
        self.caller += u64::from(e.caller);
    }

    /// Adds (`more`) or takes away each count of `other` but the queue's age (an age is no sum):
    /// the one place that walks every count, so that an event's share can be moved as it changes.
    pub(super) fn merge(&mut self, other: &LaneCounts, more: bool) {
        let LaneCounts {
            callers_waiting,
            caller_backoff,
            sent,
            queue,
            function,
            retry,
            success,
            destination_success,
            destination_failure,
            dlq_sqs,
            dlq_sns,
            lost,
            caller,
            oldest_queued_ms: _,
        } = other;
        let pairs = [
            (&mut self.callers_waiting, callers_waiting),
            (&mut self.caller_backoff, caller_backoff),
            (&mut self.queue, queue),
            (&mut self.function, function),
            (&mut self.retry, retry),
            (&mut self.success, success),
            (&mut self.destination_success, destination_success),
            (&mut self.destination_failure, destination_failure),
            (&mut self.dlq_sqs, dlq_sqs),
            (&mut self.dlq_sns, dlq_sns),
            (&mut self.lost, lost),
            (&mut self.caller, caller),
        ];
        let step = |to: &mut u64, n: u64| *to = if more { *to + n } else { *to - n };
        for (to, n) in pairs {
            step(to, *n);
        }
        for (service, n) in sent.iter() {
            step(&mut self.sent[service], *n);
        }
    }

    /// The counter of `lane`: the one place that maps lanes to fields for writing.
    pub fn slot_mut(&mut self, lane: Lane) -> &mut u64 {
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
            Lane::Lost => &mut self.lost,
            Lane::Caller => &mut self.caller,
        }
    }
}

/// Every lane's count at `t`. Events are in arrival order, so the scan stops at the first unsent one.
pub fn lane_counts(run: &Run, t: AwsMillis) -> LaneCounts {
    let mut c = LaneCounts::default();
    for rec in run.events.iter().take_while(|rec| rec.received_ms <= t) {
        c.bump(Lane::Source(rec.service()));
        count_place(&mut c, rec, t);
        if left_dlq(rec, t) {
            c.dlq_sqs -= 1;
        }
    }
    c
}

/// Adds one event's place at `t` to the counts (the body of [`lane_counts`]'s loop). An ended
/// event counts in every lane it was sent to: a message reprocessed since is taken off by the
/// caller, who knows when messages left.
pub(super) fn count_place(c: &mut LaneCounts, rec: &EventRecord, t: AwsMillis) {
    count_placed(c, rec, t, place_at(rec, t), duplicate_run_at(rec, t).is_some());
}

/// [`count_place`] for an event whose place at `t` and whether a duplicate run of it is going on
/// are known already (what [`super::InFlight`] keeps as well).
pub(super) fn count_placed(c: &mut LaneCounts, rec: &EventRecord, t: AwsMillis, place: Option<Place>, duplicate: bool) {
    let Some(place) = place else { return };
    if duplicate {
        c.function += 1;
    }
    if rec.invocation == Invocation::Sync && matches!(caller_at(rec, t), Some(Caller::Waiting { .. })) {
        c.callers_waiting += 1;
    }
    match place {
        Place::Queue { .. } => {
            c.queue += 1;
            c.oldest_queued_ms = c.oldest_queued_ms.max(t - rec.received_ms);
        }
        Place::Running { .. } => c.function += 1,
        Place::RetryWait { .. } => c.retry += 1,
        Place::CallerBackoff { .. } => c.caller_backoff += 1,
        Place::Ended { .. } => c.add_endings(rec.endings),
    }
}
