//! The scenario format (`docs/scenario.md`): defaults, round trips, and a refusal that names
//! the field for every kind of bad value.

use lab_core::scenario::{read_lenient, CallerRetries, FailureMode, Invocation, Scenario};
use serde_json::{json, Value};

fn valid() -> Value {
    json!({
        "version": 1, "seed": 42, "run_for_s": 900,
        "sources": [{ "service": "s3", "events": 3, "start_s": 0, "every_s": 10 },
                    { "service": "sns", "events": 2, "start_s": 1.5, "every_s": 0.05 }],
        "function": { "duration_ms": 800, "timeout_s": 3, "failure": { "mode": "always", "error": "Error" },
                      "reserved_concurrency": null, "idempotent": false },
        "invoke_config": { "max_retry_attempts": 2, "max_event_age_s": 21600 },
        "dlq": "sqs", "on_success": null, "on_failure": null, "duplicate_rate": 0.0
    })
}

/// Sets the value at a path like `function.failure.p` or `sources[1].start_s`.
fn set(doc: &mut Value, path: &str, v: Value) {
    let mut cur = doc;
    let parts: Vec<&str> = path.split('.').collect();
    for (i, part) in parts.iter().enumerate() {
        let (name, index) = match part.split_once('[') {
            Some((n, rest)) => (n, Some(rest.trim_end_matches(']').parse::<usize>().unwrap())),
            None => (*part, None),
        };
        let last = i == parts.len() - 1;
        if last && index.is_none() {
            cur[name] = v;
            return;
        }
        cur = &mut cur[name];
        if let Some(i) = index {
            if last {
                cur[i] = v;
                return;
            }
            cur = &mut cur[i];
        }
    }
}

fn fields_of(doc: &Value) -> Vec<String> {
    match Scenario::from_json(&doc.to_string()) {
        Ok(_) => Vec::new(),
        Err(e) => e.0.into_iter().map(|f| f.field).collect(),
    }
}

#[test]
fn every_kind_of_bad_value_is_refused_naming_its_field() {
    let cases: Vec<(&str, Value)> = vec![
        ("version", json!(2)),
        ("seed", json!(-1)),
        ("seed", json!(1.5)),
        ("run_for_s", json!(0)),
        ("run_for_s", json!(604_801)),
        ("run_for_s", json!("long")),
        ("sources", json!([])),
        ("sources", json!({ "service": "s3" })),
        ("sources[0].service", json!("sqs")),
        ("sources[0].events", json!(1_000_001)),
        ("sources[1].start_s", json!(-1)),
        ("sources[0].every_s", json!("fast")),
        ("sources[0].every_s", json!(604_801)),
        ("function.duration_ms", json!(0)),
        ("function.duration_ms", json!(900_001)),
        ("function.timeout_s", json!(901)),
        ("function.timeout_s", json!(0)),
        ("function.failure.mode", json!("sometimes")),
        ("function.failure.error", json!("Boom")),
        ("function.reserved_concurrency", json!(901)),
        ("function.reserved_concurrency", json!(-1)),
        ("function.idempotent", json!("yes")),
        ("invoke_config.max_retry_attempts", json!(3)),
        ("invoke_config.max_event_age_s", json!(59)),
        ("invoke_config.max_event_age_s", json!(21_601)),
        ("dlq", json!("lambda")),
        ("on_success", json!("s3")),
        ("on_failure", json!("kinesis")),
        ("duplicate_rate", json!(1.5)),
        ("duplicate_rate", json!(-0.1)),
    ];
    for (field, bad) in cases {
        let mut doc = valid();
        set(&mut doc, field, bad.clone());
        assert_eq!(fields_of(&doc), [field], "{field} = {bad}");
    }
}

#[test]
fn failure_mode_fields_must_match_the_mode() {
    let cases = [
        (json!({ "mode": "rate", "p": 1.5 }), "function.failure.p"),
        (json!({ "mode": "rate" }), "function.failure.p"),
        (json!({ "mode": "first" }), "function.failure.n"),
        (json!({ "mode": "first", "n": -2 }), "function.failure.n"),
        (json!({ "mode": "never", "error": "Error" }), "function.failure.error"),
        (json!({ "mode": "always", "p": 0.5 }), "function.failure.p"),
        (json!({ "error": "Error" }), "function.failure.mode"),
        (json!("always"), "function.failure"),
    ];
    for (failure, field) in cases {
        let mut doc = valid();
        doc["function"]["failure"] = failure.clone();
        assert_eq!(fields_of(&doc), [field], "{failure}");
    }
}

#[test]
fn unknown_fields_are_refused_by_name() {
    let mut doc = valid();
    doc["colour"] = json!("blue");
    doc["sources"][1]["region"] = json!("eu-west-1");
    doc["function"]["memory_mb"] = json!(128);
    doc["invoke_config"]["Qualifier"] = json!("$LATEST");
    assert_eq!(fields_of(&doc), ["colour", "sources[1].region", "function.memory_mb", "invoke_config.Qualifier"]);
}

#[test]
fn an_empty_or_blank_unknown_field_is_named_in_quotes() {
    let mut doc = valid();
    doc[""] = json!(5);
    doc["function"][" "] = json!(true);
    assert_eq!(fields_of(&doc), ["\"\"", "function.\" \""]);
}

#[test]
fn the_message_names_the_field_the_allowed_values_and_what_was_found() {
    let mut doc = valid();
    doc["invoke_config"]["max_retry_attempts"] = json!(3);
    let message = Scenario::from_json(&doc.to_string()).unwrap_err().to_string();
    assert_eq!(message, "invoke_config.max_retry_attempts: allowed 0 ..= 2, found 3");
    let message = Scenario::from_json("{\"run_for_s\": ").unwrap_err().to_string();
    assert!(message.starts_with("(document): allowed a JSON object"), "{message}");
    assert_eq!(fields_of(&json!([1, 2])), ["(document)"]);
}

#[test]
fn reserved_concurrency_stops_at_900_because_the_account_keeps_100_unreserved() {
    let mut doc = valid();
    doc["function"]["reserved_concurrency"] = json!(900);
    assert_eq!(Scenario::from_json(&doc.to_string()).unwrap().function.reserved_concurrency, Some(900));
    doc["function"]["reserved_concurrency"] = json!(901);
    let message = Scenario::from_json(&doc.to_string()).unwrap_err().to_string();
    assert_eq!(
        message,
        "function.reserved_concurrency: allowed null or 0 ..= 900 \
         (at most 900: the account keeps 100 of its 1000 unreserved), found 901"
    );
}

#[test]
fn missing_fields_take_the_aws_defaults() {
    let s = Scenario::from_json("{}").unwrap();
    assert_eq!(s, Scenario::default());
    assert_eq!((s.invoke_config.max_retry_attempts, s.invoke_config.max_event_age_s), (2, 21_600));
    assert_eq!((s.dlq, s.on_success, s.on_failure, s.function.reserved_concurrency), (None, None, None, None));
    let s = Scenario::from_json(r#"{"function": {"failure": {"mode": "rate", "p": 0.2}}}"#).unwrap();
    assert_eq!(s.function.failure, FailureMode::Rate { p: 0.2, error: lab_core::scenario::ErrorKind::Error });
}

#[test]
fn a_scenario_written_out_reads_back_the_same() {
    let s = Scenario::from_json(&valid().to_string()).unwrap();
    assert_eq!(s.sources[1].every_ms, 50, "fractions of a second are kept in whole ms");
    let again = Scenario::from_json(&s.to_json_pretty()).unwrap();
    assert_eq!(again, s);
    let text: Value = serde_json::from_str(&s.to_json_pretty()).unwrap();
    assert_eq!(text["sources"][1]["every_s"], json!(0.05));
    assert_eq!(text["sources"][0]["every_s"], json!(10));
}

#[test]
fn lenient_reading_keeps_the_good_fields_and_reports_the_bad_ones() {
    let mut doc = valid();
    doc["run_for_s"] = json!(0);
    doc["seed"] = json!(7);
    let (s, errors) = read_lenient(&doc);
    assert_eq!(s.seed, 7);
    assert_eq!(s.run_for_s, Scenario::default().run_for_s);
    assert_eq!(errors.len(), 1);
    assert_eq!(errors[0].field, "run_for_s");
}

/// `valid()` with a deployment at 120 s and a reprocessing at 600 s.
fn timed() -> Value {
    let mut doc = valid();
    doc["changes"] = json!([
        { "at_s": 120, "function": { "failure": { "mode": "never" } }, "dlq": null },
        { "at_s": 300, "function": { "reserved_concurrency": 2, "fails_after_side_effect": true },
          "invoke_config": { "max_retry_attempts": 0 }, "on_failure": "s3" }
    ]);
    doc["reprocess"] = json!([{ "at_s": 600, "event": null }, { "at_s": 700, "event": 2 }]);
    doc
}

#[test]
fn invocation_is_async_or_sync_exactly_and_the_caller_retries_are_named() {
    for (value, invocation) in [("async", Invocation::Async), ("sync", Invocation::Sync)] {
        let mut doc = valid();
        doc["invocation"] = json!(value);
        doc["caller_retries"] = json!("sdk_standard");
        let s = Scenario::from_json(&doc.to_string()).unwrap();
        assert_eq!((s.invocation, s.caller_retries), (invocation, CallerRetries::SdkStandard));
    }
    assert_eq!(Scenario::from_json("{}").unwrap().invocation, Invocation::Async, "asynchronous by default");
    for bad in [json!("Sync"), json!("RequestResponse"), json!(true), json!(null)] {
        let mut doc = valid();
        doc["invocation"] = bad.clone();
        let message = Scenario::from_json(&doc.to_string()).unwrap_err().to_string();
        assert_eq!(message, format!("invocation: allowed \"async\", \"sync\", found {bad}"));
    }
    let mut doc = valid();
    doc["caller_retries"] = json!("legacy");
    assert_eq!(fields_of(&doc), ["caller_retries"]);
}

#[test]
fn timed_changes_and_reprocessings_read_and_write_back_the_same() {
    let s = Scenario::from_json(&timed().to_string()).unwrap();
    assert_eq!(s.changes.len(), 2);
    assert_eq!(s.changes[0].at_ms, 120_000);
    assert_eq!(s.changes[0].dlq, Some(None), "null removes the DLQ");
    assert_eq!(s.changes[0].on_failure, None, "a setting left out stays as it is");
    assert_eq!(s.changes[1].function.reserved_concurrency, Some(Some(2)));
    assert_eq!(s.reprocess[1].event, Some(2));
    let again = Scenario::from_json(&s.to_json_pretty()).unwrap();
    assert_eq!(again, s);
    let text: Value = serde_json::from_str(&s.to_json_pretty()).unwrap();
    assert_eq!(text["changes"][0], json!({ "at_s": 120, "function": { "failure": { "mode": "never" } }, "dlq": null }));
    // A scenario without them writes none of the new fields.
    let plain: Value =
        serde_json::from_str(&Scenario::from_json(&valid().to_string()).unwrap().to_json_pretty()).unwrap();
    for key in ["invocation", "caller_retries", "changes", "reprocess"] {
        assert!(plain.get(key).is_none(), "{key}");
    }
    assert!(plain["function"].get("fails_after_side_effect").is_none());
}

#[test]
fn the_settings_in_force_are_the_start_with_every_change_made_so_far() {
    let s = Scenario::from_json(&timed().to_string()).unwrap();
    assert_eq!(s.settings_at(119_999), s.settings());
    let at_120 = s.settings_at(120_000);
    assert_eq!((at_120.function.failure, at_120.dlq), (FailureMode::Never, None));
    let later = s.settings_at(900_000);
    assert_eq!(later.function.failure, FailureMode::Never, "merged: the failure stays fixed");
    assert_eq!(later.function.reserved_concurrency, Some(2));
    assert!(later.function.fails_after_side_effect);
    assert_eq!((later.invoke_config.max_retry_attempts, later.invoke_config.max_event_age_s), (0, 21_600));
    assert_eq!(later.on_failure, Some(lab_core::scenario::Destination::S3));
    assert_eq!(s.settings_over_run().count(), 3);
}

#[test]
fn bad_timed_entries_are_refused_naming_their_field() {
    let cases: Vec<(&str, Value)> = vec![
        ("changes", json!({ "at_s": 1 })),
        ("changes[0].at_s", json!(901)),
        ("changes[0].at_s", json!(-1)),
        ("changes[0].at_s", json!("soon")),
        ("changes[0].function.failure.mode", json!("sometimes")),
        ("changes[0].function.timeout_s", json!(0)),
        ("changes[1].function.reserved_concurrency", json!(901)),
        ("changes[1].function.fails_after_side_effect", json!("yes")),
        ("changes[1].invoke_config.max_retry_attempts", json!(3)),
        ("changes[0].dlq", json!("lambda")),
        ("changes[1].on_failure", json!("kinesis")),
        ("reprocess", json!("all")),
        ("reprocess[0].at_s", json!(900.5)),
        ("reprocess[1].event", json!(-2)),
        ("reprocess[1].event", json!("first")),
    ];
    for (field, bad) in cases {
        let mut doc = timed();
        set(&mut doc, field, bad.clone());
        assert_eq!(fields_of(&doc), [field], "{field} = {bad}");
    }
    let mut doc = timed();
    doc["changes"][0] = json!({ "at_s": 10 });
    assert_eq!(fields_of(&doc), ["changes[0]"], "a change must change something");
    doc["changes"][0] = json!({ "at_s": 10, "memory_mb": 256 });
    assert_eq!(fields_of(&doc), ["changes[0].memory_mb", "changes[0]"], "unknown, and so nothing to change");
    doc["changes"] = json!(vec![json!({ "at_s": 1, "dlq": "sqs" }); 33]);
    assert_eq!(fields_of(&doc), ["changes"], "at most 32");
    let mut doc = timed();
    doc["changes"][0]["at_s"] = json!(901);
    let message = Scenario::from_json(&doc.to_string()).unwrap_err().to_string();
    assert_eq!(message, "changes[0].at_s: allowed 0 ..= 900 seconds (within the run), found 901");
}

#[test]
fn timed_entries_take_effect_in_time_order_whatever_their_order_in_the_list() {
    let mut doc = timed();
    doc["changes"] = json!([
        { "at_s": 300, "dlq": "sns" },
        { "at_s": 120, "dlq": null },
        { "at_s": 300, "dlq": "sqs" }
    ]);
    doc["reprocess"] = json!([{ "at_s": 700 }, { "at_s": 600, "event": 1 }]);
    let s = Scenario::from_json(&doc.to_string()).unwrap();
    let at: Vec<_> = s.changes.iter().map(|c| (c.at_ms, c.dlq)).collect();
    use lab_core::scenario::DlqTarget;
    assert_eq!(
        at,
        [(120_000, Some(None)), (300_000, Some(Some(DlqTarget::Sns))), (300_000, Some(Some(DlqTarget::Sqs)))]
    );
    assert_eq!(s.settings_at(300_000).dlq, Some(DlqTarget::Sqs), "at one moment, the list's order");
    assert_eq!(s.reprocess.iter().map(|r| r.at_ms).collect::<Vec<_>>(), [600_000, 700_000]);
}

#[test]
fn a_synchronous_run_names_the_asynchronous_settings_it_ignores() {
    let mut doc = timed();
    doc["invocation"] = json!("sync");
    doc["duplicate_rate"] = json!(0.5);
    let s = Scenario::from_json(&doc.to_string()).unwrap();
    let fields: Vec<String> = s.warnings().into_iter().map(|w| w.field).collect();
    assert_eq!(
        fields,
        ["dlq", "duplicate_rate", "reprocess", "changes[0].dlq", "changes[1].invoke_config", "changes[1].on_failure"]
    );
    let plain = Scenario::from_json(&valid().to_string()).unwrap();
    assert!(plain.warnings().is_empty());
    let mut retrying = plain.clone();
    retrying.caller_retries = CallerRetries::SdkStandard;
    assert_eq!(
        retrying.warnings()[0].to_string(),
        "caller_retries: ignored in an asynchronous run (the caller gets 202 at once and has nothing to retry)"
    );
}
