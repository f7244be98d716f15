//! Every random choice of a run, drawn from the scenario's seed.
//!
//! The generator is counter-based: a draw is a pure function of (seed, event, purpose, n). An event's
//! jitter therefore does not depend on how many other events drew before it, so adding a hand-sent
//! event to a running scenario leaves every other event's story unchanged, and native and wasm
//! builds draw the same numbers (integer arithmetic only).

/// What a draw is for; part of the counter so that two purposes never share a number. The counter
/// keeps 4 bits for it, so at most 15 purposes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[repr(u64)]
pub enum Draw {
    /// The random part of a retry's wait.
    RetryJitter = 1,
    /// The random part of a throttled event's backoff.
    ThrottleJitter = 2,
    /// Whether a run fails, in `rate` failure mode.
    FailureRate = 3,
    /// Whether the queue delivers an event a second time.
    Duplicate = 4,
    /// How long after the first delivery the duplicate comes.
    DuplicateDelay = 5,
    /// An invocation's request id.
    RequestId = 6,
    /// The ids, names and sizes inside an event's payload.
    PayloadId = 7,
    /// The id of the event an EventBridge destination receives: a new event on the bus, so an id of
    /// its own, never the source event's.
    DestinationEventId = 8,
    /// The jitter of a synchronous caller's SDK backoff ([`crate::caller::sdk_backoff`]).
    CallerBackoff = 9,
}

/// The run's random numbers: every draw is a pure function of the seed and the draw's counter.
#[derive(Clone, Copy, Debug)]
pub struct Rng {
    seed: u64,
}

impl Rng {
    /// The generator for a scenario's `seed`.
    pub fn new(seed: u64) -> Self {
        Self { seed: mix(seed ^ 0x6a09_e667_f3bc_c908) }
    }

    /// 64 random bits for draw `n` of `purpose` for event `key`: SplitMix64's output for the
    /// counter's place in the seed's stream. The golden-ratio step is odd, so distinct counters
    /// never share a state.
    #[inline]
    pub fn bits(&self, key: u32, purpose: Draw, n: u32) -> u64 {
        let counter = (u64::from(key) << 32) | (u64::from(n) << 4) | purpose as u64;
        mix(self.seed.wrapping_add(counter.wrapping_mul(GOLDEN_GAMMA)))
    }

    /// Uniform in [0, 1).
    pub fn unit(&self, key: u32, purpose: Draw, n: u32) -> f64 {
        (self.bits(key, purpose, n) >> 11) as f64 * (1.0 / (1u64 << 53) as f64)
    }

    /// Uniform in [0, bound) (bound > 0); Lemire's multiply-shift, bias below 2^-32 for our bounds.
    pub fn below(&self, key: u32, purpose: Draw, n: u32, bound: u64) -> u64 {
        ((u128::from(self.bits(key, purpose, n)) * u128::from(bound)) >> 64) as u64
    }
}

/// SplitMix64's increment, 2^64 / golden ratio.
const GOLDEN_GAMMA: u64 = 0x9e37_79b9_7f4a_7c15;

/// SplitMix64's finaliser: a bijection with good avalanche.
#[inline]
fn mix(mut z: u64) -> u64 {
    z = z.wrapping_add(GOLDEN_GAMMA);
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_counter_same_number_other_counter_other_number() {
        let r = Rng::new(7);
        assert_eq!(r.bits(3, Draw::RetryJitter, 1), Rng::new(7).bits(3, Draw::RetryJitter, 1));
        assert_ne!(r.bits(3, Draw::RetryJitter, 1), r.bits(3, Draw::RetryJitter, 2));
        assert_ne!(r.bits(3, Draw::RetryJitter, 1), r.bits(4, Draw::RetryJitter, 1));
        assert_ne!(r.bits(3, Draw::RetryJitter, 1), r.bits(3, Draw::ThrottleJitter, 1));
        assert_ne!(r.bits(3, Draw::RetryJitter, 1), Rng::new(8).bits(3, Draw::RetryJitter, 1));
    }

    #[test]
    fn unit_draws_are_uniform_enough() {
        let r = Rng::new(1);
        let n = 100_000;
        let below_03 = (0..n).filter(|&i| r.unit(i, Draw::FailureRate, 0) < 0.3).count();
        let share = below_03 as f64 / f64::from(n);
        assert!((share - 0.3).abs() < 0.01, "share {share}");
        assert!((0..n).all(|i| r.below(i, Draw::RetryJitter, 0, 12_000) < 12_000));
    }
}
