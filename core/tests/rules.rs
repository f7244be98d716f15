//! The rules of asynchronous invocation (`docs/aws-async.md`), one behaviour per test.

mod common;

use common::{gaps, regular, report_json, run_all, scenario};
use lab_core::engine::Keep;
use lab_core::metrics::MetricName;
use lab_core::moment::{place_at, Place};
use lab_core::{AttemptResult, Outcome};
use serde_json::json;

fn always_failing() -> serde_json::Value {
    json!({ "failure": { "mode": "always", "error": "Error" } })
}

#[test]
fn always_failing_event_reaches_dlq_after_three_attempts() {
    let s = scenario(json!({
        "sources": [{ "service": "s3", "events": 1, "start_s": 0, "every_s": 0 }],
        "function": always_failing(),
        "dlq": "sqs"
    }));
    let run = run_all(&s);
    assert_eq!(run.counts.retries_exhausted, 1);
    assert_eq!(run.counts.attempts, 3);
    assert_eq!(run.counts.dlq_messages, 1);
    let e = &run.events[0];
    assert!(e.attempts.as_slice().iter().all(|a| a.result == AttemptResult::Error));
    assert_eq!(e.outcome, Outcome::RetriesExhausted);
    assert_eq!(e.ended_ms, Some(regular(e)[2].1), "sent on right after the third attempt");
    let report = report_json(&s, &run);
    assert!(report["events"][0]["dlq_message"].is_object());
    assert!(report["events"][0]["destination_record"].is_null());
}

#[test]
fn retry_waits_sit_above_one_and_two_minutes_with_seeded_jitter() {
    let many = json!([{ "service": "s3", "events": 400, "start_s": 0, "every_s": 1 }]);
    let s = scenario(json!({ "sources": many, "function": always_failing(), "run_for_s": 7200 }));
    let run = run_all(&s);
    let all: Vec<Vec<u64>> = run.events.iter().map(gaps).collect();
    assert!(all.iter().all(|g| g.len() == 2));
    let first: Vec<u64> = all.iter().map(|g| g[0]).collect();
    let second: Vec<u64> = all.iter().map(|g| g[1]).collect();
    assert!(first.iter().all(|w| (60_000..72_000).contains(w)), "{first:?}");
    assert!(second.iter().all(|w| (120_000..140_000).contains(w)), "{second:?}");
    let mean = |v: &[u64]| v.iter().sum::<u64>() as f64 / v.len() as f64;
    assert!((mean(&first) - 66_000.0).abs() < 1_000.0, "first wait averages {}", mean(&first));
    assert!((mean(&second) - 130_000.0).abs() < 1_500.0, "second wait averages {}", mean(&second));
    let distinct: std::collections::HashSet<_> = first.iter().collect();
    assert!(distinct.len() > 300, "jitter spreads the waits: {} distinct", distinct.len());

    assert_eq!(run_all(&s).events, run.events, "the same seed gives the same waits");
    let mut other = s.clone();
    other.seed += 1;
    let other_first: Vec<u64> = run_all(&other).events.iter().map(|e| gaps(e)[0]).collect();
    assert_ne!(other_first, first, "another seed gives other waits");
}

#[test]
fn max_retry_attempts_sets_how_many_times_a_failed_event_runs() {
    for retries in 0..=2u64 {
        let s = scenario(json!({ "function": always_failing(), "invoke_config": { "max_retry_attempts": retries } }));
        let run = run_all(&s);
        for e in &run.events {
            assert_eq!(e.attempts.len() as u64, retries + 1, "max_retry_attempts {retries}");
            assert_eq!(e.outcome, Outcome::RetriesExhausted);
        }
    }
}

#[test]
fn event_age_of_60_s_allows_one_attempt_and_sends_the_event_on_at_once() {
    let s = scenario(json!({
        "function": always_failing(),
        "invoke_config": { "max_event_age_s": 60 },
        "on_failure": "sqs"
    }));
    let run = run_all(&s);
    assert_eq!(run.counts.event_age_exceeded, 3);
    for e in &run.events {
        assert_eq!(e.attempts.len(), 1);
        assert_eq!(e.outcome, Outcome::EventAgeExceeded);
        assert_eq!(e.ended_ms, Some(e.received_ms + 800), "no wait before giving up");
    }
    let record = &report_json(&s, &run)["events"][0]["destination_record"];
    assert_eq!(record["requestContext"]["condition"], "EventAgeExceeded");
    assert_eq!(record["requestContext"]["approximateInvokeCount"], 1);
}

#[test]
fn event_age_of_90_s_allows_two_attempts_and_gives_up_right_after_the_second() {
    let s = scenario(json!({ "function": always_failing(), "invoke_config": { "max_event_age_s": 90 } }));
    let run = run_all(&s);
    for e in &run.events {
        assert_eq!(e.attempts.len(), 2);
        assert_eq!(e.outcome, Outcome::EventAgeExceeded);
        let ended = e.ended_ms.unwrap();
        assert_eq!(ended, regular(e)[1].1, "given up right after the second attempt");
        let age = ended - e.received_ms;
        assert!((60_000..75_000).contains(&age), "about a minute after it arrived: {age} ms");
    }
}

#[test]
fn function_errors_use_up_retries_but_throttles_do_not() {
    let s = scenario(json!({
        "sources": [{ "service": "sns", "events": 6, "start_s": 0, "every_s": 0 }],
        "function": { "duration_ms": 20000, "timeout_s": 30, "failure": { "mode": "always", "error": "Error" },
                      "reserved_concurrency": 1 },
        "run_for_s": 86400
    }));
    let run = run_all(&s);
    assert!(run.counts.throttles > 0);
    assert_eq!(run.counts.retries_exhausted, 6);
    for e in &run.events {
        assert_eq!(e.attempts.len(), 3, "{} throttles cost no attempt", e.throttles);
    }
    assert!(run.events.iter().any(|e| e.throttles >= 3));
}

#[test]
fn throttled_delivery_backs_off_exponentially_from_one_second_to_five_minutes() {
    let s = scenario(json!({
        "sources": [{ "service": "s3", "events": 2, "start_s": 0, "every_s": 0 }],
        "function": { "duration_ms": 899000, "timeout_s": 900, "reserved_concurrency": 1 },
        "run_for_s": 3600
    }));
    let run = run_all(&s);
    let waiting = &run.events[1];
    let times = &waiting.throttle_times;
    assert_eq!(times[0], 0, "throttled on arrival");
    let waits: Vec<u64> = times.windows(2).map(|w| w[1] - w[0]).collect();
    for (i, w) in waits.iter().enumerate() {
        let nominal = (1_000u64 << i).min(300_000);
        assert!(*w >= nominal && *w <= (nominal + nominal / 4).min(300_000), "wait {i}: {w} ms");
    }
    assert!(waits.iter().rev().take(2).all(|w| *w == 300_000), "capped at 5 minutes: {waits:?}");
    let first_run = regular(waiting)[0].0;
    assert!(first_run >= 899_000, "runs only once the slot is free");
    assert!(first_run - times.last().unwrap() <= 300_000);
    assert_eq!(waiting.outcome, Outcome::Succeeded);
    assert_eq!(waiting.attempts.len(), 1);
    let per_minute: u64 = run.metrics.minutes.iter().map(|m| u64::from(m.throttles)).sum();
    assert_eq!(per_minute, run.counts.throttles);
}

#[test]
fn event_throttled_until_too_old_never_runs_and_names_the_reserved_limit() {
    let s = scenario(json!({
        "sources": [{ "service": "s3", "events": 2, "start_s": 0, "every_s": 0 }],
        "function": { "duration_ms": 900000, "timeout_s": 900, "reserved_concurrency": 1 },
        "invoke_config": { "max_event_age_s": 60 },
        "dlq": "sqs",
        "on_failure": "sqs"
    }));
    let run = run_all(&s);
    let e = &run.events[1];
    assert_eq!(e.outcome, Outcome::EventAgeExceeded);
    assert!(e.attempts.is_empty());
    assert_eq!(e.ended_ms, e.throttle_times.last().copied(), "given up at the throttle whose wait would be too long");
    assert!(e.ended_ms.unwrap() <= 60_000);
    let report = report_json(&s, &run);
    let dlq = &report["events"][1]["dlq_message"]["attributes"];
    assert_eq!(dlq["ErrorCode"], json!({ "type": "Number", "value": "429" }));
    assert_eq!(dlq["ErrorMessage"]["value"], "ReservedFunctionConcurrentInvocationLimitExceeded");
    let record = &report["events"][1]["destination_record"];
    assert_eq!(record["requestContext"]["approximateInvokeCount"], 0);
    assert!(record.get("responseContext").is_none() && record.get("responsePayload").is_none());
}

#[test]
fn throttle_in_the_account_pool_names_the_account_limit() {
    let s = scenario(json!({
        "sources": [{ "service": "eventbridge", "events": 1001, "start_s": 0, "every_s": 0 }],
        "function": { "duration_ms": 900000, "timeout_s": 900 },
        "invoke_config": { "max_event_age_s": 60 },
        "dlq": "sns",
        "run_for_s": 120
    }));
    let run = run_all(&s);
    assert_eq!(run.counts.max_concurrency, 1000, "the unreserved pool is 1000");
    assert_eq!(run.counts.event_age_exceeded, 1);
    let report = report_json(&s, &run);
    let late = report["events"].as_array().unwrap().iter().find(|e| e["outcome"] == "event_age_exceeded").unwrap();
    assert_eq!(late["dlq_message"]["attributes"]["ErrorMessage"]["value"], "ConcurrentInvocationLimitExceeded");
}

#[test]
fn zero_reserved_concurrency_sends_every_event_on_at_once_without_running_it() {
    let s = scenario(json!({
        "function": { "reserved_concurrency": 0 },
        "dlq": "sqs",
        "on_failure": "lambda"
    }));
    let run = run_all(&s);
    assert_eq!(run.counts.zero_reserved_concurrency, 3);
    assert_eq!((run.counts.attempts, run.counts.throttles), (0, 0));
    for e in &run.events {
        assert_eq!(e.ended_ms, Some(e.received_ms));
        assert!(e.attempts.is_empty());
    }
    let report = report_json(&s, &run);
    for e in report["events"].as_array().unwrap() {
        let record = &e["destination_record"];
        assert_eq!(record["requestContext"]["condition"], "ZeroReservedConcurrency");
        assert_eq!(record["requestContext"]["approximateInvokeCount"], 0);
        assert!(record.get("responseContext").is_none(), "nothing ran: {record}");
        assert!(record.get("responsePayload").is_none(), "nothing ran: {record}");
        assert_eq!(e["dlq_message"]["attributes"]["ErrorCode"]["value"], "429");
    }
    let total = |name| run.metrics.minutes.iter().map(|m| m.get(name)).sum::<u64>();
    assert_eq!(total(MetricName::AsyncEventsDropped), 3);
    assert_eq!(total(MetricName::Invocations), 0);
}

#[test]
fn attempt_longer_than_the_timeout_ends_as_a_timeout_at_exactly_the_timeout() {
    let slow = scenario(json!({ "function": { "duration_ms": 5000, "timeout_s": 3 } }));
    let timeout_mode = scenario(json!({ "function": { "failure": { "mode": "always", "error": "Timeout" } } }));
    for s in [slow, timeout_mode] {
        let run = run_all(&s);
        for e in &run.events {
            assert_eq!(e.attempts.len(), 3);
            for a in e.attempts.as_slice() {
                assert_eq!(a.result, AttemptResult::Timeout);
                assert_eq!(a.end_ms - a.start_ms, 3000);
            }
            assert_eq!(e.outcome, Outcome::RetriesExhausted);
        }
    }
}

#[test]
fn first_n_mode_fails_the_first_attempts_then_succeeds_on_a_retry() {
    let s = scenario(json!({ "function": { "failure": { "mode": "first", "n": 2, "error": "Error" } } }));
    for e in &run_all(&s).events {
        let results: Vec<_> = e.attempts.as_slice().iter().map(|a| a.result).collect();
        assert_eq!(results, [AttemptResult::Error, AttemptResult::Error, AttemptResult::Success]);
        assert_eq!(e.outcome, Outcome::Succeeded);
    }
}

#[test]
fn rate_mode_fails_about_that_share_of_attempts() {
    let s = scenario(json!({
        "sources": [{ "service": "s3", "events": 20000, "start_s": 0, "every_s": 0.1 }],
        "function": { "failure": { "mode": "rate", "p": 0.25, "error": "Error" } },
        "run_for_s": 86400
    }));
    let run = run_all(&s);
    let runs: Vec<_> = run.events.iter().flat_map(|e| e.attempts.as_slice().to_vec()).collect();
    let failed = runs.iter().filter(|a| a.result.failed()).count() as f64 / runs.len() as f64;
    assert!((failed - 0.25).abs() < 0.01, "failed share {failed}");
    let exhausted = run.counts.retries_exhausted as f64 / run.counts.received as f64;
    assert!((exhausted - 0.25f64.powi(3)).abs() < 0.005, "three failures in a row: {exhausted}");
}

#[test]
fn duplicate_delivery_runs_the_event_again_with_the_same_request_id() {
    let s = scenario(
        json!({ "sources": [{ "service": "s3", "events": 5, "start_s": 0, "every_s": 10 }], "duplicate_rate": 1.0 }),
    );
    let run = run_all(&s);
    assert_eq!(run.counts.attempts, 10, "duplicates are counted as attempts");
    assert_eq!(run.counts.succeeded, 5);
    assert_eq!(run.counts.side_effects, 10, "a handler without idempotency acts twice");
    for e in &run.events {
        let runs = e.attempts.as_slice();
        assert_eq!(runs.len(), 2);
        assert!(!runs[0].duplicate && runs[1].duplicate);
        assert!(runs[1].start_ms > runs[0].start_ms && runs[1].start_ms <= runs[0].start_ms + 2000);
        assert_eq!(e.ended_ms, Some(runs[0].end_ms), "the outcome is the regular run's");
    }
    let report = report_json(&s, &run);
    let first = &report["events"][0];
    assert_eq!(first["attempts"][1]["duplicate"], true);
    assert!(first["attempts"][0].get("duplicate").is_none());

    let mut idempotent = s.clone();
    idempotent.function.idempotent = true;
    assert_eq!(run_all(&idempotent).counts.side_effects, 5, "an idempotent handler acts once per event");
}

#[test]
fn duplicate_of_a_failing_event_is_not_retried_and_does_not_change_its_outcome() {
    let s = scenario(json!({ "function": always_failing(), "duplicate_rate": 1.0, "on_failure": "sqs" }));
    let run = run_all(&s);
    assert_eq!(run.counts.attempts, 12);
    for e in &run.events {
        assert_eq!(e.attempts.regular().count(), 3);
        assert_eq!(e.attempts.as_slice().iter().filter(|a| a.duplicate).count(), 1);
        assert_eq!(e.outcome, Outcome::RetriesExhausted);
    }
    let record = &report_json(&s, &run)["events"][0]["destination_record"];
    assert_eq!(record["requestContext"]["approximateInvokeCount"], 3, "the duplicate is not a retry");
}

#[test]
fn idempotent_handler_skips_the_side_effect_it_already_performed() {
    // Run 1 fails, the duplicate (run 2) succeeds, the retry (run 3) succeeds again.
    let mut s = scenario(json!({
        "function": { "failure": { "mode": "first", "n": 1, "error": "Error" } },
        "duplicate_rate": 1.0
    }));
    let run = run_all(&s);
    assert!(run.events.iter().all(|e| e.outcome == Outcome::Succeeded && e.side_effects == 2));
    s.function.idempotent = true;
    let run = run_all(&s);
    assert!(run.events.iter().all(|e| e.side_effects == 1));
    assert_eq!(run.counts.side_effects, 3);
}

#[test]
fn failed_event_goes_to_both_dlq_and_on_failure_destination() {
    let both = run_all(&scenario(json!({ "function": always_failing(), "dlq": "sns", "on_failure": "sqs" })));
    assert_eq!((both.counts.dlq_messages, both.counts.on_failure_records, both.counts.lost), (3, 3, 0));
    let neither = run_all(&scenario(json!({ "function": always_failing() })));
    assert_eq!((neither.counts.dlq_messages, neither.counts.on_failure_records, neither.counts.lost), (0, 0, 3));
    let s = scenario(json!({ "function": always_failing(), "dlq": "sqs", "on_failure": "eventbridge" }));
    for e in report_json(&s, &run_all(&s))["events"].as_array().unwrap() {
        assert!(e["dlq_message"].is_object() && e["destination_record"].is_object());
    }
}

#[test]
fn successful_event_goes_to_the_on_success_destination_only() {
    let s = scenario(json!({ "dlq": "sqs", "on_success": "lambda", "on_failure": "sqs" }));
    let run = run_all(&s);
    assert_eq!((run.counts.on_success_records, run.counts.on_failure_records, run.counts.dlq_messages), (3, 0, 0));
    let e = &report_json(&s, &run)["events"][0];
    assert_eq!(e["destination_record"]["requestContext"]["condition"], "Success");
    assert!(e["dlq_message"].is_null());
}

#[test]
fn event_still_waiting_when_the_run_stops_is_in_flight() {
    let s = scenario(json!({ "function": always_failing(), "run_for_s": 30 }));
    let run = run_all(&s);
    assert_eq!(run.counts.in_flight, 3);
    for e in &run.events {
        assert_eq!((e.outcome, e.ended_ms), (Outcome::InFlight, None));
        let next = e.next_try_ms.expect("a retry is due");
        assert!(next >= e.attempts.as_slice()[0].end_ms + 60_000);
        assert!(matches!(place_at(e, 30_000), Some(Place::RetryWait { retry: 1, .. })));
    }
    let report = report_json(&s, &run);
    assert!(report["events"][0]["ended_ms"].is_null());
}

#[test]
fn attempt_still_running_when_the_run_stops_shows_as_running() {
    let s = scenario(json!({ "function": { "duration_ms": 60000, "timeout_s": 900 }, "run_for_s": 30 }));
    let run = run_all(&s);
    let e = &run.events[0];
    assert!(e.attempts.is_empty(), "its result is not known yet");
    assert_eq!(e.unfinished, Some((0, 60_000)));
    assert_eq!(place_at(e, 30_000), Some(Place::Running { attempt: 1, since: 0, until: 60_000 }));
    assert_eq!(run.counts.in_flight, 3);
}

#[test]
fn metrics_are_per_aws_minute_and_named_as_cloudwatch_names_them() {
    let s = scenario(json!({
        "sources": [{ "service": "s3", "events": 600, "start_s": 0, "every_s": 0.5 },
                    { "service": "sns", "events": 300, "start_s": 30, "every_s": 1 }],
        "function": { "duration_ms": 2000, "failure": { "mode": "rate", "p": 0.4, "error": "Error" },
                      "reserved_concurrency": 3 },
        "invoke_config": { "max_event_age_s": 600 },
        "duplicate_rate": 0.1,
        "run_for_s": 1800
    }));
    let run = run_all(&s);
    let minutes = &run.metrics.minutes;
    assert_eq!(minutes.len(), 31);
    let keys: Vec<String> = serde_json::to_value(minutes[0]).unwrap().as_object().unwrap().keys().cloned().collect();
    let names: Vec<&str> = MetricName::ALL.iter().map(|m| m.name()).collect();
    assert_eq!(keys, names);
    assert!(MetricName::ALL[..9].iter().all(|m| m.is_cloudwatch()));

    let total = |name| minutes.iter().map(|m| m.get(name)).sum::<u64>();
    let max = |name| minutes.iter().map(|m| m.get(name)).max().unwrap();
    let c = run.counts;
    assert_eq!(total(MetricName::Invocations), c.attempts);
    assert_eq!(total(MetricName::Throttles), c.throttles);
    assert_eq!(total(MetricName::AsyncEventsReceived), c.received);
    assert_eq!(total(MetricName::AsyncEventsDropped), c.retries_exhausted + c.event_age_exceeded);
    assert_eq!(max(MetricName::ConcurrentExecutions), u64::from(c.max_concurrency));
    let failed_runs = run.events.iter().flat_map(|e| e.attempts.as_slice()).filter(|a| a.result.failed()).count();
    assert_eq!(total(MetricName::Errors), failed_runs as u64);
    assert!(max(MetricName::AsyncEventAge) >= 60_000, "retried events are over a minute old when they run");
    assert_eq!(total(MetricName::DeadLetterErrors) + total(MetricName::DestinationDeliveryFailures), 0);
}

#[test]
fn a_quiet_minute_still_counts_the_attempts_running_through_it() {
    let s = scenario(json!({
        "sources": [{ "service": "s3", "events": 1, "start_s": 0, "every_s": 0 }],
        "function": { "duration_ms": 600000, "timeout_s": 900 },
        "run_for_s": 900
    }));
    let run = run_all(&s);
    let conc: Vec<u32> = run.metrics.minutes.iter().map(|m| m.concurrent_executions).collect();
    assert_eq!(conc, [[1; 10].as_slice(), [0; 6].as_slice()].concat(), "running from 0:00 to 10:00");
}

#[test]
fn queue_depth_and_oldest_age_show_a_backlog() {
    let s = scenario(json!({
        "sources": [{ "service": "s3", "events": 5, "start_s": 0, "every_s": 0 }],
        "function": { "duration_ms": 30000, "timeout_s": 60, "reserved_concurrency": 1 },
        "run_for_s": 900
    }));
    let run = run_all(&s);
    let m = &run.metrics.minutes;
    assert_eq!(m[0].queue_depth, 4, "one runs, four wait");
    assert_eq!(m[0].oldest_queued_age, 59_999, "still waiting at the minute's last instant");
    assert!(m[1].oldest_queued_age > 60_000);
    let last_start = run.events.iter().map(|e| regular(e)[0].0).max().unwrap();
    let idle = m.iter().skip(last_start as usize / 60_000 + 1);
    assert!(idle.into_iter().all(|m| m.queue_depth == 0 && m.oldest_queued_age == 0));
}

#[test]
fn same_scenario_and_seed_give_a_byte_identical_report() {
    let s = scenario(json!({
        "sources": [{ "service": "s3", "events": 200, "start_s": 0, "every_s": 0.2 },
                    { "service": "eventbridge", "events": 100, "start_s": 3, "every_s": 0.3 }],
        "function": { "failure": { "mode": "rate", "p": 0.5, "error": "Timeout" }, "reserved_concurrency": 2 },
        "dlq": "sqs", "on_success": "eventbridge", "on_failure": "s3", "duplicate_rate": 0.2
    }));
    let a = serde_json::to_string(&report_json(&s, &run_all(&s))).unwrap();
    let b = serde_json::to_string(&report_json(&s, &run_all(&s))).unwrap();
    assert_eq!(a, b);
    let mut other = s.clone();
    other.seed = 43;
    assert_ne!(a, serde_json::to_string(&report_json(&other, &run_all(&other))).unwrap());
}

#[test]
fn adding_a_source_leaves_the_other_events_draws_unchanged() {
    let one = scenario(json!({ "function": { "failure": { "mode": "rate", "p": 0.5, "error": "Error" } },
                               "sources": [{ "service": "s3", "events": 50, "start_s": 0, "every_s": 7 }],
                               "duplicate_rate": 0.3 }));
    let mut two = one.clone();
    two.sources.push(lab_core::scenario::Source {
        service: lab_core::scenario::Service::Sns,
        events: 50,
        start_ms: 1_500,
        every_ms: 5_000,
    });
    let (a, b) = (run_all(&one), run_all(&two));
    let from_s3: Vec<_> = b.events.iter().filter(|e| e.source() == 0).cloned().collect();
    assert_eq!(a.events, from_s3, "an event's jitter and failures are its own");
}

#[test]
fn recent_window_keeps_the_latest_events_and_the_same_counts() {
    let s = scenario(json!({
        "sources": [{ "service": "s3", "events": 3000, "start_s": 0, "every_s": 0.5 }],
        "function": { "failure": { "mode": "rate", "p": 0.3, "error": "Error" }, "reserved_concurrency": 5 },
        "duplicate_rate": 0.05,
        "run_for_s": 86400
    }));
    let all = run_all(&s);
    let recent = lab_core::run(&s, Keep::Recent(10));
    assert_eq!(recent.counts, all.counts);
    assert_eq!(recent.metrics, all.metrics);
    assert_eq!(recent.events.len(), 10);
    for e in &recent.events {
        assert_eq!(all.events.iter().find(|x| x.key == e.key).map(|x| x.attempts), Some(e.attempts));
    }
    assert_eq!(all.peak_events_held, 3000);
    assert!(recent.peak_events_held < 300, "memory follows events in flight: {}", recent.peak_events_held);
}

#[test]
fn work_that_needs_the_whole_timeout_times_out() {
    let s = scenario(json!({ "function": { "duration_ms": 3000, "timeout_s": 3 } }));
    let run = run_all(&s);
    assert_eq!(run.counts.retries_exhausted, 3, "three timeouts per event");
    for a in run.events.iter().flat_map(|e| e.attempts.as_slice()) {
        assert_eq!((a.result, a.end_ms - a.start_ms), (AttemptResult::Timeout, 3000));
    }
    let just_in_time = run_all(&scenario(json!({ "function": { "duration_ms": 2999, "timeout_s": 3 } })));
    assert_eq!(just_in_time.counts.succeeded, 3);
}

#[test]
fn errors_count_in_the_minute_the_failed_run_started() {
    // Starts at 0:59, fails at 1:01.
    let s = scenario(json!({
        "sources": [{ "service": "s3", "events": 1, "start_s": 59, "every_s": 0 }],
        "function": { "duration_ms": 2000, "failure": { "mode": "always", "error": "Error" } },
        "invoke_config": { "max_retry_attempts": 0 }
    }));
    let m = &run_all(&s).metrics.minutes;
    assert_eq!((m[0].invocations, m[0].errors), (1, 1), "stamped when the function was invoked");
    assert_eq!(m[1].errors, 0, "not when the error occurred");
}

#[test]
fn lost_counts_failed_events_that_had_neither_a_dlq_nor_an_on_failure_destination() {
    let failing = |extra: serde_json::Value| {
        let mut changes = json!({ "function": always_failing(), "on_success": "sqs" });
        changes.as_object_mut().unwrap().extend(extra.as_object().unwrap().clone());
        run_all(&scenario(changes))
    };
    let dropped = |run: &lab_core::Run| run.metrics.minutes.iter().map(|m| m.get(MetricName::AsyncEventsDropped)).sum();
    for kept in [json!({ "dlq": "sqs" }), json!({ "on_failure": "s3" }), json!({ "dlq": "sns", "on_failure": "sqs" })] {
        let run = failing(kept.clone());
        assert_eq!(run.counts.lost, 0, "{kept}: every failed event went somewhere");
        assert_eq!(dropped(&run), 3u64, "{kept}: AsyncEventsDropped counts them all the same");
    }
    let run = failing(json!({}));
    assert_eq!((run.counts.lost, dropped(&run)), (3, 3));
    let succeeding = run_all(&scenario(json!({})));
    assert_eq!(succeeding.counts.lost, 0, "a success is never lost");
    let report = report_json(&scenario(json!({ "function": always_failing() })), &run);
    assert_eq!(report["lost"], 3, "the report names the count `lost`");
    assert!(report.get("dropped").is_none());
}

#[test]
fn event_age_counts_from_receipt_not_from_the_first_run() {
    // One slot, 30-second runs: the second event is throttled until about 0:31, fails about 0:61,
    // and its retry would start over 120 s after it was received (but under 120 s after its run).
    let s = scenario(json!({
        "sources": [{ "service": "s3", "events": 2, "start_s": 0, "every_s": 0 }],
        "function": { "duration_ms": 30000, "timeout_s": 60, "failure": { "mode": "always", "error": "Error" },
                      "reserved_concurrency": 1 },
        "invoke_config": { "max_event_age_s": 120 }
    }));
    let run = run_all(&s);
    let (first, late) = (&run.events[0], &run.events[1]);
    assert_eq!(first.attempts.len(), 2, "the first event runs at once and has time for a retry");
    let run_start = regular(late)[0].0;
    assert!((31_000..39_000).contains(&run_start), "throttled until the slot was free: {run_start}");
    assert_eq!(late.outcome, Outcome::EventAgeExceeded);
    assert_eq!(late.attempts.len(), 1, "no retry: it would start past 120 s after receipt");
    assert_eq!(late.ended_ms, Some(regular(late)[0].1));
}

#[test]
fn throttled_event_is_given_up_as_soon_as_its_next_try_would_pass_the_maximum_age() {
    // The lab's choice for throttles (`throttle::throttled_event_too_old_for`): the look-ahead AWS
    // applies to function-error retries. The slot is held for 15 minutes, the age limit is 2.
    let s = scenario(json!({
        "sources": [{ "service": "s3", "events": 2, "start_s": 0, "every_s": 0 }],
        "function": { "duration_ms": 900000, "timeout_s": 900, "reserved_concurrency": 1 },
        "invoke_config": { "max_event_age_s": 120 },
        "on_failure": "sqs"
    }));
    let e = &run_all(&s).events[1];
    let times = &e.throttle_times;
    let last = *times.last().unwrap();
    assert_eq!(e.outcome, Outcome::EventAgeExceeded);
    assert_eq!(e.ended_ms, Some(last), "given up at the throttle, not after waiting");
    assert!(last < 120_000, "before the event reached its maximum age: {last}");
    let waits = times.len() - 1;
    let (next_at_least, _) = backoff_bounds(waits);
    assert!(last + next_at_least > 120_000, "the next try would have started past the age");
}

/// The nominal wait after the `n`-th throttle in a row of a delivery (0-based) and the most jitter
/// can make of it: 1 s, 2 s, 4 s, ... up to 5 minutes, plus up to a quarter.
fn backoff_bounds(n: usize) -> (u64, u64) {
    let nominal = (1_000u64 << n.min(20)).min(300_000);
    (nominal, (nominal + nominal / 4).min(300_000))
}

/// An event's regular throttles, cut into streaks by its runs: each streak's throttle times and the
/// start of the run that ended it, if one did.
fn throttle_streaks(e: &lab_core::EventRecord) -> Vec<(Vec<u64>, Option<u64>)> {
    let starts = e.attempts.regular().map(|a| a.start_ms).chain(e.unfinished.map(|(start, _)| start));
    let mut times = e.throttle_times.iter().copied().peekable();
    let mut streaks = Vec::new();
    for start in starts {
        let streak: Vec<u64> = std::iter::from_fn(|| times.next_if(|&t| t < start)).collect();
        if !streak.is_empty() {
            streaks.push((streak, Some(start)));
        }
    }
    let rest: Vec<u64> = times.collect();
    if !rest.is_empty() {
        streaks.push((rest, None));
    }
    streaks
}

/// Every wait of every streak (between two throttles, or from the last throttle to the run) is the
/// backoff of its place in the streak.
fn assert_backoffs_follow_their_streaks(e: &lab_core::EventRecord) {
    for (times, run) in throttle_streaks(e) {
        let last = *times.last().unwrap();
        let waits = times.windows(2).map(|w| w[1] - w[0]).chain(run.map(|start| start - last));
        for (n, wait) in waits.enumerate() {
            let (low, high) = backoff_bounds(n);
            assert!((low..=high).contains(&wait), "event {}: wait {n} of the streak {times:?} is {wait} ms", e.key);
        }
    }
}

#[test]
fn throttle_backoff_starts_again_from_one_second_after_each_run() {
    let s = scenario(json!({
        "sources": [{ "service": "s3", "events": 3, "start_s": 0, "every_s": 0 }],
        "function": { "duration_ms": 100000, "timeout_s": 120, "failure": { "mode": "always", "error": "Error" },
                      "reserved_concurrency": 1 },
        "run_for_s": 86400
    }));
    let run = run_all(&s);
    run.events.iter().for_each(assert_backoffs_follow_their_streaks);
    // The rule is exercised: some event was throttled again, after a run that followed a streak of
    // several throttles.
    let restarted = run.events.iter().any(|e| {
        let streaks = throttle_streaks(e);
        streaks.windows(2).any(|w| w[0].0.len() >= 3 && w[1].1.is_some())
    });
    assert!(restarted, "no event was throttled again after a run");
}

#[test]
fn duplicate_delivery_backs_off_on_a_streak_of_its_own() {
    // One slot and a crowd: duplicates wait for the slot while their events' retries wait too.
    let s = scenario(json!({
        "sources": [{ "service": "s3", "events": 30, "start_s": 0, "every_s": 0.5 }],
        "function": { "duration_ms": 2000, "failure": { "mode": "first", "n": 1, "error": "Error" },
                      "reserved_concurrency": 1 },
        "duplicate_rate": 1.0,
        "run_for_s": 86400
    }));
    let run = run_all(&s);
    let rng = lab_core::rng::Rng::new(s.seed);
    let mut overlapping = 0;
    for e in &run.events {
        // The regular delivery's streaks ignore the duplicate's throttles...
        assert_backoffs_follow_their_streaks(e);
        // ...and the duplicate's waits add up to its own streak's backoffs.
        let Some(dup) = e.attempts.as_slice().iter().find(|a| a.duplicate) else { continue };
        let first = e.attempts.as_slice()[0].start_ms;
        let due = first + lab_core::queue::duplicate_delivery(&rng, e.key, s.duplicate_rate).unwrap();
        let throttled = (e.throttles as usize) - e.throttle_times.len();
        let (low, high) = (0..throttled).map(backoff_bounds).fold((0, 0), |(l, h), (a, b)| (l + a, h + b));
        let waited = dup.start_ms - due;
        assert!(
            (low..=high).contains(&waited),
            "event {}: duplicate throttled {throttled} times, waited {waited} ms",
            e.key
        );
        if e.throttle_times.iter().any(|&t| first < t && t < dup.start_ms) {
            overlapping += 1;
        }
    }
    assert!(overlapping > 0, "no regular delivery was throttled while its duplicate waited");
}
