//! The discrete-event loop: virtual time that only moves when the next happening is taken.
//!
//! Four sources of happenings are merged by time: attempts ending (two FIFOs: every attempt lasts
//! either the function's normal duration or its timeout, so each FIFO is already in time order),
//! timers (retry waits, throttle backoffs, duplicate deliveries: [`crate::timers`]), and the sources'
//! sends (arithmetic sequences). At equal times, endings come first (they free concurrency), then
//! timers in the order they were set, then new events: one fixed order, so one trace per seed.
//!
//! The rules themselves live in [`crate::retry`], [`crate::throttle`], [`crate::queue`] and
//! [`crate::function`]; this file only sequences them.
//!
//! Events live in a slab of [`EventRecord`]s (what the app reads) beside a slab of small engine
//! states. With [`Keep::All`] slots are never reused, so the slab *is* the arrival-ordered list the
//! run returns, without a copy; with [`Keep::Recent`] a finished event's slot is reused, so memory
//! follows the events in flight.

use std::collections::VecDeque;

use crate::function::{attempt_plan, performs_side_effect, AttemptPlan};
use crate::metrics::{counts_as_dropped, Metrics};
use crate::outcome::{Attempt, AttemptResult, Attempts, Outcome};
use crate::queue::duplicate_delivery;
use crate::retry::{retries_exhausted, retry_wait, too_old_for};
use crate::rng::Rng;
use crate::route::{endings, Ending};
use crate::scenario::{Scenario, Service};
use crate::throttle::{sends_on_without_running, throttle_backoff, throttled_event_too_old_for, Concurrency};
use crate::time::AwsMillis;
use crate::timers::{Timers, HORIZON_MS};

/// Events per source are numbered below this, so (source, index) packs into one `u32` key.
pub const KEY_SOURCE_SHIFT: u32 = 20;

/// The key that names an event for the RNG and the request id: stable whatever else is sent.
pub fn event_key(source: usize, index: u32) -> u32 {
    ((source as u32) << KEY_SOURCE_SHIFT) | index
}

/// Everything that happened to one event.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct EventRecord {
    pub key: u32,
    pub source: usize,
    pub service: Option<Service>,
    pub received_ms: AwsMillis,
    pub attempts: Attempts,
    /// How often a delivery found no free concurrency (duplicate deliveries included).
    pub throttles: u32,
    /// When each throttle of the event's regular deliveries happened: the moments it went (back)
    /// into the queue. Kept only when the run keeps every event; a throttled duplicate delivery is
    /// counted in `throttles` but not listed, since the stage shows each event in one place.
    pub throttle_times: Vec<AwsMillis>,
    pub outcome: Outcome,
    pub ended_ms: Option<AwsMillis>,
    /// For an event still in flight at the end: when its next try was due.
    pub next_try_ms: Option<AwsMillis>,
    /// A regular run still going when the run stopped: (start, when it would have ended). Not in
    /// `attempts`, which lists runs whose result is known.
    pub unfinished: Option<(AwsMillis, AwsMillis)>,
    /// The same for a duplicate delivery's run.
    pub unfinished_duplicate: Option<(AwsMillis, AwsMillis)>,
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
    /// Discarded events (retries exhausted, too old, reserved concurrency 0) that had neither a DLQ
    /// nor an on-failure destination, so nothing of them remains: [`crate::route::Ending::Lost`].
    /// Not CloudWatch's `AsyncEventsDropped`, which counts every discarded event, including those
    /// sent on to a DLQ or destination (the per-minute [`crate::metrics::MinuteMetrics`] has that).
    pub lost: u64,
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
    /// Most events the engine held at once: every event with [`Keep::All`]; with [`Keep::Recent`]
    /// the peak of events in flight (plus those whose duplicate was still due), which is what
    /// bounds a long run's memory.
    pub peak_events_held: usize,
}

/// Engine state of an event beside its record: what the rules need and the app does not.
#[derive(Clone, Copy, Debug, Default)]
struct Live {
    /// Failed regular attempts so far.
    failed: u32,
    /// Runs started so far, duplicates included (the `first` failure mode counts these).
    runs: u32,
    /// Throttles in a row of the regular delivery: the backoff's exponent.
    throttle_streak: u32,
    /// Throttles in a row of the duplicate delivery, which backs off on its own.
    duplicate_streak: u32,
    /// When the event last entered the queue, while it waits there.
    queued_since: Option<AwsMillis>,
    duplicate_pending: bool,
    succeeded_once: bool,
    ended: bool,
}

/// A pending retry, backoff or duplicate delivery, as the timer queue holds it.
#[derive(Clone, Copy)]
struct Timer {
    /// Due time above [`SEQ_BITS`], the order it was set below: one integer orders timers by time,
    /// then first set first.
    order: u64,
    /// Slot, shifted left once; the low bit marks a duplicate delivery.
    tag: u32,
}

/// Bits of a timer's order that hold the setting sequence. Due times stay below 2^30 ms (a week
/// plus the longest wait), so 34 bits remain: more timers than any run can set.
const SEQ_BITS: u32 = 34;

impl Timer {
    fn at(self) -> AwsMillis {
        self.order >> SEQ_BITS
    }
    fn slot(self) -> u32 {
        self.tag >> 1
    }
    fn duplicate(self) -> bool {
        self.tag & 1 == 1
    }
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
///
/// [`Keep::All`] is what the app scrubs with: for 100,000 events it costs one pass, one allocation
/// for the records and one per throttled event (its `throttle_times`).
pub fn run(scenario: &Scenario, keep: Keep) -> Run {
    Engine::new(scenario, keep).run()
}

struct Engine<'a> {
    s: &'a Scenario,
    rng: Rng,
    keep_all: bool,
    recent_cap: usize,
    conc: Concurrency,
    max_age_ms: AwsMillis,
    run_for_ms: AwsMillis,
    /// The slab: with `Keep::All`, every event in arrival order.
    records: Vec<EventRecord>,
    live: Vec<Live>,
    free: Vec<u32>,
    timers: Timers,
    seq: u64,
    /// Attempts that end after the function's duration, in end order.
    normal: VecDeque<Running>,
    /// Attempts that end at the timeout, in end order.
    timed_out: VecDeque<Running>,
    now: AwsMillis,
    running: u32,
    /// Events waiting in the queue (duplicate deliveries not counted).
    queued: u32,
    next_index: Vec<u32>,
    counts: Counts,
    metrics: Metrics,
    recent: VecDeque<EventRecord>,
}

impl<'a> Engine<'a> {
    fn new(s: &'a Scenario, keep: Keep) -> Self {
        let run_for_ms = s.run_for_ms();
        let (keep_all, recent_cap) = match keep {
            Keep::All => (true, 0),
            Keep::Recent(n) => (false, n),
        };
        let capacity = if keep_all { s.total_events().min(1 << 22) as usize } else { 1024 };
        Engine {
            s,
            rng: Rng::new(s.seed),
            keep_all,
            recent_cap,
            conc: Concurrency::of(s.function.reserved_concurrency),
            max_age_ms: u64::from(s.invoke_config.max_event_age_s) * 1000,
            run_for_ms,
            records: Vec::with_capacity(capacity),
            live: Vec::with_capacity(capacity),
            free: Vec::new(),
            timers: Timers::new(SEQ_BITS),
            seq: 0,
            normal: VecDeque::new(),
            timed_out: VecDeque::new(),
            now: 0,
            running: 0,
            queued: 0,
            next_index: vec![0; s.sources.len()],
            counts: Counts::default(),
            metrics: Metrics::new(run_for_ms),
            recent: VecDeque::with_capacity(recent_cap.min(1 << 16)),
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
            let t_timer = self.timers.peek().map_or(NEVER, |order| order >> SEQ_BITS);
            let t_send = send.map_or(NEVER, |(t, _)| t);
            let t = t_end_a.min(t_end_b).min(t_timer).min(t_send);
            if t == NEVER || t > self.run_for_ms {
                break;
            }
            if t != self.now {
                self.settle_instant();
                self.now = t;
                self.metrics.advance(t, self.running, self.queued);
            }
            if t_end_a == t {
                let r = self.normal.pop_front().expect("peeked");
                self.attempt_ended(r);
            } else if t_end_b == t {
                let r = self.timed_out.pop_front().expect("peeked");
                self.attempt_ended(r);
            } else if t_timer == t {
                let (order, tag) = self.timers.pop().expect("peeked");
                let timer = Timer { order, tag };
                self.deliver(t, timer.slot(), timer.duplicate());
            } else {
                let (_, source) = send.expect("peeked");
                self.receive(t, source);
                send = self.next_send();
            }
        }
        self.finish()
    }

    /// Every happening at `now` has been handled: the gauges as they stand are what the stage
    /// shows at `now`, so the minute remembers them. (Mid-instant values are not: at one instant
    /// an event may enter the queue just before another leaves it.)
    fn settle_instant(&mut self) {
        let m = self.metrics.now();
        m.queue_depth = m.queue_depth.max(self.queued);
        m.concurrent_executions = m.concurrent_executions.max(self.running);
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
        let slot = match self.free.pop() {
            Some(i) => {
                self.records[i as usize] = rec;
                self.live[i as usize] = Live::default();
                i
            }
            None => {
                self.records.push(rec);
                self.live.push(Live::default());
                (self.records.len() - 1) as u32
            }
        };
        self.counts.received += 1;
        self.metrics.now().async_events_received += 1;
        if sends_on_without_running(self.s.function.reserved_concurrency) {
            self.end(t, slot, Outcome::ZeroReservedConcurrency);
        } else {
            self.deliver(t, slot, false);
        }
    }

    /// The poller hands the event to the function, or is throttled and puts it back in the queue.
    fn deliver(&mut self, t: AwsMillis, slot: u32, duplicate: bool) {
        if self.running < self.conc.limit {
            self.start(t, slot, duplicate);
            return;
        }
        self.counts.throttles += 1;
        self.metrics.now().throttles += 1;
        let i = slot as usize;
        let (rec, live) = (&mut self.records[i], &mut self.live[i]);
        rec.throttles += 1;
        let streak = if duplicate {
            live.duplicate_streak += 1;
            live.duplicate_streak
        } else {
            if self.keep_all {
                rec.throttle_times.push(t);
            }
            if live.queued_since.is_none() {
                live.queued_since = Some(t);
                self.queued += 1;
            }
            live.throttle_streak += 1;
            live.throttle_streak
        };
        let next = t + throttle_backoff(&self.rng, rec.key, streak, rec.throttles);
        if !throttled_event_too_old_for(rec.received_ms, next, self.max_age_ms) {
            self.set_timer(next, slot, duplicate);
        } else if duplicate {
            // A duplicate that can no longer run is simply not delivered; the event's outcome stands.
            live.duplicate_pending = false;
            self.release_if_done(slot);
        } else {
            self.end(t, slot, Outcome::EventAgeExceeded);
        }
    }

    /// The event leaves the queue at `t` (to run, or to be sent on).
    fn leave_queue(&mut self, t: AwsMillis, slot: u32) {
        let i = slot as usize;
        if let Some(since) = self.live[i].queued_since.take() {
            self.queued -= 1;
            self.metrics.queued_for(self.records[i].received_ms, since, t);
        }
    }

    fn start(&mut self, t: AwsMillis, slot: u32, duplicate: bool) {
        self.running += 1;
        self.counts.attempts += 1;
        self.counts.max_concurrency = self.counts.max_concurrency.max(self.running);
        if !duplicate {
            self.leave_queue(t, slot);
        }
        let i = slot as usize;
        let (rec, live) = (&mut self.records[i], &mut self.live[i]);
        live.runs += 1;
        if duplicate {
            live.duplicate_streak = 0;
        } else {
            live.throttle_streak = 0;
        }
        let key = rec.key;
        let AttemptPlan { result, duration_ms } = attempt_plan(&self.s.function, &self.rng, key, live.runs);
        let m = self.metrics.now();
        m.invocations += 1;
        m.concurrent_executions = m.concurrent_executions.max(self.running);
        m.async_event_age = m.async_event_age.max(t - rec.received_ms);
        let r = Running { end: t + duration_ms, start: t, slot, result, duplicate };
        if result == AttemptResult::Timeout {
            self.timed_out.push_back(r);
        } else {
            self.normal.push_back(r);
        }
        // Only the first delivery can be duplicated: one draw per event.
        if live.runs == 1 {
            if let Some(delay) = duplicate_delivery(&self.rng, key, self.s.duplicate_rate) {
                live.duplicate_pending = true;
                self.set_timer(t + delay, slot, true);
            }
        }
    }

    fn attempt_ended(&mut self, r: Running) {
        let t = r.end;
        self.running -= 1;
        if r.result.failed() {
            self.metrics.count_error(r.start);
        }
        let idempotent = self.s.function.idempotent;
        let i = r.slot as usize;
        let (rec, live) = (&mut self.records[i], &mut self.live[i]);
        rec.attempts.push(Attempt { start_ms: r.start, end_ms: t, result: r.result, duplicate: r.duplicate });
        if r.result == AttemptResult::Success {
            if performs_side_effect(idempotent, live.succeeded_once) {
                rec.side_effects += 1;
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
        let next = t + retry_wait(&self.rng, rec.key, live.failed);
        if too_old_for(rec.received_ms, next, self.max_age_ms) {
            self.end(t, r.slot, Outcome::EventAgeExceeded);
        } else {
            self.set_timer(next, r.slot, false);
        }
    }

    fn set_timer(&mut self, at: AwsMillis, slot: u32, duplicate: bool) {
        self.seq += 1;
        debug_assert!(at < 1 << (64 - SEQ_BITS) && self.seq < 1 << SEQ_BITS);
        debug_assert!(at > self.now && at - self.now <= HORIZON_MS);
        let order = (at << SEQ_BITS) | self.seq;
        self.timers.push(order, (slot << 1) | u32::from(duplicate));
    }

    fn end(&mut self, t: AwsMillis, slot: u32, outcome: Outcome) {
        self.leave_queue(t, slot);
        *self.counts.of_mut(outcome) += 1;
        if counts_as_dropped(outcome) {
            self.metrics.now().async_events_dropped += 1;
        }
        for ending in endings(self.s, outcome) {
            match ending {
                Ending::Success => {}
                Ending::OnSuccess(_) => self.counts.on_success_records += 1,
                Ending::Dlq(_) => self.counts.dlq_messages += 1,
                Ending::OnFailure(_) => self.counts.on_failure_records += 1,
                Ending::Lost => self.counts.lost += 1,
            }
        }
        let i = slot as usize;
        self.live[i].ended = true;
        let rec = &mut self.records[i];
        rec.outcome = outcome;
        rec.ended_ms = Some(t);
        self.release_if_done(slot);
    }

    /// In `Keep::Recent` mode a finished event leaves the slab (for the recent window).
    fn release_if_done(&mut self, slot: u32) {
        if self.keep_all {
            return;
        }
        let i = slot as usize;
        let live = &self.live[i];
        if !live.ended || live.duplicate_pending {
            return;
        }
        if self.recent_cap > 0 {
            if self.recent.len() == self.recent_cap {
                self.recent.pop_front();
            }
            self.recent.push_back(std::mem::take(&mut self.records[i]));
        }
        self.free.push(slot);
    }

    fn finish(mut self) -> Run {
        self.settle_instant();
        // The gauges hold until the run's last instant, which may open a minute of its own.
        self.metrics.advance(self.run_for_ms, self.running, self.queued);
        self.settle_instant();
        let end = self.run_for_ms;
        for (order, tag) in self.timers.iter() {
            let timer = Timer { order, tag };
            if !timer.duplicate() {
                // At most one regular timer is pending per event.
                self.records[timer.slot() as usize].next_try_ms = Some(timer.at());
            }
        }
        for r in self.normal.iter().chain(&self.timed_out) {
            let rec = &mut self.records[r.slot as usize];
            let run = Some((r.start, r.end));
            if r.duplicate {
                rec.unfinished_duplicate = run;
            } else {
                rec.unfinished = run;
            }
        }
        let mut in_flight = 0;
        for (rec, live) in self.records.iter().zip(&self.live) {
            if !live.ended {
                in_flight += 1;
                if let Some(since) = live.queued_since {
                    // Still queued at the last instant, which belongs to the run.
                    self.metrics.queued_for(rec.received_ms, since, end + 1);
                }
            }
        }
        self.counts.in_flight = in_flight;
        let peak_events_held = self.records.len();
        let events = if self.keep_all { self.records } else { self.recent.into_iter().collect() };
        Run { counts: self.counts, events, metrics: self.metrics, run_for_ms: self.run_for_ms, peak_events_held }
    }
}
