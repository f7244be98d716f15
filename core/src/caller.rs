//! The caller's side: what it gets back, and, for a synchronous caller, its own retries.
//!
//! An asynchronous caller gets `202 Accepted` at once and never learns more
//! ([`crate::queue::ACCEPTED_STATUS`]). A synchronous caller (`InvocationType=RequestResponse`)
//! waits for the function and gets its answer; Lambda retries nothing, so whether a throttled call
//! is tried again is the caller's business: with the AWS SDK's standard retry mode it is, a few
//! times, after a short jittered backoff.
//! <https://docs.aws.amazon.com/lambda/latest/dg/invocation-sync.html>,
//! <https://docs.aws.amazon.com/lambda/latest/dg/invocation-retries.html>,
//! <https://docs.aws.amazon.com/sdkref/latest/guide/feature-retry-behavior.html>

use serde::{Serialize, Serializer};

use crate::outcome::Outcome;
use crate::rng::{Draw, Rng};
use crate::scenario::CallerRetries;
use crate::time::{AwsMillis, SECOND};

/// What a caller got back from `Invoke`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum CallerStatus {
    /// `202 Accepted`, at once: the event is queued (asynchronous invocation).
    Accepted,
    /// `200` with the function's response.
    Ok,
    /// `200` with the header `X-Amz-Function-Error: Unhandled` and the error object: the function
    /// ran and failed (an exception, or a timeout).
    Unhandled,
    /// `429 TooManyRequestsException`: no concurrency was free, nothing ran.
    Throttled,
}

impl CallerStatus {
    /// The HTTP status code.
    pub fn code(self) -> u16 {
        match self {
            CallerStatus::Accepted => crate::queue::ACCEPTED_STATUS,
            CallerStatus::Ok | CallerStatus::Unhandled => 200,
            CallerStatus::Throttled => crate::throttle::THROTTLED_STATUS,
        }
    }

    /// As the report writes it: `"202"`, `"200"`, `"200 Unhandled"`, `"429"`.
    pub fn label(self) -> &'static str {
        match self {
            CallerStatus::Accepted => "202",
            CallerStatus::Ok => "200",
            CallerStatus::Unhandled => "200 Unhandled",
            CallerStatus::Throttled => "429",
        }
    }

    /// The answer a synchronous caller got for an event that reached `outcome`; `None` while it
    /// still waits.
    pub fn of_sync(outcome: Outcome) -> Option<CallerStatus> {
        match outcome {
            Outcome::Succeeded => Some(CallerStatus::Ok),
            Outcome::ErrorToCaller => Some(CallerStatus::Unhandled),
            Outcome::ThrottleToCaller => Some(CallerStatus::Throttled),
            _ => None,
        }
    }
}

impl Serialize for CallerStatus {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.label())
    }
}

/// The standard retry mode makes at most 3 attempts in all (the first and two retries).
/// <https://docs.aws.amazon.com/sdkref/latest/guide/feature-retry-behavior.html>
pub const SDK_MAX_ATTEMPTS: u32 = 3;

/// The longest backoff of the standard retry mode: 20 seconds.
/// <https://docs.aws.amazon.com/sdkref/latest/guide/feature-retry-behavior.html>
pub const SDK_MAX_BACKOFF_MS: AwsMillis = 20 * SECOND;

/// The retry quota each SDK client starts with, and what a retry of a throttled call costs from
/// it. When the quota cannot pay for a retry, the SDK returns the error instead of retrying; each
/// answer with a `2xx` status refunds the cost of the call's retry, or adds 1 when the call needed
/// none. The lab gives each source one SDK client.
/// <https://docs.aws.amazon.com/sdkref/latest/guide/feature-retry-behavior.html>
pub const SDK_RETRY_QUOTA: u32 = 500;
/// See [`SDK_RETRY_QUOTA`].
pub const SDK_RETRY_COST: u32 = 5;
/// See [`SDK_RETRY_QUOTA`].
pub const SDK_NO_RETRY_INCREMENT: u32 = 1;

/// One SDK client's retry quota ([`SDK_RETRY_QUOTA`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RetryQuota {
    available: u32,
}

impl Default for RetryQuota {
    fn default() -> Self {
        RetryQuota { available: SDK_RETRY_QUOTA }
    }
}

impl RetryQuota {
    /// Pays for a retry; `false` when the quota cannot.
    pub fn acquire(&mut self) -> bool {
        let ok = self.available >= SDK_RETRY_COST;
        if ok {
            self.available -= SDK_RETRY_COST;
        }
        ok
    }

    /// A `2xx` answer came back for a call that was (`retried`) or was not retried.
    pub fn release(&mut self, retried: bool) {
        let refund = if retried { SDK_RETRY_COST } else { SDK_NO_RETRY_INCREMENT };
        self.available = (self.available + refund).min(SDK_RETRY_QUOTA);
    }

    /// Tokens left in the client's retry quota: a retry costs [`SDK_RETRY_COST`] of them, and none is made when fewer
    /// are left.
    pub fn available(self) -> u32 {
        self.available
    }
}

/// Whether the caller tries again after its attempt number `attempt` (1-based) was throttled
/// (`429`). Lambda itself never retries a synchronous invocation. With [`CallerRetries::None`] the
/// caller takes the 429. The SDK's standard mode retries throttling errors (and 5xx, which the lab
/// does not model) while attempts remain and its retry quota can pay; it never retries a function
/// error, which comes back as a `200`.
/// <https://docs.aws.amazon.com/lambda/latest/dg/invocation-retries.html>,
/// <https://docs.aws.amazon.com/sdkref/latest/guide/feature-retry-behavior.html>
pub fn retries_throttle(mode: CallerRetries, attempt: u32, quota: &mut RetryQuota) -> bool {
    match mode {
        CallerRetries::None => false,
        CallerRetries::SdkStandard => attempt < SDK_MAX_ATTEMPTS && quota.acquire(),
    }
}

/// The standard mode's wait before its retry number `retry` (1-based): truncated binary
/// exponential backoff with full jitter, a uniform share of min(2^(retry − 1) s, 20 s), so under
/// 1 s before the first retry and under 2 s before the second (the exponent as the SDKs' standard
/// retry strategy counts it, e.g. botocore's `ExponentialBackoff`). At least 1 ms, since a retry
/// comes after the answer it follows.
/// <https://docs.aws.amazon.com/sdkref/latest/guide/feature-retry-behavior.html>
pub fn sdk_backoff(rng: &Rng, key: u32, retry: u32) -> AwsMillis {
    let ceiling =
        SECOND.checked_shl(retry.saturating_sub(1).min(20)).unwrap_or(SDK_MAX_BACKOFF_MS).min(SDK_MAX_BACKOFF_MS);
    1 + rng.below(key, Draw::CallerBackoff, retry, ceiling - 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_sdk_backs_off_under_one_then_under_two_seconds_with_jitter() {
        let rng = Rng::new(9);
        let first: Vec<_> = (0..1000).map(|k| sdk_backoff(&rng, k, 1)).collect();
        let second: Vec<_> = (0..1000).map(|k| sdk_backoff(&rng, k, 2)).collect();
        assert!(first.iter().all(|&w| (1..SECOND).contains(&w)));
        assert!(second.iter().all(|&w| (1..2 * SECOND).contains(&w)));
        assert!(second.iter().sum::<u64>() > first.iter().sum::<u64>() * 3 / 2, "the ceiling doubles");
        assert!((1..100).all(|r| sdk_backoff(&rng, 1, r) < SDK_MAX_BACKOFF_MS));
    }

    #[test]
    fn only_the_sdk_retries_a_throttle_and_at_most_twice() {
        let mut q = RetryQuota::default();
        assert!(!retries_throttle(CallerRetries::None, 1, &mut q));
        assert!(retries_throttle(CallerRetries::SdkStandard, 1, &mut q));
        assert!(retries_throttle(CallerRetries::SdkStandard, 2, &mut q));
        assert!(!retries_throttle(CallerRetries::SdkStandard, 3, &mut q), "three attempts in all");
        assert_eq!(q.available(), SDK_RETRY_QUOTA - 2 * SDK_RETRY_COST);
    }

    #[test]
    fn an_empty_retry_quota_stops_the_retries_until_answers_refill_it() {
        let mut q = RetryQuota::default();
        let paid = (0..1000).take_while(|_| q.acquire()).count() as u32;
        assert_eq!(paid, SDK_RETRY_QUOTA / SDK_RETRY_COST);
        assert!(!retries_throttle(CallerRetries::SdkStandard, 1, &mut q));
        q.release(true);
        assert!(retries_throttle(CallerRetries::SdkStandard, 1, &mut q));
        let mut full = RetryQuota::default();
        full.release(false);
        assert_eq!(full.available(), SDK_RETRY_QUOTA, "never above the start");
    }
}
