//! Where each event is at a moment: the pure function of (run, t) that the app draws.
//!
//! The view never replays the engine: it asks where an event stood at AWS time `t`, given the
//! event's recorded story. Scrubbing backwards is therefore as cheap as playing forwards.

use crate::engine::{EventRecord, Run};
use crate::outcome::Outcome;
use crate::scenario::{DlqTarget, Scenario, Service};
use crate::time::AwsMillis;

/// Where an event stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Place {
    /// In the internal queue, waiting for the poller; `throttled` once a delivery found no free
    /// concurrency. `until` is the next delivery, if known.
    Queue {
        since: AwsMillis,
        until: Option<AwsMillis>,
        throttled: bool,
    },
    /// A run of the handler. `attempt` counts regular attempts from 1.
    Running {
        attempt: u32,
        since: AwsMillis,
        until: AwsMillis,
    },
    /// Waiting out the wait before retry number `retry` (1-based).
    RetryWait {
        retry: u32,
        since: AwsMillis,
        until: Option<AwsMillis>,
    },
    Ended {
        outcome: Outcome,
        at: AwsMillis,
    },
}

/// The lanes of the stage. Ended events may stand in two (a DLQ and an on-failure destination).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Lane {
    Source(Service),
    Queue,
    Function,
    Retry,
    Success,
    DestinationSuccess,
    DestinationFailure,
    Dlq(DlqTarget),
    Dropped,
}

impl Lane {
    /// The lane's test/id name (`count-<name>`).
    pub fn id(self) -> String {
        match self {
            Lane::Source(s) => format!("source-{}", s.name()),
            Lane::Queue => "queue".into(),
            Lane::Function => "function".into(),
            Lane::Retry => "retry".into(),
            Lane::Success => "success".into(),
            Lane::DestinationSuccess => "destination-success".into(),
            Lane::DestinationFailure => "destination-failure".into(),
            Lane::Dlq(t) => format!("dlq-{}", t.name()),
            Lane::Dropped => "dropped".into(),
        }
    }
}

/// Where an event is at `t`, or `None` before it was sent.
pub fn place_at(rec: &EventRecord, t: AwsMillis) -> Option<Place> {
    if t < rec.received_ms {
        return None;
    }
    if let Some(at) = rec.ended_ms.filter(|&e| e <= t) {
        return Some(Place::Ended { outcome: rec.outcome, at });
    }
    // The latest happening at or before t decides: sent, throttled, or an attempt.
    let mut last_kind = 0u8; // 0 received, 1 throttled, 2 attempt ended (failed)
    let mut last_at = rec.received_ms;
    let mut failed = 0;
    let mut next_delivery: Option<AwsMillis> = None;
    let runs = rec.attempts.regular().map(|a| (a.start_ms, a.end_ms)).chain(rec.unfinished);
    for (start, end) in runs {
        if start > t {
            next_delivery = Some(start);
            break;
        }
        if t < end {
            return Some(Place::Running { attempt: failed + 1, since: start, until: end });
        }
        failed += 1;
        if end >= last_at {
            last_kind = 2;
            last_at = end;
        }
    }
    for &th in &rec.throttle_times {
        if th > t {
            next_delivery = Some(next_delivery.map_or(th, |n| n.min(th)));
            break;
        }
        if th >= last_at {
            last_kind = 1;
            last_at = th;
        }
    }
    let until = next_delivery.or(rec.next_try_ms).or(rec.ended_ms);
    Some(match last_kind {
        2 => Place::RetryWait { retry: failed, since: last_at, until },
        k => Place::Queue { since: last_at, until, throttled: k == 1 },
    })
}

/// A duplicate run of the event in progress at `t`: (since, until).
pub fn duplicate_run_at(rec: &EventRecord, t: AwsMillis) -> Option<(AwsMillis, AwsMillis)> {
    rec.attempts
        .as_slice()
        .iter()
        .filter(|a| a.duplicate)
        .map(|a| (a.start_ms, a.end_ms))
        .chain(rec.unfinished_duplicate)
        .find(|&(start, end)| start <= t && t < end)
}

/// The lanes an ended event stands in.
pub fn ending_lanes(s: &Scenario, outcome: Outcome) -> impl Iterator<Item = Lane> {
    let (mut a, mut b, mut c) = (None, None, None);
    match outcome {
        Outcome::Succeeded => {
            a = Some(Lane::Success);
            b = s.on_success.map(|_| Lane::DestinationSuccess);
        }
        o if o.is_failure() => {
            a = s.dlq.map(Lane::Dlq);
            b = s.on_failure.map(|_| Lane::DestinationFailure);
            if a.is_none() && b.is_none() {
                c = Some(Lane::Dropped);
            }
        }
        _ => {}
    }
    [a, b, c].into_iter().flatten()
}

/// How many events (or runs, for the function) each lane holds at a moment.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct LaneCounts {
    pub sent: [u64; 3],
    pub queue: u64,
    pub function: u64,
    pub retry: u64,
    pub success: u64,
    pub destination_success: u64,
    pub destination_failure: u64,
    pub dlq_sqs: u64,
    pub dlq_sns: u64,
    pub dropped: u64,
    /// Age of the oldest event in the queue (ms).
    pub oldest_queued_ms: AwsMillis,
}

impl LaneCounts {
    pub fn get(&self, lane: Lane) -> u64 {
        match lane {
            Lane::Source(s) => self.sent[Service::ALL.iter().position(|x| *x == s).unwrap_or(0)],
            Lane::Queue => self.queue,
            Lane::Function => self.function,
            Lane::Retry => self.retry,
            Lane::Success => self.success,
            Lane::DestinationSuccess => self.destination_success,
            Lane::DestinationFailure => self.destination_failure,
            Lane::Dlq(DlqTarget::Sqs) => self.dlq_sqs,
            Lane::Dlq(DlqTarget::Sns) => self.dlq_sns,
            Lane::Dropped => self.dropped,
        }
    }

    fn bump(&mut self, lane: Lane) {
        *self.slot_mut(lane) += 1;
    }

    /// The counter of `lane`: the one place that maps lanes to fields for writing.
    fn slot_mut(&mut self, lane: Lane) -> &mut u64 {
        match lane {
            Lane::Source(s) => &mut self.sent[service_index(s)],
            Lane::Queue => &mut self.queue,
            Lane::Function => &mut self.function,
            Lane::Retry => &mut self.retry,
            Lane::Success => &mut self.success,
            Lane::DestinationSuccess => &mut self.destination_success,
            Lane::DestinationFailure => &mut self.destination_failure,
            Lane::Dlq(DlqTarget::Sqs) => &mut self.dlq_sqs,
            Lane::Dlq(DlqTarget::Sns) => &mut self.dlq_sns,
            Lane::Dropped => &mut self.dropped,
        }
    }
}

/// Every lane's count at `t`. Events are in arrival order, so the scan stops at the first unsent one.
pub fn lane_counts(s: &Scenario, run: &Run, t: AwsMillis) -> LaneCounts {
    let mut c = LaneCounts::default();
    for rec in run.events.iter().take_while(|rec| rec.received_ms <= t) {
        c.bump(Lane::Source(rec.service()));
        count_place(&mut c, s, rec, t);
    }
    c
}

// ---------------------------------------------------------------------------------------------
// Drawing a run at any moment, fast: the index the stage seeks with, the happenings the narration
// tells, and the moments "step" jumps between.
//
// The app draws every animation frame and may seek anywhere, so the questions it asks of a run
// ("how many in each lane at t", "who is in flight at t", "what happened between two frames") must
// cost the events in flight, not the events in the run. Events are kept in arrival order, so the
// events received by `t` are a prefix; the running maximum of the moments events *settle* (end, and
// any duplicate run after the end) makes the events still settling a suffix of that prefix. Both
// ends are binary searches, and tallies of the settled prefix give the ending lanes' counts.
// ---------------------------------------------------------------------------------------------

use crate::outcome::{AttemptResult, MAX_RUNS};

/// One run of the handler for an event, known or still going when the run stopped.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RunSpan {
    pub start: AwsMillis,
    /// When it ended (or, for a run still going at the end of the run, when it would have).
    pub end: AwsMillis,
    /// `None` while unknown: the run was still going when the simulation stopped.
    pub result: Option<AttemptResult>,
    pub duplicate: bool,
}

/// Every run of an event: its finished attempts and duplicate runs in the order they ended, then
/// the runs still going when the simulation stopped.
pub fn runs_of(rec: &EventRecord) -> impl Iterator<Item = RunSpan> + '_ {
    let done = rec.attempts.as_slice().iter().map(|a| RunSpan {
        start: a.start_ms,
        end: a.end_ms,
        result: Some(a.result),
        duplicate: a.duplicate,
    });
    let open = rec
        .unfinished
        .map(|(start, end)| RunSpan { start, end, result: None, duplicate: false })
        .into_iter()
        .chain(rec.unfinished_duplicate.map(|(start, end)| RunSpan { start, end, result: None, duplicate: true }));
    done.chain(open)
}

/// From when nothing more happens to an event: its end, or the end of a duplicate run that
/// outlasts it; `AwsMillis::MAX` for an event still in flight when the run stopped.
pub fn settled_at(rec: &EventRecord) -> AwsMillis {
    match rec.ended_ms {
        None => AwsMillis::MAX,
        Some(end) => runs_of(rec).fold(end, |m, r| m.max(r.end)),
    }
}

/// Tallies of the events before a position: sent per service, then succeeded and failed.
type Tally = [u32; 5];
const TALLY_SUCCEEDED: usize = 3;
const TALLY_FAILED: usize = 4;

/// No concurrency slot: a run the index does not know.
const NO_SLOT: u16 = u16::MAX;

/// A run's index for drawing it at any moment. Built once per run, in O(n log n).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct StageIndex {
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
}

impl StageIndex {
    pub fn new(run: &Run) -> StageIndex {
        let n = run.events.len();
        let mut settle = Vec::with_capacity(n);
        let mut settle_max = Vec::with_capacity(n);
        let mut before = Vec::with_capacity(n + 1);
        let mut tally: Tally = [0; 5];
        let mut max = 0;
        before.push(tally);
        for rec in &run.events {
            let at = settled_at(rec);
            settle.push(at);
            max = max.max(at);
            settle_max.push(max);
            tally[service_index(rec.service())] += 1;
            if rec.outcome == Outcome::Succeeded {
                tally[TALLY_SUCCEEDED] += 1;
            } else if rec.outcome.is_failure() {
                tally[TALLY_FAILED] += 1;
            }
            before.push(tally);
        }
        let (slots, slots_used) = assign_slots(run);
        StageIndex { settle, settle_max, before, slots, slots_used }
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

    /// [`lane_counts`], in the time of the events in flight rather than the events in the run.
    pub fn lane_counts(&self, s: &Scenario, run: &Run, t: AwsMillis) -> LaneCounts {
        let w = self.window(run, t, t);
        let done = self.before[w.start];
        let mut c = LaneCounts::default();
        for (sent, &n) in c.sent.iter_mut().zip(&done[..3]) {
            *sent = u64::from(n);
        }
        for lane in ending_lanes(s, Outcome::Succeeded) {
            c.add(lane, done[TALLY_SUCCEEDED]);
        }
        for lane in ending_lanes(s, Outcome::RetriesExhausted) {
            c.add(lane, done[TALLY_FAILED]);
        }
        for rec in &run.events[w] {
            c.bump(Lane::Source(rec.service()));
            count_place(&mut c, s, rec, t);
        }
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
    /// most the last `limit` of them.
    pub fn happenings(&self, run: &Run, from: Option<AwsMillis>, to: AwsMillis, limit: usize) -> Vec<Happening> {
        let w = match from {
            Some(f) => self.window(run, f, to),
            None => 0..run.events.partition_point(|r| r.received_ms <= to),
        };
        let mut out = Vec::new();
        for i in w {
            // A window holds some events that settled before it began: nothing to tell of them.
            if from.is_some_and(|f| self.settle[i] <= f) {
                continue;
            }
            happenings_of(&run.events[i], i, from, to, &mut out);
        }
        out.sort_by_key(|h| (h.at, h.event, h.fact.order()));
        if out.len() > limit {
            out.drain(..out.len() - limit);
        }
        out
    }
}

fn service_index(s: Service) -> usize {
    Service::ALL.iter().position(|x| *x == s).unwrap_or(0)
}

impl LaneCounts {
    /// `n` more in `lane` at once (what [`LaneCounts::bump`] does one at a time).
    fn add(&mut self, lane: Lane, n: u32) {
        *self.slot_mut(lane) += u64::from(n);
    }
}

/// Adds one event's place at `t` to the counts (the body of [`lane_counts`]'s loop).
fn count_place(c: &mut LaneCounts, s: &Scenario, rec: &EventRecord, t: AwsMillis) {
    let Some(place) = place_at(rec, t) else { return };
    if duplicate_run_at(rec, t).is_some() {
        c.function += 1;
    }
    match place {
        Place::Queue { .. } => {
            c.queue += 1;
            c.oldest_queued_ms = c.oldest_queued_ms.max(t - rec.received_ms);
        }
        Place::Running { .. } => c.function += 1,
        Place::RetryWait { .. } => c.retry += 1,
        Place::Ended { outcome, .. } => {
            for lane in ending_lanes(s, outcome) {
                c.bump(lane);
            }
        }
    }
}

/// Lowest-free-slot assignment of every run, in start order; a run ending at an instant frees its
/// slot for a run starting at the same instant (the engine handles endings first).
fn assign_slots(run: &Run) -> (Vec<[u16; MAX_RUNS]>, u16) {
    use std::cmp::Reverse;
    use std::collections::BinaryHeap;
    let mut slots = vec![[NO_SLOT; MAX_RUNS]; run.events.len()];
    let mut spans: Vec<(AwsMillis, AwsMillis, u32, u8)> = Vec::new();
    for (i, rec) in run.events.iter().enumerate() {
        for (k, r) in runs_of(rec).enumerate().take(MAX_RUNS) {
            spans.push((r.start, r.end, i as u32, k as u8));
        }
    }
    spans.sort_unstable();
    let mut busy: BinaryHeap<Reverse<(AwsMillis, u16)>> = BinaryHeap::new();
    let mut free: BinaryHeap<Reverse<u16>> = BinaryHeap::new();
    let mut used: u16 = 0;
    for (start, end, i, k) in spans {
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

/// Every moment something happens to an event (unordered; a moment may repeat).
fn happening_times(rec: &EventRecord) -> impl Iterator<Item = AwsMillis> + '_ {
    std::iter::once(rec.received_ms)
        .chain(runs_of(rec).flat_map(|r| [Some(r.start), r.result.map(|_| r.end)]).flatten())
        .chain(rec.throttle_times.iter().copied())
        .chain(rec.ended_ms)
}

/// A fact of an event's story, as the narration tells it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Fact {
    /// The source handed the event over and got `202 Accepted`; it is in the internal queue.
    Accepted,
    /// A delivery found no free concurrency (429): back in the queue until `next_try`, if known.
    Throttled { next_try: Option<AwsMillis> },
    /// A run started: regular attempt number `attempt` (1-based), or a duplicate delivery.
    Started { attempt: u32, duplicate: bool },
    /// A run ended. After a failed regular attempt, `next_try` is when the retry is due; `None`
    /// when the event gives up (an [`Fact::Ended`] follows at the same moment).
    Finished { attempt: u32, duplicate: bool, result: AttemptResult, next_try: Option<AwsMillis> },
    /// The event reached its outcome (and its DLQ message / destination record was sent).
    Ended { outcome: Outcome },
}

impl Fact {
    /// Order of facts of one event at one moment.
    fn order(&self) -> u8 {
        match self {
            Fact::Accepted => 0,
            Fact::Finished { .. } => 1,
            Fact::Throttled { .. } => 2,
            Fact::Started { .. } => 3,
            // Last: a throttle that finds the event too old ends it at the same moment.
            Fact::Ended { .. } => 4,
        }
    }
}

/// A fact about event number `event` (its position in the run's arrival-ordered events).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Happening {
    pub at: AwsMillis,
    pub event: usize,
    pub fact: Fact,
}

/// The facts of one event in `(from, to]` (from its start when `from` is `None`), appended to
/// `out` unordered. Costs the event's runs plus its throttles inside the window, whatever its
/// story's length: the narration asks this every frame.
pub fn happenings_of(
    rec: &EventRecord,
    event: usize,
    from: Option<AwsMillis>,
    to: AwsMillis,
    out: &mut Vec<Happening>,
) {
    if rec.received_ms > to {
        return;
    }
    let inside = |at: AwsMillis| at <= to && from.is_none_or(|f| at > f);
    let mut push = |at: AwsMillis, fact: Fact| {
        if inside(at) {
            out.push(Happening { at, event, fact });
        }
    };
    push(rec.received_ms, Fact::Accepted);
    let mut runs = [RunSpan { start: 0, end: 0, result: None, duplicate: false }; MAX_RUNS];
    let mut n = 0;
    for r in runs_of(rec).take(MAX_RUNS) {
        runs[n] = r;
        n += 1;
    }
    let runs = &mut runs[..n];
    runs.sort_by_key(|r| r.start);
    // The next delivery after `t` (what `place_at` calls `until`): the next regular run or
    // throttled delivery, else the try still pending when the run stopped, else the end.
    let next_delivery = |t: AwsMillis| -> Option<AwsMillis> {
        if rec.ended_ms.is_some_and(|e| e <= t) {
            return None;
        }
        let start = runs.iter().filter(|r| !r.duplicate && r.start > t).map(|r| r.start).next();
        let throttle = rec.throttle_times.get(rec.throttle_times.partition_point(|&x| x <= t)).copied();
        let next = match (start, throttle) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        };
        next.or(rec.next_try_ms).or(rec.ended_ms)
    };
    let mut attempt = 0;
    for r in runs.iter() {
        let number = if r.duplicate { attempt.max(1) } else { attempt + 1 };
        if !r.duplicate {
            attempt += 1;
        }
        push(r.start, Fact::Started { attempt: number, duplicate: r.duplicate });
        if let Some(result) = r.result {
            let next_try = if !r.duplicate && result.failed() && inside(r.end) { next_delivery(r.end) } else { None };
            push(r.end, Fact::Finished { attempt: number, duplicate: r.duplicate, result, next_try });
        }
    }
    let first = from.map_or(0, |f| rec.throttle_times.partition_point(|&x| x <= f));
    let last = rec.throttle_times.partition_point(|&x| x <= to);
    for &th in &rec.throttle_times[first..last.max(first)] {
        push(th, Fact::Throttled { next_try: next_delivery(th) });
    }
    if let Some(at) = rec.ended_ms {
        push(at, Fact::Ended { outcome: rec.outcome });
    }
}

#[cfg(test)]
mod drawing_tests {
    use super::*;
    use crate::engine::{run, Keep};
    use crate::scenario::{ErrorKind, FailureMode, Source};

    fn busy_scenario() -> Scenario {
        let mut s =
            Scenario { run_for_s: 1_200, dlq: Some(DlqTarget::Sns), duplicate_rate: 0.3, ..Scenario::default() };
        s.sources = vec![
            Source { service: Service::S3, events: 40, start_ms: 0, every_ms: 0 },
            Source { service: Service::Sns, events: 30, start_ms: 5_000, every_ms: 7_000 },
            Source { service: Service::EventBridge, events: 10, start_ms: 100_000, every_ms: 40_000 },
        ];
        s.function.reserved_concurrency = Some(3);
        s.function.duration_ms = 4_000;
        s.function.failure = FailureMode::Rate { p: 0.5, error: ErrorKind::Error };
        s
    }

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
        let index = StageIndex::new(&r);
        for t in moments(&r) {
            assert_eq!(index.lane_counts(&s, &r, t), lane_counts(&s, &r, t), "at {t}");
        }
    }

    #[test]
    fn a_run_keeps_one_slot_and_no_two_runs_share_one() {
        let s = busy_scenario();
        let r = run(&s, Keep::All);
        let index = StageIndex::new(&r);
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
        let index = StageIndex::new(&r);
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

    #[test]
    fn an_always_failing_event_is_told_as_three_attempts_two_retry_waits_and_the_dlq() {
        let mut s = Scenario { dlq: Some(DlqTarget::Sqs), ..Scenario::default() };
        s.sources[0].events = 1;
        s.function.failure = FailureMode::Always { error: ErrorKind::Error };
        let r = run(&s, Keep::All);
        let index = StageIndex::new(&r);
        let story = index.happenings(&r, None, r.run_for_ms, 100);
        let kinds: Vec<_> = story.iter().map(|h| std::mem::discriminant(&h.fact)).collect();
        assert_eq!(story.len(), 8, "{story:?}");
        assert_eq!(story[0].fact, Fact::Accepted);
        assert_eq!(kinds[1], std::mem::discriminant(&Fact::Started { attempt: 1, duplicate: false }));
        let waits: Vec<_> = story
            .iter()
            .filter_map(|h| match h.fact {
                Fact::Finished { next_try: Some(n), .. } => Some(n - h.at),
                _ => None,
            })
            .collect();
        assert_eq!(waits.len(), 2);
        assert!((60_000..72_000).contains(&waits[0]) && (120_000..140_000).contains(&waits[1]), "{waits:?}");
        assert!(matches!(story[6].fact, Fact::Finished { attempt: 3, next_try: None, .. }));
        assert_eq!(story[7].fact, Fact::Ended { outcome: Outcome::RetriesExhausted });
        // A window keeps only what happened inside it, and the limit keeps the latest.
        let late = index.happenings(&r, Some(story[5].at), r.run_for_ms, 1);
        assert_eq!(late, vec![story[7]]);
    }

    /// The next tries the narration tells are where `place_at` says the event waits.
    #[test]
    fn next_tries_agree_with_the_places() {
        let mut s = busy_scenario();
        s.function.reserved_concurrency = Some(1);
        s.invoke_config.max_event_age_s = 300;
        let r = run(&s, Keep::All);
        assert!(r.counts.event_age_exceeded > 0, "some events are throttled until too old");
        let mut facts = Vec::new();
        for (i, rec) in r.events.iter().enumerate() {
            happenings_of(rec, i, None, r.run_for_ms, &mut facts);
        }
        let mut checked = 0;
        for h in facts {
            let rec = &r.events[h.event];
            let expected = match (h.fact, place_at(rec, h.at)) {
                (Fact::Throttled { .. }, Some(Place::Queue { until, .. })) => until,
                (Fact::Finished { duplicate: false, result, .. }, Some(Place::RetryWait { until, .. }))
                    if result.failed() =>
                {
                    until
                }
                (Fact::Throttled { .. } | Fact::Finished { .. }, _) => None,
                _ => continue,
            };
            let told = match h.fact {
                Fact::Throttled { next_try } | Fact::Finished { next_try, .. } => next_try,
                _ => unreachable!(),
            };
            assert_eq!(told, expected, "{h:?}");
            checked += 1;
        }
        assert!(checked > 100);
    }

    #[test]
    fn the_window_holds_every_event_in_flight() {
        let s = busy_scenario();
        let r = run(&s, Keep::All);
        let index = StageIndex::new(&r);
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
