//! The events in flight at a moment, by place, kept up to date from one moment to the next
//! ([`InFlight`]): what lets the stage draw a frame at a cost that does not grow with the events in
//! flight.
//!
//! [`RunIndex::lane_counts`] looks at every event in flight, and so does a scene that places them
//! all: 100,000 events in flight cost every frame. Between two frames only the events with a
//! happening in between change place ([`RunIndex::events_with_facts`]), so [`InFlight::seek`]
//! moves those alone: each one's share of the counts ([`count_place`]) and its membership of the
//! queue, the function, the retry wait. A jump that crosses more happenings than there are events
//! in flight counts afresh instead. Either way the result is the moment's, whatever the moment
//! before: the test `moving_between_moments_counts_what_counting_afresh_counts` holds it equal to
//! the full scan [`lane_counts`](super::lane_counts) from any moment to any other.

use std::collections::BTreeSet;

use super::index::RunIndex;
use super::lanes::{count_place, LaneCounts};
use super::place::{duplicate_run_at, place_at, Place};
use crate::engine::{EventRecord, Run};
use crate::time::AwsMillis;

/// The events in flight at one moment (positions in the run, in arrival order), and the counts.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct InFlight {
    /// The moment, once sought.
    t: Option<AwsMillis>,
    /// Every event's share of the counts at `t` (the sources' and the queue's age aside: they
    /// are asked of the index and the queue).
    counts: LaneCounts,
    queue: BTreeSet<u32>,
    /// Regular runs of the handler going on.
    running: BTreeSet<u32>,
    /// Duplicate runs going on.
    duplicates: BTreeSet<u32>,
    retry: BTreeSet<u32>,
    /// The retry wait's members by when their wait ends (`AwsMillis::MAX`: not known), soonest first.
    retry_due: BTreeSet<(AwsMillis, u32)>,
}

/// Where one event stands at a moment, as far as [`InFlight`] keeps it.
struct Share {
    counts: LaneCounts,
    place: Option<Place>,
    duplicate: bool,
}

fn share(rec: &EventRecord, t: AwsMillis) -> Share {
    let mut counts = LaneCounts::default();
    count_place(&mut counts, rec, t);
    Share { counts, place: place_at(rec, t), duplicate: duplicate_run_at(rec, t).is_some() }
}

impl InFlight {
    /// Moves to `t`: the events that changed place since the last moment sought change their
    /// share, or, across more happenings than events in flight, everything is counted afresh.
    pub fn seek(&mut self, run: &Run, index: &RunIndex, t: AwsMillis) {
        let Some(was) = self.t else { return self.count_afresh(run, index, t) };
        if was == t {
            return;
        }
        let (from, to) = (was.min(t), was.max(t));
        let crossed = index.happenings_by(to) - index.happenings_by(from);
        if crossed > index.window(run, t, t).len() {
            return self.count_afresh(run, index, t);
        }
        for i in index.events_with_facts(Some(from), to, usize::MAX) {
            let rec = &run.events[i as usize];
            self.apply(i, &share(rec, was), false);
            self.apply(i, &share(rec, t), true);
        }
        self.t = Some(t);
    }

    fn count_afresh(&mut self, run: &Run, index: &RunIndex, t: AwsMillis) {
        let w = index.window(run, t, t);
        *self = InFlight { t: Some(t), counts: index.settled_counts(w.start), ..InFlight::default() };
        // Only the tallies' endings: the sources' counts are asked of the index.
        self.counts.sent = Default::default();
        for i in w {
            self.apply(i as u32, &share(&run.events[i], t), true);
        }
    }

    /// Adds (`more`) or takes away one event's share.
    fn apply(&mut self, i: u32, s: &Share, more: bool) {
        self.counts.merge(&s.counts, more);
        let put = |set: &mut BTreeSet<u32>| {
            if more {
                set.insert(i);
            } else {
                set.remove(&i);
            }
        };
        if s.duplicate {
            put(&mut self.duplicates);
        }
        match s.place {
            Some(Place::Queue { .. }) => put(&mut self.queue),
            Some(Place::Running { .. }) => put(&mut self.running),
            Some(Place::RetryWait { until, .. }) => {
                put(&mut self.retry);
                let due = (until.unwrap_or(AwsMillis::MAX), i);
                if more {
                    self.retry_due.insert(due);
                } else {
                    self.retry_due.remove(&due);
                }
            }
            Some(Place::CallerBackoff { .. } | Place::Ended { .. }) | None => {}
        }
    }

    /// Every lane's count at the moment sought ([`RunIndex::lane_counts`], without looking at every
    /// event in flight).
    pub fn counts(&self, run: &Run, index: &RunIndex) -> LaneCounts {
        let t = self.t.unwrap_or_default();
        let mut c = self.counts.clone();
        c.sent = index.sent_by(run, t);
        c.dlq_sqs -= run.reprocessed_by(t);
        // Events are in arrival order: the queue's first member is its oldest.
        c.oldest_queued_ms = self.queue.first().map_or(0, |&i| t - run.events[i as usize].received_ms);
        c
    }

    /// The events in the internal queue, in arrival order (the front first).
    pub fn queue(&self) -> &BTreeSet<u32> {
        &self.queue
    }

    /// The events whose regular run is going on, in arrival order.
    pub fn running(&self) -> &BTreeSet<u32> {
        &self.running
    }

    /// The events whose duplicate run is going on, in arrival order.
    pub fn duplicates(&self) -> &BTreeSet<u32> {
        &self.duplicates
    }

    /// The events waiting out a retry wait, in arrival order.
    pub fn retry(&self) -> &BTreeSet<u32> {
        &self.retry
    }

    /// The events waiting out a retry wait, soonest due first, with when (`AwsMillis::MAX`: not
    /// known).
    pub fn retry_due(&self) -> impl Iterator<Item = (AwsMillis, u32)> + '_ {
        self.retry_due.iter().copied()
    }

    /// Events in flight: in the queue, running, waiting to retry, or with a caller backing off.
    pub fn in_flight(&self) -> u64 {
        (self.queue.len() + self.running.len() + self.retry.len()) as u64 + self.counts.caller_backoff
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::{run, Keep};
    use crate::moment::busy_scenario;
    use crate::moment::lanes::lane_counts;
    use crate::scenario::Invocation;

    fn members(r: &Run, t: AwsMillis, f: impl Fn(&Place) -> bool) -> Vec<u32> {
        (0..r.events.len()).filter(|&i| place_at(&r.events[i], t).is_some_and(|p| f(&p))).map(|i| i as u32).collect()
    }

    #[test]
    fn moving_between_moments_counts_what_counting_afresh_counts() {
        let mut sync = busy_scenario();
        sync.invocation = Invocation::Sync;
        for s in [busy_scenario(), sync] {
            let r = run(&s, Keep::All);
            let index = RunIndex::new(&r);
            let mut ts: Vec<AwsMillis> = (0..=r.run_for_ms).step_by(1_009).collect();
            // Forwards in small steps, then backwards, then jumps both ways.
            let mut back = ts.clone();
            back.reverse();
            ts.extend(back);
            ts.extend((0..200u64).map(|k| (k * 7_919_993) % (r.run_for_ms + 1)));
            let mut flight = InFlight::default();
            for t in ts {
                flight.seek(&r, &index, t);
                assert_eq!(flight.counts(&r, &index), lane_counts(&r, t), "{:?} at {t}", s.invocation);
                let set = |x: &BTreeSet<u32>| x.iter().copied().collect::<Vec<_>>();
                assert_eq!(set(flight.queue()), members(&r, t, |p| matches!(p, Place::Queue { .. })), "queue at {t}");
                assert_eq!(set(flight.running()), members(&r, t, |p| matches!(p, Place::Running { .. })), "at {t}");
                assert_eq!(set(flight.retry()), members(&r, t, |p| matches!(p, Place::RetryWait { .. })), "at {t}");
                let dups: Vec<u32> = (0..r.events.len() as u32)
                    .filter(|&i| duplicate_run_at(&r.events[i as usize], t).is_some())
                    .collect();
                assert_eq!(set(flight.duplicates()), dups, "duplicates at {t}");
                let due: Vec<AwsMillis> = flight.retry_due().map(|(d, _)| d).collect();
                assert!(due.windows(2).all(|w| w[0] <= w[1]) && due.len() == flight.retry().len());
            }
        }
    }
}
