//! Concurrency and throttling.
//! <https://docs.aws.amazon.com/lambda/latest/dg/invocation-async-error-handling.html>,
//! <https://docs.aws.amazon.com/lambda/latest/dg/configuration-concurrency.html>

use serde::Serialize;

use crate::retry::too_old_for;
use crate::rng::{Draw, Rng};
use crate::time::{AwsMillis, SECOND};

/// The account's default concurrency: the pool that functions without reserved concurrency share.
/// <https://docs.aws.amazon.com/lambda/latest/dg/lambda-concurrency.html>
pub const ACCOUNT_CONCURRENCY: u32 = 1000;

/// Lambda always keeps this much of the account's concurrency unreserved, for the functions
/// without reserved concurrency. <https://docs.aws.amazon.com/lambda/latest/dg/configuration-concurrency.html>
pub const MINIMUM_UNRESERVED_CONCURRENCY: u32 = 100;

/// The most concurrency one function can reserve: the account's pool less what stays unreserved
/// (1,000 − 100 = 900 by default). <https://docs.aws.amazon.com/lambda/latest/dg/configuration-concurrency.html>
pub const MAX_RESERVED_CONCURRENCY: u32 = ACCOUNT_CONCURRENCY - MINIMUM_UNRESERVED_CONCURRENCY;

/// What a throttled invoke answers: `429 TooManyRequestsException`. For an asynchronous event the
/// answer goes to Lambda's poller, which puts the event back in the queue; the caller never sees it.
pub const THROTTLED_STATUS: u16 = 429;

/// A throttled event goes back to the queue; the wait before the next try grows exponentially from
/// 1 second...
pub const THROTTLE_BACKOFF_MIN_MS: AwsMillis = SECOND;
/// ...to at most 5 minutes.
pub const THROTTLE_BACKOFF_MAX_MS: AwsMillis = 300 * SECOND;
/// Spread added to each backoff so that a burst of throttled events does not retry in lockstep:
/// up to a quarter of the nominal wait (AWS publishes no figure), never past the 5-minute cap.
pub const THROTTLE_JITTER_DIVISOR: AwsMillis = 4;

/// Why a delivery was throttled, as AWS names it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub enum ThrottleReason {
    /// The function's reserved concurrency is in use.
    ReservedFunctionConcurrentInvocationLimitExceeded,
    /// The account's unreserved pool is in use.
    ConcurrentInvocationLimitExceeded,
}

impl ThrottleReason {
    /// The name AWS gives the reason (the 429's `Reason`).
    pub fn name(self) -> &'static str {
        match self {
            ThrottleReason::ReservedFunctionConcurrentInvocationLimitExceeded => {
                "ReservedFunctionConcurrentInvocationLimitExceeded"
            }
            ThrottleReason::ConcurrentInvocationLimitExceeded => "ConcurrentInvocationLimitExceeded",
        }
    }
}

/// How many attempts may run at once, and what a throttle is called.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Concurrency {
    /// How many runs of the function may go at once.
    pub limit: u32,
    /// The 429's `Reason` once they are all in use.
    pub reason: ThrottleReason,
}

impl Concurrency {
    /// Reserved concurrency, or the account pool when none is reserved.
    pub fn of(reserved: Option<u32>) -> Concurrency {
        match reserved {
            Some(limit) => {
                Concurrency { limit, reason: ThrottleReason::ReservedFunctionConcurrentInvocationLimitExceeded }
            }
            None => {
                Concurrency { limit: ACCOUNT_CONCURRENCY, reason: ThrottleReason::ConcurrentInvocationLimitExceeded }
            }
        }
    }
}

/// Reserved concurrency 0 is not throttling: Lambda sends each event on at once, never running it
/// (condition `ZeroReservedConcurrency`).
/// <https://docs.aws.amazon.com/lambda/latest/dg/invocation-async-retain-records.html>
pub fn sends_on_without_running(reserved: Option<u32>) -> bool {
    reserved == Some(0)
}

/// The wait after the `streak`-th throttle in a row of a delivery (1-based): a throttled event goes
/// back to the queue and the interval between tries grows exponentially from 1 second to at most
/// 5 minutes. Nominally 1 s, 2 s, 4 s, ... up to 5 min, plus seeded jitter; the result always lies
/// within [1 s, 5 min]. `draw` numbers the event's throttles overall, so that each one gets its own
/// jitter.
///
/// A streak is one delivery's throttles in a row: it starts again when the delivery runs, and a
/// duplicate delivery keeps a streak of its own (two deliveries are two tries, each backing off).
/// <https://docs.aws.amazon.com/lambda/latest/dg/invocation-async-error-handling.html>
pub fn throttle_backoff(rng: &Rng, key: u32, streak: u32, draw: u32) -> AwsMillis {
    let nominal = THROTTLE_BACKOFF_MIN_MS
        .checked_shl(streak.saturating_sub(1).min(20))
        .unwrap_or(THROTTLE_BACKOFF_MAX_MS)
        .min(THROTTLE_BACKOFF_MAX_MS);
    let jitter = rng.below(key, Draw::ThrottleJitter, draw, nominal / THROTTLE_JITTER_DIVISOR);
    (nominal + jitter).min(THROTTLE_BACKOFF_MAX_MS)
}

/// Whether a throttled event is given up (event age exceeded) at this throttle, because its next
/// try, after the backoff, would start past the maximum event age.
///
/// The lab's own choice. AWS documents (and was measured to apply) this look-ahead for the retries
/// after a function error ([`too_old_for`]); for throttles it says only that Lambda tries again until
/// the event is too old. The lab looks ahead here as well: the alternative holds an event in the
/// queue through a backoff at whose end it can no longer run, only to discard it then, and the
/// outcome, the DLQ message and the destination record would be the same, just later.
/// <https://docs.aws.amazon.com/lambda/latest/dg/invocation-async-error-handling.html>
pub fn throttled_event_too_old_for(received: AwsMillis, next_try: AwsMillis, max_event_age_ms: AwsMillis) -> bool {
    too_old_for(received, next_try, max_event_age_ms)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_doubles_from_one_second_and_never_exceeds_five_minutes() {
        let rng = Rng::new(3);
        let nominal = [1_000, 2_000, 4_000, 8_000, 16_000, 32_000, 64_000, 128_000, 256_000, 300_000, 300_000];
        for key in 0..200 {
            for (i, base) in nominal.iter().enumerate() {
                let w = throttle_backoff(&rng, key, i as u32 + 1, i as u32 + 1);
                assert!(w >= *base && w < base + base / 4, "throttle {}: {w}", i + 1);
                assert!(w <= THROTTLE_BACKOFF_MAX_MS, "throttle {}: {w}", i + 1);
            }
            assert_eq!(throttle_backoff(&rng, key, 500, 500), THROTTLE_BACKOFF_MAX_MS);
        }
    }

    #[test]
    fn backoff_jitter_is_seeded_and_spreads_a_burst() {
        let a: Vec<_> = (0..100).map(|k| throttle_backoff(&Rng::new(5), k, 3, 3)).collect();
        let b: Vec<_> = (0..100).map(|k| throttle_backoff(&Rng::new(5), k, 3, 3)).collect();
        let c: Vec<_> = (0..100).map(|k| throttle_backoff(&Rng::new(6), k, 3, 3)).collect();
        assert_eq!(a, b);
        assert_ne!(a, c);
        let distinct: std::collections::HashSet<_> = a.iter().collect();
        assert!(distinct.len() > 90, "a burst of 100 throttled events retries at {} moments", distinct.len());
    }

    #[test]
    fn a_function_reserves_at_most_the_pool_less_the_hundred_kept_unreserved() {
        assert_eq!(MAX_RESERVED_CONCURRENCY, 900);
        assert_eq!(ACCOUNT_CONCURRENCY - MAX_RESERVED_CONCURRENCY, MINIMUM_UNRESERVED_CONCURRENCY);
    }

    #[test]
    fn a_throttled_event_is_given_up_when_its_next_try_would_pass_the_maximum_age() {
        assert!(throttled_event_too_old_for(0, 60_001, 60_000));
        assert!(!throttled_event_too_old_for(0, 60_000, 60_000));
    }

    #[test]
    fn pool_or_reserved_names_the_reason() {
        assert_eq!(Concurrency::of(None).limit, 1000);
        assert_eq!(Concurrency::of(None).reason, ThrottleReason::ConcurrentInvocationLimitExceeded);
        assert_eq!(Concurrency::of(Some(1)).reason, ThrottleReason::ReservedFunctionConcurrentInvocationLimitExceeded);
        assert!(sends_on_without_running(Some(0)));
        assert!(!sends_on_without_running(Some(1)));
        assert!(!sends_on_without_running(None));
    }
}
