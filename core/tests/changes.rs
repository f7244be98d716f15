//! Deployments during a run and reprocessing of the SQS dead-letter queue (`docs/aws-async.md`,
//! "Deployments during a run" and "Reprocessing the dead-letter queue"), one behaviour per test.

mod common;

use common::{regular, report_json, run_all, scenario};
use lab_core::engine::{NothingToReprocess, Run, REPROCESSED_KEY_BASE};
use lab_core::moment::{happenings_of, lane_counts, place_at, Happening, Lane, RunIndex};
use lab_core::records::{payload_of, request_id};
use lab_core::rng::Rng;
use lab_core::scenario::{DlqTarget, Scenario};
use lab_core::time::AwsMillis;
use lab_core::{AttemptResult, Outcome};
use serde_json::{json, Value};

fn always_failing() -> Value {
    json!({ "failure": { "mode": "always", "error": "Error" } })
}

/// Three S3 events ten seconds apart that always fail into an SQS DLQ, with `more` on top.
fn failing_into_the_dlq(more: Value) -> Scenario {
    let mut doc = json!({ "function": always_failing(), "dlq": "sqs", "run_for_s": 900 });
    for (k, v) in more.as_object().unwrap() {
        doc[k] = v.clone();
    }
    scenario(doc)
}

/// Every fact of every event that happened before `t`, in order: the story so far.
fn story_before(run: &Run, t: AwsMillis) -> Vec<Happening> {
    let mut out = Vec::new();
    for (i, rec) in run.events.iter().enumerate() {
        happenings_of(rec, i, None, t - 1, &mut out);
    }
    out.sort_by_key(|h| (h.at, h.event));
    out
}

/// Nothing before `t` differs between two runs: the stories so far, every lane at every moment,
/// and where each event stood just before `t`.
fn same_until(a: &Run, b: &Run, t: AwsMillis) {
    assert_eq!(story_before(a, t), story_before(b, t), "the story before {t} ms");
    for moment in (0..t).step_by(250) {
        assert_eq!(lane_counts(a, moment), lane_counts(b, moment), "the lanes at {moment} ms");
    }
    let sent = |r: &Run| r.events.iter().filter(|e| e.received_ms < t).count();
    assert_eq!(sent(a), sent(b));
    for (x, y) in a.events.iter().zip(&b.events).take(sent(a)) {
        assert_eq!(place_at(x, t - 1), place_at(y, t - 1));
    }
}

#[test]
fn a_fix_deployed_mid_run_changes_only_what_runs_afterwards() {
    let fix_at = 100_000;
    let before = failing_into_the_dlq(json!({}));
    let fixed =
        failing_into_the_dlq(json!({ "changes": [{ "at_s": 100, "function": { "failure": { "mode": "never" } } }] }));
    let (old, new) = (run_all(&before), run_all(&fixed));
    same_until(&old, &new, fix_at);
    for e in &new.events {
        let runs = regular(e);
        assert_eq!(runs.len(), 3, "two failed attempts before the fix, the retry after it");
        for (a, (start, _)) in e.attempts.regular().zip(&runs) {
            let want = if *start < fix_at { AttemptResult::Error } else { AttemptResult::Success };
            assert_eq!(a.result, want, "the attempt that started at {start} ms");
        }
        assert_eq!(e.outcome, Outcome::Succeeded);
    }
    assert_eq!((old.counts.dlq_messages, new.counts.dlq_messages), (3, 0));
    assert!(new.events.iter().all(|e| e.endings.dlq.is_none() && e.endings.success));
}

#[test]
fn the_dlq_count_does_not_change_when_the_fix_is_deployed() {
    // The events are in the DLQ by about 210 s; the fix comes at 300 s.
    let s =
        failing_into_the_dlq(json!({ "changes": [{ "at_s": 300, "function": { "failure": { "mode": "never" } } }] }));
    let run = run_all(&s);
    assert_eq!((run.counts.retries_exhausted, run.counts.dlq_messages, run.counts.succeeded), (3, 3, 0));
    let index = RunIndex::new(&run);
    for t in [299_999, 300_000, 300_001, 899_000] {
        assert_eq!(lane_counts(&run, t).dlq_sqs, 3, "at {t} ms");
        assert_eq!(index.lane_counts(&run, t).get(Lane::Dlq(DlqTarget::Sqs)), 3, "indexed, at {t} ms");
        assert_eq!(lane_counts(&run, t).success, 0);
    }
    // Replaying the whole run with the fixed function instead rewrites history: the DLQ is empty.
    let mut rewritten = s.clone();
    rewritten.changes.clear();
    rewritten.function = s.settings_at(300_000).function;
    assert_eq!(run_all(&rewritten).counts.dlq_messages, 0);
}

#[test]
fn an_attempt_running_when_the_fix_is_deployed_finishes_on_the_version_it_started_with() {
    let s = scenario(json!({
        "sources": [{ "service": "s3", "events": 1 }],
        "function": { "duration_ms": 5000, "timeout_s": 10, "failure": { "mode": "always", "error": "Error" } },
        "changes": [{ "at_s": 2, "function": { "failure": { "mode": "never" }, "duration_ms": 1000 } }]
    }));
    let e = &run_all(&s).events[0];
    let runs: Vec<_> = e.attempts.regular().map(|a| (a.start_ms, a.end_ms, a.result)).collect();
    assert_eq!(runs[0], (0, 5_000, AttemptResult::Error), "the old code, its old length");
    assert_eq!(runs[1].2, AttemptResult::Success);
    assert_eq!(runs[1].1 - runs[1].0, 1_000, "the retry runs the new version");
}

#[test]
fn the_retry_settings_in_force_when_an_attempt_ends_decide_what_follows() {
    // The first attempt fails at 0.8 s with two retries allowed: a retry is due at about 66 s. At
    // 30 s the retries go to 0: the retry already planned still runs, and when it fails, no third
    // attempt follows.
    let s = scenario(json!({
        "sources": [{ "service": "s3", "events": 1 }],
        "function": always_failing(),
        "changes": [{ "at_s": 30, "invoke_config": { "max_retry_attempts": 0 } }]
    }));
    let e = &run_all(&s).events[0];
    assert_eq!(regular(e).len(), 2);
    assert_eq!(e.outcome, Outcome::RetriesExhausted);
    assert_eq!(e.ended_ms, Some(regular(e)[1].1));
}

#[test]
fn the_dlq_in_force_when_an_event_ends_receives_it() {
    // The first event ends in the SQS DLQ at about 201 s; the DLQ becomes an SNS topic (and an
    // on-failure destination is added) at 205 s, before the two later events end, at about 209 s
    // and 219 s.
    let s = failing_into_the_dlq(json!({ "changes": [{ "at_s": 205, "dlq": "sns", "on_failure": "lambda" }] }));
    let run = run_all(&s);
    let ends: Vec<_> = run.events.iter().map(|e| (e.endings.dlq, e.endings.on_failure.is_some())).collect();
    assert_eq!(ends, [(Some(DlqTarget::Sqs), false), (Some(DlqTarget::Sns), true), (Some(DlqTarget::Sns), true)]);
    let c = lane_counts(&run, run.run_for_ms);
    assert_eq!((c.dlq_sqs, c.dlq_sns, c.destination_failure), (1, 2, 2));
    assert_eq!((run.counts.dlq_messages, run.counts.on_failure_records), (3, 2));
    let report = report_json(&s, &run);
    assert!(report["events"][0]["destination_record"].is_null());
    assert!(report["events"][1]["destination_record"].is_object());
}

#[test]
fn a_lowered_reserved_concurrency_throttles_from_then_on() {
    let s = scenario(json!({
        "sources": [{ "service": "s3", "events": 4, "start_s": 0 }, { "service": "sns", "events": 4, "start_s": 100 }],
        "function": { "duration_ms": 5000, "timeout_s": 10 },
        "changes": [{ "at_s": 60, "function": { "reserved_concurrency": 1 } }]
    }));
    let run = run_all(&s);
    let (early, late) = run.events.split_at(4);
    assert!(early.iter().all(|e| e.throttles == 0 && regular(e) == [(0, 5_000)]), "four at once before");
    assert_eq!(late.iter().filter(|e| e.throttles > 0).count(), 3, "one at a time after");
    assert_eq!(run.counts.max_concurrency, 4);
}

#[test]
fn reserved_concurrency_0_deployed_mid_run_sends_waiting_events_on() {
    // The first event's retry is due at about 66 s; reserved concurrency is 0 from 30 s on.
    let s = scenario(json!({
        "function": always_failing(),
        "on_failure": "sqs",
        "changes": [{ "at_s": 30, "function": { "reserved_concurrency": 0 } }]
    }));
    let run = run_all(&s);
    for e in &run.events {
        assert_eq!(e.outcome, Outcome::ZeroReservedConcurrency);
        assert_eq!(regular(e).len(), 1, "one attempt before, none after");
        assert!(e.ended_ms.unwrap() > 30_000);
    }
    let record = &report_json(&s, &run)["events"][0]["destination_record"];
    assert_eq!(record["requestContext"]["condition"], "ZeroReservedConcurrency");
    assert_eq!(record["requestContext"]["approximateInvokeCount"], 1);
}

#[test]
fn a_timeout_record_names_the_timeout_of_the_version_that_ran() {
    let s = failing_into_the_dlq(json!({
        "sources": [{ "service": "s3", "events": 1 }],
        "function": { "failure": { "mode": "always", "error": "Timeout" }, "timeout_s": 3 },
        "changes": [{ "at_s": 100, "function": { "timeout_s": 7 } }]
    }));
    let run = run_all(&s);
    let e = &run.events[0];
    let lengths: Vec<_> = regular(e).iter().map(|(a, b)| b - a).collect();
    assert_eq!(lengths, [3_000, 3_000, 7_000]);
    let message = &report_json(&s, &run)["events"][0]["dlq_message"]["attributes"]["ErrorMessage"]["value"];
    assert!(message.as_str().unwrap().ends_with("Task timed out after 7.00 seconds"), "{message}");
}

// ---- Reprocessing the SQS DLQ ---------------------------------------------------------------

/// Failing into the SQS DLQ, fixed at 300 s, reprocessed at 400 s.
fn fixed_then_reprocessed(more: Value) -> Scenario {
    let mut doc = json!({
        "changes": [{ "at_s": 300, "function": { "failure": { "mode": "never" } } }],
        "reprocess": [{ "at_s": 400, "event": null }]
    });
    for (k, v) in more.as_object().unwrap() {
        doc[k] = v.clone();
    }
    failing_into_the_dlq(doc)
}

#[test]
fn reprocessing_sends_each_dlq_message_back_with_a_new_request_id_and_the_same_payload() {
    let s = fixed_then_reprocessed(json!({}));
    let run = run_all(&s);
    let rng = Rng::new(s.seed);
    let (originals, sent_back) = run.events.split_at(3);
    assert_eq!(sent_back.len(), 3, "one new invocation per message");
    assert_eq!((run.counts.received, run.counts.reprocessed, run.counts.succeeded), (6, 3, 3));
    let report = report_json(&s, &run);
    for (k, again) in sent_back.iter().enumerate() {
        let origin = again.origin.expect("it came from the DLQ");
        let first = &originals[origin.event as usize];
        assert_eq!(again.received_ms, 400_000);
        assert_eq!(first.reprocessed_ms, Some(400_000));
        assert_ne!(request_id(&rng, again.key), request_id(&rng, first.key), "a new invocation, a new request id");
        assert!(again.key >= REPROCESSED_KEY_BASE);
        let body = &report["events"][origin.event as usize]["dlq_message"]["body"];
        assert_eq!(&payload_of(&s, again), body, "the message body, unchanged");
        assert_eq!(payload_of(&s, again), payload_of(&s, first));
        assert_eq!(report["events"][3 + k]["origin"], origin.event);
        assert_eq!(again.outcome, Outcome::Succeeded, "its own attempts, with the fixed code");
    }
    let mut events: Vec<u32> = sent_back.iter().map(|e| e.origin.unwrap().event).collect();
    events.sort_unstable();
    assert_eq!(events, [0, 1, 2], "every message, once");
    // The messages leave the DLQ: the lane empties at 400 s, and the successes go up by as many.
    let index = RunIndex::new(&run);
    for (t, dlq, success) in [(399_999, 3, 0), (400_000, 0, 0), (402_000, 0, 3)] {
        let c = lane_counts(&run, t);
        assert_eq!((c.dlq_sqs, c.success), (dlq, success), "at {t} ms");
        assert_eq!(index.lane_counts(&run, t), c, "the index agrees at {t} ms");
    }
    assert_eq!(run.counts.dlq_messages, 3, "three messages were sent to the DLQ in all");

    // Read again later, the queue has nothing left: each message was taken once.
    let twice = fixed_then_reprocessed(json!({ "reprocess": [{ "at_s": 400 }, { "at_s": 500 }] }));
    let run = run_all(&twice);
    assert_eq!(run.counts.reprocessed, 3);
    assert_eq!(run.reprocessing[1].sent_back, 0);
    assert_eq!(run.reprocessing[1].nothing, Some(NothingToReprocess::DlqEmpty));
}

#[test]
fn reprocessing_one_message_leaves_the_others_in_the_dlq() {
    let s = fixed_then_reprocessed(json!({ "reprocess": [{ "at_s": 400, "event": 1 }] }));
    let run = run_all(&s);
    assert_eq!(run.counts.reprocessed, 1);
    assert_eq!(run.events[3].origin.map(|o| o.event), Some(1));
    assert_eq!(run.events.iter().map(|e| e.reprocessed_ms.is_some()).collect::<Vec<_>>(), [false, true, false, false]);
    assert_eq!(lane_counts(&run, run.run_for_ms).dlq_sqs, 2);
}

#[test]
fn a_reprocessed_event_that_fails_again_returns_to_the_dlq_with_the_original_payload() {
    let s = failing_into_the_dlq(json!({ "run_for_s": 1200, "reprocess": [{ "at_s": 300 }] }));
    let run = run_all(&s);
    let rng = Rng::new(s.seed);
    let report = report_json(&s, &run);
    for k in 3..6 {
        let again = &run.events[k];
        assert_eq!((again.outcome, regular(again).len()), (Outcome::RetriesExhausted, 3), "retries of its own");
        let message = &report["events"][k]["dlq_message"];
        let origin = again.origin.unwrap().event as usize;
        assert_eq!(message["body"], report["events"][origin]["dlq_message"]["body"]);
        assert_eq!(message["attributes"]["RequestID"]["value"], request_id(&rng, again.key));
    }
    assert_eq!(lane_counts(&run, run.run_for_ms).dlq_sqs, 3, "three left, three came back");
    assert_eq!(run.counts.dlq_messages, 6);
}

#[test]
fn a_non_idempotent_handler_repeats_partial_work_when_reprocessed() {
    // Each failing run inserts its row, then throws; after the fix, the reprocessed messages run
    // once more and succeed.
    let partial = json!({ "failure": { "mode": "always", "error": "Error" }, "fails_after_side_effect": true });
    let mut function = partial.clone();
    function["idempotent"] = json!(false);
    let careless = run_all(&fixed_then_reprocessed(json!({ "function": function.clone() })));
    let payloads = 3;
    assert_eq!(careless.counts.side_effects, 3 * 3 + 3, "three failed runs and one success per payload");
    assert!(careless.counts.side_effects > careless.counts.received);
    // The moments the page counts by: one per side effect, in time order, each the end of a run.
    let times = &careless.side_effect_times;
    assert_eq!(times.len() as u64, careless.counts.side_effects);
    assert!(times.windows(2).all(|w| w[0] <= w[1]));
    let ends: Vec<_> = careless.events.iter().flat_map(|e| e.attempts.as_slice().iter().map(|a| a.end_ms)).collect();
    assert!(times.iter().all(|t| ends.contains(t)));
    assert_eq!(careless.side_effects_by(times[0] - 1), 0);
    assert_eq!(careless.side_effects_by(careless.run_for_ms), careless.counts.side_effects);

    function["idempotent"] = json!(true);
    let careful = run_all(&fixed_then_reprocessed(json!({ "function": function })));
    assert_eq!(careful.counts.side_effects, payloads, "one side effect per payload, whatever runs it");
    for e in &careful.events {
        let want = u32::from(e.origin.is_none());
        assert_eq!(e.side_effects, want, "the reprocessed event finds the original's key");
    }

    // Without partial work, a failed run leaves nothing: only the successes act.
    let clean = run_all(&fixed_then_reprocessed(json!({})));
    assert_eq!(clean.counts.side_effects, 3);
}

#[test]
fn reprocessing_without_an_sqs_dlq_does_nothing_and_says_so() {
    let cases = [
        (json!({ "dlq": "sns" }), NothingToReprocess::NoSqsDlq),
        (json!({ "dlq": null, "on_failure": "sqs" }), NothingToReprocess::NoSqsDlq),
        (json!({ "reprocess": [{ "at_s": 100 }] }), NothingToReprocess::DlqEmpty),
        (json!({ "reprocess": [{ "at_s": 400, "event": 7 }] }), NothingToReprocess::NotInDlq),
    ];
    for (more, why) in cases {
        let s = fixed_then_reprocessed(more);
        let run = run_all(&s);
        assert_eq!(run.counts.reprocessed, 0);
        assert_eq!(run.counts.received, 3);
        assert_eq!(run.reprocessing.len(), 1);
        assert_eq!((run.reprocessing[0].sent_back, run.reprocessing[0].nothing), (0, Some(why)));
        let said = &report_json(&s, &run)["reprocessing"][0]["nothing"];
        assert_eq!(said, &json!(why.to_string()));
    }
}
