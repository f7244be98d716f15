//! # lab-core: AWS Lambda asynchronous invocation, simulated
//!
//! A deterministic discrete-event model of what happens after S3, SNS or EventBridge hands an event
//! to Lambda with `InvocationType=Event`: the `202 Accepted`, the internal event queue, concurrency
//! and throttling, function attempts, the retry waits, the event-age limit, and where a failed event
//! ends (dead-letter queue, destinations, or nowhere). A run may deploy changes while it goes and
//! send the SQS dead-letter queue's messages back ([`scenario::Change`], [`scenario::Reprocess`]),
//! and may invoke synchronously instead, for contrast. The facts and their sources are in
//! `docs/aws-async.md`.
//!
//! Time is virtual ([`time::AwsMillis`]) and moves only when the engine takes its next happening;
//! every random choice comes from the scenario's seed ([`rng`]). The same scenario therefore gives
//! the same [`engine::Run`] natively and in the browser, which is what lets the app scrub, rewind and
//! share a run as a link. This crate knows nothing of screens: the app draws what it reports.
//!
//! Each AWS rule lives in one named function or constant: the queue's answer and its duplicate
//! deliveries in [`queue`], retries and the event-age limit in [`retry`], throttling and
//! concurrency in [`throttle`], how an attempt ends and what side effect it leaves in [`function`],
//! how attempts and events end in [`outcome`], where an event ends (success, destinations, DLQ,
//! lost, or back with a synchronous caller) in [`route`], the DLQ message and the destination's
//! invocation record a finished event leaves in [`records`], what a caller gets back and a
//! synchronous caller's own retries in [`caller`], the CloudWatch metrics in [`metrics`], and each
//! invoking service's event, one file per service, in [`service`].
//!
//! The rest applies them. [`engine`] (a directory: the event loop in `engine/mod.rs`, the attempts
//! running in `engine/ends.rs`, the idempotent handler's store of keys in `engine/store.rs`) only
//! sequences the rules, with the settings in force at each moment ([`scenario`]: the format, its
//! limits and its timed changes). [`moment`] answers what the app draws of a run at a moment,
//! reading each event's recorded story. [`share`] turns a scenario into a link, AWS CLI and SAM
//! code, or a preset, and reads a link back. [`payload`] holds what every event is built from and
//! the lab account's names, [`report`] is what `simulate` prints, [`fingerprint`] a run in one
//! number, and [`text`] shortens what a person wrote for a message.

#![warn(missing_docs)]

pub mod caller;
pub mod decimal;
pub mod engine;
pub mod fingerprint;
pub mod function;
pub mod json;
pub mod metrics;
pub mod moment;
pub mod order;
pub mod outcome;
pub mod payload;
pub mod queue;
pub mod records;
pub mod report;
pub mod retry;
pub mod rng;
pub mod route;
pub mod scenario;
pub mod service;
pub mod share;
pub mod text;
pub mod throttle;
pub mod time;
mod timers;

pub use engine::{run, EventRecord, Keep, Run};
pub use outcome::{AttemptResult, Outcome};
pub use scenario::Scenario;
