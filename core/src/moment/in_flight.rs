//! The events in flight at a moment, by place, kept up to date from one moment to the next
//! ([`InFlight`]): what lets the stage draw a frame, or jump to any moment, at a cost that does
//! not grow with the events in flight.
//!
//! [`RunIndex::lane_counts`] looks at every event in flight, and so does a scene that places them
//! all: 100,000 events in flight cost every frame. Between two frames only the events with a
//! happening in between change place ([`RunIndex::events_with_facts`]), so [`InFlight::seek`]
//! moves those alone: each one's share of the counts ([`count_placed`]) and its membership of the
//! queue, the function, the retry wait. A jump that crosses more happenings than there are events
//! in flight counts afresh instead.
//!
//! A far jump (a scrub) would cross or count as many: [`InFlight::prepare`] keeps *marks*, the
//! state at a moment every [`MARK_HAPPENINGS`] happenings of the run, made once per run by a sweep
//! that moves a few happenings at a time, and a seek starts from whichever of the marks and the moment before is fewest
//! happenings away. The members are bit sets over the run's events (and the retry waits, in due
//! order), so a mark of a 100,000-event run is a few tens of kilobytes.
//!
//! Either way the result is the moment's, whatever the moment before and whatever the marks: the
//! test `moving_between_moments_counts_what_counting_afresh_counts` holds it equal to the full scan
//! [`lane_counts`](super::lane_counts) from any moment to any other, with and without marks.

use super::index::RunIndex;
use super::lanes::{count_placed, LaneCounts};
use super::place::{duplicate_run_at, place_at, Place};
use crate::engine::{EventRecord, Run};
use crate::time::AwsMillis;

/// Happenings between two marks ([`InFlight::prepare`]): a seek from the nearest mark crosses at
/// most half as many. Small enough that a scrub of a 100,000-event run stays within a frame in the
/// page, large enough that its marks stay a few megabytes.
pub const MARK_HAPPENINGS: usize = 8_192;

/// A set of positions (events in arrival order, or retry waits in due order) as bits, with its
/// size: adding or taking one is O(1), and the members come out in order.
#[derive(Clone, Debug, Default)]
pub struct Members {
    words: Vec<u64>,
    len: usize,
}

impl Members {
    fn of_capacity(n: usize) -> Members {
        Members { words: vec![0; n.div_ceil(64)], len: 0 }
    }

    fn put(&mut self, i: u32, more: bool) {
        let k = i as usize / 64;
        if k >= self.words.len() {
            self.words.resize(k + 1, 0);
        }
        let (word, bit) = (&mut self.words[k], 1u64 << (i % 64));
        let had = *word & bit != 0;
        if more && !had {
            *word |= bit;
            self.len += 1;
        } else if !more && had {
            *word &= !bit;
            self.len -= 1;
        }
    }

    /// How many members.
    pub fn len(&self) -> usize {
        self.len
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// The members in order.
    pub fn iter(&self) -> impl Iterator<Item = u32> + '_ {
        self.words.iter().enumerate().filter(|(_, w)| **w != 0).flat_map(|(k, &w)| {
            let mut rest = w;
            std::iter::from_fn(move || {
                (rest != 0).then(|| {
                    let bit = rest.trailing_zeros();
                    rest &= rest - 1;
                    k as u32 * 64 + bit
                })
            })
        })
    }
}

/// The same members, however many words hold them.
impl PartialEq for Members {
    fn eq(&self, other: &Members) -> bool {
        self.len == other.len && self.iter().eq(other.iter())
    }
}

/// Where the events in flight stand at one moment.
#[derive(Clone, Debug, PartialEq)]
struct State {
    t: AwsMillis,
    /// Every event's share of the counts at `t` (the sources' and the queue's age aside: they
    /// are asked of the index and the queue).
    counts: LaneCounts,
    queue: Members,
    /// Regular runs of the handler going on.
    running: Members,
    /// Duplicate runs going on.
    duplicates: Members,
    retry: Members,
    /// The retry wait's members by their wait's position in [`RunIndex::wait_position`]: soonest
    /// due first (grown as they come: the index finds the run's waits when first asked).
    retry_due: Members,
}

/// Where one event stands at a moment, as far as [`InFlight`] keeps it.
struct Share {
    counts: LaneCounts,
    place: Option<Place>,
    duplicate: bool,
}

fn share(rec: &EventRecord, t: AwsMillis) -> Share {
    let (place, duplicate) = (place_at(rec, t), duplicate_run_at(rec, t).is_some());
    let mut counts = LaneCounts::default();
    count_placed(&mut counts, rec, t, place, duplicate);
    Share { counts, place, duplicate }
}

impl State {
    /// Every event in flight at `t`, counted afresh.
    fn afresh(run: &Run, index: &RunIndex, t: AwsMillis) -> State {
        let w = index.window(run, t, t);
        let n = run.events.len();
        let mut s = State {
            t,
            counts: index.settled_counts(w.start),
            queue: Members::of_capacity(n),
            running: Members::of_capacity(n),
            duplicates: Members::of_capacity(n),
            retry: Members::of_capacity(n),
            retry_due: Members::default(),
        };
        // Only the tallies' endings: the sources' counts are asked of the index.
        s.counts.sent = Default::default();
        for i in w {
            s.apply(run, index, i as u32, &share(&run.events[i], t), true);
        }
        s
    }

    /// Moves to `t`: the events that changed place since `self.t` change their share, or, across
    /// more happenings than events in flight, everything is counted afresh.
    fn move_to(&mut self, run: &Run, index: &RunIndex, t: AwsMillis) {
        let was = self.t;
        if was == t {
            return;
        }
        let (from, to) = (was.min(t), was.max(t));
        let crossed = index.happenings_by(to) - index.happenings_by(from);
        if crossed > index.window(run, t, t).len() {
            *self = State::afresh(run, index, t);
            return;
        }
        for i in index.events_with_facts(Some(from), to, usize::MAX) {
            let rec = &run.events[i as usize];
            self.apply(run, index, i, &share(rec, was), false);
            self.apply(run, index, i, &share(rec, t), true);
        }
        self.t = t;
    }

    /// Adds (`more`) or takes away one event's share.
    fn apply(&mut self, run: &Run, index: &RunIndex, i: u32, s: &Share, more: bool) {
        self.counts.merge(&s.counts, more);
        if s.duplicate {
            self.duplicates.put(i, more);
        }
        match s.place {
            Some(Place::Queue { .. }) => self.queue.put(i, more),
            Some(Place::Running { .. }) => self.running.put(i, more),
            Some(Place::RetryWait { until, .. }) => {
                self.retry.put(i, more);
                self.retry_due.put(index.wait_position(run, until.unwrap_or(AwsMillis::MAX), i), more);
            }
            Some(Place::CallerBackoff { .. } | Place::Ended { .. }) | None => {}
        }
    }
}

/// The events in flight at the moment last sought (positions in the run, in arrival order), the
/// counts, and the marks a far seek starts from. One per run: a new run starts with a new one.
#[derive(Clone, Debug, PartialEq)]
pub struct InFlight {
    /// The moment last sought, once sought.
    now: Option<State>,
    /// States every `every` happenings, in time order ([`InFlight::prepare`]).
    marks: Vec<State>,
    /// Happenings between two marks: [`MARK_HAPPENINGS`] (the tests' small runs take fewer).
    every: usize,
    /// Where the making of marks stands, between two marks.
    sweep: Option<State>,
    /// Whether every mark is made.
    prepared: bool,
}

impl Default for InFlight {
    fn default() -> InFlight {
        InFlight { now: None, marks: Vec::new(), every: MARK_HAPPENINGS, sweep: None, prepared: false }
    }
}

impl InFlight {
    /// Moves to `t`, from the moment before or from the mark fewest happenings away, whichever is
    /// nearer; the events that changed place in between change their share.
    pub fn seek(&mut self, run: &Run, index: &RunIndex, t: AwsMillis) {
        if self.now.as_ref().is_some_and(|s| s.t == t) {
            return;
        }
        let target = index.happenings_by(t);
        let away = |s: &State| index.happenings_by(s.t).abs_diff(target);
        let k = self.marks.partition_point(|m| m.t <= t);
        let mark = self.marks[k.saturating_sub(1)..(k + 1).min(self.marks.len())].iter().min_by_key(|m| away(m));
        if let Some(mark) = mark.filter(|m| self.now.as_ref().is_none_or(|now| away(m) < away(now))) {
            self.now = Some(mark.clone());
        }
        match &mut self.now {
            Some(now) => now.move_to(run, index, t),
            None => self.now = Some(State::afresh(run, index, t)),
        }
    }

    /// Makes marks, moving a sweep of the run forward by about `budget` happenings (at least one;
    /// the sweep's first moment counts the events in flight then afresh), so that the page can
    /// spread the work over idle moments; `true` once every mark is made. Marks change what a seek
    /// costs, never what it finds.
    pub fn prepare(&mut self, run: &Run, index: &RunIndex, budget: usize) -> bool {
        let mut spent = 0;
        while !self.prepared && spent < budget.max(1) {
            let last = self.marks.last().map_or(0, |m| index.happenings_by(m.t));
            let Some(mark) = index.moment_of(last + self.every) else {
                (self.prepared, self.sweep) = (true, None);
                break;
            };
            let at = self.sweep.as_ref().map_or(last, |s| index.happenings_by(s.t));
            let step = index.moment_of(at + (budget - spent).max(1)).map_or(mark, |t| t.min(mark));
            match &mut self.sweep {
                Some(sweep) => sweep.move_to(run, index, step),
                None => self.sweep = Some(State::afresh(run, index, step)),
            }
            spent += index.happenings_by(step) - at;
            if step == mark {
                self.marks.extend(self.sweep.clone());
            }
        }
        self.prepared
    }

    fn now(&self) -> &State {
        self.now.as_ref().expect("InFlight::seek comes first")
    }

    /// Every lane's count at the moment sought ([`RunIndex::lane_counts`], without looking at every
    /// event in flight).
    pub fn counts(&self, run: &Run, index: &RunIndex) -> LaneCounts {
        let now = self.now();
        let t = now.t;
        let mut c = now.counts.clone();
        c.sent = index.sent_by(run, t);
        c.dlq_sqs -= run.reprocessed_by(t);
        // Events are in arrival order: the queue's first member is its oldest.
        c.oldest_queued_ms = now.queue.iter().next().map_or(0, |i| t - run.events[i as usize].received_ms);
        c
    }

    /// The events in the internal queue, in arrival order (the front first).
    pub fn queue(&self) -> &Members {
        &self.now().queue
    }

    /// The events whose regular run is going on, in arrival order.
    pub fn running(&self) -> &Members {
        &self.now().running
    }

    /// The events whose duplicate run is going on, in arrival order.
    pub fn duplicates(&self) -> &Members {
        &self.now().duplicates
    }

    /// The events waiting out a retry wait, in arrival order.
    pub fn retry(&self) -> &Members {
        &self.now().retry
    }

    /// The events waiting out a retry wait, soonest due first, with when (`AwsMillis::MAX`: not
    /// known).
    pub fn retry_due<'a>(&'a self, run: &'a Run, index: &'a RunIndex) -> impl Iterator<Item = (AwsMillis, u32)> + 'a {
        self.now().retry_due.iter().map(|k| index.wait(run, k))
    }

    /// Events in flight: in the queue, running, waiting to retry, or with a caller backing off.
    pub fn in_flight(&self) -> u64 {
        let now = self.now();
        (now.queue.len() + now.running.len() + now.retry.len()) as u64 + now.counts.caller_backoff
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::{run, Keep};
    use crate::moment::busy_scenario;
    use crate::moment::lanes::lane_counts;
    use crate::scenario::{Invocation, Scenario, Service, Source};

    fn members(r: &Run, t: AwsMillis, f: impl Fn(&Place) -> bool) -> Vec<u32> {
        (0..r.events.len()).filter(|&i| place_at(&r.events[i], t).is_some_and(|p| f(&p))).map(|i| i as u32).collect()
    }

    /// What a flight at `t` must hold, whatever it moved from: the full scan's counts and members.
    fn check(flight: &InFlight, r: &Run, index: &RunIndex, t: AwsMillis, what: &str) {
        assert_eq!(flight.counts(r, index), lane_counts(r, t), "{what} at {t}");
        let set = |x: &Members| x.iter().collect::<Vec<_>>();
        assert_eq!(set(flight.queue()), members(r, t, |p| matches!(p, Place::Queue { .. })), "queue, {what} at {t}");
        assert_eq!(set(flight.running()), members(r, t, |p| matches!(p, Place::Running { .. })), "{what} at {t}");
        assert_eq!(set(flight.retry()), members(r, t, |p| matches!(p, Place::RetryWait { .. })), "{what} at {t}");
        let dups: Vec<u32> =
            (0..r.events.len() as u32).filter(|&i| duplicate_run_at(&r.events[i as usize], t).is_some()).collect();
        assert_eq!(set(flight.duplicates()), dups, "duplicates, {what} at {t}");
        let due: Vec<(AwsMillis, u32)> = flight.retry_due(r, index).collect();
        let mut expected: Vec<(AwsMillis, u32)> = set(flight.retry())
            .into_iter()
            .map(|i| match place_at(&r.events[i as usize], t) {
                Some(Place::RetryWait { until, .. }) => (until.unwrap_or(AwsMillis::MAX), i),
                p => panic!("{p:?}"),
            })
            .collect();
        expected.sort_unstable();
        assert_eq!(due, expected, "retry waits soonest due first, {what} at {t}");
    }

    /// Moments forwards in small steps, then backwards, then jumps both ways.
    fn moments(r: &Run) -> Vec<AwsMillis> {
        let mut ts: Vec<AwsMillis> = (0..=r.run_for_ms).step_by(1_009).collect();
        let mut back = ts.clone();
        back.reverse();
        ts.extend(back);
        ts.extend((0..200u64).map(|k| (k * 7_919_993) % (r.run_for_ms + 1)));
        ts
    }

    #[test]
    fn moving_between_moments_counts_what_counting_afresh_counts() {
        let mut sync = busy_scenario();
        sync.invocation = Invocation::Sync;
        for s in [busy_scenario(), sync] {
            let r = run(&s, Keep::All);
            let index = RunIndex::new(&r);
            // No marks; every mark made at once; marks made while seeking, a few at a time.
            let mut plain = InFlight::default();
            let every = 50;
            let mut marked = InFlight { every, ..InFlight::default() };
            assert!(marked.prepare(&r, &index, usize::MAX));
            assert!(
                marked.marks.len() > 1,
                "{} marks for {} happenings",
                marked.marks.len(),
                index.happenings_by(AwsMillis::MAX)
            );
            let mut growing = InFlight { every, ..InFlight::default() };
            for t in moments(&r) {
                growing.prepare(&r, &index, 1);
                for (flight, what) in
                    [(&mut plain, "moved"), (&mut marked, "from the marks"), (&mut growing, "marks in the making")]
                {
                    flight.seek(&r, &index, t);
                    check(flight, &r, &index, t, what);
                }
            }
        }
    }

    /// A mark is the state at its moment, however it was reached, and a seek from a mark goes no
    /// further than half the marks' spacing (with no move before it).
    #[test]
    fn a_far_seek_starts_from_the_nearest_mark() {
        let mut s = Scenario { run_for_s: 3_600, ..busy_scenario() };
        s.sources = vec![Source { service: Service::S3, events: 6_000, start_ms: 0, every_ms: 300 }];
        let r = run(&s, Keep::All);
        let index = RunIndex::new(&r);
        let mut flight = InFlight::default();
        assert!(flight.prepare(&r, &index, usize::MAX));
        assert!(flight.marks.len() >= 4, "{} marks", flight.marks.len());
        for m in &flight.marks {
            assert_eq!(*m, State::afresh(&r, &index, m.t), "the mark at {}", m.t);
        }
        for t in (0..r.run_for_ms).step_by(77_777) {
            let mut far = flight.clone();
            far.now = None;
            far.seek(&r, &index, t);
            let k = far.marks.partition_point(|m| m.t <= t);
            let start = far.marks[k.saturating_sub(1)..(k + 1).min(far.marks.len())]
                .iter()
                .map(|m| index.happenings_by(m.t).abs_diff(index.happenings_by(t)))
                .min();
            assert!(start.is_some_and(|n| n <= far.every), "{start:?} happenings from a mark to {t}");
            check(&far, &r, &index, t, "a far seek");
        }
    }
}
