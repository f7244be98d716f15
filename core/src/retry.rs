//! When Lambda tries a failed event again, and when it gives up.
//! <https://docs.aws.amazon.com/lambda/latest/dg/invocation-async-error-handling.html>,
//! <https://docs.aws.amazon.com/lambda/latest/dg/invocation-async-configuring.html>

use crate::rng::{Draw, Rng};
use crate::time::{AwsMillis, SECOND};

/// AWS waits about one minute before the second attempt and about two before the third.
/// Measured on AWS: about 66 s and 130 s, never less than the nominal minute(s).
/// <https://docs.aws.amazon.com/lambda/latest/dg/invocation-async-error-handling.html>
pub const RETRY_BASE_MS: [AwsMillis; 2] = [60 * SECOND, 120 * SECOND];

/// The jitter added to each wait, drawn uniformly from `[0, RETRY_JITTER_MS)` with the seed. AWS
/// publishes no number; these spans centre the waits on the measured 66 s and 130 s.
pub const RETRY_JITTER_MS: [AwsMillis; 2] = [12 * SECOND, 20 * SECOND];

/// The wait between the end of failed attempt number `failed` (1-based, not counting duplicate
/// deliveries) and the start of the next one: about one minute, then about two, with seeded jitter.
/// <https://docs.aws.amazon.com/lambda/latest/dg/invocation-async-error-handling.html>
pub fn retry_wait(rng: &Rng, key: u32, failed: u32) -> AwsMillis {
    let i = (failed.clamp(1, 2) - 1) as usize;
    RETRY_BASE_MS[i] + rng.below(key, Draw::RetryJitter, failed, RETRY_JITTER_MS[i])
}

/// Lambda gives up on an event (event age exceeded) when its next try would start after the
/// maximum event age: the check looks ahead, so the event is sent on right after the failed
/// attempt instead of waiting first. The age counts from when Lambda received the event (it
/// bounds "how long Lambda retains an event in the asynchronous event queue"), not from its first
/// run. <https://docs.aws.amazon.com/lambda/latest/dg/invocation-async-configuring.html>
pub fn too_old_for(received: AwsMillis, next_try: AwsMillis, max_event_age_ms: AwsMillis) -> bool {
    next_try - received > max_event_age_ms
}

/// After `failed` failed attempts (duplicates not counted), retries are exhausted when the
/// `MaximumRetryAttempts` retries have all been made.
/// <https://docs.aws.amazon.com/lambda/latest/dg/invocation-async-configuring.html>
pub fn retries_exhausted(failed: u32, max_retry_attempts: u32) -> bool {
    failed > max_retry_attempts
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn waits_sit_above_one_and_two_minutes_and_centre_near_the_measured_values() {
        let rng = Rng::new(1);
        let first: Vec<_> = (0..10_000).map(|k| retry_wait(&rng, k, 1)).collect();
        let second: Vec<_> = (0..10_000).map(|k| retry_wait(&rng, k, 2)).collect();
        assert!(first.iter().all(|&w| (60_000..72_000).contains(&w)));
        assert!(second.iter().all(|&w| (120_000..140_000).contains(&w)));
        let mean = |v: &[u64]| v.iter().sum::<u64>() as f64 / v.len() as f64;
        assert!((mean(&first) - 66_000.0).abs() < 300.0);
        assert!((mean(&second) - 130_000.0).abs() < 300.0);
    }

    #[test]
    fn age_check_looks_ahead() {
        // 60 s: the second attempt would start after ~66 s, so the event is given up at once.
        assert!(too_old_for(0, 66_800, 60_000));
        assert!(!too_old_for(0, 66_800, 90_000));
        assert!(!too_old_for(0, 60_000, 60_000));
    }

    #[test]
    fn retries_exhausted_after_max_plus_one_failures() {
        assert!(!retries_exhausted(1, 2));
        assert!(!retries_exhausted(2, 2));
        assert!(retries_exhausted(3, 2));
        assert!(retries_exhausted(1, 0));
    }
}
