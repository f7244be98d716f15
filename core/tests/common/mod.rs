//! Helpers shared by the integration tests: scenarios are written as JSON, so every test also goes
//! through the format's reader.
#![allow(dead_code)]

pub mod gen;

use lab_core::engine::{Keep, Run};
use lab_core::report::report;
use lab_core::{EventRecord, Scenario};
use serde_json::{json, Value};

/// The scenario `changes` describes, over a one-source base (3 S3 events 10 s apart, 800 ms runs,
/// 3 s timeout, AWS's invoke defaults). Top-level keys of `changes` replace the base's; `function`
/// and `invoke_config` are merged key by key.
pub fn scenario(changes: Value) -> Scenario {
    let mut base = json!({
        "version": 1,
        "seed": 42,
        "run_for_s": 3600,
        "sources": [{ "service": "s3", "events": 3, "start_s": 0, "every_s": 10 }],
        "function": { "duration_ms": 800, "timeout_s": 3, "failure": { "mode": "never" },
                      "reserved_concurrency": null, "idempotent": false },
        "invoke_config": { "max_retry_attempts": 2, "max_event_age_s": 21600 },
        "dlq": null, "on_success": null, "on_failure": null, "duplicate_rate": 0.0
    });
    for (k, v) in changes.as_object().expect("changes are an object") {
        match (base.get_mut(k), v) {
            (Some(Value::Object(b)), Value::Object(c)) if k == "function" || k == "invoke_config" => {
                b.extend(c.clone());
            }
            _ => {
                base[k] = v.clone();
            }
        }
    }
    Scenario::from_json(&base.to_string()).unwrap_or_else(|e| panic!("test scenario is invalid: {e}"))
}

pub fn run_all(s: &Scenario) -> Run {
    lab_core::run(s, Keep::All)
}

/// The full report as JSON, as `simulate` prints it.
pub fn report_json(s: &Scenario, run: &Run) -> Value {
    serde_json::to_value(report(s, run, false)).expect("report serialises")
}

/// Regular (not duplicate) runs of an event: (start, end).
pub fn regular(e: &EventRecord) -> Vec<(u64, u64)> {
    e.attempts.regular().map(|a| (a.start_ms, a.end_ms)).collect()
}

/// Waits between the end of each regular run and the start of the next.
pub fn gaps(e: &EventRecord) -> Vec<u64> {
    regular(e).windows(2).map(|w| w[1].0 - w[0].1).collect()
}
