//! The report `simulate` prints (`scenario.md`, "Headless run").

use serde::Serialize;
use serde_json::Value;

use crate::caller::CallerStatus;
use crate::engine::{Counts, EventRecord, Reprocessing, Run};
use crate::moment::caller_wait_ms;
use crate::outcome::{Attempts, Outcome};
use crate::records::{destination_record, dlq_message, request_id};
use crate::rng::Rng;
use crate::scenario::{Invocation, Scenario, Service, Warning};
use crate::time::AwsMillis;

/// What `simulate` prints for a run: its counts, warnings and reprocessings, and, on request, every event.
#[derive(Serialize)]
pub struct Report {
    /// The run's totals, flattened into the report's top level.
    #[serde(flatten)]
    pub counts: Counts,
    /// The scenario's settings that do nothing in its kind of run ([`Scenario::warnings`]).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub warnings: Vec<Warning>,
    /// What each reprocessing of the SQS DLQ did, in time order.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub reprocessing: Vec<Reprocessing>,
    /// One entry per event, in arrival order, when the events were asked for.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub events: Option<Vec<EventReport>>,
}

/// One event's story in the report.
#[derive(Serialize)]
pub struct EventReport {
    /// Lambda's request id for the invocation (a UUID drawn from the seed).
    pub request_id: String,
    /// The service that sent the payload.
    pub source: Service,
    /// When Lambda received the event.
    pub received_ms: AwsMillis,
    /// The runs of the handler, duplicate deliveries flagged.
    pub attempts: Attempts,
    /// How often a delivery found no free concurrency.
    pub throttles: u32,
    /// Where the event's story ended.
    pub outcome: Outcome,
    /// When it ended; `null` while in flight.
    pub ended_ms: Option<AwsMillis>,
    /// Synchronous: what the caller got back, `null` while it still waited.
    #[serde(skip_serializing_if = "is_async")]
    pub caller_status: SyncOnly<Option<CallerStatus>>,
    /// Synchronous: how long the caller waited for its answer, `null` while it still waited.
    #[serde(skip_serializing_if = "is_async")]
    pub caller_wait_ms: SyncOnly<Option<AwsMillis>>,
    /// For a reprocessed event: the position of the event whose DLQ message it was.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub origin: Option<usize>,
    /// When this event's message left the SQS DLQ to be reprocessed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reprocessed_ms: Option<AwsMillis>,
    /// The message the dead-letter queue received, when it received one.
    pub dlq_message: Option<Value>,
    /// The invocation record a destination received, when one did.
    pub destination_record: Option<Value>,
}

/// A field that only a synchronous call has: left out for an asynchronous event.
#[derive(Serialize)]
#[serde(transparent)]
pub struct SyncOnly<T>(Option<T>);

fn is_async<T>(c: &SyncOnly<T>) -> bool {
    c.0.is_none()
}

impl EventReport {
    /// The report of event `e` of a run of `s` (`rng` draws its request id and payload).
    pub fn of(s: &Scenario, rng: &Rng, e: &EventRecord) -> Self {
        let sync = e.invocation == Invocation::Sync;
        EventReport {
            request_id: request_id(rng, e.key),
            source: e.service(),
            received_ms: e.received_ms,
            attempts: e.attempts,
            throttles: e.throttles,
            outcome: e.outcome,
            ended_ms: e.ended_ms,
            caller_status: SyncOnly(sync.then(|| CallerStatus::of_sync(e.outcome))),
            caller_wait_ms: SyncOnly(sync.then(|| caller_wait_ms(e))),
            origin: e.origin.map(|o| o.event as usize),
            reprocessed_ms: e.reprocessed_ms,
            dlq_message: dlq_message(s, e),
            destination_record: destination_record(s, e),
        }
    }
}

/// The report of a run; with `summary` the events are left out.
pub fn report(s: &Scenario, run: &Run, summary: bool) -> Report {
    let rng = Rng::new(s.seed);
    Report {
        counts: run.counts,
        warnings: s.warnings(),
        reprocessing: run.reprocessing.clone(),
        events: (!summary).then(|| run.events.iter().map(|e| EventReport::of(s, &rng, e)).collect()),
    }
}
