//! Where an event ends: the one answer to "where does this event go".
//! <https://docs.aws.amazon.com/lambda/latest/dg/invocation-async-retain-records.html>
//!
//! An event that succeeded ends in the success lane and, when one is set, at the on-success
//! destination. An event Lambda discarded (retries exhausted, too old, reserved concurrency 0) goes to
//! the dead-letter queue and to the on-failure destination: to *both* when both are set, since AWS
//! gives neither precedence. A discarded event with neither is lost. A synchronous call's error goes
//! back to its caller, and nowhere else. The engine asks this once per event, with the settings in
//! force when the event ends, and records the answer in the event ([`crate::EventRecord::endings`]):
//! the counts, the records and the stage read it from there.

use crate::outcome::Outcome;
use crate::scenario::{Destination, DlqTarget, Invocation, Settings};

/// One place an event can end in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Ending {
    /// The function succeeded: the event is done.
    Success,
    /// The on-success destination, which receives an invocation record.
    OnSuccess(Destination),
    /// The dead-letter queue, which receives the original event with the error attributes.
    Dlq(DlqTarget),
    /// The on-failure destination, which receives an invocation record.
    OnFailure(Destination),
    /// Discarded with neither a DLQ nor an on-failure destination: nothing of the event remains
    /// except the `AsyncEventsDropped` metric.
    Lost,
    /// A synchronous call's error (function error or throttle), back with its caller.
    Caller,
}

/// Every place one event ends in (none while it is in flight). A small `Copy` value: ask for the
/// places one by one with the fields, or walk them with [`Endings::iter`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub struct Endings {
    /// The event ended with a successful run.
    pub success: bool,
    /// The on-success destination that received its record.
    pub on_success: Option<Destination>,
    /// The dead-letter queue that received its message.
    pub dlq: Option<DlqTarget>,
    /// The on-failure destination that received its record.
    pub on_failure: Option<Destination>,
    /// Discarded with nowhere to go.
    pub lost: bool,
    /// A synchronous call's error, back with its caller.
    pub caller: bool,
}

impl Endings {
    /// The places, in the order the stage lists its ending lanes (see the `IntoIterator` impl).
    pub fn iter(self) -> <Self as IntoIterator>::IntoIter {
        self.into_iter()
    }

    /// Whether the event ends anywhere yet.
    pub fn is_empty(self) -> bool {
        self.iter().next().is_none()
    }
}

impl IntoIterator for Endings {
    type Item = Ending;
    type IntoIter = std::iter::Flatten<std::array::IntoIter<Option<Ending>, 6>>;

    /// The places, in the order the stage lists its ending lanes.
    fn into_iter(self) -> Self::IntoIter {
        [
            self.success.then_some(Ending::Success),
            self.on_success.map(Ending::OnSuccess),
            self.dlq.map(Ending::Dlq),
            self.on_failure.map(Ending::OnFailure),
            self.lost.then_some(Ending::Lost),
            self.caller.then_some(Ending::Caller),
        ]
        .into_iter()
        .flatten()
    }
}

/// Where an event with `outcome` ends under the settings `s` in force when it ends: a success goes
/// to the on-success destination if one is set; a discarded event goes to the DLQ and/or the
/// on-failure destination, both when both are set (no precedence), and is lost when neither is; an
/// event in flight ends nowhere yet. A synchronous call has no DLQ and no destinations: its answer,
/// error or not, goes back to its caller.
/// <https://docs.aws.amazon.com/lambda/latest/dg/invocation-async-retain-records.html>,
/// <https://docs.aws.amazon.com/lambda/latest/dg/invocation-sync.html>
pub fn endings(invocation: Invocation, s: &Settings, outcome: Outcome) -> Endings {
    let on_success = match invocation {
        Invocation::Async => s.on_success,
        Invocation::Sync => None,
    };
    match outcome {
        Outcome::Succeeded => Endings { success: true, on_success, ..Endings::default() },
        o if o.is_failure() => Endings {
            dlq: s.dlq,
            on_failure: s.on_failure,
            lost: s.dlq.is_none() && s.on_failure.is_none(),
            ..Endings::default()
        },
        o if o.returned_error() => Endings { caller: true, ..Endings::default() },
        _ => Endings::default(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::scenario::Scenario;

    fn with(dlq: Option<DlqTarget>, on_success: Option<Destination>, on_failure: Option<Destination>) -> Settings {
        Scenario { dlq, on_success, on_failure, ..Scenario::default() }.settings()
    }

    fn places(s: &Settings, o: Outcome) -> Vec<Ending> {
        endings(Invocation::Async, s, o).iter().collect()
    }

    #[test]
    fn a_success_ends_in_the_success_lane_and_the_on_success_destination_only() {
        let s = with(Some(DlqTarget::Sqs), Some(Destination::Lambda), Some(Destination::Sqs));
        assert_eq!(places(&s, Outcome::Succeeded), [Ending::Success, Ending::OnSuccess(Destination::Lambda)]);
        assert_eq!(places(&with(None, None, None), Outcome::Succeeded), [Ending::Success]);
    }

    #[test]
    fn a_failure_goes_to_both_the_dlq_and_the_on_failure_destination_without_precedence() {
        let s = with(Some(DlqTarget::Sns), Some(Destination::Sqs), Some(Destination::EventBridge));
        for o in [Outcome::RetriesExhausted, Outcome::EventAgeExceeded, Outcome::ZeroReservedConcurrency] {
            assert_eq!(places(&s, o), [Ending::Dlq(DlqTarget::Sns), Ending::OnFailure(Destination::EventBridge)]);
        }
        assert_eq!(
            places(&with(Some(DlqTarget::Sqs), None, None), Outcome::RetriesExhausted),
            [Ending::Dlq(DlqTarget::Sqs)]
        );
        assert_eq!(
            places(&with(None, None, Some(Destination::S3)), Outcome::EventAgeExceeded),
            [Ending::OnFailure(Destination::S3)]
        );
    }

    #[test]
    fn a_failure_with_neither_a_dlq_nor_an_on_failure_destination_is_lost() {
        let s = with(None, Some(Destination::Sqs), None);
        assert_eq!(places(&s, Outcome::RetriesExhausted), [Ending::Lost]);
        assert!(!endings(Invocation::Async, &with(Some(DlqTarget::Sqs), None, None), Outcome::RetriesExhausted).lost);
        assert!(!endings(Invocation::Async, &s, Outcome::Succeeded).lost);
    }

    #[test]
    fn an_event_in_flight_ends_nowhere_yet() {
        let s = with(Some(DlqTarget::Sqs), Some(Destination::Sqs), Some(Destination::Sqs));
        assert!(endings(Invocation::Async, &s, Outcome::InFlight).is_empty());
        assert_eq!(endings(Invocation::Async, &s, Outcome::InFlight).into_iter().count(), 0);
    }

    #[test]
    fn a_synchronous_answer_goes_back_to_the_caller_and_never_to_a_dlq_or_destination() {
        let s = with(Some(DlqTarget::Sqs), Some(Destination::Sqs), Some(Destination::Sqs));
        let sync = |o| endings(Invocation::Sync, &s, o).iter().collect::<Vec<_>>();
        assert_eq!(sync(Outcome::Succeeded), [Ending::Success]);
        assert_eq!(sync(Outcome::ErrorToCaller), [Ending::Caller]);
        assert_eq!(sync(Outcome::ThrottleToCaller), [Ending::Caller]);
    }
}
