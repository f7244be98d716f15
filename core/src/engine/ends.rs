//! The attempts running, by when they end.
//!
//! Every attempt lasts a length fixed when it starts: the function's duration, or its timeout. All
//! attempts of one length end in the order they started, so one FIFO per length is already in end
//! order and the earliest end is the earliest of the fronts. A run without deployments has two
//! lengths, the start's duration and timeout, kept in two lanes of their own (the hot path); each
//! deployment that changes the duration or the timeout may add a lane for a new length.

use std::collections::VecDeque;

use crate::time::AwsMillis;

/// What the lanes hold: something that ends at a known time.
pub(super) trait Ending {
    /// When it ends.
    fn end(&self) -> AwsMillis;
}

pub(super) struct Ends<T> {
    /// The lengths of the two first lanes: the run's first duration and timeout.
    lengths: [AwsMillis; 2],
    first: [VecDeque<T>; 2],
    /// Lanes of the lengths deployments brought, in the order they were first met.
    more: Vec<(AwsMillis, VecDeque<T>)>,
    /// The earliest end held and its lane (`AwsMillis::MAX` when none is): kept as attempts come
    /// and go, so that the engine's loop, which asks at every happening, reads one field.
    earliest: (AwsMillis, usize),
}

impl<T: Ending> Ends<T> {
    /// Lanes for `lengths`, in that order (so that their order at equal end times does not depend
    /// on which kind of attempt came first).
    pub(super) fn new(lengths: [AwsMillis; 2]) -> Self {
        Ends { lengths, first: [VecDeque::new(), VecDeque::new()], more: Vec::new(), earliest: (AwsMillis::MAX, 0) }
    }

    /// Adds an attempt of `length`; it ends after every attempt of that length already held.
    // Forced inline in the native build, as `pop`: with two copies of the engine's loop there
    // (`Keep::Counts` compiles the metrics out) LLVM stopped inlining them, and the calls, which
    // move each attempt through memory, cost 7 % of `simulate --summary`'s CPU time (callgrind:
    // 82.9 → 77.6 M instructions, 510 → 363 k mispredicted branches). Not in the page's wasm,
    // which has one copy of the loop and is built for size.
    #[cfg_attr(not(target_arch = "wasm32"), inline(always))]
    pub(super) fn push(&mut self, length: AwsMillis, item: T) {
        let end = item.end();
        let (lane, was_empty) = if let Some(i) = self.lengths.iter().position(|&l| l == length) {
            let was_empty = self.first[i].is_empty();
            self.first[i].push_back(item);
            (i, was_empty)
        } else {
            match self.more.iter_mut().position(|(l, _)| *l == length) {
                Some(i) => {
                    let was_empty = self.more[i].1.is_empty();
                    self.more[i].1.push_back(item);
                    (i + 2, was_empty)
                }
                None => {
                    self.more.push((length, VecDeque::from([item])));
                    (self.more.len() + 1, true)
                }
            }
        };
        // Behind another attempt of its lane it cannot be the earliest (that one ends first).
        if was_empty && (end, lane) < self.earliest {
            self.earliest = (end, lane);
        }
    }

    /// The earliest end held and the lane it is in; at equal ends the lane first met goes first:
    /// one fixed order.
    #[inline]
    pub(super) fn earliest(&self) -> Option<(AwsMillis, usize)> {
        (self.earliest.0 != AwsMillis::MAX).then_some(self.earliest)
    }

    /// Takes the attempt that ends first (the one [`Ends::earliest`] named).
    #[cfg_attr(not(target_arch = "wasm32"), inline(always))]
    pub(super) fn pop(&mut self) -> Option<T> {
        let lane = self.earliest.1;
        let item = match lane {
            0 | 1 => self.first[lane].pop_front(),
            _ => self.more[lane - 2].1.pop_front(),
        }?;
        let at = |lane: &VecDeque<T>| lane.front().map_or(AwsMillis::MAX, T::end);
        let (a, b) = (at(&self.first[0]), at(&self.first[1]));
        let mut best = if b < a { (b, 1) } else { (a, 0) };
        for (i, (_, lane)) in self.more.iter().enumerate() {
            let t = at(lane);
            if t < best.0 {
                best = (t, i + 2);
            }
        }
        self.earliest = best;
        Some(item)
    }

    /// Every attempt held, lane by lane.
    pub(super) fn iter(&self) -> impl Iterator<Item = &T> {
        self.first.iter().flatten().chain(self.more.iter().flat_map(|(_, lane)| lane.iter()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    impl Ending for (AwsMillis, AwsMillis) {
        fn end(&self) -> AwsMillis {
            self.1
        }
    }

    #[test]
    fn attempts_come_out_in_end_order_across_lengths_and_the_first_lane_wins_a_tie() {
        // (start, length) → ends at start + length.
        let mut ends = Ends::new([800, 3_000]);
        for (start, length) in [(0, 3_000), (100, 800), (2_200, 800), (2_500, 500), (2_600, 3_000)] {
            ends.push(length, (start, start + length));
        }
        let mut order = Vec::new();
        while let Some((at, _)) = ends.earliest() {
            let item = ends.pop().unwrap();
            assert_eq!(item.1, at);
            order.push(item);
        }
        // 900, then 3_000 three times (the 800 ms lane first, then the 3 s one, then the 500 ms
        // one a deployment brought), then 2_600 + 3_000.
        assert_eq!(order, [(100, 900), (2_200, 3_000), (0, 3_000), (2_500, 3_000), (2_600, 5_600)]);
    }
}
