//! Concurrency and throttling. [invocation-async-error-handling], [lambda-concurrency]

use serde::Serialize;

use crate::rng::{Draw, Rng};
use crate::time::{AwsMillis, SECOND};

/// The account's default concurrency: the pool that functions without reserved concurrency share.
pub const ACCOUNT_CONCURRENCY: u32 = 1000;

/// A throttled event goes back to the queue; the wait before the next try grows exponentially from
/// 1 second...
pub const THROTTLE_BACKOFF_MIN_MS: AwsMillis = SECOND;
/// ...to at most 5 minutes.
pub const THROTTLE_BACKOFF_MAX_MS: AwsMillis = 300 * SECOND;
/// Spread added to each backoff so that a burst of throttled events does not retry in lockstep
/// (AWS publishes no figure; up to a quarter of the wait).
pub const THROTTLE_JITTER_DIVISOR: AwsMillis = 4;

/// Why a delivery was throttled, as AWS names it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub enum ThrottleReason {
    /// The function's reserved concurrency is in use.
    ReservedFunctionConcurrentInvocationLimitExceeded,
    /// The account's unreserved pool is in use.
    ConcurrentInvocationLimitExceeded,
}

/// How many attempts may run at once, and what a throttle is called.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Concurrency {
    pub limit: u32,
    pub reason: ThrottleReason,
}

impl Concurrency {
    /// Reserved concurrency, or the account pool when none is reserved.
    pub fn of(reserved: Option<u32>) -> Concurrency {
        match reserved {
            Some(limit) => {
                Concurrency { limit, reason: ThrottleReason::ReservedFunctionConcurrentInvocationLimitExceeded }
            }
            None => Concurrency { limit: ACCOUNT_CONCURRENCY, reason: ThrottleReason::ConcurrentInvocationLimitExceeded },
        }
    }
}

/// Reserved concurrency 0 is not throttling: Lambda sends each event on at once, never running it.
pub fn sends_on_without_running(reserved: Option<u32>) -> bool {
    reserved == Some(0)
}

/// The wait after the `n`-th throttle of a delivery (1-based): 1 s, 2 s, 4 s, ... capped at 5 min,
/// plus seeded jitter.
pub fn throttle_backoff(rng: &Rng, key: u32, n: u32) -> AwsMillis {
    let base = THROTTLE_BACKOFF_MIN_MS
        .checked_shl(n.saturating_sub(1).min(20))
        .unwrap_or(THROTTLE_BACKOFF_MAX_MS)
        .min(THROTTLE_BACKOFF_MAX_MS);
    base + rng.below(key, Draw::ThrottleJitter, n, base / THROTTLE_JITTER_DIVISOR)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_doubles_from_one_second_and_caps_at_five_minutes() {
        let rng = Rng::new(3);
        let bases = [1_000, 2_000, 4_000, 8_000, 16_000, 32_000, 64_000, 128_000, 256_000, 300_000, 300_000];
        for (i, base) in bases.iter().enumerate() {
            let w = throttle_backoff(&rng, 9, i as u32 + 1);
            assert!(w >= *base && w < base + base / 4, "throttle {}: {w}", i + 1);
        }
        assert!(throttle_backoff(&rng, 9, 500) < 375_000);
    }

    #[test]
    fn pool_or_reserved_names_the_reason() {
        assert_eq!(Concurrency::of(None).limit, 1000);
        assert_eq!(Concurrency::of(None).reason, ThrottleReason::ConcurrentInvocationLimitExceeded);
        assert_eq!(
            Concurrency::of(Some(1)).reason,
            ThrottleReason::ReservedFunctionConcurrentInvocationLimitExceeded
        );
        assert!(sends_on_without_running(Some(0)));
        assert!(!sends_on_without_running(Some(1)));
        assert!(!sends_on_without_running(None));
    }
}
