//! The index over a run ([`RunIndex`]): what the stage seeks with, the narration reads its
//! happenings from, and "step" jumps between moments with. Built once per run; each question then
//! costs the events in flight, not the events in the run, and the happenings between two moments
//! cost the happenings there ([`RunIndex::happenings`], [`RunIndex::happenings_by`]).

use super::lanes::{count_place, ending_lanes, Lane, LaneCounts};
use super::place::{place_at, runs_of, settled_at, Place};
use super::story::{happenings_of, Happening};
use crate::engine::{EventRecord, Run};
use crate::outcome::MAX_RUNS;
use crate::scenario::DlqTarget;
use crate::service::PerService;
use crate::time::AwsMillis;

/// Tallies of the events before a position.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
struct Tally {
    /// Events sent, per service.
    sent: PerService<u32>,
    /// Ended events, by the lanes they were sent to (each deployment may have sent events
    /// elsewhere, so every lane keeps its own count).
    ended: Ended,
}

/// Ended events per ending lane.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
struct Ended {
    success: u32,
    destination_success: u32,
    destination_failure: u32,
    dlq_sqs: u32,
    dlq_sns: u32,
    lost: u32,
    caller: u32,
}

impl Ended {
    fn add(&mut self, lane: Lane) {
        match lane {
            Lane::Success => self.success += 1,
            Lane::DestinationSuccess => self.destination_success += 1,
            Lane::DestinationFailure => self.destination_failure += 1,
            Lane::Dlq(DlqTarget::Sqs) => self.dlq_sqs += 1,
            Lane::Dlq(DlqTarget::Sns) => self.dlq_sns += 1,
            Lane::Lost => self.lost += 1,
            Lane::Caller => self.caller += 1,
            Lane::Source(_) | Lane::Queue | Lane::Function | Lane::Retry => {}
        }
    }

    fn into_counts(self, c: &mut LaneCounts) {
        for (lane, n) in [
            (Lane::Success, self.success),
            (Lane::DestinationSuccess, self.destination_success),
            (Lane::DestinationFailure, self.destination_failure),
            (Lane::Dlq(DlqTarget::Sqs), self.dlq_sqs),
            (Lane::Dlq(DlqTarget::Sns), self.dlq_sns),
            (Lane::Lost, self.lost),
            (Lane::Caller, self.caller),
        ] {
            c.add(lane, n);
        }
    }
}

/// No concurrency slot: a run the index does not know.
const NO_SLOT: u16 = u16::MAX;

/// A run's index for drawing it at any moment. Built once per run, in O(n log n).
#[derive(Clone, Debug, Default)]
pub struct RunIndex {
    /// `settle[i]`: [`settled_at`] of event `i`.
    settle: Vec<AwsMillis>,
    /// `settle_max[i]`: the latest [`settled_at`] of events `0..=i`.
    settle_max: Vec<AwsMillis>,
    /// `before[i]`: tallies of events `0..i` (so one more entry than events).
    before: Vec<Tally>,
    /// The concurrency slot each run of an event holds, in [`runs_of`] order.
    slots: Vec<[u16; MAX_RUNS]>,
    /// Slots the run ever used at once (its peak concurrency).
    slots_used: u16,
    /// Every happening of the run as (when, which event), in time order: one entry per fact
    /// [`happenings_of`] tells over an event's whole story ([`happening_times`]).
    facts: Vec<FactAt>,
    /// Every retry wait of the run as (when it is due, which event), soonest due first (ties in
    /// arrival order): what [`super::InFlight`] keeps the retry wait's members by. Found when first
    /// asked for (each is a [`place_at`]): the first frame of a run seldom has a retry wait.
    waits: std::sync::OnceLock<Vec<FactAt>>,
}

/// When a happening was (AWS ms, saturated at `u32::MAX`, 49 days: runs are at most a week) and
/// its event: 8 bytes a fact, so a 100,000-event run's index stays a few megabytes.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord)]
struct FactAt {
    at: u32,
    event: u32,
}

impl FactAt {
    fn at(self) -> AwsMillis {
        AwsMillis::from(self.at)
    }
}

/// `at` as a [`FactAt`] time: saturated, so order is kept.
fn fact_ms(at: AwsMillis) -> u32 {
    u32::try_from(at).unwrap_or(u32::MAX)
}

impl RunIndex {
    /// Indexes `run` once, so that each later question about a moment costs the events in flight, not the events in the
    /// run.
    pub fn new(run: &Run) -> RunIndex {
        let n = run.events.len();
        let mut settle = Vec::with_capacity(n);
        let mut settle_max = Vec::with_capacity(n);
        let mut before = Vec::with_capacity(n + 1);
        let mut tally = Tally::default();
        let mut max = 0;
        // Counted first: growing the vector by doubling cost more than walking the stories twice.
        let mut facts = Vec::with_capacity(run.events.iter().map(|rec| happening_times(rec).count()).sum());
        before.push(tally);
        for (i, rec) in run.events.iter().enumerate() {
            // One moment per fact `happenings_of` tells (the test
            // `indexed_happenings_are_every_happening_between_two_moments` holds them equal),
            // without telling them.
            facts.extend(happening_times(rec).map(|at| FactAt { at: fact_ms(at), event: i as u32 }));
            let at = settled_at(rec);
            settle.push(at);
            max = max.max(at);
            settle_max.push(max);
            tally.sent[rec.service()] += 1;
            for lane in ending_lanes(rec) {
                tally.ended.add(lane);
            }
            before.push(tally);
        }
        let facts = by_time(facts, |f| f.at);
        let (slots, slots_used) = assign_slots(run);
        RunIndex { settle, settle_max, before, slots, slots_used, facts, waits: Default::default() }
    }

    /// The run's retry waits (the field `waits`), found on the first call.
    fn retry_waits(&self, run: &Run) -> &[FactAt] {
        self.waits.get_or_init(|| {
            let mut waits = Vec::new();
            for (i, rec) in run.events.iter().enumerate() {
                waits.extend(retry_waits(rec).map(|until| FactAt { at: until, event: i as u32 }));
            }
            by_time(waits, |w| w.at)
        })
    }

    /// The position, soonest due first, of event `event`'s retry wait due at `until`
    /// (`AwsMillis::MAX`: not known).
    pub fn wait_position(&self, run: &Run, until: AwsMillis, event: u32) -> u32 {
        let key = FactAt { at: fact_ms(until), event };
        let waits = self.retry_waits(run);
        let k = waits.partition_point(|w| (w.at, w.event) < (key.at, key.event));
        debug_assert_eq!(waits.get(k), Some(&key), "a retry wait the index knows");
        k as u32
    }

    /// The retry wait at `position` ([`RunIndex::wait_position`]): when it is due
    /// (`AwsMillis::MAX`: not known) and its event.
    pub fn wait(&self, run: &Run, position: u32) -> (AwsMillis, u32) {
        let w = self.retry_waits(run)[position as usize];
        (if w.at == u32::MAX { AwsMillis::MAX } else { w.at() }, w.event)
    }

    /// The moment of the `n`-th happening of the run (1-based, in time order), `None` past the last.
    pub fn moment_of(&self, n: usize) -> Option<AwsMillis> {
        self.facts.get(n.checked_sub(1)?).map(|f| f.at())
    }

    /// From when nothing more happens to event `event` ([`settled_at`]).
    pub fn settled(&self, event: usize) -> AwsMillis {
        self.settle.get(event).copied().unwrap_or(AwsMillis::MAX)
    }

    /// Events that may have something to show between `from` and `to` (inclusive): received by
    /// `to` and not settled by `from`. Some events inside may have settled earlier (the range is
    /// contiguous); none outside has.
    pub fn window(&self, run: &Run, from: AwsMillis, to: AwsMillis) -> std::ops::Range<usize> {
        let hi = run.events.partition_point(|r| r.received_ms <= to);
        let lo = self.settle_max[..hi].partition_point(|&m| m <= from);
        lo..hi
    }

    /// The counts of the events before position `upto`, as they stand once settled: their
    /// ending lanes (not the reprocessed messages' leaving) and what each source sent.
    pub(super) fn settled_counts(&self, upto: usize) -> LaneCounts {
        let done = self.before[upto];
        let mut c =
            LaneCounts { sent: PerService::from_fn(|service| u64::from(done.sent[service])), ..LaneCounts::default() };
        done.ended.into_counts(&mut c);
        c
    }

    /// What each source had sent by `t`, in O(log n).
    pub fn sent_by(&self, run: &Run, t: AwsMillis) -> PerService<u64> {
        let hi = run.events.partition_point(|r| r.received_ms <= t);
        self.settled_counts(hi).sent
    }

    /// [`lane_counts`], in the time of the events in flight rather than the events in the run.
    /// The settled events' lanes come from the tallies, as they ended; the messages that have left
    /// the SQS DLQ by `t` are the run's reprocessings by then.
    pub fn lane_counts(&self, run: &Run, t: AwsMillis) -> LaneCounts {
        let w = self.window(run, t, t);
        let mut c = self.settled_counts(w.start);
        for rec in &run.events[w] {
            c.bump(Lane::Source(rec.service()));
            count_place(&mut c, rec, t);
        }
        c.dlq_sqs -= run.reprocessed_by(t);
        c
    }

    /// The concurrency slot (0-based, below the function's limit) that the run of event `event`
    /// which started at `start` held. Slots are handed out lowest-free-first in the order runs
    /// start, so a run keeps its slot from start to end: the stage can draw it in one place.
    pub fn slot(&self, run: &Run, event: usize, start: AwsMillis, duplicate: bool) -> Option<u16> {
        let rec = run.events.get(event)?;
        let k = runs_of(rec).position(|r| r.start == start && r.duplicate == duplicate)?;
        let slot = *self.slots.get(event)?.get(k)?;
        (slot != NO_SLOT).then_some(slot)
    }

    /// How many slots the run used at its busiest (its peak concurrency).
    pub fn slots_used(&self) -> u16 {
        self.slots_used
    }

    /// The first moment after `t` at which anything happens (an event is sent, a run starts or
    /// ends, a delivery is throttled, an event ends), or `None` when nothing more happens.
    pub fn next_after(&self, run: &Run, t: AwsMillis) -> Option<AwsMillis> {
        let lo = self.settle_max.partition_point(|&m| m <= t);
        let mut best: Option<AwsMillis> = None;
        for rec in &run.events[lo..] {
            if best.is_some_and(|b| rec.received_ms >= b) {
                break; // arrival order: no later event can happen sooner
            }
            if let Some(at) = happening_times(rec).filter(|&at| at > t).min() {
                best = Some(best.map_or(at, |b| b.min(at)));
            }
        }
        best
    }

    /// The last moment before `t` at which anything happened, or `None` before the first.
    pub fn previous_before(&self, run: &Run, t: AwsMillis) -> Option<AwsMillis> {
        let hi = run.events.partition_point(|r| r.received_ms < t);
        run.events[..hi].iter().filter_map(|rec| happening_times(rec).filter(|&at| at < t).max()).max()
    }

    /// What happened in `(from, to]` (from the start when `from` is `None`), in time order; at
    /// most the last `limit` of them. Costs the happenings told, not the events in flight.
    pub fn happenings(&self, run: &Run, from: Option<AwsMillis>, to: AwsMillis, limit: usize) -> Vec<Happening> {
        let hi = self.facts_by(to);
        let lo = from.map_or(0, |f| self.facts_by(f)).min(hi).max(hi.saturating_sub(limit));
        let mut out = Vec::with_capacity(hi - lo);
        // The facts are in (moment, event) order, one per happening: each event's happenings at
        // each moment, in the order of their kinds, are the happenings in order, with no sort of
        // the whole (a moment of 100,000 events took most of a narration's time to sort).
        for group in self.facts[lo..hi].chunk_by(|a, b| a == b) {
            let (at, i) = (group[0].at(), group[0].event as usize);
            let first = out.len();
            happenings_of(&run.events[i], i, at.checked_sub(1), at, &mut out);
            let told = &mut out[first..];
            if !told.is_sorted_by_key(|h| h.fact.order()) {
                crate::order::sort_by_key(told, |h| h.fact.order().into());
            }
        }
        if out.len() > limit {
            out.drain(..out.len() - limit);
        }
        out
    }

    /// The events of the last `limit` happenings in `(from, to]` (from the start when `from` is
    /// `None`), in arrival order: those whose place changed last in between.
    pub fn events_with_facts(&self, from: Option<AwsMillis>, to: AwsMillis, limit: usize) -> Vec<u32> {
        let hi = self.facts_by(to);
        let lo = from.map_or(0, |f| self.facts_by(f)).min(hi).max(hi.saturating_sub(limit));
        let mut events: Vec<u32> = self.facts[lo..hi].iter().map(|f| f.event).collect();
        events.sort_unstable();
        events.dedup();
        events
    }

    /// How many happenings the run had by `t` (those [`RunIndex::happenings`] tells from the
    /// start to `t`), in O(log n).
    pub fn happenings_by(&self, t: AwsMillis) -> usize {
        self.facts_by(t)
    }

    /// The first moment at or before `t` from which the last `n` happenings by `t` are told
    /// whole: the moment of the `n`-th happening back, `None` when fewer than `n` happened by
    /// then. A moment is never cut in two.
    pub fn moment_of_last(&self, t: AwsMillis, n: usize) -> Option<AwsMillis> {
        let hi = self.facts_by(t);
        let first = hi.checked_sub(n.max(1))?;
        Some(self.facts[first].at())
    }

    /// Facts at or before `t` (a prefix of `facts`).
    fn facts_by(&self, t: AwsMillis) -> usize {
        self.facts.partition_point(|f| f.at() <= t)
    }
}

/// `items` ordered by `time`, stably (items of one moment keep their order): for facts pushed in
/// arrival order, what sorting by (time, event) gives, in two stable counting passes of 16 bits of
/// the time each. Linear: a comparison sort of a 100,000-event run's million facts took most of
/// the index's time. The index orders its facts, retry waits and runs with it.
fn by_time<T: Copy + Default>(items: Vec<T>, time: impl Fn(&T) -> u32) -> Vec<T> {
    const DIGIT: u32 = 16;
    let mut from = items;
    let mut to = vec![T::default(); from.len()];
    for shift in [0, DIGIT] {
        let digit = |f: &T| ((time(f) >> shift) & ((1 << DIGIT) - 1)) as usize;
        let mut next = vec![0usize; 1 << DIGIT];
        for f in &from {
            next[digit(f)] += 1;
        }
        let mut at = 0;
        for n in &mut next {
            (*n, at) = (at, at + *n);
        }
        for f in &from {
            let k = &mut next[digit(f)];
            to[*k] = *f;
            *k += 1;
        }
        std::mem::swap(&mut from, &mut to);
    }
    from
}

/// Lowest-free-slot assignment of every run, in start order; a run ending at an instant frees its
/// slot for a run starting at the same instant (the engine handles endings first).
fn assign_slots(run: &Run) -> (Vec<[u16; MAX_RUNS]>, u16) {
    use std::cmp::Reverse;
    use std::collections::BinaryHeap;
    let mut slots = vec![[NO_SLOT; MAX_RUNS]; run.events.len()];
    let mut spans: Vec<(u32, u32, u32, u8)> = Vec::new();
    for (i, rec) in run.events.iter().enumerate() {
        for (k, r) in runs_of(rec).enumerate().take(MAX_RUNS) {
            spans.push((fact_ms(r.start), fact_ms(r.end), i as u32, k as u8));
        }
    }
    // Pushed in (event, run) order: stable sorts by end, then by start, are the sort of the whole
    // tuple (by (start, end, event, run)).
    let spans = by_time(by_time(spans, |s| s.1), |s| s.0);
    let mut busy: BinaryHeap<Reverse<(AwsMillis, u16)>> = BinaryHeap::new();
    let mut free: BinaryHeap<Reverse<u16>> = BinaryHeap::new();
    let mut used: u16 = 0;
    for (start, end, i, k) in spans {
        let (start, end) = (AwsMillis::from(start), AwsMillis::from(end));
        while let Some(&Reverse((e, slot))) = busy.peek() {
            if e > start {
                break;
            }
            busy.pop();
            free.push(Reverse(slot));
        }
        let slot = match free.pop() {
            Some(Reverse(slot)) => slot,
            None => {
                used = used.saturating_add(1);
                used - 1
            }
        };
        slots[i as usize][k as usize] = slot;
        busy.push(Reverse((end, slot)));
    }
    (slots, used)
}

/// When each retry wait of an event is due ([`fact_ms`]; `u32::MAX`: not known), as
/// [`place_at`] tells them: a wait starts where a failed attempt ends.
fn retry_waits(rec: &EventRecord) -> impl Iterator<Item = u32> + '_ {
    rec.attempts.regular().filter_map(|a| match place_at(rec, a.end_ms) {
        Some(Place::RetryWait { since, until, .. }) if since == a.end_ms => Some(until.map_or(u32::MAX, fact_ms)),
        _ => None,
    })
}

/// Every moment something happens to an event (unordered; a moment may repeat).
fn happening_times(rec: &EventRecord) -> impl Iterator<Item = AwsMillis> + '_ {
    std::iter::once(rec.received_ms)
        .chain(runs_of(rec).flat_map(|r| [Some(r.start), r.result.map(|_| r.end)]).flatten())
        .chain(rec.throttle_times.iter().copied())
        .chain(rec.ended_ms)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::{run, Keep};
    use crate::moment::busy_scenario;
    use crate::moment::lanes::lane_counts;
    use crate::moment::place::{duplicate_run_at, place_at, Place};

    fn moments(run: &Run) -> Vec<AwsMillis> {
        let mut ts: Vec<_> = run.events.iter().flat_map(|r| happening_times(r).collect::<Vec<_>>()).collect();
        ts.extend((0..=run.run_for_ms).step_by(997));
        ts.extend(ts.clone().iter().map(|t| t.saturating_sub(1)));
        ts.sort_unstable();
        ts.dedup();
        ts
    }

    #[test]
    fn indexed_counts_equal_the_full_scan_at_every_moment() {
        let s = busy_scenario();
        let r = run(&s, Keep::All);
        assert!(
            r.counts.throttles > 0 && r.counts.retries_exhausted > 0,
            "the scenario exercises throttles and the DLQ"
        );
        let index = RunIndex::new(&r);
        for t in moments(&r) {
            assert_eq!(index.lane_counts(&r, t), lane_counts(&r, t), "at {t}");
        }
    }

    #[test]
    fn a_run_keeps_one_slot_and_no_two_runs_share_one() {
        let s = busy_scenario();
        let r = run(&s, Keep::All);
        let index = RunIndex::new(&r);
        assert!(index.slots_used() as u32 <= 3 && index.slots_used() > 0);
        let mut spans = Vec::new();
        for (i, rec) in r.events.iter().enumerate() {
            for span in runs_of(rec) {
                let slot = index.slot(&r, i, span.start, span.duplicate).expect("every run has a slot");
                assert!(slot < 3);
                spans.push((slot, span.start, span.end));
            }
        }
        for (i, a) in spans.iter().enumerate() {
            for b in &spans[i + 1..] {
                assert!(a.0 != b.0 || a.2 <= b.1 || b.2 <= a.1, "runs {a:?} and {b:?} share a slot");
            }
        }
    }

    #[test]
    fn stepping_visits_every_happening_in_order() {
        let s = busy_scenario();
        let r = run(&s, Keep::All);
        let index = RunIndex::new(&r);
        let mut all: Vec<_> = r.events.iter().flat_map(|e| happening_times(e).collect::<Vec<_>>()).collect();
        all.sort_unstable();
        all.dedup();
        let mut seen = Vec::new();
        let mut t = 0;
        if all.first() == Some(&0) {
            seen.push(0);
        }
        while let Some(next) = index.next_after(&r, t) {
            assert!(next > t);
            seen.push(next);
            t = next;
        }
        assert_eq!(seen, all);
        let mut back = Vec::new();
        let mut t = AwsMillis::MAX;
        while let Some(prev) = index.previous_before(&r, t) {
            back.push(prev);
            t = prev;
        }
        back.reverse();
        assert_eq!(back, all);
    }

    /// Every happening in `(from, to]`, by asking every event: what the index must answer without
    /// looking at the events that had none there.
    fn happenings_scanned(r: &Run, from: Option<AwsMillis>, to: AwsMillis) -> Vec<Happening> {
        let mut out = Vec::new();
        for (i, rec) in r.events.iter().enumerate() {
            happenings_of(rec, i, from, to, &mut out);
        }
        out.sort_by_key(|h| (h.at, h.event, h.fact.order()));
        out
    }

    #[test]
    fn indexed_happenings_are_every_happening_between_two_moments() {
        let s = busy_scenario();
        let r = run(&s, Keep::All);
        let index = RunIndex::new(&r);
        let ts = moments(&r);
        for (k, &t) in ts.iter().enumerate() {
            let all = happenings_scanned(&r, None, t);
            assert_eq!(index.happenings(&r, None, t, usize::MAX), all, "by {t}");
            assert_eq!(index.happenings_by(t), all.len(), "how many by {t}");
            for &from in ts[k.saturating_sub(40)..k].iter().step_by(7) {
                assert_eq!(
                    index.happenings(&r, Some(from), t, usize::MAX),
                    happenings_scanned(&r, Some(from), t),
                    "({from}, {t}]"
                );
            }
            if let Some(at) = index.moment_of_last(t, 5) {
                let last: Vec<_> = all.iter().rev().take(5).collect();
                assert_eq!(at, last.last().unwrap().at, "the 5th happening back from {t}");
            }
        }
    }

    #[test]
    fn the_window_holds_every_event_in_flight() {
        let s = busy_scenario();
        let r = run(&s, Keep::All);
        let index = RunIndex::new(&r);
        for t in moments(&r) {
            let w = index.window(&r, t, t);
            for (i, rec) in r.events.iter().enumerate() {
                let showing = place_at(rec, t).is_some_and(|p| !matches!(p, Place::Ended { .. }))
                    || duplicate_run_at(rec, t).is_some();
                assert!(!showing || w.contains(&i), "event {i} in flight at {t} outside {w:?}");
            }
        }
    }
}
