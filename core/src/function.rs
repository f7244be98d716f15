//! How one run of the handler goes: its result and how long it takes.
//! <https://docs.aws.amazon.com/lambda/latest/dg/configuration-timeout.html>

use crate::outcome::AttemptResult;
use crate::rng::{Draw, Rng};
use crate::scenario::{ErrorKind, FailureMode, FunctionConfig};
use crate::time::AwsMillis;

/// How one run of the handler goes, fixed when it starts ([`attempt_plan`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct AttemptPlan {
    /// How the run ends.
    pub result: AttemptResult,
    /// How long the run lasts: the handler's work, or the function's timeout when it times out.
    pub duration_ms: AwsMillis,
}

/// The plan of run number `run` (1-based, duplicate deliveries included) of event `key`.
///
/// A failing run ends after the function's duration with an unhandled error, or, for the `Timeout`
/// error, runs until the timeout. Work that is not done before the timeout is stopped there:
/// [`times_out`].
pub fn attempt_plan(f: &FunctionConfig, rng: &Rng, key: u32, run: u32) -> AttemptPlan {
    let timeout_ms = AwsMillis::from(f.timeout_s) * 1000;
    // Whether the run fails, and with which error if it does. Then selections rather than a
    // branch per case: in `rate` mode whether a run fails is a coin toss, which a branch would
    // guess wrong often, and the engine plans every run.
    let (fails, error) = match f.failure {
        FailureMode::Never => (false, ErrorKind::Error),
        FailureMode::Always { error } => (true, error),
        FailureMode::First { n, error } => (run <= n, error),
        FailureMode::Rate { p, error } => (rng.unit(key, Draw::FailureRate, run) < p, error),
    };
    let failure = match error {
        ErrorKind::Timeout => AttemptResult::Timeout,
        ErrorKind::Error => AttemptResult::Error,
    };
    let duration = AwsMillis::from(f.duration_ms);
    let result = if fails { failure } else { AttemptResult::Success };
    let result = if times_out(duration, timeout_ms) { AttemptResult::Timeout } else { result };
    let duration_ms = if result == AttemptResult::Timeout { timeout_ms } else { duration };
    AttemptPlan { result, duration_ms }
}

/// Lambda stops a run when its timeout elapses, and the run is a `Sandbox.Timedout` function error
/// ("Task timed out after 3.00 seconds"): work that needs the whole timeout, or longer, is not
/// finished by then, so it times out, at exactly the timeout.
/// <https://docs.aws.amazon.com/lambda/latest/dg/configuration-timeout.html>
pub fn times_out(work_ms: AwsMillis, timeout_ms: AwsMillis) -> bool {
    work_ms >= timeout_ms
}

/// Whether a run gets as far as the handler's side effect (say, inserting a row): a successful run
/// does; a failing one only when the handler fails after its side effect
/// ([`crate::scenario::FunctionConfig::fails_after_side_effect`]: it inserts the row, then throws
/// or hangs). Such a failure leaves work done behind it, which a retry or a reprocessing repeats.
/// <https://docs.aws.amazon.com/lambda/latest/dg/invocation-async-error-handling.html>
pub fn reaches_side_effect(result: AttemptResult, fails_after_side_effect: bool) -> bool {
    !result.failed() || fails_after_side_effect
}

/// Whether a run that reaches its side effect performs it. Retries, duplicate deliveries and
/// reprocessed DLQ messages bring the same payload back, so a handler that is not idempotent acts
/// again; an idempotent one makes its side effect conditional on the payload's idempotency key (the
/// write and the key's record go together, as a conditional write keyed by it), so once the key is
/// `recorded` it skips the work, whether the run that recorded it then succeeded or failed. AWS asks
/// for idempotent handlers because the same event may arrive more than once.
/// <https://docs.aws.amazon.com/lambda/latest/dg/invocation-async.html>,
/// <https://docs.powertools.aws.dev/lambda/python/latest/utilities/idempotency/>
pub fn performs_side_effect(idempotent: bool, recorded: bool) -> bool {
    !(idempotent && recorded)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn f(failure: FailureMode, duration_ms: u32, timeout_s: u32) -> FunctionConfig {
        FunctionConfig {
            duration_ms,
            timeout_s,
            failure,
            reserved_concurrency: None,
            idempotent: false,
            fails_after_side_effect: false,
        }
    }

    #[test]
    fn attempt_longer_than_timeout_ends_as_timeout_at_exactly_the_timeout() {
        let p = attempt_plan(&f(FailureMode::Never, 5_000, 3), &Rng::new(1), 0, 1);
        assert_eq!(p, AttemptPlan { result: AttemptResult::Timeout, duration_ms: 3_000 });
    }

    #[test]
    fn work_that_needs_the_whole_timeout_times_out() {
        let p = attempt_plan(&f(FailureMode::Never, 3_000, 3), &Rng::new(1), 0, 1);
        assert_eq!(p, AttemptPlan { result: AttemptResult::Timeout, duration_ms: 3_000 });
        let p = attempt_plan(&f(FailureMode::Never, 2_999, 3), &Rng::new(1), 0, 1);
        assert_eq!(p, AttemptPlan { result: AttemptResult::Success, duration_ms: 2_999 });
    }

    #[test]
    fn timeout_error_runs_until_the_timeout() {
        let p = attempt_plan(&f(FailureMode::Always { error: ErrorKind::Timeout }, 800, 3), &Rng::new(1), 0, 1);
        assert_eq!(p, AttemptPlan { result: AttemptResult::Timeout, duration_ms: 3_000 });
    }

    #[test]
    fn only_an_idempotent_handler_skips_a_repeated_side_effect() {
        assert!(performs_side_effect(false, false) && performs_side_effect(false, true));
        assert!(performs_side_effect(true, false));
        assert!(!performs_side_effect(true, true));
    }

    #[test]
    fn a_failing_run_reaches_the_side_effect_only_when_the_handler_fails_after_it() {
        assert!(reaches_side_effect(AttemptResult::Success, false));
        assert!(
            !reaches_side_effect(AttemptResult::Error, false) && !reaches_side_effect(AttemptResult::Timeout, false)
        );
        assert!(reaches_side_effect(AttemptResult::Error, true) && reaches_side_effect(AttemptResult::Timeout, true));
    }

    #[test]
    fn first_mode_fails_only_the_first_n_runs() {
        let cfg = f(FailureMode::First { n: 2, error: ErrorKind::Error }, 800, 3);
        let results: Vec<_> = (1..=3).map(|run| attempt_plan(&cfg, &Rng::new(1), 0, run).result).collect();
        assert_eq!(results, [AttemptResult::Error, AttemptResult::Error, AttemptResult::Success]);
    }
}
