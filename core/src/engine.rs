//! The discrete-event loop: virtual time that only moves when the next happening is taken.
//!
//! Four sources of happenings are merged by time: attempts ending (two FIFOs: every attempt lasts
//! either the function's normal duration or its timeout, so each FIFO is already in time order),
//! timers (retry waits, throttle backoffs, duplicate deliveries: a binary heap), and the sources'
//! sends (arithmetic sequences). At equal times, endings come first (they free concurrency), then
//! timers in the order they were set, then new events: one fixed order, so one trace per seed.
//!
//! The rules themselves live in [`crate::retry`], [`crate::throttle`] and [`crate::function`]; this
//! file only sequences them.

use std::cmp::Reverse;
use std::collections::{BinaryHeap, VecDeque};

use crate::function::{attempt_plan, AttemptPlan};
use crate::metrics::Metrics;
use crate::outcome::{Attempt, AttemptResult, Attempts, Outcome};
use crate::retry::{retries_exhausted, retry_wait, too_old_for};
use crate::rng::{Draw, Rng};
use crate::scenario::{Scenario, Service};
use crate::throttle::{sends_on_without_running, throttle_backoff, Concurrency};
use crate::time::AwsMillis;

/// Events per source are numbered below this, so (source, index) packs into one `u32` key.
pub const KEY_SOURCE_SHIFT: u32 = 20;

/// The key that names an event for the RNG and the request id: stable whatever else is sent.
pub fn event_key(source: usize, index: u32) -> u32 {
    ((source as u32) << KEY_SOURCE_SHIFT) | index
}

/// A duplicate delivery follows the first one after up to this long (AWS publishes no figure).
pub const DUPLICATE_DELAY_MAX_MS: AwsMillis = 2_000;

/// Everything that happened to one event.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct EventRecord {
    pub key: u32,
    pub source: usize,
    pub service: Option<Service>,
    pub received_ms: AwsMillis,
    pub attempts: Attempts,
    /// How often a delivery found no free concurrency.
    pub throttles: u32,
    /// When each throttle happened (kept only when the run keeps every event).
    pub throttle_times: Vec<AwsMillis>,
    pub outcome: Outcome,
    pub ended_ms: Option<AwsMillis>,
    /// For an event still in flight at the end: when its next try was due.
    pub next_try_ms: Option<AwsMillis>,
    /// Handler side effects performed for this event.
    pub side_effects: u32,
}

impl EventRecord {
    /// The source's own number for this event (0-based).
    pub fn index(&self) -> u32 {
        self.key & ((1 << KEY_SOURCE_SHIFT) - 1)
    }

    pub fn service(&self) -> Service {
        self.service.unwrap_or(Service::S3)
    }
}

/// What a run keeps of its events.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Keep {
    /// Every event, in arrival order (the app and small reports).
    All,
    /// Only the last `n` events to end: memory grows with events in flight, not with events done.
    Recent(usize),
}

/// Top-level counts of a run (the report's header).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize)]
pub struct Counts {
    pub received: u64,
    pub succeeded: u64,
    pub retries_exhausted: u64,
    pub event_age_exceeded: u64,
    pub zero_reserved_concurrency: u64,
    pub in_flight: u64,
    pub attempts: u64,
    pub throttles: u64,
    pub side_effects: u64,
    pub max_concurrency: u32,
    pub dlq_messages: u64,
    pub on_success_records: u64,
    pub on_failure_records: u64,
    /// Failed events with neither a DLQ nor an on-failure destination: gone.
    pub dropped: u64,
}

impl Counts {
    pub fn of(&self, o: Outcome) -> u64 {
        match o {
            Outcome::Succeeded => self.succeeded,
            Outcome::RetriesExhausted => self.retries_exhausted,
            Outcome::EventAgeExceeded => self.event_age_exceeded,
            Outcome::ZeroReservedConcurrency => self.zero_reserved_concurrency,
            Outcome::InFlight => self.in_flight,
        }
    }

    fn of_mut(&mut self, o: Outcome) -> &mut u64 {
        match o {
            Outcome::Succeeded => &mut self.succeeded,
            Outcome::RetriesExhausted => &mut self.retries_exhausted,
            Outcome::EventAgeExceeded => &mut self.event_age_exceeded,
            Outcome::ZeroReservedConcurrency => &mut self.zero_reserved_concurrency,
            Outcome::InFlight => &mut self.in_flight,
        }
    }
}

/// The result of a run.
#[derive(Clone, Debug, PartialEq)]
pub struct Run {
    pub counts: Counts,
    /// All events in arrival order, or the most recent to end (see [`Keep`]).
    pub events: Vec<EventRecord>,
    pub metrics: Metrics,
    pub run_for_ms: AwsMillis,
}

/// Engine state of an event that has not finished.
#[derive(Clone, Debug, Default)]
struct Live {
    rec: EventRecord,
    /// Failed regular attempts so far.
    failed: u32,
    /// Runs started so far, duplicates included (the `first` failure mode counts these).
    runs: u32,
    /// Throttles since the last run started: the backoff exponent.
    throttle_streak: u32,
    duplicate_pending: bool,
    succeeded_once: bool,
    ended: bool,
}

#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
struct Timer {
    at: AwsMillis,
    seq: u64,
    slot: u32,
    duplicate: bool,
}

#[derive(Clone, Copy)]
struct Running {
    end: AwsMillis,
    start: AwsMillis,
    slot: u32,
    result: AttemptResult,
    duplicate: bool,
}

/// Runs a scenario to its end.
pub fn run(scenario: &Scenario, keep: Keep) -> Run {
    Engine::new(scenario, keep).run()
}

struct Engine<'a> {
    s: &'a Scenario,
    rng: Rng,
    keep: Keep,
    conc: Concurrency,
    max_age_ms: AwsMillis,
    run_for_ms: AwsMillis,
    slots: Vec<Live>,
    free: Vec<u32>,
    /// Slot of each event in arrival order (`Keep::All` only: slots are never reused then).
    timers: BinaryHeap<Reverse<Timer>>,
    seq: u64,
    normal: VecDeque<Running>,
    timed_out: VecDeque<Running>,
    running: u32,
    next_index: Vec<u32>,
    counts: Counts,
    metrics: Metrics,
    recent: VecDeque<EventRecord>,
}

impl<'a> Engine<'a> {
    fn new(s: &'a Scenario, keep: Keep) -> Self {
        let run_for_ms = s.run_for_ms();
        let all = keep == Keep::All;
        Engine {
            s,
            rng: Rng::new(s.seed),
            keep,
            conc: Concurrency::of(s.function.reserved_concurrency),
            max_age_ms: u64::from(s.invoke_config.max_event_age_s) * 1000,
            run_for_ms,
            slots: Vec::with_capacity(if all { s.total_events().min(1 << 22) as usize } else { 1024 }),
            free: Vec::new(),
            timers: BinaryHeap::new(),
            seq: 0,
            normal: VecDeque::new(),
            timed_out: VecDeque::new(),
            running: 0,
            next_index: vec![0; s.sources.len()],
            counts: Counts::default(),
            metrics: Metrics::new(run_for_ms),
            recent: VecDeque::new(),
        }
    }

    fn next_send(&self) -> Option<(AwsMillis, usize)> {
        let mut best: Option<(AwsMillis, usize)> = None;
        for (i, src) in self.s.sources.iter().enumerate() {
            let n = self.next_index[i];
            if n < src.events {
                let t = src.send_time(n);
                if best.is_none_or(|(bt, _)| t < bt) {
                    best = Some((t, i));
                }
            }
        }
        best
    }

    fn run(mut self) -> Run {
        const NEVER: AwsMillis = AwsMillis::MAX;
        let mut send = self.next_send();
        loop {
            let t_end_a = self.normal.front().map_or(NEVER, |r| r.end);
            let t_end_b = self.timed_out.front().map_or(NEVER, |r| r.end);
            let t_timer = self.timers.peek().map_or(NEVER, |t| t.0.at);
            let t_send = send.map_or(NEVER, |(t, _)| t);
            let t = t_end_a.min(t_end_b).min(t_timer).min(t_send);
            if t == NEVER || t > self.run_for_ms {
                break;
            }
            if t_end_a == t {
                let r = self.normal.pop_front().expect("peeked");
                self.attempt_ended(r);
            } else if t_end_b == t {
                let r = self.timed_out.pop_front().expect("peeked");
                self.attempt_ended(r);
            } else if t_timer == t {
                let Reverse(timer) = self.timers.pop().expect("peeked");
                self.deliver(t, timer.slot, timer.duplicate);
            } else {
                let (_, source) = send.expect("peeked");
                self.receive(t, source);
                send = self.next_send();
            }
        }
        self.finish()
    }

    fn receive(&mut self, t: AwsMillis, source: usize) {
        let index = self.next_index[source];
        self.next_index[source] += 1;
        let rec = EventRecord {
            key: event_key(source, index),
            source,
            service: Some(self.s.sources[source].service),
            received_ms: t,
            ..EventRecord::default()
        };
        let live = Live { rec, ..Live::default() };
        let slot = match self.free.pop() {
            Some(i) => {
                self.slots[i as usize] = live;
                i
            }
            None => {
                self.slots.push(live);
                (self.slots.len() - 1) as u32
            }
        };
        self.counts.received += 1;
        self.metrics.at(t, self.running).async_events_received += 1;
        if sends_on_without_running(self.s.function.reserved_concurrency) {
            self.end(t, slot, Outcome::ZeroReservedConcurrency);
        } else {
            self.deliver(t, slot, false);
        }
    }

    /// The poller hands the event to the function, or is throttled.
    fn deliver(&mut self, t: AwsMillis, slot: u32, duplicate: bool) {
        if self.running < self.conc.limit {
            self.start(t, slot, duplicate);
            return;
        }
        self.counts.throttles += 1;
        self.metrics.at(t, self.running).throttles += 1;
        let keep_times = self.keep == Keep::All;
        let live = &mut self.slots[slot as usize];
        live.rec.throttles += 1;
        if keep_times {
            live.rec.throttle_times.push(t);
        }
        live.throttle_streak += 1;
        let next = t + throttle_backoff(&self.rng, live.rec.key, live.throttle_streak);
        if !too_old_for(live.rec.received_ms, next, self.max_age_ms) {
            self.set_timer(next, slot, duplicate);
        } else if duplicate {
            // A duplicate that can no longer run is simply not delivered; the event's outcome stands.
            live.duplicate_pending = false;
            self.release_if_done(slot);
        } else {
            self.end(t, slot, Outcome::EventAgeExceeded);
        }
    }

    fn start(&mut self, t: AwsMillis, slot: u32, duplicate: bool) {
        self.running += 1;
        self.counts.attempts += 1;
        self.counts.max_concurrency = self.counts.max_concurrency.max(self.running);
        let live = &mut self.slots[slot as usize];
        live.runs += 1;
        live.throttle_streak = 0;
        let key = live.rec.key;
        let received = live.rec.received_ms;
        let first_run = live.runs == 1;
        let AttemptPlan { result, duration_ms } = attempt_plan(&self.s.function, &self.rng, key, live.runs);
        let m = self.metrics.at(t, self.running);
        m.invocations += 1;
        m.concurrent_executions = m.concurrent_executions.max(self.running);
        m.async_event_age = m.async_event_age.max(t - received);
        let r = Running { end: t + duration_ms, start: t, slot, result, duplicate };
        if result == AttemptResult::Timeout {
            self.timed_out.push_back(r);
        } else {
            self.normal.push_back(r);
        }
        if first_run && !duplicate && self.s.duplicate_rate > 0.0 && self.rng.unit(key, Draw::Duplicate, 0) < self.s.duplicate_rate
        {
            self.slots[slot as usize].duplicate_pending = true;
            let delay = self.rng.below(key, Draw::DuplicateDelay, 0, DUPLICATE_DELAY_MAX_MS) + 1;
            self.set_timer(t + delay, slot, true);
        }
    }

    fn attempt_ended(&mut self, r: Running) {
        let t = r.end;
        self.running -= 1;
        if r.result.failed() {
            self.metrics.at(t, self.running).errors += 1;
        }
        let idempotent = self.s.function.idempotent;
        let live = &mut self.slots[r.slot as usize];
        live.rec.attempts.push(Attempt { start_ms: r.start, end_ms: t, result: r.result, duplicate: r.duplicate });
        if r.result == AttemptResult::Success {
            // An idempotent handler records the event's key on success and skips its side effect
            // when it meets the key again.
            if !(idempotent && live.succeeded_once) {
                live.rec.side_effects += 1;
                self.counts.side_effects += 1;
            }
            live.succeeded_once = true;
        }
        if r.duplicate {
            live.duplicate_pending = false;
            self.release_if_done(r.slot);
            return;
        }
        if r.result == AttemptResult::Success {
            self.end(t, r.slot, Outcome::Succeeded);
            return;
        }
        live.failed += 1;
        if retries_exhausted(live.failed, self.s.invoke_config.max_retry_attempts) {
            self.end(t, r.slot, Outcome::RetriesExhausted);
            return;
        }
        let next = t + retry_wait(&self.rng, live.rec.key, live.failed);
        if too_old_for(live.rec.received_ms, next, self.max_age_ms) {
            self.end(t, r.slot, Outcome::EventAgeExceeded);
        } else {
            self.set_timer(next, r.slot, false);
        }
    }

    fn set_timer(&mut self, at: AwsMillis, slot: u32, duplicate: bool) {
        self.seq += 1;
        self.timers.push(Reverse(Timer { at, seq: self.seq, slot, duplicate }));
    }

    fn end(&mut self, t: AwsMillis, slot: u32, outcome: Outcome) {
        *self.counts.of_mut(outcome) += 1;
        if outcome.is_failure() {
            self.metrics.at(t, self.running).async_events_dropped += 1;
            let dlq = self.s.dlq.is_some();
            let dest = self.s.on_failure.is_some();
            self.counts.dlq_messages += u64::from(dlq);
            self.counts.on_failure_records += u64::from(dest);
            self.counts.dropped += u64::from(!dlq && !dest);
        } else if outcome == Outcome::Succeeded && self.s.on_success.is_some() {
            self.counts.on_success_records += 1;
        }
        let live = &mut self.slots[slot as usize];
        live.ended = true;
        live.rec.outcome = outcome;
        live.rec.ended_ms = Some(t);
        self.release_if_done(slot);
    }

    /// In `Keep::Recent` mode a finished event leaves the slab (for the recent window).
    fn release_if_done(&mut self, slot: u32) {
        let Keep::Recent(cap) = self.keep else { return };
        let live = &mut self.slots[slot as usize];
        if !live.ended || live.duplicate_pending {
            return;
        }
        if cap > 0 {
            if self.recent.len() == cap {
                self.recent.pop_front();
            }
            self.recent.push_back(std::mem::take(&mut live.rec));
        }
        self.free.push(slot);
    }

    fn finish(mut self) -> Run {
        self.metrics.at(self.run_for_ms, self.running);
        let mut pending: Vec<Option<AwsMillis>> = vec![None; self.slots.len()];
        for Reverse(timer) in self.timers.iter() {
            let p = &mut pending[timer.slot as usize];
            if !timer.duplicate && p.is_none_or(|at| timer.at < at) {
                *p = Some(timer.at);
            }
        }
        let free: std::collections::HashSet<u32> = self.free.iter().copied().collect();
        let mut in_flight = 0;
        for (i, live) in self.slots.iter_mut().enumerate() {
            if !live.ended && !free.contains(&(i as u32)) {
                in_flight += 1;
                live.rec.next_try_ms = pending[i];
            }
        }
        self.counts.in_flight = in_flight;
        let events = match self.keep {
            Keep::All => self.slots.into_iter().map(|l| l.rec).collect(),
            Keep::Recent(_) => self.recent.into_iter().collect(),
        };
        Run { counts: self.counts, events, metrics: self.metrics, run_for_ms: self.run_for_ms }
    }
}
