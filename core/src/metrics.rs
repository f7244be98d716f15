//! CloudWatch-style metrics of a run (namespace AWS/Lambda), sampled per AWS minute.
//! <https://docs.aws.amazon.com/lambda/latest/dg/monitoring-metrics-types.html>
//!
//! Buckets grow with the run's length, never with its number of events. The engine only ever
//! touches the current minute: time moves forward, so [`Metrics::advance`] carries the gauges
//! (attempts running, events queued) into each minute it enters, and a minute in which nothing
//! happened still shows the attempts that ran through it.

use serde::Serialize;

use crate::outcome::Outcome;
use crate::time::{AwsMillis, MINUTE};

/// `AsyncEventsDropped` counts every event Lambda discards without a successful run (retries
/// exhausted, too old, reserved concurrency 0), whether or not it is then sent to a DLQ or an
/// on-failure destination: those are delivered "before they're dropped". The report's `lost`
/// count is narrower (see [`crate::engine::Counts::lost`]).
/// <https://docs.aws.amazon.com/lambda/latest/dg/monitoring-metrics-types.html>
pub fn counts_as_dropped(outcome: Outcome) -> bool {
    outcome.is_failure()
}

/// One AWS minute of metrics. The first nine are named as CloudWatch names them; the last two are
/// the internal queue's gauges, which AWS does not publish but the issue asks the lab to show.
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct MinuteMetrics {
    /// Runs of the handler started (duplicate deliveries included).
    pub invocations: u32,
    /// Runs that ended in a function error or timeout, in the minute each run *started*: CloudWatch
    /// stamps an error with the time the function was invoked.
    pub errors: u32,
    /// Invocation requests that found no free concurrency (CloudWatch `Throttles`).
    pub throttles: u32,
    /// Most attempts running at once during the minute.
    pub concurrent_executions: u32,
    /// Events Lambda accepted into the internal queue (CloudWatch `AsyncEventsReceived`).
    pub async_events_received: u32,
    /// Longest time an invoked event had spent since it was queued (ms), over the minute: the
    /// `Maximum` statistic, which is what shows a backlog building up.
    pub async_event_age: AwsMillis,
    /// Events discarded without success: retries exhausted, too old, or reserved concurrency 0,
    /// including those sent on to a DLQ or destination ([`counts_as_dropped`]).
    pub async_events_dropped: u32,
    /// DLQ messages that could not be delivered. Always 0 here: the lab's payloads are a few
    /// hundred bytes and its DLQ is always writable, so no delivery fails.
    pub dead_letter_errors: u32,
    /// Destination records that could not be delivered; always 0 for the same reason.
    pub destination_delivery_failures: u32,
    /// Most events waiting in the internal queue at once (fresh, throttled, or due for a retry but
    /// not yet running; events waiting out a retry wait are not in it).
    pub queue_depth: u32,
    /// Age (ms since it was received) of the oldest event waiting in the queue, at its highest.
    pub oldest_queued_age: AwsMillis,
}

/// The metric names, in display order, as CloudWatch names them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
pub enum MetricName {
    /// Times the function's code ran, successfully or not.
    Invocations,
    /// Runs that ended in a function error or a timeout.
    Errors,
    /// Invocation requests throttled for want of concurrency.
    Throttles,
    /// Function instances processing events at once.
    ConcurrentExecutions,
    /// Events Lambda successfully queued for processing.
    AsyncEventsReceived,
    /// Time between Lambda queueing an event and invoking the function with it.
    AsyncEventAge,
    /// Events discarded without a successful run.
    AsyncEventsDropped,
    /// Times Lambda could not send an event to the dead-letter queue.
    DeadLetterErrors,
    /// Times Lambda could not send an invocation record to a destination.
    DestinationDeliveryFailures,
    /// The lab's own gauge of the internal queue (not a CloudWatch metric).
    QueueDepth,
    /// The lab's own gauge of the internal queue (not a CloudWatch metric).
    OldestQueuedAge,
}

impl MetricName {
    /// Every metric, in display order.
    pub const ALL: [MetricName; 11] = [
        MetricName::Invocations,
        MetricName::Errors,
        MetricName::Throttles,
        MetricName::ConcurrentExecutions,
        MetricName::AsyncEventsReceived,
        MetricName::AsyncEventAge,
        MetricName::AsyncEventsDropped,
        MetricName::DeadLetterErrors,
        MetricName::DestinationDeliveryFailures,
        MetricName::QueueDepth,
        MetricName::OldestQueuedAge,
    ];

    /// The metric's name, as CloudWatch writes it (or the lab's own gauge's).
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
            MetricName::QueueDepth => "QueueDepth",
            MetricName::OldestQueuedAge => "OldestQueuedAge",
        }
    }

    /// Whether CloudWatch publishes this metric (the queue gauges are the lab's own).
    pub fn is_cloudwatch(self) -> bool {
        !matches!(self, MetricName::QueueDepth | MetricName::OldestQueuedAge)
    }
}

/// How CloudWatch aggregates a metric's datapoints over a period.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Statistic {
    /// The total of the datapoints (counts).
    Sum,
    /// The highest datapoint (gauges).
    Maximum,
}

impl Statistic {
    /// The statistic as CloudWatch names it.
    pub fn name(self) -> &'static str {
        match self {
            Statistic::Sum => "Sum",
            Statistic::Maximum => "Maximum",
        }
    }

    /// The figure of `values` (the datapoints of a period) under this statistic; `None` for a
    /// period without datapoints.
    pub fn over(self, values: impl IntoIterator<Item = u64>) -> Option<u64> {
        values.into_iter().reduce(|a, b| match self {
            Statistic::Sum => a + b,
            Statistic::Maximum => a.max(b),
        })
    }
}

impl MetricName {
    /// The statistic that gives a metric's figure over a period, as the AWS guide advises: the
    /// `Sum` of the counts (Invocations, Errors, Throttles, AsyncEventsReceived,
    /// AsyncEventsDropped, DeadLetterErrors, DestinationDeliveryFailures), the `Maximum` of the
    /// gauges (ConcurrentExecutions, AsyncEventAge, and the lab's own queue gauges).
    /// <https://docs.aws.amazon.com/lambda/latest/dg/monitoring-metrics-types.html>
    pub fn statistic(self) -> Statistic {
        match self {
            MetricName::ConcurrentExecutions
            | MetricName::AsyncEventAge
            | MetricName::QueueDepth
            | MetricName::OldestQueuedAge => Statistic::Maximum,
            _ => Statistic::Sum,
        }
    }
}

impl MinuteMetrics {
    /// The minute's value of metric `name` (ages in milliseconds).
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
            MetricName::QueueDepth => self.queue_depth.into(),
            MetricName::OldestQueuedAge => self.oldest_queued_age,
        }
    }
}

/// Per-minute series of a run: `minutes[i]` covers AWS time `[i min, (i + 1) min)`; the last one
/// holds the run's final instant.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Metrics {
    /// One bucket per AWS minute of the run, from minute 0.
    pub minutes: Vec<MinuteMetrics>,
    /// The minute the engine is in.
    #[serde(skip)]
    current: usize,
    /// Where the current minute ends; kept so that the hot path never divides.
    #[serde(skip)]
    current_end: AwsMillis,
}

impl Metrics {
    /// Empty buckets for every minute of a run of `run_for_ms`, its final instant included.
    pub fn new(run_for_ms: AwsMillis) -> Self {
        let minutes = vec![MinuteMetrics::default(); (run_for_ms / MINUTE) as usize + 1];
        let current_end = if minutes.len() == 1 { AwsMillis::MAX } else { MINUTE };
        Metrics { minutes, current: 0, current_end }
    }

    /// The minute `t` falls in (clamped to the last one).
    pub fn index_of(&self, t: AwsMillis) -> usize {
        ((t / MINUTE) as usize).min(self.minutes.len() - 1)
    }

    /// Moves to the minute of `t` if it is later. `running` and `queued` are the gauges as they
    /// stood just before `t`: every minute they held through starts from them. (A minute that
    /// begins exactly at `t` gets its gauges from the engine once `t`'s happenings are settled.)
    #[inline]
    pub(crate) fn advance(&mut self, t: AwsMillis, running: u32, queued: u32) {
        if t < self.current_end {
            return;
        }
        let target = self.index_of(t);
        let held_into_target = t > target as AwsMillis * MINUTE;
        while self.current < target {
            self.current += 1;
            if self.current < target || held_into_target {
                let m = &mut self.minutes[self.current];
                m.concurrent_executions = m.concurrent_executions.max(running);
                m.queue_depth = m.queue_depth.max(queued);
            }
        }
        self.current_end = (self.current as AwsMillis + 1) * MINUTE;
        if self.current == self.minutes.len() - 1 {
            self.current_end = AwsMillis::MAX;
        }
    }

    /// The current minute.
    #[inline]
    pub(crate) fn now(&mut self) -> &mut MinuteMetrics {
        &mut self.minutes[self.current]
    }

    /// A run that started at `started` ended in a function error or a timeout. CloudWatch stamps the
    /// `Errors` data point with the time the function was invoked, not the time the error occurred,
    /// so the error belongs to the minute the run started, which may be an earlier minute than the
    /// one the engine is in. <https://docs.aws.amazon.com/lambda/latest/dg/monitoring-metrics-types.html>
    pub(crate) fn count_error(&mut self, started: AwsMillis) {
        let i = self.index_of(started);
        self.minutes[i].errors += 1;
    }

    /// An event received at `received` waited in the queue at every instant of `[from, until)`:
    /// each minute of that span remembers the age the event reached in it.
    pub(crate) fn queued_for(&mut self, received: AwsMillis, from: AwsMillis, until: AwsMillis) {
        if until <= from {
            return;
        }
        let last = until - 1;
        for i in self.index_of(from)..=self.index_of(last) {
            let minute_last = (i as AwsMillis + 1) * MINUTE - 1;
            let age = last.min(minute_last) - received;
            let m = &mut self.minutes[i];
            m.oldest_queued_age = m.oldest_queued_age.max(age);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_quiet_minute_keeps_the_gauges_that_ran_through_it() {
        let mut m = Metrics::new(5 * MINUTE);
        m.advance(10, 0, 0);
        m.now().concurrent_executions = 3;
        // Nothing happens until minute 3: minutes 1 and 2 still had 3 running and 2 queued.
        m.advance(3 * MINUTE + 5, 3, 2);
        assert_eq!(m.minutes[1].concurrent_executions, 3);
        assert_eq!(m.minutes[2].queue_depth, 2);
        assert_eq!(m.minutes[3].concurrent_executions, 3);
        assert_eq!(m.minutes[4].concurrent_executions, 0);
    }

    #[test]
    fn a_minute_that_starts_as_the_gauges_change_does_not_take_the_old_values() {
        let mut m = Metrics::new(5 * MINUTE);
        m.advance(2 * MINUTE, 4, 4);
        assert_eq!(m.minutes[1].concurrent_executions, 4);
        assert_eq!(m.minutes[2].concurrent_executions, 0);
        assert_eq!(m.minutes[2].queue_depth, 0);
    }

    #[test]
    fn queued_age_is_taken_at_the_last_instant_of_each_minute() {
        let mut m = Metrics::new(5 * MINUTE);
        // Received at 30 s, queued from 30 s until 2 min 10 s.
        m.queued_for(30_000, 30_000, 130_000);
        assert_eq!(m.minutes[0].oldest_queued_age, 59_999 - 30_000);
        assert_eq!(m.minutes[1].oldest_queued_age, 119_999 - 30_000);
        assert_eq!(m.minutes[2].oldest_queued_age, 129_999 - 30_000);
        assert_eq!(m.minutes[3].oldest_queued_age, 0);
    }

    #[test]
    fn an_error_counts_in_the_minute_its_run_started() {
        let mut m = Metrics::new(5 * MINUTE);
        m.advance(MINUTE + 1_000, 1, 0);
        m.count_error(MINUTE - 1_000);
        assert_eq!((m.minutes[0].errors, m.minutes[1].errors), (1, 0));
    }

    #[test]
    fn counts_add_up_over_a_period_and_gauges_take_their_peak() {
        assert_eq!(MetricName::Throttles.statistic().over([43, 0, 2]), Some(45));
        assert_eq!(MetricName::ConcurrentExecutions.statistic().over([1, 3, 2]), Some(3));
        assert_eq!(MetricName::AsyncEventAge.statistic(), Statistic::Maximum);
        assert_eq!(MetricName::Invocations.statistic().over([]), None);
    }

    #[test]
    fn the_last_minute_holds_the_final_instant() {
        let mut m = Metrics::new(2 * MINUTE);
        assert_eq!(m.minutes.len(), 3);
        m.advance(2 * MINUTE, 1, 0);
        assert_eq!(m.index_of(2 * MINUTE), 2);
        m.now().invocations += 1;
        m.advance(u64::MAX, 1, 0);
        assert_eq!(m.minutes[2].invocations, 1);
    }
}
