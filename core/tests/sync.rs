//! Synchronous invocation, for contrast (`docs/aws-async.md`, "Synchronous invocation"): the
//! caller waits, Lambda retries nothing, a throttle goes back to the caller, and the caller's SDK
//! may retry it.

mod common;

use common::{report_json, run_all, scenario};
use lab_core::caller::{CallerStatus, SDK_MAX_ATTEMPTS, SDK_RETRY_COST, SDK_RETRY_QUOTA};
use lab_core::metrics::MetricName;
use lab_core::moment::{caller_at, lane_counts, place_at, Caller, Place, RunIndex};
use lab_core::scenario::Invocation;
use lab_core::Outcome;
use serde_json::{json, Value};

/// A synchronous run of `more` over the common base.
fn sync(more: Value) -> lab_core::Scenario {
    let mut doc = json!({ "invocation": "sync" });
    for (k, v) in more.as_object().unwrap() {
        doc[k] = v.clone();
    }
    scenario(doc)
}

/// Three calls at once against one slot, each run lasting a minute: two are throttled.
fn burst(more: Value) -> lab_core::Scenario {
    let mut doc = json!({
        "sources": [{ "service": "s3", "events": 3, "start_s": 0, "every_s": 0 }],
        "function": { "duration_ms": 60000, "timeout_s": 120, "reserved_concurrency": 1 }
    });
    for (k, v) in more.as_object().unwrap() {
        doc[k] = v.clone();
    }
    sync(doc)
}

#[test]
fn a_synchronous_caller_gets_429_when_throttled_and_lambda_retries_nothing() {
    let s = burst(json!({ "dlq": "sqs", "on_failure": "sqs" }));
    let run = run_all(&s);
    assert_eq!((run.counts.succeeded, run.counts.throttle_to_caller), (1, 2));
    let throttled: Vec<_> = run.events.iter().filter(|e| e.outcome == Outcome::ThrottleToCaller).collect();
    for e in &throttled {
        assert!(e.attempts.is_empty(), "nothing ran");
        assert_eq!((e.throttles, e.ended_ms), (1, Some(0)), "one try, answered at once, not queued");
    }
    let report = report_json(&s, &run);
    let statuses: Vec<_> = report["events"].as_array().unwrap().iter().map(|e| e["caller_status"].clone()).collect();
    assert_eq!(statuses, [json!("200"), json!("429"), json!("429")]);
    assert!(report["events"].as_array().unwrap().iter().all(|e| e["dlq_message"].is_null()));
    assert_eq!((run.counts.dlq_messages, run.counts.on_failure_records), (0, 0), "no DLQ, no destinations");
    let warnings = report["warnings"].as_array().unwrap();
    assert!(warnings.iter().any(|w| w.as_str().unwrap().starts_with("dlq: ignored in a synchronous run")));
    assert!(warnings.iter().any(|w| w.as_str().unwrap().starts_with("on_failure: ignored")));

    // A function error comes back with the 200, once: no retry a minute later.
    let failing = sync(json!({ "function": { "failure": { "mode": "always", "error": "Error" } }, "run_for_s": 600 }));
    let run = run_all(&failing);
    assert_eq!((run.counts.error_to_caller, run.counts.attempts), (3, 3));
    for e in &run.events {
        assert_eq!(e.attempts.len(), 1);
        assert_eq!(e.ended_ms, Some(e.attempts.as_slice()[0].end_ms));
    }
    assert_eq!(report_json(&failing, &run)["events"][0]["caller_status"], "200 Unhandled");
}

#[test]
fn a_synchronous_caller_waits_for_the_function_and_gets_its_answer() {
    let s = sync(json!({ "function": { "duration_ms": 2500 } }));
    let run = run_all(&s);
    let e = &run.events[1];
    assert_eq!(e.received_ms, 10_000);
    assert_eq!(caller_at(e, 9_999), None);
    assert_eq!(caller_at(e, 10_000), Some(Caller::Waiting { since: 10_000 }));
    assert_eq!(caller_at(e, 12_499), Some(Caller::Waiting { since: 10_000 }));
    assert_eq!(caller_at(e, 12_500), Some(Caller::Answered { status: CallerStatus::Ok, at: 12_500 }));
    assert_eq!(lane_counts(&run, 11_000).callers_waiting, 1);
    assert_eq!(lane_counts(&run, 12_500).callers_waiting, 0);
    assert_eq!(report_json(&s, &run)["events"][1]["caller_wait_ms"], 2_500);

    // The same event sent asynchronously: 202 at once, and the caller never waits.
    let mut async_run = s.clone();
    async_run.invocation = Invocation::Async;
    let run = run_all(&async_run);
    let e = &run.events[1];
    assert_eq!(caller_at(e, 10_000), Some(Caller::Answered { status: CallerStatus::Accepted, at: 10_000 }));
    assert_eq!(lane_counts(&run, 11_000).callers_waiting, 0);
    let report = report_json(&async_run, &run);
    assert!(report["events"][1].get("caller_status").is_none() && report["events"][1].get("caller_wait_ms").is_none());
}

#[test]
fn the_sdk_standard_retry_makes_three_attempts_at_most() {
    let s = burst(json!({ "caller_retries": "sdk_standard" }));
    let run = run_all(&s);
    assert_eq!(run.counts.throttle_to_caller, 2);
    for e in run.events.iter().filter(|e| e.outcome == Outcome::ThrottleToCaller) {
        assert_eq!(e.throttles, SDK_MAX_ATTEMPTS, "three tries, each a 429");
        let tries = &e.throttle_times;
        assert_eq!(tries[0], 0);
        assert!((1..1_000).contains(&(tries[1] - tries[0])), "first backoff under a second: {tries:?}");
        assert!((1..2_000).contains(&(tries[2] - tries[1])), "second under two seconds: {tries:?}");
        assert_eq!(e.ended_ms, Some(tries[2]), "the third 429 is the caller's answer");
        // Between tries the call waits with its caller, never in a queue.
        let between = (tries[0] + tries[1]) / 2;
        assert!(matches!(place_at(e, between), Some(Place::CallerBackoff { retry: 1, .. })));
        assert_eq!(caller_at(e, between), Some(Caller::Waiting { since: 0 }));
    }
    let report = report_json(&s, &run);
    let waited = report["events"][1]["caller_wait_ms"].as_u64().unwrap();
    assert_eq!(waited, run.events[1].throttle_times[2], "the caller waited through its backoffs");

    // Without caller retries the same burst gets one try each.
    let once = run_all(&burst(json!({})));
    assert!(once.events.iter().all(|e| e.throttles <= 1));
}

#[test]
fn the_sdk_retries_a_throttle_until_a_slot_is_free_but_never_a_function_error() {
    // One slot, runs of 300 ms: the throttled calls get through on a retry, and the first, whose
    // run fails, keeps its error.
    let s = sync(json!({
        "sources": [{ "service": "s3", "events": 3, "start_s": 0, "every_s": 0 }],
        "function": { "duration_ms": 300, "reserved_concurrency": 1, "failure": { "mode": "first", "n": 1, "error": "Error" } },
        "caller_retries": "sdk_standard"
    }));
    let run = run_all(&s);
    let e = &run.events[0];
    assert_eq!((e.outcome, e.attempts.len(), e.throttles), (Outcome::ErrorToCaller, 1, 0));
    let answered: Vec<_> = run.events[1..].iter().filter(|e| e.outcome == Outcome::ErrorToCaller).collect();
    assert!(!answered.is_empty(), "a retried call reaches the function");
    assert!(answered.iter().all(|e| e.throttles >= 1 && e.attempts.len() == 1));
}

#[test]
fn the_sdk_retry_quota_stops_retries_in_a_long_burst() {
    // One slot held for ten minutes, 300 calls at once from one client: each throttled call would
    // retry twice, but the quota pays for 100 retries only.
    let s = sync(json!({
        "sources": [{ "service": "s3", "events": 300, "start_s": 0, "every_s": 0 }],
        "function": { "duration_ms": 600000, "timeout_s": 900, "reserved_concurrency": 1 },
        "caller_retries": "sdk_standard"
    }));
    let run = run_all(&s);
    let first_tries = 299;
    assert_eq!(run.counts.throttles, first_tries + u64::from(SDK_RETRY_QUOTA / SDK_RETRY_COST));
    assert_eq!(run.counts.throttle_to_caller, 299);
}

#[test]
fn synchronous_runs_never_queue() {
    let s = sync(json!({
        "sources": [{ "service": "s3", "events": 40, "start_s": 0, "every_s": 0.1 }],
        "function": { "duration_ms": 2000, "reserved_concurrency": 3, "failure": { "mode": "rate", "p": 0.5, "error": "Error" } },
        "caller_retries": "sdk_standard",
        "duplicate_rate": 1.0
    }));
    let run = run_all(&s);
    assert!(run.counts.throttles > 0);
    let index = RunIndex::new(&run);
    for t in (0..20_000).step_by(50) {
        let c = lane_counts(&run, t);
        assert_eq!((c.queue, c.retry), (0, 0), "at {t} ms");
        assert_eq!(index.lane_counts(&run, t), c);
        assert!(run
            .events
            .iter()
            .all(|e| !matches!(place_at(e, t), Some(Place::Queue { .. } | Place::RetryWait { .. }))));
    }
    assert!(run.metrics.minutes.iter().all(|m| m.queue_depth == 0 && m.get(MetricName::AsyncEventsReceived) == 0));
    assert!(run.events.iter().all(|e| !e.attempts.as_slice().iter().any(|a| a.duplicate)), "no queue, no duplicates");
}
