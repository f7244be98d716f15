use serde::{Serialize, Serializer};

use super::timed::{Change, Reprocess};
use crate::time::{ms_to_seconds, AwsMillis};

/// Limits of the format (`scenario.md`), each in one place so that the reader, the URL codec and the
/// messages agree.
pub mod limits {
    /// `run_for_s`: a second to a week.
    pub const RUN_FOR_S: (u64, u64) = (1, 604_800);
    /// How many sources a scenario lists (`sources`).
    pub const SOURCES: (usize, usize) = (1, 16);
    /// How many events one source sends (`sources[].events`).
    pub const EVENTS: (u64, u64) = (0, 1_000_000);
    /// Upper bound of `start_s` and `every_s`: the longest run, so that times stay far from overflow.
    pub const SECONDS_MAX: f64 = 604_800.0;
    /// `function.duration_ms`: up to Lambda's 15-minute maximum timeout.
    pub const DURATION_MS: (u64, u64) = (1, 900_000);
    /// `function.timeout_s`: Lambda's 1 second to 15 minutes.
    pub const TIMEOUT_S: (u64, u64) = (1, 900);
    /// At most the account's pool less the 100 it always keeps unreserved
    /// ([`crate::throttle::MAX_RESERVED_CONCURRENCY`]).
    pub const RESERVED_CONCURRENCY: (u64, u64) = (0, crate::throttle::MAX_RESERVED_CONCURRENCY as u64);
    /// `invoke_config.max_retry_attempts`: AWS `MaximumRetryAttempts` allows 0 to 2.
    pub const MAX_RETRY_ATTEMPTS: (u64, u64) = (0, 2);
    /// `invoke_config.max_event_age_s`: AWS `MaximumEventAgeInSeconds` allows 60 seconds to 6 hours.
    pub const MAX_EVENT_AGE_S: (u64, u64) = (60, 21_600);
    /// `first` mode's N: more than the 3 attempts AWS can make is allowed but means "always".
    pub const FIRST_N: (u64, u64) = (0, 1000);
    /// Timed changes of the settings in one run: enough for a story of several deployments, few
    /// enough that the settings in force at a moment are a short scan.
    pub const CHANGES: (usize, usize) = (0, 32);
    /// Timed reprocessings of the SQS dead-letter queue in one run.
    pub const REPROCESS: (usize, usize) = (0, 32);
    /// A reprocessing names one message by its event's position in the run (0-based).
    pub const EVENT_POSITION: (u64, u64) = (0, u32::MAX as u64);
}

pub use crate::service::Service;

/// One event producer.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Source {
    /// Who invokes the function, which fixes the event's shape.
    pub service: Service,
    /// How many events it sends.
    pub events: u32,
    /// When its first event reaches Lambda.
    #[serde(rename = "start_s", serialize_with = "as_seconds")]
    pub start_ms: AwsMillis,
    /// Time between its events; 0 sends them all at `start_ms`.
    #[serde(rename = "every_s", serialize_with = "as_seconds")]
    pub every_ms: AwsMillis,
}

impl Source {
    /// When this source's `i`-th event reaches Lambda.
    pub fn send_time(&self, i: u32) -> AwsMillis {
        self.start_ms + u64::from(i) * self.every_ms
    }
}

/// The error a failing attempt ends with.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Default)]
pub enum ErrorKind {
    /// An unhandled exception thrown by the handler.
    #[default]
    Error,
    /// The attempt runs until the function's timeout and is stopped by the runtime.
    Timeout,
}

impl ErrorKind {
    /// The error's name in the format (`Error`, `Timeout`).
    pub fn name(self) -> &'static str {
        match self {
            ErrorKind::Error => "Error",
            ErrorKind::Timeout => "Timeout",
        }
    }
}

/// How attempts end.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
#[serde(tag = "mode", rename_all = "lowercase")]
pub enum FailureMode {
    /// Every attempt succeeds.
    Never,
    /// Every attempt fails.
    Always {
        /// How each failing attempt fails.
        error: ErrorKind,
    },
    /// The first `n` attempts of each event fail.
    First {
        /// How many runs of each event fail, duplicate deliveries included (above 3: every attempt).
        n: u32,
        /// How each failing attempt fails.
        error: ErrorKind,
    },
    /// Each attempt fails with probability `p`.
    Rate {
        /// The probability, 0.0 to 1.0, drawn from the seed for each run.
        p: f64,
        /// How each failing attempt fails.
        error: ErrorKind,
    },
}

impl FailureMode {
    /// The error a failing attempt ends with; `None` when none fails.
    pub fn error(&self) -> Option<ErrorKind> {
        match *self {
            FailureMode::Never => None,
            FailureMode::Always { error } | FailureMode::First { error, .. } | FailureMode::Rate { error, .. } => {
                Some(error)
            }
        }
    }

    /// The mode's name in the format (`never`, `always`, `first`, `rate`).
    pub fn name(&self) -> &'static str {
        match self {
            FailureMode::Never => "never",
            FailureMode::Always { .. } => "always",
            FailureMode::First { .. } => "first",
            FailureMode::Rate { .. } => "rate",
        }
    }
}

/// The function's configuration: its handler's behaviour and AWS settings.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct FunctionConfig {
    /// How long the handler's work takes (ms).
    pub duration_ms: u32,
    /// AWS `Timeout`: the function's timeout in seconds (1 to 900).
    pub timeout_s: u32,
    /// How attempts end.
    pub failure: FailureMode,
    /// `None`: the account's unreserved pool.
    pub reserved_concurrency: Option<u32>,
    /// Whether the handler de-duplicates by payload before its side effect, so that a repeated delivery does the work
    /// once.
    pub idempotent: bool,
    /// Whether a failing run has already done its side effect (say, inserted the row) when it
    /// fails: the handler does part of its work, then throws or hangs. A retry or a reprocessing
    /// then repeats that work unless the handler is idempotent ([`crate::function::reaches_side_effect`]).
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub fails_after_side_effect: bool,
}

/// AWS `PutFunctionEventInvokeConfig` settings.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct InvokeConfig {
    /// AWS `MaximumRetryAttempts` (0 to 2).
    pub max_retry_attempts: u32,
    /// AWS `MaximumEventAgeInSeconds` (60 to 21,600).
    pub max_event_age_s: u32,
}

/// `DeadLetterConfig.TargetArn`'s kind.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum DlqTarget {
    /// An Amazon SQS queue: keeps the message until a consumer reads it.
    Sqs,
    /// An Amazon SNS topic: publishes the message to its subscribers.
    Sns,
}

/// Kinds of destination (`DestinationConfig`); S3 is allowed for on-failure only.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Destination {
    /// An Amazon SQS queue.
    Sqs,
    /// An Amazon SNS topic.
    Sns,
    /// Another Lambda function, invoked asynchronously with the record.
    Lambda,
    /// An Amazon EventBridge event bus.
    #[serde(rename = "eventbridge")]
    EventBridge,
    /// An Amazon S3 bucket (on-failure only).
    S3,
}

impl Destination {
    /// The kinds AWS allows for `OnSuccess`.
    pub const ON_SUCCESS: [Destination; 4] =
        [Destination::Sqs, Destination::Sns, Destination::Lambda, Destination::EventBridge];
    /// The kinds AWS allows for `OnFailure`.
    pub const ON_FAILURE: [Destination; 5] =
        [Destination::Sqs, Destination::Sns, Destination::Lambda, Destination::EventBridge, Destination::S3];

    /// The value in the format (`sqs`, `sns`, `lambda`, `eventbridge`, `s3`).
    pub fn name(self) -> &'static str {
        match self {
            Destination::Sqs => "sqs",
            Destination::Sns => "sns",
            Destination::Lambda => "lambda",
            Destination::EventBridge => "eventbridge",
            Destination::S3 => "s3",
        }
    }
}

impl DlqTarget {
    /// Every kind of DLQ.
    pub const ALL: [DlqTarget; 2] = [DlqTarget::Sqs, DlqTarget::Sns];

    /// The value in the format (`sqs`, `sns`).
    pub fn name(self) -> &'static str {
        match self {
            DlqTarget::Sqs => "sqs",
            DlqTarget::Sns => "sns",
        }
    }
}

/// How the sources invoke the function: the `Invoke` API's `InvocationType`.
/// <https://docs.aws.amazon.com/lambda/latest/api/API_Invoke.html>
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum Invocation {
    /// `InvocationType=Event`: Lambda answers `202` at once and queues the event; the subject of
    /// the lab. <https://docs.aws.amazon.com/lambda/latest/dg/invocation-async.html>
    #[default]
    Async,
    /// `InvocationType=RequestResponse`: the caller waits for the function's answer; no queue, no
    /// retries by Lambda, no DLQ, no destinations.
    /// <https://docs.aws.amazon.com/lambda/latest/dg/invocation-sync.html>
    Sync,
}

impl Invocation {
    /// Every invocation type.
    pub const ALL: [Invocation; 2] = [Invocation::Async, Invocation::Sync];

    /// The value in the format (`async`, `sync`).
    pub fn name(self) -> &'static str {
        match self {
            Invocation::Async => "async",
            Invocation::Sync => "sync",
        }
    }

    /// The `InvocationType` AWS names it by.
    pub fn invocation_type(self) -> &'static str {
        match self {
            Invocation::Async => "Event",
            Invocation::Sync => "RequestResponse",
        }
    }
}

/// What a synchronous caller does when its call is throttled: the caller's own setting, not
/// Lambda's (Lambda never retries a synchronous invocation).
/// <https://docs.aws.amazon.com/lambda/latest/dg/invocation-retries.html>
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum CallerRetries {
    /// The caller takes the first answer, a `429` included.
    #[default]
    None,
    /// The AWS SDK's standard retry mode: 3 attempts in all, throttles retried after a jittered
    /// exponential backoff, within the client's retry quota ([`crate::caller`]).
    /// <https://docs.aws.amazon.com/sdkref/latest/guide/feature-retry-behavior.html>
    SdkStandard,
}

impl CallerRetries {
    /// Every caller retry mode.
    pub const ALL: [CallerRetries; 2] = [CallerRetries::None, CallerRetries::SdkStandard];

    /// The value in the format (`none`, `sdk_standard`).
    pub fn name(self) -> &'static str {
        match self {
            CallerRetries::None => "none",
            CallerRetries::SdkStandard => "sdk_standard",
        }
    }
}

/// A whole run, as `scenario.md` describes it. Times are kept in whole milliseconds.
///
/// `function`, `invoke_config`, `dlq`, `on_success` and `on_failure` are the settings at the
/// start; `changes` alters them at given moments ([`Scenario::settings_at`]), and `reprocess`
/// sends the SQS dead-letter queue's messages back at given moments.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Scenario {
    /// The format's version (1).
    pub version: u32,
    /// The seed of every random choice.
    pub seed: u64,
    /// How much AWS time to simulate, in seconds.
    pub run_for_s: u32,
    /// `InvocationType=Event` or `RequestResponse`.
    #[serde(skip_serializing_if = "is_default")]
    pub invocation: Invocation,
    /// What a synchronous caller does with a `429`.
    #[serde(skip_serializing_if = "is_default")]
    pub caller_retries: CallerRetries,
    /// The event producers, in order.
    pub sources: Vec<Source>,
    /// The function's configuration at the start.
    pub function: FunctionConfig,
    /// AWS `PutFunctionEventInvokeConfig` at the start: retries and event age.
    pub invoke_config: InvokeConfig,
    /// AWS `DeadLetterConfig` at the start.
    pub dlq: Option<DlqTarget>,
    /// AWS `DestinationConfig.OnSuccess` at the start.
    pub on_success: Option<Destination>,
    /// AWS `DestinationConfig.OnFailure` at the start.
    pub on_failure: Option<Destination>,
    /// Share of events the queue delivers a second time although nothing failed (at-least-once delivery), 0.0 to 1.0.
    pub duplicate_rate: f64,
    /// Deployments during the run, in time order.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub changes: Vec<Change>,
    /// Reprocessings of the SQS dead-letter queue, in time order.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub reprocess: Vec<Reprocess>,
}

fn is_default<T: Default + PartialEq>(v: &T) -> bool {
    *v == T::default()
}

impl Default for Scenario {
    /// The format's defaults: AWS's settings and a small happy path.
    fn default() -> Self {
        Scenario {
            version: super::FORMAT_VERSION,
            seed: 42,
            run_for_s: 900,
            sources: vec![Source { service: Service::S3, events: 3, start_ms: 0, every_ms: 10_000 }],
            function: FunctionConfig {
                duration_ms: 800,
                timeout_s: 3,
                failure: FailureMode::Never,
                reserved_concurrency: None,
                idempotent: false,
                fails_after_side_effect: false,
            },
            invoke_config: InvokeConfig::default(),
            dlq: None,
            on_success: None,
            on_failure: None,
            duplicate_rate: 0.0,
            invocation: Invocation::Async,
            caller_retries: CallerRetries::None,
            changes: Vec::new(),
            reprocess: Vec::new(),
        }
    }
}

impl Default for InvokeConfig {
    /// AWS's defaults: two retries, six hours.
    fn default() -> Self {
        InvokeConfig { max_retry_attempts: 2, max_event_age_s: 21_600 }
    }
}

impl Scenario {
    /// How much AWS time to simulate, in milliseconds.
    pub fn run_for_ms(&self) -> AwsMillis {
        u64::from(self.run_for_s) * 1000
    }
}

pub(super) fn as_seconds<S: Serializer>(ms: &AwsMillis, s: S) -> Result<S::Ok, S::Error> {
    let secs = ms_to_seconds(*ms);
    if secs.fract() == 0.0 {
        s.serialize_u64(ms / 1000)
    } else {
        s.serialize_f64(secs)
    }
}
