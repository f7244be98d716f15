//! The engine's pending timers (retry waits, throttle backoffs, duplicate deliveries), ordered by
//! a unique `u64` key whose high bits are the due time in ms: due time first, then the order
//! they were set.
//!
//! A two-level timing wheel rather than a binary heap: every timer is due within [`HORIZON_MS`] of
//! the moment it is set (the longest wait AWS applies is the 5-minute throttle backoff), so a ring
//! of blocks of [`BLOCK_MS`] covers all of them (the far level), and the block being taken from is
//! spread over one list per millisecond (the near level). Keys only grow as timers are set, so
//! each list, appended to, stays in key order: nothing is ever sorted. A block's timers move to
//! the near level, in their order, when the earliest of them is taken; pushing and taking are O(1),
//! and the earliest timer is always known.
//!
//! The lists are threaded through one slab of nodes, so a run allocates for its most timers
//! pending at once, not per list or per timer.

use crate::time::AwsMillis;

/// Bits of a due time that name its millisecond within a block.
const MS_BITS: u32 = 10;
/// Width of one block of the far level: the near level's span.
const BLOCK_MS: AwsMillis = 1 << MS_BITS;
/// Lists of the near level: one per millisecond of a block.
const NEAR: usize = 1 << MS_BITS;
/// Blocks in the ring: a power of two, so a position is a mask away.
const BLOCKS: usize = 512;
/// How far ahead of the engine's clock a timer may be due (the ring's span, less one block), so
/// that the blocks pending always fit the ring without two sharing a place.
pub(crate) const HORIZON_MS: AwsMillis = (BLOCKS as AwsMillis - 1) * BLOCK_MS;

// Every wait the engine sets fits the ring: a longer rule would not compile.
const _: () = assert!(crate::throttle::THROTTLE_BACKOFF_MAX_MS <= HORIZON_MS);
const _: () = assert!(crate::retry::RETRY_BASE_MS[1] + crate::retry::RETRY_JITTER_MS[1] <= HORIZON_MS);
const _: () = assert!(crate::queue::DUPLICATE_DELAY_MAX_MS <= HORIZON_MS);
const _: () = assert!(crate::caller::SDK_MAX_BACKOFF_MS <= HORIZON_MS);

/// The end of a list.
const NIL: u32 = u32::MAX;

#[derive(Clone, Copy)]
struct Node {
    key: u64,
    value: u32,
    /// The next node of its list (or of the free nodes).
    next: u32,
}

/// A first-in, first-out list of nodes.
#[derive(Clone, Copy)]
struct List {
    head: u32,
    tail: u32,
}

impl List {
    const EMPTY: List = List { head: NIL, tail: NIL };
}

/// Timers whose keys hold the due time (ms) above their lowest `SHIFT` bits (a constant, so that
/// the hot paths shift by an immediate).
pub(crate) struct Timers<const SHIFT: u32> {
    nodes: Vec<Node>,
    /// The first free node.
    free: u32,
    /// The near level: the timers of block `block`, by millisecond.
    near: Vec<List>,
    /// Bit `i % 64` of word `i / 64` set when near list `i` holds something.
    near_occupied: [u64; NEAR / 64],
    /// Bit `w` set when word `w` of `near_occupied` is not 0.
    near_words: u64,
    /// The far level: the timers of later blocks, by block in the ring.
    far: Vec<List>,
    /// The same for the ring's places.
    far_occupied: [u64; BLOCKS / 64],
    /// The smallest key in each place of the ring (`u64::MAX` when empty): kept as timers are
    /// set, so that finding the earliest far timer does not walk a list.
    far_min: Vec<u64>,
    /// The block the near level holds (the block of the last timer taken).
    block: u64,
    /// The smallest key held, `u64::MAX` when empty.
    min: u64,
    len: usize,
}

impl<const SHIFT: u32> Timers<SHIFT> {
    /// No timer.
    pub(crate) fn new() -> Self {
        Timers {
            nodes: Vec::new(),
            free: NIL,
            near: vec![List::EMPTY; NEAR],
            near_occupied: [0; NEAR / 64],
            near_words: 0,
            far: vec![List::EMPTY; BLOCKS],
            far_occupied: [0; BLOCKS / 64],
            far_min: vec![u64::MAX; BLOCKS],
            block: 0,
            min: u64::MAX,
            len: 0,
        }
    }

    #[cfg(test)]
    pub(crate) fn len(&self) -> usize {
        self.len
    }

    /// Appends node `n` to `list`.
    #[inline]
    fn append(nodes: &mut [Node], list: &mut List, n: u32) {
        nodes[n as usize].next = NIL;
        if list.tail == NIL {
            list.head = n;
        } else {
            nodes[list.tail as usize].next = n;
        }
        list.tail = n;
    }

    /// Adds a timer. It must be due after the last one taken, within [`HORIZON_MS`] of the clock,
    /// and its key must be larger than those of the timers set before it with the same due time.
    #[inline]
    pub(crate) fn push(&mut self, key: u64, value: u32) {
        let node = Node { key, value, next: NIL };
        let n = if self.free != NIL {
            let n = self.free;
            self.free = self.nodes[n as usize].next;
            self.nodes[n as usize] = node;
            n
        } else {
            self.nodes.push(node);
            (self.nodes.len() - 1) as u32
        };
        let at = key >> SHIFT;
        let block = at >> MS_BITS;
        if block == self.block {
            let ms = (at % BLOCK_MS) as usize;
            Self::append(&mut self.nodes, &mut self.near[ms], n);
            self.occupy_near(ms);
        } else {
            debug_assert!(block > self.block);
            let place = block as usize % BLOCKS;
            Self::append(&mut self.nodes, &mut self.far[place], n);
            self.far_occupied[place / 64] |= 1 << (place % 64);
            self.far_min[place] = self.far_min[place].min(key);
        }
        self.min = self.min.min(key);
        self.len += 1;
    }

    /// The smallest key held.
    #[inline]
    pub(crate) fn peek(&self) -> Option<u64> {
        (self.len > 0).then_some(self.min)
    }

    /// Takes the timer with the smallest key. The engine's clock is at its due time, so every
    /// timer held is due within [`HORIZON_MS`] of it.
    // Inlined into the engine's loop in the native build, which has two copies of it (the
    // engine's `Keep::Counts`), where LLVM would otherwise call it; not in the page's wasm.
    #[cfg_attr(not(target_arch = "wasm32"), inline(always))]
    pub(crate) fn pop(&mut self) -> Option<(u64, u32)> {
        if self.len == 0 {
            return None;
        }
        let at = self.min >> SHIFT;
        let block = at >> MS_BITS;
        if block != self.block {
            // The near level is empty: the earliest block moves to it.
            self.spread(block);
        }
        let ms = (at % BLOCK_MS) as usize;
        let n = self.near[ms].head;
        let Node { key, value, next } = self.nodes[n as usize];
        debug_assert_eq!(key, self.min);
        self.near[ms].head = next;
        self.nodes[n as usize].next = self.free;
        self.free = n;
        self.len -= 1;
        self.min = if next != NIL {
            self.nodes[next as usize].key
        } else {
            self.near[ms].tail = NIL;
            let word = &mut self.near_occupied[ms / 64];
            *word &= !(1 << (ms % 64));
            self.near_words &= !(u64::from(*word == 0) << (ms / 64));
            match self.next_near(ms + 1) {
                Some(later) => self.nodes[self.near[later].head as usize].key,
                None => self.earliest_far(),
            }
        };
        Some((key, value))
    }

    #[inline]
    fn occupy_near(&mut self, ms: usize) {
        self.near_occupied[ms / 64] |= 1 << (ms % 64);
        self.near_words |= 1 << (ms / 64);
    }

    /// The first near list at or after `from` that holds something. Selections rather than a
    /// loop over the words: whether the next timer is in the same word as the last is a coin
    /// toss at the usual spacing of timers, which a branch would guess wrong often.
    #[inline]
    fn next_near(&self, from: usize) -> Option<usize> {
        let w = from / 64;
        if w >= NEAR / 64 {
            return None;
        }
        let here = self.near_occupied[w] & (!0u64 << (from % 64));
        let after = self.near_words & (!1u64 << w);
        let w2 = after.trailing_zeros() as usize % (NEAR / 64);
        let there = w2 * 64 + self.near_occupied[w2].trailing_zeros() as usize;
        let found = if here != 0 { w * 64 + here.trailing_zeros() as usize } else { there };
        (here | after != 0).then_some(found)
    }

    /// Moves far block `block`'s timers to the near level, each list keeping their order.
    fn spread(&mut self, block: u64) {
        let place = block as usize % BLOCKS;
        let mut n = self.far[place].head;
        self.far[place] = List::EMPTY;
        self.far_occupied[place / 64] &= !(1 << (place % 64));
        self.far_min[place] = u64::MAX;
        while n != NIL {
            let node = self.nodes[n as usize];
            let ms = ((node.key >> SHIFT) % BLOCK_MS) as usize;
            Self::append(&mut self.nodes, &mut self.near[ms], n);
            self.occupy_near(ms);
            n = node.next;
        }
        self.block = block;
    }

    /// The smallest key of the far level, `u64::MAX` when it is empty: in the first block held
    /// after the near level's, in ring order. (Every block held is less than the ring's span
    /// ahead of the near level's, which is the clock's, so ring order is time order.)
    fn earliest_far(&self) -> u64 {
        let start = (self.block as usize + 1) % BLOCKS;
        let place = next_set(&self.far_occupied, start).or_else(|| next_set(&self.far_occupied, 0));
        place.map_or(u64::MAX, |place| self.far_min[place])
    }

    /// Every timer held, in no particular order.
    pub(crate) fn iter(&self) -> impl Iterator<Item = (u64, u32)> + '_ {
        self.near.iter().chain(&self.far).flat_map(move |list| {
            std::iter::successors((list.head != NIL).then_some(list.head), move |&n| {
                let next = self.nodes[n as usize].next;
                (next != NIL).then_some(next)
            })
            .map(move |n| (self.nodes[n as usize].key, self.nodes[n as usize].value))
        })
    }
}

/// The first set bit at or after `from` in `words` (no wrapping round).
#[inline]
fn next_set(words: &[u64], from: usize) -> Option<usize> {
    let mut w = from / 64;
    if w >= words.len() {
        return None;
    }
    let mut word = words[w] & (!0u64 << (from % 64));
    loop {
        if word != 0 {
            return Some(w * 64 + word.trailing_zeros() as usize);
        }
        w += 1;
        if w == words.len() {
            return None;
        }
        word = words[w];
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
    /// broken by the setting order. Compared step by step with a binary heap. With `gaps`, the
    /// clock sometimes moves on by a long while when nothing is pending, as a quiet spell in a run.
    fn matches_a_binary_heap(seed: u64, max_delay: AwsMillis, gaps: bool) {
        let rng = Rng::new(seed);
        let mut ours = Timers::<SHIFT>::new();
        let mut heap = BinaryHeap::new();
        let (mut now, mut seq) = (0u64, 0u64);
        for step in 0..100_000u32 {
            if gaps && heap.is_empty() && rng.below(step, Draw::Duplicate, 0, 4) == 0 {
                now += rng.below(step, Draw::DuplicateDelay, 0, 10 * HORIZON_MS);
            }
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
            assert_eq!(ours.peek(), heap.peek().map(|r| r.0 .0));
            if step % 997 == 0 {
                let mut held: Vec<_> = ours.iter().collect();
                let mut expected: Vec<_> = heap.iter().map(|r| r.0).collect();
                held.sort_unstable();
                expected.sort_unstable();
                assert_eq!(held, expected);
            }
        }
        while let Some(Reverse(expected)) = heap.pop() {
            assert_eq!(ours.pop(), Some(expected));
        }
        assert_eq!(ours.pop(), None);
        assert_eq!(ours.peek(), None);
    }

    #[test]
    fn takes_timers_in_the_same_order_as_a_binary_heap() {
        matches_a_binary_heap(1, HORIZON_MS, false);
        // Short delays: many timers share a block, and pushes land in the near level.
        matches_a_binary_heap(2, 3 * BLOCK_MS, false);
        matches_a_binary_heap(3, 20, false);
        // Quiet spells longer than the ring's span between busy ones.
        matches_a_binary_heap(4, HORIZON_MS, true);
        matches_a_binary_heap(5, 2 * BLOCK_MS, true);
    }
}
