//! The report `simulate` prints (`scenario.md`, "Headless run").

use serde::Serialize;
use serde_json::Value;

use crate::engine::{Counts, EventRecord, Run};
use crate::outcome::{Attempts, Outcome};
use crate::records::{destination_record, dlq_message, request_id};
use crate::rng::Rng;
use crate::scenario::{Scenario, Service};
use crate::time::AwsMillis;

#[derive(Serialize)]
pub struct Report {
    #[serde(flatten)]
    pub counts: Counts,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub events: Option<Vec<EventReport>>,
}

#[derive(Serialize)]
pub struct EventReport {
    pub request_id: String,
    pub source: Service,
    pub received_ms: AwsMillis,
    pub attempts: Attempts,
    pub throttles: u32,
    pub outcome: Outcome,
    pub ended_ms: Option<AwsMillis>,
    pub dlq_message: Option<Value>,
    pub destination_record: Option<Value>,
}

impl EventReport {
    pub fn of(s: &Scenario, rng: &Rng, e: &EventRecord) -> Self {
        EventReport {
            request_id: request_id(rng, e.key),
            source: e.service(),
            received_ms: e.received_ms,
            attempts: e.attempts,
            throttles: e.throttles,
            outcome: e.outcome,
            ended_ms: e.ended_ms,
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
        events: (!summary).then(|| run.events.iter().map(|e| EventReport::of(s, &rng, e)).collect()),
    }
}
