//! CloudWatch-style metrics of a run (namespace AWS/Lambda), sampled per AWS minute.
//! [monitoring-metrics]
//!
//! Buckets grow with the run's length, never with its number of events.

use serde::Serialize;

use crate::time::{AwsMillis, MINUTE};

/// One AWS minute of metrics, named as CloudWatch names them.
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct MinuteMetrics {
    /// Runs of the handler started (duplicate deliveries included).
    pub invocations: u32,
    /// Runs that ended in a function error or timeout.
    pub errors: u32,
    pub throttles: u32,
    /// Most attempts running at once during the minute.
    pub concurrent_executions: u32,
    pub async_events_received: u32,
    /// Longest time an invoked event had spent since it was queued (ms), over the minute.
    pub async_event_age: AwsMillis,
    /// Events discarded without success: retries exhausted, too old, or reserved concurrency 0.
    pub async_events_dropped: u32,
    /// DLQ messages that could not be delivered (none in this model: every payload fits).
    pub dead_letter_errors: u32,
    /// Destination records that could not be delivered (none in this model).
    pub destination_delivery_failures: u32,
}

/// The metric names, in display order, as CloudWatch names them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
pub enum MetricName {
    Invocations,
    Errors,
    Throttles,
    ConcurrentExecutions,
    AsyncEventsReceived,
    AsyncEventAge,
    AsyncEventsDropped,
    DeadLetterErrors,
    DestinationDeliveryFailures,
}

impl MetricName {
    pub const ALL: [MetricName; 9] = [
        MetricName::Invocations,
        MetricName::Errors,
        MetricName::Throttles,
        MetricName::ConcurrentExecutions,
        MetricName::AsyncEventsReceived,
        MetricName::AsyncEventAge,
        MetricName::AsyncEventsDropped,
        MetricName::DeadLetterErrors,
        MetricName::DestinationDeliveryFailures,
    ];

    pub fn name(self) -> &'static str {
        match self {
            MetricName::Invocations => "Invocations",
            MetricName::Errors => "Errors",
            MetricName::Throttles => "Throttles",
            MetricName::ConcurrentExecutions => "ConcurrentExecutions",
            MetricName::AsyncEventsReceived => "AsyncEventsReceived",
            MetricName::AsyncEventAge => "AsyncEventAge",
            MetricName::AsyncEventsDropped => "AsyncEventsDropped",
            MetricName::DeadLetterErrors => "DeadLetterErrors",
            MetricName::DestinationDeliveryFailures => "DestinationDeliveryFailures",
        }
    }
}

impl MinuteMetrics {
    pub fn get(&self, name: MetricName) -> u64 {
        match name {
            MetricName::Invocations => self.invocations.into(),
            MetricName::Errors => self.errors.into(),
            MetricName::Throttles => self.throttles.into(),
            MetricName::ConcurrentExecutions => self.concurrent_executions.into(),
            MetricName::AsyncEventsReceived => self.async_events_received.into(),
            MetricName::AsyncEventAge => self.async_event_age,
            MetricName::AsyncEventsDropped => self.async_events_dropped.into(),
            MetricName::DeadLetterErrors => self.dead_letter_errors.into(),
            MetricName::DestinationDeliveryFailures => self.destination_delivery_failures.into(),
        }
    }
}

/// Per-minute series of a run.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Metrics {
    pub minutes: Vec<MinuteMetrics>,
    /// The last minute whose ConcurrentExecutions baseline is filled in.
    #[serde(skip)]
    filled_to: usize,
}

impl Metrics {
    pub fn new(run_for_ms: AwsMillis) -> Self {
        Metrics { minutes: vec![MinuteMetrics::default(); (run_for_ms / MINUTE) as usize + 1], filled_to: 0 }
    }

    #[inline]
    pub fn at(&mut self, t: AwsMillis, running: u32) -> &mut MinuteMetrics {
        let i = ((t / MINUTE) as usize).min(self.minutes.len() - 1);
        // Minutes with no start still had the attempts that were running into them.
        while self.filled_to < i {
            self.filled_to += 1;
            let m = &mut self.minutes[self.filled_to];
            m.concurrent_executions = m.concurrent_executions.max(running);
        }
        &mut self.minutes[i]
    }
}
