//! The headless `simulate` command: reads a scenario (file or `-`), prints one JSON report, and
//! refuses a bad scenario with status 2 and the field's name on standard error.

use std::io::Write;
use std::path::PathBuf;
use std::process::{Command, Output, Stdio};

use serde_json::{json, Value};

fn simulate(args: &[&str], stdin: Option<&str>) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_simulate"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("simulate starts");
    let mut input = child.stdin.take().unwrap();
    input.write_all(stdin.unwrap_or("").as_bytes()).unwrap();
    drop(input);
    child.wait_with_output().unwrap()
}

/// A scenario file in the temp directory, named for the test so that parallel tests do not meet.
fn file(name: &str, content: &str) -> PathBuf {
    let path = std::env::temp_dir().join(format!("lab-core-cli-{}-{name}.json", std::process::id()));
    std::fs::write(&path, content).unwrap();
    path
}

/// The example of `scenario.md`: three S3 events, an always-failing handler and an SQS DLQ.
fn spec_example() -> Value {
    json!({
        "version": 1, "seed": 42, "run_for_s": 900,
        "sources": [{ "service": "s3", "events": 3, "start_s": 0, "every_s": 10 }],
        "function": { "duration_ms": 800, "timeout_s": 3, "failure": { "mode": "always", "error": "Error" },
                      "reserved_concurrency": null, "idempotent": false },
        "invoke_config": { "max_retry_attempts": 2, "max_event_age_s": 21600 },
        "dlq": "sqs", "on_success": null, "on_failure": null, "duplicate_rate": 0.0
    })
}

#[test]
fn prints_the_report_of_the_spec_example() {
    let path = file("spec-example", &spec_example().to_string());
    let out = simulate(&[path.to_str().unwrap()], None);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    for (key, want) in [
        ("received", 3),
        ("succeeded", 0),
        ("retries_exhausted", 3),
        ("event_age_exceeded", 0),
        ("zero_reserved_concurrency", 0),
        ("in_flight", 0),
        ("attempts", 9),
        ("throttles", 0),
        ("side_effects", 0),
        ("max_concurrency", 1),
        ("dlq_messages", 3),
        ("on_success_records", 0),
        ("on_failure_records", 0),
        ("lost", 0),
    ] {
        assert_eq!(report[key], want, "{key}");
    }
    let event = &report["events"][0];
    assert_eq!(event["outcome"], "retries_exhausted");
    assert_eq!(event["attempts"].as_array().unwrap().len(), 3);
    assert_eq!(event["dlq_message"]["attributes"]["RequestID"]["value"], event["request_id"]);
    std::fs::remove_file(path).ok();
}

#[test]
fn dash_reads_the_scenario_from_standard_input_and_summary_leaves_events_out() {
    let out = simulate(&["-", "--summary"], Some(&spec_example().to_string()));
    assert!(out.status.success());
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(report["received"], 3);
    assert!(report.get("events").is_none());
}

#[test]
fn same_scenario_prints_the_same_bytes() {
    let mut s = spec_example();
    s["function"]["failure"] = json!({ "mode": "rate", "p": 0.5, "error": "Error" });
    s["duplicate_rate"] = json!(0.3);
    s["sources"][0]["events"] = json!(50);
    let a = simulate(&["-"], Some(&s.to_string()));
    let b = simulate(&["-"], Some(&s.to_string()));
    assert!(a.status.success());
    assert_eq!(a.stdout, b.stdout);
}

#[test]
fn bad_scenario_exits_2_naming_the_field_and_the_allowed_range() {
    let cases = [
        ("run_for_s", json!(0), "1 ..= 604800"),
        ("duplicate_rate", json!(2), "0.0 ..= 1.0"),
        ("dlq", json!("kinesis"), "\"sqs\""),
    ];
    for (field, bad, allowed) in cases {
        let mut s = spec_example();
        s[field] = bad;
        let path = file(&format!("bad-{field}"), &s.to_string());
        let out = simulate(&[path.to_str().unwrap()], None);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{field}: {stderr}");
        assert!(stderr.contains(field) && stderr.contains(allowed), "{field}: {stderr}");
        assert!(out.stdout.is_empty());
        std::fs::remove_file(path).ok();
    }
    let mut s = spec_example();
    s["invoke_config"]["max_retry_attempts"] = json!(5);
    let out = simulate(&["-"], Some(&s.to_string()));
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("invoke_config.max_retry_attempts: allowed 0 ..= 2, found 5"));
}

#[test]
fn unreadable_input_and_bad_usage_exit_2() {
    let out = simulate(&["/nonexistent/scenario.json"], None);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("cannot read"));
    let out = simulate(&["-"], Some("{ not json"));
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("(document)"));
    let out = simulate(&[], None);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("usage"));
}

#[test]
fn full_report_of_a_huge_scenario_is_refused_in_favour_of_summary() {
    let mut s = spec_example();
    s["sources"] = json!([{ "service": "s3", "events": 1_000_000, "start_s": 0, "every_s": 1 }]);
    let out = simulate(&["-"], Some(&s.to_string()));
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--summary"));
}

#[test]
fn a_synchronous_run_reports_what_each_caller_got_and_names_the_settings_it_ignores() {
    let mut doc = spec_example();
    doc["invocation"] = json!("sync");
    let out = simulate(&["-"], Some(&doc.to_string()));
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("simulate: warning: dlq: ignored in a synchronous run"), "{stderr}");
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!((report["error_to_caller"].as_u64(), report["dlq_messages"].as_u64()), (Some(3), Some(0)));
    let first = &report["events"][0];
    assert_eq!((first["caller_status"].as_str(), first["caller_wait_ms"].as_u64()), (Some("200 Unhandled"), Some(800)));
    assert!(first["dlq_message"].is_null());

    let mut bad = spec_example();
    bad["invocation"] = json!("RequestResponse");
    let out = simulate(&["-"], Some(&bad.to_string()));
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr)
        .contains("invocation: allowed \"async\", \"sync\", found \"RequestResponse\""));
}
