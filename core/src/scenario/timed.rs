//! What a scenario does while it runs: deployments that change the settings from a moment on
//! ([`Change`]), and reprocessings of the SQS dead-letter queue ([`Reprocess`]).
//!
//! A deployment changes only what comes after it. An invocation runs the function version and
//! configuration in force when it starts, and one already running finishes on them; the function
//! stays invocable while an update is applied, and new invocations get the new configuration once
//! it is. The event invoke config, the DLQ and the destinations are read when Lambda decides
//! something: whether to retry when an attempt ends, where to send an event when it ends.
//! **Lab's choice:** an update is complete at the instant it is made (AWS takes from moments to
//! about a minute, longer for a function in a VPC).
//! <https://docs.aws.amazon.com/lambda/latest/dg/configuration-versions.html>,
//! <https://docs.aws.amazon.com/lambda/latest/api/API_UpdateFunctionConfiguration.html>,
//! <https://docs.aws.amazon.com/lambda/latest/dg/invocation-async-configuring.html>

use std::fmt;

use serde::Serialize;

use super::types::{
    as_seconds, CallerRetries, Destination, DlqTarget, FailureMode, FunctionConfig, Invocation, InvokeConfig, Scenario,
};
use crate::time::AwsMillis;

/// The settings a deployment can change, as they stand at one moment of a run: the function's
/// configuration, its event invoke config, and where its events go.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Settings {
    /// The function's configuration.
    pub function: FunctionConfig,
    /// AWS `PutFunctionEventInvokeConfig`: retries and event age.
    pub invoke_config: InvokeConfig,
    /// AWS `DeadLetterConfig`: where discarded events go, if anywhere.
    pub dlq: Option<DlqTarget>,
    /// AWS `DestinationConfig.OnSuccess`.
    pub on_success: Option<Destination>,
    /// AWS `DestinationConfig.OnFailure`.
    pub on_failure: Option<Destination>,
}

/// The function settings a change sets; each `None` keeps the value in force.
#[derive(Clone, Copy, Debug, PartialEq, Default, Serialize)]
pub struct FunctionPatch {
    /// The handler's new work time (ms).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub duration_ms: Option<u32>,
    /// The function's new timeout (s).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub timeout_s: Option<u32>,
    /// How attempts end from now on.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub failure: Option<FailureMode>,
    /// `Some(None)`: back to the account's unreserved pool.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reserved_concurrency: Option<Option<u32>>,
    /// Whether the new handler de-duplicates by payload before its side effect.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub idempotent: Option<bool>,
    /// Whether a failing run of the new handler has already done its side effect.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fails_after_side_effect: Option<bool>,
}

impl FunctionPatch {
    /// Whether the patch sets nothing.
    pub fn is_empty(&self) -> bool {
        *self == FunctionPatch::default()
    }

    /// `f` with this patch's fields set.
    pub fn apply(&self, f: &mut FunctionConfig) {
        if let Some(v) = self.duration_ms {
            f.duration_ms = v;
        }
        if let Some(v) = self.timeout_s {
            f.timeout_s = v;
        }
        if let Some(v) = self.failure {
            f.failure = v;
        }
        if let Some(v) = self.reserved_concurrency {
            f.reserved_concurrency = v;
        }
        if let Some(v) = self.idempotent {
            f.idempotent = v;
        }
        if let Some(v) = self.fails_after_side_effect {
            f.fails_after_side_effect = v;
        }
    }
}

/// The event invoke config settings a change sets; each `None` keeps the value in force.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default, Serialize)]
pub struct InvokeConfigPatch {
    /// AWS `MaximumRetryAttempts` (0 to 2).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max_retry_attempts: Option<u32>,
    /// AWS `MaximumEventAgeInSeconds` (60 to 21,600).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max_event_age_s: Option<u32>,
}

impl InvokeConfigPatch {
    /// Whether the patch sets nothing.
    pub fn is_empty(&self) -> bool {
        *self == InvokeConfigPatch::default()
    }

    /// `c` with this patch's fields set.
    pub fn apply(&self, c: &mut InvokeConfig) {
        if let Some(v) = self.max_retry_attempts {
            c.max_retry_attempts = v;
        }
        if let Some(v) = self.max_event_age_s {
            c.max_event_age_s = v;
        }
    }
}

/// A deployment at `at_ms`: the settings it names take these values from that moment on, merged
/// over the settings in force; the others stay as they were.
///
/// From `at_ms` on (that instant included): an attempt that starts runs the new function
/// configuration, and an attempt already running finishes on the one it started with; when an
/// attempt ends, the retry and event-age settings in force decide what follows; when an event ends,
/// the DLQ and destinations in force receive it; the reserved concurrency in force decides every
/// delivery (throttled, or sent on at once when it is 0). Nothing before `at_ms` changes.
/// <https://docs.aws.amazon.com/lambda/latest/dg/configuration-versions.html>
#[derive(Clone, Copy, Debug, PartialEq, Default, Serialize)]
pub struct Change {
    /// When the deployment takes effect (AWS time; `at_s` in the format).
    #[serde(rename = "at_s", serialize_with = "as_seconds")]
    pub at_ms: AwsMillis,
    /// The function settings it changes.
    #[serde(skip_serializing_if = "FunctionPatch::is_empty")]
    pub function: FunctionPatch,
    /// The retry and event-age settings it changes.
    #[serde(skip_serializing_if = "InvokeConfigPatch::is_empty")]
    pub invoke_config: InvokeConfigPatch,
    /// `Some(None)`: the DLQ is removed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub dlq: Option<Option<DlqTarget>>,
    /// `Some(None)`: the on-success destination is removed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub on_success: Option<Option<Destination>>,
    /// `Some(None)`: the on-failure destination is removed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub on_failure: Option<Option<Destination>>,
}

impl Change {
    /// Whether the change sets nothing.
    pub fn is_empty(&self) -> bool {
        self.function.is_empty()
            && self.invoke_config.is_empty()
            && self.dlq.is_none()
            && self.on_success.is_none()
            && self.on_failure.is_none()
    }

    /// `s` with this change deployed.
    pub fn apply(&self, s: &mut Settings) {
        self.function.apply(&mut s.function);
        self.invoke_config.apply(&mut s.invoke_config);
        if let Some(v) = self.dlq {
            s.dlq = v;
        }
        if let Some(v) = self.on_success {
            s.on_success = v;
        }
        if let Some(v) = self.on_failure {
            s.on_failure = v;
        }
    }
}

/// A reprocessing of the SQS dead-letter queue at `at_ms`: a consumer reads its messages and
/// calls `Invoke` with `InvocationType=Event` for each, with the message body (the original
/// payload), then deletes the message. Each becomes a new asynchronous invocation, with a new
/// request id and retries of its own. <https://docs.aws.amazon.com/lambda/latest/api/API_Invoke.html>
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default, Serialize)]
pub struct Reprocess {
    /// When the consumer reads the DLQ (AWS time; `at_s` in the format).
    #[serde(rename = "at_s", serialize_with = "as_seconds")]
    pub at_ms: AwsMillis,
    /// `None`: every message in the SQS DLQ at that moment; `Some(i)`: only the message of the
    /// event at position `i` of the run (0-based, as the report lists events).
    pub event: Option<usize>,
}

impl Scenario {
    /// The settings at the start of the run.
    pub fn settings(&self) -> Settings {
        Settings {
            function: self.function,
            invoke_config: self.invoke_config,
            dlq: self.dlq,
            on_success: self.on_success,
            on_failure: self.on_failure,
        }
    }

    /// The settings in force at `t`: the start's, with every change made at or before `t`.
    pub fn settings_at(&self, t: AwsMillis) -> Settings {
        let mut s = self.settings();
        for c in self.changes.iter().take_while(|c| c.at_ms <= t) {
            c.apply(&mut s);
        }
        s
    }

    /// Every set of settings the run goes through: the start's, then after each change.
    pub fn settings_over_run(&self) -> impl Iterator<Item = Settings> + '_ {
        let mut s = self.settings();
        std::iter::once(s).chain(self.changes.iter().map(move |c| {
            c.apply(&mut s);
            s
        }))
    }

    /// The scenario's settings that do nothing in its kind of run: a synchronous run has no
    /// internal queue, no Lambda retries, no DLQ and no destinations; an asynchronous run has no
    /// caller waiting for an answer, so the caller's retries never happen.
    /// <https://docs.aws.amazon.com/lambda/latest/dg/invocation-sync.html>
    pub fn warnings(&self) -> Vec<Warning> {
        let mut out = Vec::new();
        let mut ignored = |field: String| out.push(Warning { field, invocation: self.invocation });
        match self.invocation {
            Invocation::Async => {
                if self.caller_retries != CallerRetries::None {
                    ignored("caller_retries".into());
                }
            }
            Invocation::Sync => {
                if self.invoke_config != InvokeConfig::default() {
                    ignored("invoke_config".into());
                }
                for (field, set) in [
                    ("dlq", self.dlq.is_some()),
                    ("on_success", self.on_success.is_some()),
                    ("on_failure", self.on_failure.is_some()),
                    ("duplicate_rate", self.duplicate_rate > 0.0),
                    ("reprocess", !self.reprocess.is_empty()),
                ] {
                    if set {
                        ignored(field.into());
                    }
                }
                for (i, c) in self.changes.iter().enumerate() {
                    for (field, set) in [
                        ("invoke_config", !c.invoke_config.is_empty()),
                        ("dlq", c.dlq.is_some()),
                        ("on_success", c.on_success.is_some()),
                        ("on_failure", c.on_failure.is_some()),
                    ] {
                        if set {
                            ignored(format!("changes[{i}].{field}"));
                        }
                    }
                }
            }
        }
        out
    }
}

/// A setting that does nothing in the run's kind of invocation (see [`Scenario::warnings`]).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Warning {
    /// Path of the field, e.g. `dlq` or `changes[0].invoke_config`.
    pub field: String,
    /// The run's kind, which the setting does not apply to.
    pub invocation: Invocation,
}

impl fmt::Display for Warning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.invocation {
            Invocation::Sync => write!(
                f,
                "{}: ignored in a synchronous run (no internal queue, no Lambda retries, no DLQ, no destinations)",
                self.field
            ),
            Invocation::Async => write!(
                f,
                "{}: ignored in an asynchronous run (the caller gets 202 at once and has nothing to retry)",
                self.field
            ),
        }
    }
}

impl Serialize for Warning {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}
