//! What events and their endings look like on the wire: source payloads, DLQ messages and
//! destination records, checked against AWS's shapes (the `aws_lambda_events` types and
//! `docs/aws-async.md`: dead-letter queue, destinations, event shapes).

mod common;

use aws_lambda_events::event::code_commit::CodeCommitEvent;
use aws_lambda_events::event::codepipeline_job::CodePipelineJobEvent;
use aws_lambda_events::event::eventbridge::EventBridgeEvent;
use aws_lambda_events::event::s3::S3Event;
use aws_lambda_events::event::ses::SimpleEmailEvent;
use aws_lambda_events::event::sns::SnsEvent;
use common::{report_json, run_all, scenario};
use lab_core::payload::event_payload;
use lab_core::records::{destination_record, payload_of};
use lab_core::rng::Rng;
use lab_core::scenario::Service;
use lab_core::time::iso8601;
use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::{json, Value};

/// Milliseconds since the Unix epoch of an ISO-8601 UTC time (`…Z` or `…+0000`, with or without
/// fractions).
fn instant(s: &str) -> Option<u64> {
    let s = s.strip_suffix("+0000").map_or(s.to_string(), |t| format!("{t}Z"));
    let s = s.as_str();
    let b = s.as_bytes();
    if b.len() < 20 || b[4] != b'-' || b[10] != b'T' || !s.ends_with('Z') {
        return None;
    }
    let num = |r: std::ops::Range<usize>| s.get(r)?.parse::<u64>().ok();
    let (y, mo, d) = (num(0..4)?, num(5..7)?, num(8..10)?);
    let (h, mi, sec) = (num(11..13)?, num(14..16)?, num(17..19)?);
    let frac = &s[19..s.len() - 1];
    let ms = match frac {
        "" => 0,
        f if f.starts_with('.') => {
            let digits: String = f[1..].chars().chain("000".chars()).take(3).collect();
            digits.parse().ok()?
        }
        _ => return None,
    };
    // Days from civil (Howard Hinnant), independent of the core's own converter.
    let (y, mo) = if mo <= 2 { (y as i64 - 1, mo + 9) } else { (y as i64, mo - 3) };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let doy = (153 * mo as i64 + 2) / 5 + d as i64 - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    let days = era * 146_097 + doe - 719_468;
    Some((days as u64 * 86_400 + h * 3600 + mi * 60 + sec) * 1000 + ms)
}

/// Every key and value of `ours` is in `theirs` (times compared as instants, since a typed
/// timestamp may print `.000` differently).
fn assert_kept(ours: &Value, theirs: &Value, path: &str) {
    match (ours, theirs) {
        (Value::Object(a), Value::Object(b)) => {
            for (k, v) in a {
                let there = b.get(k).unwrap_or_else(|| panic!("{path}.{k} lost in the round trip"));
                assert_kept(v, there, &format!("{path}.{k}"));
            }
        }
        (Value::Array(a), Value::Array(b)) => {
            assert_eq!(a.len(), b.len(), "{path}: list length");
            for (i, (x, y)) in a.iter().zip(b).enumerate() {
                assert_kept(x, y, &format!("{path}[{i}]"));
            }
        }
        (Value::String(a), Value::String(b)) if a != b => {
            assert!(instant(a).is_some() && instant(a) == instant(b), "{path}: {a:?} became {b:?}");
        }
        _ => assert_eq!(ours, theirs, "{path}"),
    }
}

/// `value` read as `T` and written back keeps every key and value.
fn round_trip<T: DeserializeOwned + Serialize>(value: &Value) -> T {
    let typed: T = serde_json::from_value(value.clone())
        .unwrap_or_else(|e| panic!("not a {}: {e}\n{value:#}", std::any::type_name::<T>()));
    assert_kept(value, &serde_json::to_value(&typed).unwrap(), "$");
    typed
}

#[test]
fn time_parser_reads_both_forms() {
    assert_eq!(instant("1970-01-01T00:00:01Z"), Some(1000));
    assert_eq!(instant("2026-01-01T00:01:06.800Z"), instant("2026-01-01T00:01:06.8Z"));
    assert_eq!(instant(&iso8601(66_800)).unwrap() - instant(&iso8601(0)).unwrap(), 66_800);
    assert_eq!(instant("not a time"), None);
}

/// Each service's event, read as its `aws_lambda_events` type (where AWS publishes one) and written
/// back, keeps every key and value; the fields a learner is told about are where AWS puts them.
#[test]
fn every_source_payload_deserializes_into_its_aws_lambda_events_type_without_losing_a_key() {
    let rng = Rng::new(42);
    for service in Service::ALL {
        for (index, at) in [(0u32, 0u64), (1, 66_800), (999_999, 604_800_000)] {
            let key = index;
            let payload = event_payload(&rng, service, key, index, at);
            let when = instant(&iso8601(at)).unwrap();
            match service {
                Service::S3 => {
                    let e: S3Event = round_trip(&payload);
                    let r = &e.records[0];
                    assert_eq!(r.event_name.as_deref(), Some("ObjectCreated:Put"));
                    assert_eq!(r.event_source.as_deref(), Some("aws:s3"));
                    assert!(r.s3.object.key.as_deref().unwrap().starts_with("uploads/"));
                    assert!(r.s3.object.size.unwrap() > 0);
                    assert_eq!(r.event_time.timestamp_millis() as u64, when);
                }
                Service::Sns => {
                    let e: SnsEvent = round_trip(&payload);
                    assert_eq!(e.records[0].event_source, "aws:sns");
                    assert_eq!(e.records[0].sns.sns_message_type, "Notification");
                    assert!(e.records[0].sns.topic_arn.starts_with("arn:aws:sns:"));
                }
                Service::EventBridge => {
                    let e: EventBridgeEvent<Value> = round_trip(&payload);
                    assert_eq!(e.detail_type, "Order Placed");
                    assert_eq!(e.time.unwrap().timestamp_millis() as u64, when / 1000 * 1000);
                }
                Service::Ses => {
                    let e: SimpleEmailEvent = round_trip(&payload);
                    let r = &e.records[0];
                    assert_eq!(r.event_source.as_deref(), Some("aws:ses"));
                    assert_eq!(r.ses.receipt.action.type_.as_deref(), Some("Lambda"));
                    assert_eq!(r.ses.receipt.action.invocation_type.as_deref(), Some("Event"));
                    assert!(r.ses.receipt.action.function_arn.as_deref().unwrap().ends_with(":function:lab-handler"));
                    assert_eq!(r.ses.mail.common_headers.subject.as_deref(), Some(&*format!("Order #{}", index + 1)));
                    assert_eq!(r.ses.mail.timestamp.timestamp_millis() as u64, when);
                }
                Service::CodeCommit => {
                    let e: CodeCommitEvent = round_trip(&payload);
                    let r = &e.records[0];
                    assert_eq!(r.event_source.as_deref(), Some("aws:codecommit"));
                    assert!(r.event_source_arn.as_deref().unwrap().starts_with("arn:aws:codecommit:us-east-1:"));
                    let reference = &r.code_commit.references[0];
                    assert_eq!(reference.ref_.as_deref(), Some("refs/heads/main"));
                    assert_eq!(reference.commit.as_deref().map(str::len), Some(40));
                    assert_eq!(r.event_time.timestamp_millis() as u64, when);
                }
                Service::CodePipeline => {
                    let e: CodePipelineJobEvent = round_trip(&payload);
                    let job = &e.code_pipeline_job;
                    assert_eq!(job.id.as_deref().map(str::len), Some(36), "a job id is a UUID");
                    assert_eq!(job.account_id.as_deref(), Some("123456789012"));
                    let config = &job.data.action_configuration.configuration;
                    assert_eq!(config.function_name.as_deref(), Some("lab-handler"));
                }
                Service::Iot => {
                    // No AWS type: an IoT rule sends whatever its SQL selects, here a flat reading.
                    let reading = payload.as_object().expect("a JSON object");
                    assert!(reading["deviceId"].as_str().unwrap().starts_with("sensor-"));
                    assert!((18.0..26.0).contains(&reading["temperature"].as_f64().unwrap()));
                    assert_eq!(reading["timestamp"].as_u64().unwrap(), when);
                }
            }
        }
    }
}

/// Different events of one service carry different ids: a handler can key its idempotency on them.
#[test]
fn every_service_gives_each_event_its_own_id() {
    let rng = Rng::new(7);
    for service in Service::ALL {
        let a = event_payload(&rng, service, 0, 0, 1_000);
        let b = event_payload(&rng, service, 1, 1, 1_000);
        assert_ne!(a, b, "{}", service.name());
        assert_eq!(a, event_payload(&rng, service, 0, 0, 1_000), "{}: the same input, the same event", service.name());
    }
}

#[test]
fn eventbridge_event_time_is_in_whole_seconds_as_eventbridge_writes_it() {
    let eb = event_payload(&Rng::new(1), Service::EventBridge, 0, 0, 66_800);
    assert_eq!(eb["time"], "2026-01-01T00:01:06Z");
}

#[test]
fn each_event_has_its_own_object_key_message_id_and_event_id() {
    let rng = Rng::new(9);
    let ids = |service, field: &dyn Fn(&Value) -> String| {
        (0..500).map(|i| field(&event_payload(&rng, service, i, i, 0))).collect::<std::collections::HashSet<_>>().len()
    };
    assert_eq!(ids(Service::S3, &|v| v["Records"][0]["s3"]["object"]["key"].to_string()), 500);
    assert_eq!(ids(Service::Sns, &|v| v["Records"][0]["Sns"]["MessageId"].to_string()), 500);
    assert_eq!(ids(Service::EventBridge, &|v| v["id"].to_string()), 500);
}

fn keys(v: &Value) -> Vec<&str> {
    let mut k: Vec<&str> = v.as_object().unwrap().keys().map(String::as_str).collect();
    k.sort_unstable();
    k
}

#[test]
fn success_record_has_status_200_and_no_function_error() {
    let s = scenario(json!({ "on_success": "sqs" }));
    let run = run_all(&s);
    let report = report_json(&s, &run);
    let e = &report["events"][1];
    let record = &e["destination_record"];
    assert_eq!(
        keys(record),
        ["requestContext", "requestPayload", "responseContext", "responsePayload", "timestamp", "version"]
    );
    assert_eq!(record["version"], "1.0");
    assert_eq!(record["timestamp"], iso8601(run.events[1].ended_ms.unwrap()));
    let ctx = &record["requestContext"];
    assert_eq!(keys(ctx), ["approximateInvokeCount", "condition", "functionArn", "requestId"]);
    assert_eq!(ctx["requestId"], e["request_id"]);
    assert_eq!(ctx["condition"], "Success");
    assert_eq!(ctx["approximateInvokeCount"], 1);
    let arn = ctx["functionArn"].as_str().unwrap();
    assert!(arn.starts_with("arn:aws:lambda:") && arn.ends_with(":function:lab-handler:$LATEST"), "{arn}");
    assert_eq!(record["responseContext"], json!({ "statusCode": 200, "executedVersion": "$LATEST" }));
    assert_eq!(record["requestPayload"], payload_of(&s, &run.events[1]));
}

#[test]
fn failure_record_carries_the_node_runtime_error_object() {
    let s =
        scenario(json!({ "function": { "failure": { "mode": "always", "error": "Error" } }, "on_failure": "lambda" }));
    let report = report_json(&s, &run_all(&s));
    for e in report["events"].as_array().unwrap() {
        let record = &e["destination_record"];
        assert_eq!(record["requestContext"]["condition"], "RetriesExhausted");
        assert_eq!(record["requestContext"]["approximateInvokeCount"], 3);
        assert_eq!(record["requestContext"]["requestId"], e["request_id"]);
        assert_eq!(record["responseContext"]["statusCode"], 200);
        assert_eq!(record["responseContext"]["functionError"], "Unhandled");
        let error = &record["responsePayload"];
        assert_eq!(keys(error), ["errorMessage", "errorType", "trace"], "the Node.js runtime's shape");
        assert_eq!(error["errorType"], "Error");
        let trace: Vec<&str> = error["trace"].as_array().unwrap().iter().map(|l| l.as_str().unwrap()).collect();
        assert_eq!(trace[0], format!("Error: {}", error["errorMessage"].as_str().unwrap()));
        assert!(trace[1].contains("/var/task/index.mjs"), "{trace:?}");
    }
}

#[test]
fn timeout_failure_reports_the_sandbox_timeout_in_one_format() {
    let s = scenario(
        json!({ "function": { "failure": { "mode": "always", "error": "Timeout" } }, "on_failure": "sns", "dlq": "sqs" }),
    );
    let report = report_json(&s, &run_all(&s));
    for e in report["events"].as_array().unwrap() {
        let error = &e["destination_record"]["responsePayload"];
        assert_eq!(keys(error), ["errorMessage", "errorType"], "the sandbox's report has no trace");
        assert_eq!(error["errorType"], "Sandbox.Timedout");
        let id = e["request_id"].as_str().unwrap();
        let message = format!("RequestId: {id} Error: Task timed out after 3.00 seconds");
        assert_eq!(error["errorMessage"], message);
        assert_eq!(e["dlq_message"]["attributes"]["ErrorMessage"]["value"], message);
    }
}

#[test]
fn dlq_message_body_is_the_original_payload_with_typed_attributes() {
    for service in ["s3", "sns", "eventbridge"] {
        let s = scenario(json!({
            "sources": [{ "service": service, "events": 2, "start_s": 5, "every_s": 1 }],
            "function": { "failure": { "mode": "always", "error": "Error" } },
            "dlq": "sqs",
            "on_failure": "sqs"
        }));
        let run = run_all(&s);
        let report = report_json(&s, &run);
        for (rec, e) in run.events.iter().zip(report["events"].as_array().unwrap()) {
            let msg = &e["dlq_message"];
            assert_eq!(keys(msg), ["attributes", "body"]);
            assert_eq!(msg["body"], payload_of(&s, rec), "the body is the event, unmodified");
            assert_eq!(msg["body"], e["destination_record"]["requestPayload"]);
            let attrs = &msg["attributes"];
            assert_eq!(keys(attrs), ["ErrorCode", "ErrorMessage", "RequestID"]);
            assert_eq!(attrs["RequestID"], json!({ "type": "String", "value": e["request_id"] }));
            assert_eq!(attrs["ErrorCode"], json!({ "type": "Number", "value": "200" }));
            assert_eq!(attrs["ErrorMessage"]["type"], "String");
            let message = attrs["ErrorMessage"]["value"].as_str().unwrap();
            assert_eq!(message, e["destination_record"]["responsePayload"]["errorMessage"]);
            assert!(!message.is_empty() && message.len() <= 1024);
        }
    }
}

#[test]
fn request_id_is_one_uuid_per_event_shared_by_all_its_records() {
    let s = scenario(json!({
        "sources": [{ "service": "s3", "events": 1000, "start_s": 0, "every_s": 1 }],
        "function": { "failure": { "mode": "always", "error": "Error" } },
        "dlq": "sqs", "on_failure": "sqs",
        "run_for_s": 86400
    }));
    let report = report_json(&s, &run_all(&s));
    let events = report["events"].as_array().unwrap();
    let mut seen = std::collections::HashSet::new();
    for e in events {
        let id = e["request_id"].as_str().unwrap();
        let parts: Vec<&str> = id.split('-').collect();
        assert_eq!(parts.iter().map(|p| p.len()).collect::<Vec<_>>(), [8, 4, 4, 4, 12], "{id}");
        assert!(id.chars().all(|c| c == '-' || c.is_ascii_hexdigit()) && parts[2].starts_with('4'));
        assert_eq!(e["dlq_message"]["attributes"]["RequestID"]["value"], id);
        assert_eq!(e["destination_record"]["requestContext"]["requestId"], id);
        assert!(seen.insert(id.to_string()), "request ids are unique");
    }
}

#[test]
fn eventbridge_destination_wraps_the_invocation_record_as_detail() {
    let base = json!({ "function": { "failure": { "mode": "first", "n": 3, "error": "Error" } },
                       "sources": [{ "service": "sns", "events": 2, "start_s": 0, "every_s": 1 }],
                       "invoke_config": { "max_retry_attempts": 2 } });
    for (outcome_key, events, suffix) in [("on_failure", 2, "Failure"), ("on_success", 2, "Success")] {
        let mut changes = base.clone();
        if suffix == "Success" {
            changes["function"] = json!({ "failure": { "mode": "never" } });
        }
        changes[outcome_key] = json!("eventbridge");
        let s_eb = scenario(changes.clone());
        changes[outcome_key] = json!("sqs");
        let s_sqs = scenario(changes);
        let (run_eb, run_sqs) = (run_all(&s_eb), run_all(&s_sqs));
        assert_eq!(run_eb.events.len(), events);
        for (a, b) in run_eb.events.iter().zip(&run_sqs.events) {
            let wrapped = destination_record(&s_eb, a).unwrap();
            let plain = destination_record(&s_sqs, b).unwrap();
            let typed: EventBridgeEvent<Value> = round_trip(&wrapped);
            assert_eq!(typed.source, "lambda");
            assert_eq!(typed.detail_type, format!("Lambda Function Invocation Result - {suffix}"));
            assert_eq!(typed.detail, plain, "the detail is the record other destinations get");
            let arn = plain["requestContext"]["functionArn"].as_str().unwrap().to_string();
            assert_eq!(typed.resources, Some(vec![arn]));
            assert!(!wrapped["time"].as_str().unwrap().contains('.'), "EventBridge time is in whole seconds");
        }
    }
}

#[test]
fn eventbridge_destination_event_has_an_id_of_its_own() {
    let s = scenario(json!({
        "sources": [{ "service": "eventbridge", "events": 200, "start_s": 0, "every_s": 1 }],
        "on_success": "eventbridge"
    }));
    let run = run_all(&s);
    let report = report_json(&s, &run);
    let mut ids = std::collections::HashSet::new();
    for (rec, e) in run.events.iter().zip(report["events"].as_array().unwrap()) {
        let id = e["destination_record"]["id"].as_str().unwrap();
        assert_ne!(id, payload_of(&s, rec)["id"], "a new event on the bus, not the source event");
        assert_ne!(id, e["request_id"]);
        assert!(ids.insert(id.to_string()), "each destination event has its own id");
        assert_eq!(destination_record(&s, rec).unwrap()["id"], id, "the id is seeded");
    }
}

#[test]
fn events_that_never_ran_report_status_429_in_the_dlq() {
    let s = scenario(json!({ "function": { "reserved_concurrency": 0 }, "dlq": "sns" }));
    let report = report_json(&s, &run_all(&s));
    let attrs = &report["events"][0]["dlq_message"]["attributes"];
    assert_eq!(attrs["ErrorCode"]["value"], "429");
    assert_eq!(attrs["ErrorMessage"]["value"], "ReservedFunctionConcurrentInvocationLimitExceeded");
    assert_eq!(report["events"][0]["attempts"], json!([]));
}

#[test]
fn round_trip_check_notices_a_key_the_type_does_not_keep() {
    let mut s3 = event_payload(&Rng::new(1), Service::S3, 0, 0, 0);
    s3["Records"][0]["glacierEventData"] = json!({ "restoreEventData": {} });
    let lost = std::panic::catch_unwind(|| round_trip::<S3Event>(&s3));
    assert!(lost.is_err(), "a key dropped by the typed value must fail the check");
}
