//! What a finished event leaves behind: the DLQ message and the destination's invocation record.
//! <https://docs.aws.amazon.com/lambda/latest/dg/invocation-async-retain-records.html>
//!
//! Which of them an event leaves is [`crate::route::endings`]'s answer, recorded in the event when
//! it ended ([`EventRecord::endings`]); this module only shapes them.
//! The function's errors are shaped as the Node.js runtime ([`RUNTIME`]) and the Lambda sandbox
//! report them.

use serde_json::{json, Map, Value};

use crate::engine::EventRecord;
use crate::outcome::{Attempt, AttemptResult, Outcome};
use crate::payload::{event_payload, function_arn, uuid, ACCOUNT, REGION};
use crate::rng::{Draw, Rng};
use crate::scenario::{Destination, Scenario};
use crate::throttle::Concurrency;
use crate::time::{iso8601, iso8601_seconds};

/// A DLQ message's `ErrorMessage` is cut to this many bytes.
/// <https://docs.aws.amazon.com/lambda/latest/dg/invocation-async-retain-records.html>
pub const ERROR_MESSAGE_MAX_BYTES: usize = 1024;

/// The runtime whose error objects the records carry (the simulated handler is `index.mjs`).
/// <https://docs.aws.amazon.com/lambda/latest/dg/nodejs-exceptions.html>
pub const RUNTIME: &str = "nodejs22.x";

/// The message of the error the simulated handler throws.
pub const HANDLER_ERROR_MESSAGE: &str = "Simulated failure: the handler threw";

/// The invocation's request id: the same on every attempt of the event.
/// <https://docs.aws.amazon.com/lambda/latest/dg/invocation-async-error-handling.html>
pub fn request_id(rng: &Rng, key: u32) -> String {
    uuid(rng, key, Draw::RequestId)
}

/// The event's original payload: for a reprocessed event, the payload of the event it came from,
/// unchanged (a DLQ message's body is the original event).
pub fn payload_of(s: &Scenario, rec: &EventRecord) -> Value {
    let key = rec.payload_key();
    let sent_at = s.sources.get(rec.source()).map_or(rec.received_ms, |src| src.send_time(rec.index()));
    event_payload(&Rng::new(s.seed), rec.service(), key, rec.index(), sent_at)
}

/// The error object a failed run returns (the record's `responsePayload`; its `errorMessage` is
/// the DLQ message's `ErrorMessage`), as a Node.js function ([`RUNTIME`]) reports it:
/// - a thrown error is the runtime's `{errorType, errorMessage, trace}`, `trace` being the stack
///   split into lines;
/// - a timeout is reported by the Lambda sandbox, not by the handler, so it has no trace:
///   `{"errorType": "Sandbox.Timedout", "errorMessage": "RequestId: <id> Error: Task timed out
///   after 3.00 seconds"}`. (Older runtimes printed `<time> <id> Task timed out after 3.00 seconds`
///   with no `errorType`; the lab does not mix the two.)
///
/// <https://docs.aws.amazon.com/lambda/latest/dg/nodejs-exceptions.html>,
/// <https://docs.aws.amazon.com/lambda/latest/dg/configuration-timeout.html>
fn error_object(timeout_s: u32, result: AttemptResult, req: &str) -> Value {
    match result {
        AttemptResult::Timeout => json!({
            "errorType": "Sandbox.Timedout",
            "errorMessage": format!("RequestId: {req} Error: Task timed out after {timeout_s}.00 seconds")
        }),
        _ => json!({
            "errorType": "Error",
            "errorMessage": HANDLER_ERROR_MESSAGE,
            "trace": [
                format!("Error: {HANDLER_ERROR_MESSAGE}"),
                "    at Runtime.handler (file:///var/task/index.mjs:12:11)",
                "    at Runtime.handleOnceNonStreaming (file:///var/runtime/index.mjs:1173:29)"
            ]
        }),
    }
}

/// The last regular attempt, if any ran: the one the outcome (and so the record) is about. A
/// duplicate delivery may end later, but it does not change the outcome.
fn last_attempt(rec: &EventRecord) -> Option<&Attempt> {
    rec.attempts.regular().last()
}

/// The error object of attempt `a`, which ran the function version in force when it started.
fn attempt_error(s: &Scenario, a: &Attempt, req: &str) -> Value {
    error_object(s.settings_at(a.start_ms).function.timeout_s, a.result, req)
}

/// The record's `approximateInvokeCount`: how many times Lambda invoked the function for this
/// invocation before the outcome, 0 when nothing ran (reserved concurrency 0, or throttled until
/// too old). Duplicate deliveries are the queue's doing, not retries, so they are not counted.
/// <https://docs.aws.amazon.com/lambda/latest/dg/invocation-async-retain-records.html>
pub fn approximate_invoke_count(rec: &EventRecord) -> usize {
    rec.attempts.regular().count()
}

/// A DLQ message's `ErrorCode` after a function error: the invoke itself answered 200 (it ran, it
/// failed). <https://docs.aws.amazon.com/lambda/latest/dg/invocation-async-retain-records.html>
pub const FUNCTION_ERROR_CODE: &str = "200";

/// A DLQ message's `ErrorCode` for an event that never ran (reserved concurrency 0, or throttled
/// until too old): the throttle status. A choice: AWS documents only the function-error case.
/// <https://docs.aws.amazon.com/lambda/latest/dg/invocation-async-retain-records.html>
pub const NEVER_RAN_ERROR_CODE: &str = "429";

/// `ErrorCode` and `ErrorMessage` of the DLQ message: the last run's error, or, when nothing ran,
/// the throttle reason as AWS names it.
fn dlq_error(s: &Scenario, rec: &EventRecord, req: &str) -> (&'static str, String) {
    match last_attempt(rec) {
        Some(a) => {
            let obj = attempt_error(s, a, req);
            (FUNCTION_ERROR_CODE, obj["errorMessage"].as_str().unwrap_or_default().to_string())
        }
        None => {
            let reserved = s.settings_at(rec.ended_ms.unwrap_or(rec.received_ms)).function.reserved_concurrency;
            (NEVER_RAN_ERROR_CODE, Concurrency::of(reserved).reason.name().to_string())
        }
    }
}

fn truncate(mut s: String, max: usize) -> String {
    if s.len() > max {
        let mut cut = max;
        while !s.is_char_boundary(cut) {
            cut -= 1;
        }
        s.truncate(cut);
    }
    s
}

/// The message the DLQ receives, if the event ends there: the original payload as body,
/// unmodified, and the attributes `RequestID`, `ErrorCode` and `ErrorMessage` (cut to 1 KB).
/// <https://docs.aws.amazon.com/lambda/latest/dg/invocation-async-retain-records.html>
pub fn dlq_message(s: &Scenario, rec: &EventRecord) -> Option<Value> {
    rec.endings.dlq?;
    let req = request_id(&Rng::new(s.seed), rec.key);
    let (code, message) = dlq_error(s, rec, &req);
    Some(json!({
        "body": payload_of(s, rec),
        "attributes": {
            "RequestID": { "type": "String", "value": req },
            "ErrorCode": { "type": "Number", "value": code },
            "ErrorMessage": { "type": "String", "value": truncate(message, ERROR_MESSAGE_MAX_BYTES) }
        }
    }))
}

/// The invocation record, as a destination receives it, if the event ends at one. Both an
/// on-failure destination and a DLQ receive a failed event when both are set; AWS gives neither
/// precedence. An EventBridge destination gets the record as the `detail` of a new event from
/// source `lambda`, with an id of its own ([`Draw::DestinationEventId`]): it is not the source
/// event, and a consumer that uses the EventBridge `id` as its idempotency key must not take one
/// for the other. <https://docs.aws.amazon.com/lambda/latest/dg/invocation-async-retain-records.html>
pub fn destination_record(s: &Scenario, rec: &EventRecord) -> Option<Value> {
    let dest = rec.endings.on_success.or(rec.endings.on_failure)?;
    let rng = Rng::new(s.seed);
    let req = request_id(&rng, rec.key);
    let ended = rec.ended_ms?;
    let mut record = Map::new();
    record.insert("version".into(), json!("1.0"));
    record.insert("timestamp".into(), json!(iso8601(ended)));
    record.insert(
        "requestContext".into(),
        json!({
            "requestId": req,
            "functionArn": function_arn(),
            "condition": rec.outcome.condition(),
            "approximateInvokeCount": approximate_invoke_count(rec)
        }),
    );
    record.insert("requestPayload".into(), payload_of(s, rec));
    match last_attempt(rec) {
        Some(a) if a.result == AttemptResult::Success => {
            record.insert("responseContext".into(), json!({ "statusCode": 200, "executedVersion": "$LATEST" }));
            record.insert("responsePayload".into(), json!({ "processed": true, "requestId": req }));
        }
        Some(a) => {
            record.insert(
                "responseContext".into(),
                json!({ "statusCode": 200, "executedVersion": "$LATEST", "functionError": "Unhandled" }),
            );
            record.insert("responsePayload".into(), attempt_error(s, a, &req));
        }
        // Nothing ran: no response at all.
        None => {}
    }
    let record = Value::Object(record);
    Some(if dest == Destination::EventBridge {
        let outcome = if rec.outcome == Outcome::Succeeded { "Success" } else { "Failure" };
        json!({
            "version": "0",
            "id": uuid(&rng, rec.key, Draw::DestinationEventId),
            "detail-type": format!("Lambda Function Invocation Result - {outcome}"),
            "source": "lambda",
            "account": ACCOUNT,
            "time": iso8601_seconds(ended),
            "region": REGION,
            "resources": [function_arn()],
            "detail": record
        })
    } else {
        record
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn error_message_is_cut_to_one_kilobyte_on_a_character_boundary() {
        let long = "é".repeat(600);
        let cut = truncate(long, ERROR_MESSAGE_MAX_BYTES);
        assert_eq!(cut.len(), 1024);
        let odd = format!("x{}", "é".repeat(600));
        assert_eq!(truncate(odd, ERROR_MESSAGE_MAX_BYTES).len(), 1023, "never splits a character");
        assert_eq!(truncate("short".into(), ERROR_MESSAGE_MAX_BYTES), "short");
    }
}
