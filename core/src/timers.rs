//! The engine's pending timers (retry waits, throttle backoffs, duplicate deliveries), ordered by
//! a unique `u64` key whose high bits are the due time in ms: due time first, then the order
//! they were set.
//!
//! A calendar rather than a binary heap: every timer is due within [`HORIZON_MS`] of the moment it
//! is set (the longest wait AWS applies is the 5-minute throttle backoff), so a ring of one-second
//! buckets covers all of them. A bucket is sorted once, when the earliest timer falls in it; pushing
//! is O(1) and the earliest timer is always known.

use crate::time::{AwsMillis, SECOND};

/// Width of one bucket.
const BUCKET_MS: AwsMillis = SECOND;
/// Buckets in the ring: a power of two, so a position is a mask away.
const BUCKETS: usize = 512;
/// How far ahead of the engine's clock a timer may be due (the ring's span, less one bucket).
pub(crate) const HORIZON_MS: AwsMillis = (BUCKETS as AwsMillis - 1) * BUCKET_MS;

// Every wait the engine sets fits the ring: a longer rule would not compile.
const _: () = assert!(crate::throttle::THROTTLE_BACKOFF_MAX_MS <= HORIZON_MS);
const _: () = assert!(crate::retry::RETRY_BASE_MS[1] + crate::retry::RETRY_JITTER_MS[1] <= HORIZON_MS);
const _: () = assert!(crate::queue::DUPLICATE_DELAY_MAX_MS <= HORIZON_MS);
const _: () = assert!(crate::caller::SDK_MAX_BACKOFF_MS <= HORIZON_MS);

pub(crate) struct Timers {
    /// How many low bits of a key are not the due time.
    shift: u32,
    buckets: Vec<Vec<(u64, u32)>>,
    /// Bit `i % 64` of word `i / 64` set when bucket `i` holds something.
    occupied: [u64; BUCKETS / 64],
    /// The bucket kept sorted (descending, so the earliest is last), if any.
    sorted: Option<usize>,
    /// The smallest key held, `u64::MAX` when empty.
    min: u64,
    len: usize,
}

impl Timers {
    /// Timers whose keys hold the due time (ms) above their lowest `shift` bits.
    pub(crate) fn new(shift: u32) -> Self {
        Timers {
            shift,
            buckets: vec![Vec::new(); BUCKETS],
            occupied: [0; BUCKETS / 64],
            sorted: None,
            min: u64::MAX,
            len: 0,
        }
    }

    #[cfg(test)]
    pub(crate) fn len(&self) -> usize {
        self.len
    }

    #[inline]
    fn bucket_of(&self, key: u64) -> usize {
        ((key >> self.shift) / BUCKET_MS) as usize % BUCKETS
    }

    /// Adds a timer. It must be due after the last one taken and within [`HORIZON_MS`] of it.
    #[inline]
    pub(crate) fn push(&mut self, key: u64, value: u32) {
        let b = self.bucket_of(key);
        let bucket = &mut self.buckets[b];
        if self.sorted == Some(b) {
            let at = bucket.partition_point(|&(k, _)| k > key);
            bucket.insert(at, (key, value));
        } else {
            bucket.push((key, value));
        }
        self.occupied[b / 64] |= 1 << (b % 64);
        self.min = self.min.min(key);
        self.len += 1;
    }

    /// The smallest key held.
    #[inline]
    pub(crate) fn peek(&self) -> Option<u64> {
        (self.len > 0).then_some(self.min)
    }

    /// Takes the timer with the smallest key.
    pub(crate) fn pop(&mut self) -> Option<(u64, u32)> {
        if self.len == 0 {
            return None;
        }
        let b = self.bucket_of(self.min);
        self.sort(b);
        let item = self.buckets[b].pop().expect("the smallest key's bucket holds it");
        debug_assert_eq!(item.0, self.min);
        self.len -= 1;
        self.min = if let Some(&(k, _)) = self.buckets[b].last() {
            k
        } else {
            self.occupied[b / 64] &= !(1 << (b % 64));
            self.sorted = None;
            match self.next_occupied(b) {
                Some(next) => {
                    self.sort(next);
                    self.buckets[next].last().expect("occupied").0
                }
                None => u64::MAX,
            }
        };
        Some(item)
    }

    fn sort(&mut self, b: usize) {
        if self.sorted != Some(b) {
            self.buckets[b].sort_unstable_by_key(|&(k, _)| std::cmp::Reverse(k));
            self.sorted = Some(b);
        }
    }

    /// The first occupied bucket after `b` in ring order: everything held is due later than the
    /// timer just taken from `b`, and within the horizon.
    fn next_occupied(&self, b: usize) -> Option<usize> {
        let words = BUCKETS / 64;
        let start = (b + 1) % BUCKETS;
        let (w0, bit0) = (start / 64, start % 64);
        for step in 0..=words {
            let w = (w0 + step) % words;
            let mut word = self.occupied[w];
            if step == 0 {
                word &= !0u64 << bit0;
            }
            if step == words {
                word &= (1u64 << bit0).wrapping_sub(1);
            }
            if word != 0 {
                return Some(w * 64 + word.trailing_zeros() as usize);
            }
        }
        None
    }

    /// Every timer held, in no particular order.
    pub(crate) fn iter(&self) -> impl Iterator<Item = (u64, u32)> + '_ {
        self.buckets.iter().flatten().copied()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rng::{Draw, Rng};
    use std::cmp::Reverse;
    use std::collections::BinaryHeap;

    const SHIFT: u32 = 34;

    /// Like the engine: each timer due strictly after the clock and within the horizon, ties
    /// broken by the setting order. Compared step by step with a binary heap.
    fn matches_a_binary_heap(seed: u64, max_delay: AwsMillis) {
        let rng = Rng::new(seed);
        let mut ours = Timers::new(SHIFT);
        let mut heap = BinaryHeap::new();
        let (mut now, mut seq) = (0u64, 0u64);
        for step in 0..100_000u32 {
            let push = rng.below(step, Draw::RetryJitter, 0, 3) < 2 || heap.is_empty();
            if push {
                seq += 1;
                let delay = 1 + rng.below(step, Draw::ThrottleJitter, 0, max_delay);
                let key = ((now + delay) << SHIFT) | seq;
                ours.push(key, step);
                heap.push(Reverse((key, step)));
            } else {
                let Reverse(expected) = heap.pop().unwrap();
                assert_eq!(ours.peek(), Some(expected.0));
                assert_eq!(ours.pop(), Some(expected));
                now = expected.0 >> SHIFT;
            }
            assert_eq!(ours.len(), heap.len());
        }
        while let Some(Reverse(expected)) = heap.pop() {
            assert_eq!(ours.pop(), Some(expected));
        }
        assert_eq!(ours.pop(), None);
        assert_eq!(ours.peek(), None);
    }

    #[test]
    fn takes_timers_in_the_same_order_as_a_binary_heap() {
        matches_a_binary_heap(1, HORIZON_MS);
        // Short delays: many timers share a bucket, and pushes land in the sorted one.
        matches_a_binary_heap(2, 3 * BUCKET_MS);
        matches_a_binary_heap(3, 20);
    }
}
