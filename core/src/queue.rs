//! The function's internal event queue. <https://docs.aws.amazon.com/lambda/latest/dg/invocation-async.html>
//!
//! The caller hands the event over and is answered at once; a poller later takes the event off the
//! queue. The queue is not strictly FIFO (a throttled event waits out its own backoff while newer
//! events run) and delivers at least once: sometimes an event is delivered a second time although
//! nothing failed.

use crate::rng::{Draw, Rng};
use crate::time::AwsMillis;

/// What the caller (S3, SNS, EventBridge, or `Invoke` with `InvocationType=Event`) gets back, at
/// once and with an empty body: it never learns how the function fared.
/// <https://docs.aws.amazon.com/lambda/latest/dg/invocation-async.html>
pub const ACCEPTED_STATUS: u16 = 202;

/// A duplicate delivery follows the first one after up to this long. AWS publishes no figure; two
/// seconds keeps both runs on screen together, which is what the lesson needs.
pub const DUPLICATE_DELAY_MAX_MS: AwsMillis = 2_000;

/// Whether the queue delivers event `key` a second time, and how long after its first run started:
/// the queue is eventually consistent, so an event can reach the function more than once although
/// nothing failed. Drawn once per event, so `rate` is the share of events that run twice.
/// <https://docs.aws.amazon.com/lambda/latest/dg/invocation-async.html>
pub fn duplicate_delivery(rng: &Rng, key: u32, rate: f64) -> Option<AwsMillis> {
    if rate <= 0.0 || rng.unit(key, Draw::Duplicate, 0) >= rate {
        return None;
    }
    Some(rng.below(key, Draw::DuplicateDelay, 0, DUPLICATE_DELAY_MAX_MS) + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn duplicate_share_follows_the_rate_and_delays_stay_short() {
        let rng = Rng::new(4);
        let delays: Vec<_> = (0..100_000).filter_map(|k| duplicate_delivery(&rng, k, 0.1)).collect();
        let share = delays.len() as f64 / 100_000.0;
        assert!((share - 0.1).abs() < 0.005, "share {share}");
        assert!(delays.iter().all(|d| (1..=DUPLICATE_DELAY_MAX_MS).contains(d)));
        assert!((0..1000).all(|k| duplicate_delivery(&rng, k, 0.0).is_none()));
        assert!((0..1000).all(|k| duplicate_delivery(&rng, k, 1.0).is_some()));
    }
}
