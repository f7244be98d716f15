//! The presets: a small course of named scenarios, each one a link.
//!
//! A preset is data: an id, the slug its link and tests know it by, and a scenario. Its title and
//! its "what to notice" are words, so they live in the app's language tables, keyed by
//! [`PresetId`]. The tests in `core/tests/share_presets.rs` run each preset and check that it shows
//! what its words promise.

use super::query::{Speed, SPEEDS};
use crate::scenario::{Destination, DlqTarget, ErrorKind, FailureMode, InvokeConfig, Scenario, Service, Source};
use crate::time::SECOND;

/// The presets, in the order of the course.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum PresetId {
    /// Every event succeeds on its first attempt.
    HappyPath,
    /// Always fails: three attempts (two retries), then the SQS dead-letter queue.
    AlwaysFailsSqsDlq,
    /// The same with an SNS topic as the dead-letter queue.
    AlwaysFailsSnsDlq,
    /// Fails once per event, succeeds on the second attempt.
    FlakySecondAttempt,
    /// Reserved concurrency 1 and a burst of S3 uploads: throttles, back in the queue, no retry used.
    Throttling,
    /// A 90-second maximum event age ends the retries after the second attempt.
    EventAgeExpiry,
    /// On-success and on-failure destinations instead of a DLQ.
    Destinations,
    /// A DLQ and an on-failure destination at once: both receive the failed event.
    DestinationsAndDlq,
    /// At-least-once delivery without idempotency: side effects happen twice.
    DuplicatesNotIdempotent,
    /// The same duplicates with an idempotent handler: one side effect per event.
    DuplicatesIdempotent,
}

impl PresetId {
    /// Every preset, in the course's order.
    pub const ALL: [PresetId; 10] = [
        PresetId::HappyPath,
        PresetId::AlwaysFailsSqsDlq,
        PresetId::AlwaysFailsSnsDlq,
        PresetId::FlakySecondAttempt,
        PresetId::Throttling,
        PresetId::EventAgeExpiry,
        PresetId::Destinations,
        PresetId::DestinationsAndDlq,
        PresetId::DuplicatesNotIdempotent,
        PresetId::DuplicatesIdempotent,
    ];

    /// The preset's stable name (`preset-<slug>` in the page's tests).
    pub fn slug(self) -> &'static str {
        match self {
            PresetId::HappyPath => "happy-path",
            PresetId::AlwaysFailsSqsDlq => "dlq-sqs",
            PresetId::AlwaysFailsSnsDlq => "dlq-sns",
            PresetId::FlakySecondAttempt => "flaky",
            PresetId::Throttling => "throttling",
            PresetId::EventAgeExpiry => "event-age",
            PresetId::Destinations => "destinations",
            PresetId::DestinationsAndDlq => "destinations-and-dlq",
            PresetId::DuplicatesNotIdempotent => "duplicates",
            PresetId::DuplicatesIdempotent => "duplicates-idempotent",
        }
    }

    /// The preset named `slug` ([`PresetId::slug`]).
    pub fn from_slug(slug: &str) -> Option<PresetId> {
        PresetId::ALL.into_iter().find(|p| p.slug() == slug)
    }

    /// The preset's scenario.
    pub fn scenario(self) -> Scenario {
        let d = Scenario::default();
        let fail_always = FailureMode::Always { error: ErrorKind::Error };
        let uploads =
            |events, every_s| vec![Source { service: Service::S3, events, start_ms: 0, every_ms: every_s * SECOND }];
        let mut s = Scenario { run_for_s: 600, ..d.clone() };
        match self {
            PresetId::HappyPath => {
                s.sources = vec![
                    Source { service: Service::S3, events: 3, start_ms: 0, every_ms: 10 * SECOND },
                    Source { service: Service::Sns, events: 2, start_ms: 5 * SECOND, every_ms: 10 * SECOND },
                ];
                s.run_for_s = 120;
            }
            PresetId::AlwaysFailsSqsDlq | PresetId::AlwaysFailsSnsDlq => {
                s.sources = uploads(2, 20);
                s.function.failure = fail_always;
                s.dlq = Some(if self == PresetId::AlwaysFailsSqsDlq { DlqTarget::Sqs } else { DlqTarget::Sns });
            }
            PresetId::FlakySecondAttempt => {
                s.sources = uploads(3, 10);
                s.function.failure = FailureMode::First { n: 1, error: ErrorKind::Error };
                s.dlq = Some(DlqTarget::Sqs);
                s.run_for_s = 300;
            }
            PresetId::Throttling => {
                s.sources = uploads(10, 0);
                s.function.duration_ms = 2_000;
                s.function.reserved_concurrency = Some(1);
                s.run_for_s = 300;
            }
            PresetId::EventAgeExpiry => {
                s.sources = uploads(2, 10);
                s.function.failure = fail_always;
                s.invoke_config = InvokeConfig { max_event_age_s: 90, ..InvokeConfig::default() };
                s.dlq = Some(DlqTarget::Sqs);
                s.run_for_s = 300;
            }
            PresetId::Destinations => {
                s.sources = uploads(6, 10);
                s.function.failure = FailureMode::Rate { p: 0.5, error: ErrorKind::Error };
                s.on_success = Some(Destination::EventBridge);
                s.on_failure = Some(Destination::Sqs);
                s.seed = 3;
            }
            PresetId::DestinationsAndDlq => {
                s.sources = uploads(2, 20);
                s.function.failure = fail_always;
                s.dlq = Some(DlqTarget::Sqs);
                s.on_failure = Some(Destination::Sns);
            }
            PresetId::DuplicatesNotIdempotent | PresetId::DuplicatesIdempotent => {
                s.sources = uploads(8, 5);
                s.duplicate_rate = 0.3;
                // A seed whose draws deliver two of the eight events twice.
                s.seed = 5;
                s.function.idempotent = self == PresetId::DuplicatesIdempotent;
                s.run_for_s = 180;
            }
        }
        s
    }

    /// The pace the preset plays at when opened (a viewing setting, carried by its link): a story
    /// told in seconds of AWS time (a few 800 ms runs, duplicates a second apart) plays at
    /// "1 AWS minute = 10 s" so that a first-time viewer can follow each event; a story of retry
    /// waits and backoffs, minutes long, at the page's default.
    pub fn speed(self) -> Speed {
        match self {
            PresetId::HappyPath | PresetId::DuplicatesNotIdempotent | PresetId::DuplicatesIdempotent => SPEEDS[2],
            _ => Speed::DEFAULT,
        }
    }

    /// The preset's link (a query string without the `?`).
    pub fn query(self) -> String {
        super::encode(&self.scenario())
    }

    /// The preset whose scenario this is, if any.
    pub fn matching(s: &Scenario) -> Option<PresetId> {
        PresetId::ALL.into_iter().find(|p| p.scenario() == *s)
    }
}
