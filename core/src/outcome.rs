//! How attempts and events end.

use serde::Serialize;

use crate::scenario::Invocation;
use crate::time::AwsMillis;

/// How one run of the handler ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum AttemptResult {
    /// The handler returned without error.
    #[default]
    Success,
    /// The handler threw (invoke status 200, `FunctionError: Unhandled`).
    Error,
    /// The runtime stopped the handler at the function's timeout.
    Timeout,
}

impl AttemptResult {
    /// Whether the run ended in a function error (an error or a timeout).
    pub fn failed(self) -> bool {
        self != AttemptResult::Success
    }
}

/// One run of the handler for an event. Duplicate deliveries are runs too, flagged.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Default)]
pub struct Attempt {
    /// When the run started.
    pub start_ms: AwsMillis,
    /// When the run ended: after the handler's work, or at the function's timeout.
    pub end_ms: AwsMillis,
    /// How the run ended.
    pub result: AttemptResult,
    /// Whether the run was a duplicate delivery rather than a regular attempt.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub duplicate: bool,
}

/// Where an event's story ends. Every received event has exactly one.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    /// A run of the handler succeeded (`Success`).
    Succeeded,
    /// Every allowed attempt failed (`RetriesExhausted`).
    RetriesExhausted,
    /// Too old to be tried again (`EventAgeExceeded`).
    EventAgeExceeded,
    /// Reserved concurrency 0: sent on at once, never run (`ZeroReservedConcurrency`).
    ZeroReservedConcurrency,
    /// Still queued, waiting or running when the run ended (for a synchronous call: running, or
    /// its caller backing off before trying again).
    #[default]
    InFlight,
    /// Synchronous: the function ran and failed, and the error went back to the caller (`200`
    /// with `X-Amz-Function-Error: Unhandled`). Lambda keeps nothing of it.
    ErrorToCaller,
    /// Synchronous: no concurrency was free and the caller got `429 TooManyRequestsException`
    /// (after its own retries, if it makes any). Nothing ran.
    ThrottleToCaller,
}

impl Outcome {
    /// Every outcome; the synchronous ones last, so that the asynchronous ones keep their places.
    pub const ALL: [Outcome; 7] = [
        Outcome::Succeeded,
        Outcome::RetriesExhausted,
        Outcome::EventAgeExceeded,
        Outcome::ZeroReservedConcurrency,
        Outcome::InFlight,
        Outcome::ErrorToCaller,
        Outcome::ThrottleToCaller,
    ];

    /// Whether Lambda discarded the event without a successful run. Where a discarded event goes
    /// (the DLQ and/or the on-failure destination, or nowhere) is [`crate::route::endings`]'s answer.
    /// A synchronous call that failed is not discarded by Lambda: its caller got the error
    /// ([`Outcome::returned_error`]).
    pub fn is_failure(self) -> bool {
        matches!(self, Outcome::RetriesExhausted | Outcome::EventAgeExceeded | Outcome::ZeroReservedConcurrency)
    }

    /// Whether a run of this kind of invocation can end an event so.
    pub fn occurs_in(self, invocation: Invocation) -> bool {
        match self {
            Outcome::Succeeded | Outcome::InFlight => true,
            Outcome::ErrorToCaller | Outcome::ThrottleToCaller => invocation == Invocation::Sync,
            _ => invocation == Invocation::Async,
        }
    }

    /// Whether a synchronous caller got an error back (a function error or a throttle).
    pub fn returned_error(self) -> bool {
        matches!(self, Outcome::ErrorToCaller | Outcome::ThrottleToCaller)
    }

    /// The invocation record's `condition`.
    pub fn condition(self) -> Option<&'static str> {
        match self {
            Outcome::Succeeded => Some("Success"),
            Outcome::RetriesExhausted => Some("RetriesExhausted"),
            Outcome::EventAgeExceeded => Some("EventAgeExceeded"),
            Outcome::ZeroReservedConcurrency => Some("ZeroReservedConcurrency"),
            // Invocation records belong to asynchronous invocation only.
            Outcome::InFlight | Outcome::ErrorToCaller | Outcome::ThrottleToCaller => None,
        }
    }

    /// The outcome's name in the report and the counts (`succeeded`, `retries_exhausted`, ...).
    pub fn name(self) -> &'static str {
        match self {
            Outcome::Succeeded => "succeeded",
            Outcome::RetriesExhausted => "retries_exhausted",
            Outcome::EventAgeExceeded => "event_age_exceeded",
            Outcome::ZeroReservedConcurrency => "zero_reserved_concurrency",
            Outcome::InFlight => "in_flight",
            Outcome::ErrorToCaller => "error_to_caller",
            Outcome::ThrottleToCaller => "throttle_to_caller",
        }
    }
}

/// The most runs an event can have: 3 attempts and one duplicate delivery.
pub const MAX_RUNS: usize = 4;

/// An event's runs, kept inline: no allocation per event on the engine's hot path.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub struct Attempts {
    items: [Attempt; MAX_RUNS],
    len: u8,
}

impl Attempts {
    /// Adds a run that ended; an event has at most [`MAX_RUNS`].
    pub fn push(&mut self, a: Attempt) {
        self.items[usize::from(self.len)] = a;
        self.len += 1;
    }

    /// The runs, in the order they ended.
    pub fn as_slice(&self) -> &[Attempt] {
        &self.items[..usize::from(self.len)]
    }

    /// How many runs ended.
    pub fn len(&self) -> usize {
        usize::from(self.len)
    }

    /// Whether no run has ended yet.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// Runs that were not duplicate deliveries.
    pub fn regular(&self) -> impl Iterator<Item = &Attempt> {
        self.as_slice().iter().filter(|a| !a.duplicate)
    }
}

impl Serialize for Attempts {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.as_slice().serialize(s)
    }
}
