//! The attempts running, by when they end.
//!
//! Every attempt lasts a length fixed when it starts: the function's duration, or its timeout. All
//! attempts of one length end in the order they started, so one FIFO per length is already in end
//! order and the earliest end is the earliest of the fronts. A run without deployments has two
//! lengths; each deployment that changes the duration or the timeout may add up to two more.

use std::collections::VecDeque;

use crate::time::AwsMillis;

pub(super) struct Ends<T> {
    /// (length, attempts of that length in start order), in the order the lengths were first met:
    /// at equal end times the earlier lane goes first, one fixed order.
    lanes: Vec<(AwsMillis, VecDeque<T>)>,
}

impl<T> Ends<T> {
    /// Lanes for `lengths`, in that order (the run's first duration and timeout, so that their
    /// order at equal end times does not depend on which kind of attempt came first).
    pub(super) fn new(lengths: [AwsMillis; 2]) -> Self {
        Ends { lanes: lengths.into_iter().map(|l| (l, VecDeque::new())).collect() }
    }

    /// Adds an attempt of `length`; it ends after every attempt of that length already held.
    #[inline]
    pub(super) fn push(&mut self, length: AwsMillis, item: T) {
        match self.lanes.iter_mut().find(|(l, _)| *l == length) {
            Some((_, lane)) => lane.push_back(item),
            None => self.lanes.push((length, VecDeque::from([item]))),
        }
    }

    /// The earliest end held, by `end`, and the lane it is in; the first lane wins a tie.
    #[inline]
    pub(super) fn earliest(&self, end: impl Fn(&T) -> AwsMillis) -> Option<(AwsMillis, usize)> {
        let mut best: Option<(AwsMillis, usize)> = None;
        for (i, (_, lane)) in self.lanes.iter().enumerate() {
            if let Some(front) = lane.front() {
                let at = end(front);
                if best.is_none_or(|(b, _)| at < b) {
                    best = Some((at, i));
                }
            }
        }
        best
    }

    /// Takes the front of lane `lane` (the one [`Ends::earliest`] named).
    #[inline]
    pub(super) fn pop(&mut self, lane: usize) -> Option<T> {
        self.lanes[lane].1.pop_front()
    }

    /// Every attempt held, lane by lane.
    pub(super) fn iter(&self) -> impl Iterator<Item = &T> {
        self.lanes.iter().flat_map(|(_, lane)| lane.iter())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn attempts_come_out_in_end_order_across_lengths_and_the_first_lane_wins_a_tie() {
        // (start, length) → ends at start + length.
        let mut ends = Ends::new([800, 3_000]);
        for (start, length) in [(0, 3_000), (100, 800), (2_200, 800), (2_500, 500), (2_600, 3_000)] {
            ends.push(length, (start, start + length));
        }
        let mut order = Vec::new();
        while let Some((at, lane)) = ends.earliest(|&(_, end)| end) {
            let item = ends.pop(lane).unwrap();
            assert_eq!(item.1, at);
            order.push(item);
        }
        // 900, then 3_000 twice (the 800 ms lane first: 2_200 + 800), then 3_000 + 2_600.
        assert_eq!(order, [(100, 900), (2_200, 3_000), (0, 3_000), (2_500, 3_000), (2_600, 5_600)]);
    }
}
