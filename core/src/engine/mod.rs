//! The discrete-event loop: virtual time that only moves when the next happening is taken.
//!
//! Five sources of happenings are merged by time: the scenario's timed actions (deployments and
//! reprocessings, in time order), attempts ending (`ends`: one FIFO per attempt length, each
//! already in time order), timers (retry waits, throttle backoffs, duplicate deliveries, a
//! synchronous caller's backoffs: [`crate::timers`]), and the sources' sends (arithmetic
//! sequences). At equal times the actions come first (a deployment at `t` is in force for all that
//! happens at `t`), then endings (they free concurrency), then timers in the order they were set,
//! then new events: one fixed order, so one trace per seed.
//!
//! The rules themselves live in [`crate::retry`], [`crate::throttle`], [`crate::queue`],
//! [`crate::function`], [`crate::route`] and [`crate::caller`]; this file only sequences them, with
//! the settings in force at each moment ([`crate::scenario::Change`]).
//!
//! Events live in a slab of small engine states (what the rules need) beside a slab of
//! [`EventRecord`]s (what the app reads). With [`Keep::All`] slots are never reused, so the record
//! slab *is* the arrival-ordered list the run returns, without a copy; with [`Keep::Recent`] a
//! finished event's slot is reused, so memory follows the events in flight. A run that returns no
//! event (`Keep::Recent(0)`, or [`Keep::Counts`] for `simulate --summary`) keeps no record: the
//! record slab stays empty and every write to it is skipped. [`Keep::Counts`] measures no minute
//! either: natively that is a second copy of the loop with the metrics compiled out ([`run`]).

mod ends;
mod store;

use std::collections::VecDeque;
use std::fmt;

use serde::Serialize;

use crate::caller::{retries_throttle, sdk_backoff, RetryQuota};
use crate::function::{attempt_plan, performs_side_effect, reaches_side_effect, AttemptPlan};
use crate::metrics::{counts_as_dropped, Metrics};
use crate::outcome::{Attempt, AttemptResult, Attempts, Outcome};
use crate::queue::duplicate_delivery;
use crate::retry::{retries_exhausted, retry_wait, too_old_for};
use crate::rng::Rng;
use crate::route::{endings, Endings};
use crate::scenario::{limits, DlqTarget, Invocation, Scenario, Service, Settings};
use crate::throttle::{sends_on_without_running, throttle_backoff, throttled_event_too_old_for, Concurrency};
use crate::time::AwsMillis;
use crate::timers::{Timers, HORIZON_MS};
use ends::{Ending, Ends};
use store::KeyStore;

/// Events per source are numbered below this, so (source, index) packs into one `u32` key.
pub const KEY_SOURCE_SHIFT: u32 = 20;

/// The position in the scenario's sources of the source that sent a payload, from its key.
fn source_of(payload_key: u32) -> usize {
    (payload_key >> KEY_SOURCE_SHIFT) as usize
}

/// The first key of the events reprocessed from the DLQ: above every source's keys, so that a
/// reprocessed event draws its own numbers and gets its own request id.
pub const REPROCESSED_KEY_BASE: u32 = (limits::SOURCES.1 as u32) << KEY_SOURCE_SHIFT;

// Every source event's index fits below the shift.
const _: () = assert!(limits::EVENTS.1 < 1 << KEY_SOURCE_SHIFT);
// A duplicate delivery's delay fits the `u32` an event's state keeps it in.
const _: () = assert!(crate::queue::DUPLICATE_DELAY_MAX_MS < u32::MAX as AwsMillis);

/// The key that names an event for the RNG and the request id: stable whatever else is sent.
pub fn event_key(source: usize, index: u32) -> u32 {
    ((source as u32) << KEY_SOURCE_SHIFT) | index
}

/// Where a reprocessed event came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default, Serialize)]
pub struct Origin {
    /// The event whose DLQ message was sent back: its position in the run's events (a `u32`, as
    /// keys are: a record stays small, and the engine makes one per event).
    pub event: u32,
    /// The key of the source event whose payload the message carried (and this event carries):
    /// a reprocessed message's body is the original payload, so its idempotency key is the
    /// original's too.
    pub payload_key: u32,
}

/// Everything that happened to one event.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct EventRecord {
    /// Names the event for the RNG and the request id; for a source's event it also says which
    /// source and which of its events it is ([`event_key`], [`EventRecord::source`]).
    pub key: u32,
    /// The service that sent the payload; `None` only in a record not yet filled in (read it through
    /// [`EventRecord::service`]).
    pub service: Option<Service>,
    /// When Lambda received the event: the caller's `Invoke` (for a reprocessed message, the reprocessing's moment).
    pub received_ms: AwsMillis,
    /// The runs of the handler whose result is known, duplicate deliveries included, in the order they ended.
    pub attempts: Attempts,
    /// How often a delivery found no free concurrency (duplicate deliveries included).
    pub throttles: u32,
    /// When each throttle of the event's regular deliveries happened: the moments it went (back)
    /// into the queue. Kept only when the run keeps every event; a throttled duplicate delivery is
    /// counted in `throttles` but not listed, since the stage shows each event in one place.
    pub throttle_times: Vec<AwsMillis>,
    /// Where the event's story ended; [`Outcome::InFlight`] while it goes on.
    pub outcome: Outcome,
    /// When the event reached its outcome; `None` while it is in flight.
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
    /// How the source invoked the function.
    pub invocation: Invocation,
    /// For an event sent back from the SQS dead-letter queue: the event whose message it was.
    pub origin: Option<Origin>,
    /// When this event's message left the SQS dead-letter queue to be reprocessed (kept when the
    /// run keeps every event).
    pub reprocessed_ms: Option<AwsMillis>,
    /// Where the event ended, under the settings in force when it ended
    /// ([`crate::route::endings`]); empty while in flight.
    pub endings: Endings,
}

impl EventRecord {
    /// The key of the source event whose payload this event carries: its own, or, for a
    /// reprocessed event, the original's.
    pub fn payload_key(&self) -> u32 {
        self.origin.map_or(self.key, |o| o.payload_key)
    }

    /// The position in the scenario's sources of the source that sent the payload this event
    /// carries.
    pub fn source(&self) -> usize {
        (self.payload_key() >> KEY_SOURCE_SHIFT) as usize
    }

    /// The source's own number (0-based) for the event whose payload this event carries.
    pub fn index(&self) -> u32 {
        self.payload_key() & ((1 << KEY_SOURCE_SHIFT) - 1)
    }

    /// The service that sent the payload this event carries (S3 for a record not yet filled in).
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
    /// Only the totals and the reprocessings (`simulate --summary`, which prints nothing else): no
    /// event, and no per-minute metric ([`Run::metrics`] is empty). The counts are those of any other
    /// run of the scenario.
    Counts,
}

/// Top-level counts of a run (the report's header).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize)]
pub struct Counts {
    /// Events Lambda received: every source's sends, plus the DLQ messages sent back ([`Counts::reprocessed`]).
    pub received: u64,
    /// Events whose handler ran successfully ([`Outcome::Succeeded`]).
    pub succeeded: u64,
    /// Events discarded once every attempt `MaximumRetryAttempts` allows had failed (`RetriesExhausted`).
    pub retries_exhausted: u64,
    /// Events discarded as older than `MaximumEventAgeInSeconds` (`EventAgeExceeded`).
    pub event_age_exceeded: u64,
    /// Events sent on at once and never run, because the reserved concurrency was 0 (`ZeroReservedConcurrency`).
    pub zero_reserved_concurrency: u64,
    /// Events still queued, waiting or running when the run stopped.
    pub in_flight: u64,
    /// Runs of the handler started, duplicate deliveries included (the run's `Invocations`).
    pub attempts: u64,
    /// Deliveries, or synchronous calls, that found no free concurrency (the run's `Throttles`).
    pub throttles: u64,
    /// Side effects the handler performed (rows inserted): more than the events that succeeded when a retry, a
    /// duplicate delivery or a reprocessing repeats the work of a handler that is not idempotent.
    pub side_effects: u64,
    /// Most runs of the handler at once during the run (the peak of `ConcurrentExecutions`).
    pub max_concurrency: u32,
    /// Messages sent to the dead-letter queue: one per discarded event while a DLQ was set.
    pub dlq_messages: u64,
    /// Invocation records sent to the on-success destination.
    pub on_success_records: u64,
    /// Invocation records sent to the on-failure destination.
    pub on_failure_records: u64,
    /// Discarded events (retries exhausted, too old, reserved concurrency 0) that had neither a DLQ
    /// nor an on-failure destination, so nothing of them remains: [`crate::route::Ending::Lost`].
    /// Not CloudWatch's `AsyncEventsDropped`, which counts every discarded event, including those
    /// sent on to a DLQ or destination (the per-minute [`crate::metrics::MinuteMetrics`] has that).
    pub lost: u64,
    /// Synchronous calls whose function error went back to the caller.
    pub error_to_caller: u64,
    /// Synchronous calls whose caller got `429` in the end.
    pub throttle_to_caller: u64,
    /// SQS DLQ messages sent back as new asynchronous invocations (each is also `received`).
    pub reprocessed: u64,
}

impl Counts {
    /// How many events ended with outcome `o`.
    pub fn of(&self, o: Outcome) -> u64 {
        match o {
            Outcome::Succeeded => self.succeeded,
            Outcome::RetriesExhausted => self.retries_exhausted,
            Outcome::EventAgeExceeded => self.event_age_exceeded,
            Outcome::ZeroReservedConcurrency => self.zero_reserved_concurrency,
            Outcome::InFlight => self.in_flight,
            Outcome::ErrorToCaller => self.error_to_caller,
            Outcome::ThrottleToCaller => self.throttle_to_caller,
        }
    }

    fn of_mut(&mut self, o: Outcome) -> &mut u64 {
        match o {
            Outcome::Succeeded => &mut self.succeeded,
            Outcome::RetriesExhausted => &mut self.retries_exhausted,
            Outcome::EventAgeExceeded => &mut self.event_age_exceeded,
            Outcome::ZeroReservedConcurrency => &mut self.zero_reserved_concurrency,
            Outcome::InFlight => &mut self.in_flight,
            Outcome::ErrorToCaller => &mut self.error_to_caller,
            Outcome::ThrottleToCaller => &mut self.throttle_to_caller,
        }
    }
}

/// The result of a run.
#[derive(Clone, Debug, PartialEq)]
pub struct Run {
    /// Totals over the whole run (the report's header).
    pub counts: Counts,
    /// All events in arrival order, or the most recent to end (see [`Keep`]).
    pub events: Vec<EventRecord>,
    /// The CloudWatch-style metrics, one bucket per AWS minute; none with [`Keep::Counts`].
    pub metrics: Metrics,
    /// How much AWS time was simulated: the scenario's `run_for_s`, in milliseconds.
    pub run_for_ms: AwsMillis,
    /// Most events the engine held at once: every event with [`Keep::All`]; with [`Keep::Recent`]
    /// the peak of events in flight (plus those whose duplicate was still due), which is what
    /// bounds a long run's memory.
    pub peak_events_held: usize,
    /// What each of the scenario's reprocessings did, in time order.
    pub reprocessing: Vec<Reprocessing>,
    /// When each handler side effect ([`Counts::side_effects`]) was performed: the end of the run
    /// that performed it, in time order. Kept when the run keeps every event ([`Keep::All`]), so
    /// the page counts side effects at a moment by the engine's rule instead of deriving it.
    pub side_effect_times: Vec<AwsMillis>,
}

impl Run {
    /// Handler side effects performed at or before `t` (with [`Keep::All`]).
    pub fn side_effects_by(&self, t: AwsMillis) -> u64 {
        self.side_effect_times.partition_point(|&at| at <= t) as u64
    }

    /// SQS DLQ messages reprocessed at or before `t` (they have left the queue by then).
    pub fn reprocessed_by(&self, t: AwsMillis) -> u64 {
        self.reprocessing.iter().take_while(|r| r.at_ms <= t).map(|r| u64::from(r.sent_back)).sum()
    }
}

/// What one reprocessing of the SQS dead-letter queue did ([`crate::scenario::Reprocess`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct Reprocessing {
    /// When the consumer read the SQS dead-letter queue.
    pub at_ms: AwsMillis,
    /// The event whose message was asked for; `None`: every message.
    pub event: Option<usize>,
    /// Messages sent back as new invocations.
    pub sent_back: u32,
    /// Why nothing was sent back, when nothing was.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub nothing: Option<NothingToReprocess>,
}

/// Why a reprocessing sent nothing back: it did nothing, and the report says so.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NothingToReprocess {
    /// A synchronous run has no DLQ.
    Synchronous,
    /// No SQS DLQ was set up by then. An SNS topic as DLQ fans its messages out to its
    /// subscribers and keeps none, so there is nothing to read back.
    NoSqsDlq,
    /// The SQS DLQ held no message at that moment.
    DlqEmpty,
    /// The event asked for had no message in the SQS DLQ at that moment.
    NotInDlq,
}

impl fmt::Display for NothingToReprocess {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            NothingToReprocess::Synchronous => "nothing to reprocess: a synchronous run has no dead-letter queue",
            NothingToReprocess::NoSqsDlq => {
                "nothing to reprocess: no SQS dead-letter queue (an SNS topic keeps no messages to read back)"
            }
            NothingToReprocess::DlqEmpty => "nothing to reprocess: the SQS dead-letter queue was empty",
            NothingToReprocess::NotInDlq => {
                "nothing to reprocess: that event had no message in the SQS dead-letter queue"
            }
        })
    }
}

impl Serialize for NothingToReprocess {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

/// A message in the SQS dead-letter queue, as the engine keeps it for reprocessing.
#[derive(Clone, Copy, Debug)]
struct DlqMessage {
    /// The event it is about: its position in the run.
    position: u32,
    payload_key: u32,
}

/// A timed action of the scenario: deploy change `i`, or run reprocessing `i`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Action {
    Deploy(usize),
    Reprocess(usize),
}

/// Engine state of an event beside its record: what the rules need and the app does not.
#[derive(Clone, Copy, Debug, Default)]
struct Live {
    /// The event's key ([`EventRecord::key`]): the rules draw their numbers with it.
    key: u32,
    /// Throttles so far ([`EventRecord::throttles`]): the throttle backoff's draw counter.
    throttles: u32,
    /// When Lambda received the event ([`EventRecord::received_ms`]).
    received_ms: AwsMillis,
    /// Failed regular attempts so far.
    failed: u32,
    /// Runs started so far, duplicates included (the `first` failure mode counts these).
    runs: u32,
    /// Throttles in a row of the regular delivery: the backoff's exponent.
    throttle_streak: u32,
    /// Throttles in a row of the duplicate delivery, which backs off on its own.
    duplicate_streak: u32,
    /// When the event last entered the queue, while it waits there (for the metrics: kept only
    /// when the run measures them).
    queued_since: Option<AwsMillis>,
    /// Its position in the run's events (the slot too when every event is kept).
    position: u32,
    /// The key of the payload it carries ([`EventRecord::payload_key`]).
    payload_key: u32,
    /// How long after its first run starts the queue delivers the event a second time (ms), or 0
    /// when it does not, or no longer will ([`crate::queue::duplicate_delivery`]): drawn when the
    /// event is received, set as a timer when that first run starts.
    duplicate_after: u32,
    duplicate_pending: bool,
    /// A synchronous call its caller's SDK retried: a `2xx` answer refunds the retry quota.
    caller_retried: bool,
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
    /// The code's own ways, fixed by the version the run started with.
    idempotent: bool,
    fails_after_side_effect: bool,
}

impl Ending for Running {
    fn end(&self) -> AwsMillis {
        self.end
    }
}

/// Runs a scenario to its end.
///
/// [`Keep::All`] is what the app scrubs with: for 100,000 events it costs one pass, one allocation
/// for the records and one per throttled event (its `throttle_times`).
pub fn run(scenario: &Scenario, keep: Keep) -> Run {
    if keep == Keep::Counts {
        // Natively (`simulate --summary`) a copy of the engine that measures no minute: the
        // metrics' work is a twelfth of the yardstick's CPU time. The page's wasm, built for size,
        // never asks for counts only and keeps one copy of the engine: there the minutes are
        // measured, then dropped. The same `Run` either way.
        #[cfg(not(target_arch = "wasm32"))]
        return Engine::<false>::new(scenario, keep).run();
        #[cfg(target_arch = "wasm32")]
        return Run { metrics: Metrics::default(), ..Engine::<true>::new(scenario, keep).run() };
    }
    Engine::<true>::new(scenario, keep).run()
}

/// The event loop over a scenario; with `MINUTES` it measures each AWS minute ([`Metrics`]), and
/// without, every metric's update (and the queue's gauge, which only they read) is compiled out.
struct Engine<'a, const MINUTES: bool> {
    s: &'a Scenario,
    /// The settings in force: the scenario's, with every change deployed so far.
    now_set: Settings,
    sync: bool,
    rng: Rng,
    keep_all: bool,
    recent_cap: usize,
    conc: Concurrency,
    max_age_ms: AwsMillis,
    run_for_ms: AwsMillis,
    /// The scenario's timed actions in the order they happen.
    actions: Vec<(AwsMillis, Action)>,
    /// The records beside the slab `live`: with `Keep::All`, every event in arrival order. Empty,
    /// and never written, when the run returns no event (`Keep::Recent(0)`, `Keep::Counts`).
    records: Vec<EventRecord>,
    /// Whether the run returns events, so that `records` follows `live`.
    keeps_records: bool,
    /// The slab: what the rules need of each event held.
    live: Vec<Live>,
    free: Vec<u32>,
    timers: Timers<SEQ_BITS>,
    seq: u64,
    /// Attempts running, by when they end.
    ends: Ends<Running>,
    now: AwsMillis,
    running: u32,
    /// Events waiting in the queue (duplicate deliveries not counted): a gauge of the metrics,
    /// kept only when the run measures them (`MINUTES`).
    queued: u32,
    next_index: Vec<u32>,
    counts: Counts,
    metrics: Metrics,
    recent: VecDeque<EventRecord>,
    /// Idempotency keys whose side effect is done.
    store: KeyStore,
    /// The SQS DLQ's messages, kept only when the scenario reprocesses them.
    keeps_dlq: bool,
    dlq_sqs: Vec<DlqMessage>,
    /// Whether an SQS DLQ has been set up by now.
    sqs_dlq_seen: bool,
    reprocessing: Vec<Reprocessing>,
    /// When each side effect was performed (kept with `Keep::All`); attempts end in time order.
    side_effect_times: Vec<AwsMillis>,
    /// Each source's SDK client's retry quota (synchronous runs with caller retries).
    quota: Vec<RetryQuota>,
}

impl<'a, const MINUTES: bool> Engine<'a, MINUTES> {
    fn new(s: &'a Scenario, keep: Keep) -> Self {
        let run_for_ms = s.run_for_ms();
        let (keep_all, recent_cap) = match keep {
            Keep::All => (true, 0),
            Keep::Recent(n) => (false, n),
            Keep::Counts => (false, 0),
        };
        let capacity = if keep_all { s.total_events().min(1 << 22) as usize } else { 1024 };
        let sync = s.invocation == Invocation::Sync;
        let mut actions: Vec<(AwsMillis, Action)> = s
            .changes
            .iter()
            .enumerate()
            .map(|(i, c)| (c.at_ms, Action::Deploy(i)))
            .chain(s.reprocess.iter().enumerate().map(|(i, r)| (r.at_ms, Action::Reprocess(i))))
            .collect();
        // By time; at one instant deployments first, each list in its own order.
        crate::order::sort_by_key(&mut actions, |&(at, action)| {
            let (kind, i) = match action {
                Action::Deploy(i) => (0, i),
                Action::Reprocess(i) => (1, i),
            };
            u128::from(at) << 64 | kind << 32 | i as u128
        });
        let f = &s.function;
        Engine {
            s,
            now_set: s.settings(),
            sync,
            rng: Rng::new(s.seed),
            keep_all,
            recent_cap,
            conc: Concurrency::of(f.reserved_concurrency),
            max_age_ms: u64::from(s.invoke_config.max_event_age_s) * 1000,
            run_for_ms,
            actions,
            records: Vec::with_capacity(if keep_all || recent_cap > 0 { capacity } else { 0 }),
            keeps_records: keep_all || recent_cap > 0,
            live: Vec::with_capacity(capacity),
            free: Vec::new(),
            timers: Timers::new(),
            seq: 0,
            ends: Ends::new([AwsMillis::from(f.duration_ms), AwsMillis::from(f.timeout_s) * 1000]),
            now: 0,
            running: 0,
            queued: 0,
            next_index: vec![0; s.sources.len()],
            counts: Counts::default(),
            metrics: if MINUTES { Metrics::new(run_for_ms) } else { Metrics::default() },
            recent: VecDeque::with_capacity(recent_cap.min(1 << 16)),
            store: KeyStore::new(s),
            keeps_dlq: !sync && !s.reprocess.is_empty(),
            dlq_sqs: Vec::new(),
            sqs_dlq_seen: s.dlq == Some(DlqTarget::Sqs),
            reprocessing: Vec::with_capacity(s.reprocess.len()),
            side_effect_times: Vec::new(),
            quota: if sync { vec![RetryQuota::default(); s.sources.len()] } else { Vec::new() },
        }
    }

    /// The source whose next send comes first, and when (at equal times the first listed).
    fn next_send(&self) -> Option<(AwsMillis, usize)> {
        // A selection, not a branch: which source sends next follows their periods, a pattern
        // a branch predictor learns poorly.
        let mut best = (AwsMillis::MAX, usize::MAX);
        for (i, src) in self.s.sources.iter().enumerate() {
            let n = self.next_index[i];
            let t = if n < src.events { src.send_time(n) } else { AwsMillis::MAX };
            best = if t < best.0 { (t, i) } else { best };
        }
        (best.1 != usize::MAX).then_some(best)
    }

    fn run(mut self) -> Run {
        const NEVER: AwsMillis = AwsMillis::MAX;
        let mut send = self.next_send();
        let mut next_action = 0;
        loop {
            // The happenings before the next timed action (or the end); then the action, first at
            // its instant. Actions are rare: the loop below only ever compares with one bound.
            let action = self.actions.get(next_action).copied().filter(|&(at, _)| at <= self.run_for_ms);
            let stop = action.map_or(self.run_for_ms + 1, |(at, _)| at);
            loop {
                let t_end = self.ends.earliest().map_or(NEVER, |(at, _)| at);
                let t_timer = self.timers.peek().map_or(NEVER, |order| order >> SEQ_BITS);
                let t_send = send.map_or(NEVER, |(t, _)| t);
                let t = t_end.min(t_timer).min(t_send);
                if t >= stop {
                    break;
                }
                self.move_to(t);
                if t_end == t {
                    let r = self.ends.pop().expect("peeked");
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
            let Some((at, action)) = action else { break };
            self.move_to(at);
            self.act(at, action);
            next_action += 1;
        }
        self.finish()
    }

    /// The clock moves on to `t`, the minute's gauges following.
    #[inline(always)]
    fn move_to(&mut self, t: AwsMillis) {
        if MINUTES {
            // Whether the clock moves at a happening is as random as the happenings are, so the
            // instant is settled without a branch ([`Engine::settle_instant`]): when the clock
            // stays, the gauges are offered as 0, which leaves the minute as it was. (`advance` is
            // a no-op within the current minute.)
            let moves = u32::from(t != self.now);
            let m = self.metrics.now();
            m.queue_depth = m.queue_depth.max(self.queued * moves);
            m.concurrent_executions = m.concurrent_executions.max(self.running * moves);
            self.metrics.advance(t, self.running, self.queued);
        }
        self.now = t;
    }

    /// Every happening at `now` has been handled: the gauges as they stand are what the stage
    /// shows at `now`, so the minute remembers them. (Mid-instant values are not: at one instant
    /// an event may enter the queue just before another leaves it.)
    fn settle_instant(&mut self) {
        if !MINUTES {
            return;
        }
        let m = self.metrics.now();
        m.queue_depth = m.queue_depth.max(self.queued);
        m.concurrent_executions = m.concurrent_executions.max(self.running);
    }

    #[cold]
    fn act(&mut self, t: AwsMillis, action: Action) {
        match action {
            Action::Deploy(i) => {
                self.s.changes[i].apply(&mut self.now_set);
                let f = &self.now_set.function;
                self.conc = Concurrency::of(f.reserved_concurrency);
                self.max_age_ms = u64::from(self.now_set.invoke_config.max_event_age_s) * 1000;
                self.sqs_dlq_seen |= self.now_set.dlq == Some(DlqTarget::Sqs);
            }
            Action::Reprocess(i) => self.reprocess(t, self.s.reprocess[i].event),
        }
    }

    /// A consumer of the SQS DLQ sends its messages (or the one of event `event`) back to the
    /// function with `InvocationType=Event` and deletes them: each becomes a new event, received
    /// now, with the original payload and a request id of its own.
    /// <https://docs.aws.amazon.com/lambda/latest/api/API_Invoke.html>
    #[cold]
    #[inline(never)]
    fn reprocess(&mut self, t: AwsMillis, event: Option<usize>) {
        let taken: Vec<DlqMessage> = match event {
            None => std::mem::take(&mut self.dlq_sqs),
            Some(p) => match self.dlq_sqs.iter().position(|m| m.position as usize == p) {
                Some(i) => vec![self.dlq_sqs.remove(i)],
                None => Vec::new(),
            },
        };
        let nothing = taken.is_empty().then(|| {
            if self.sync {
                NothingToReprocess::Synchronous
            } else if !self.sqs_dlq_seen {
                NothingToReprocess::NoSqsDlq
            } else if event.is_some() && !self.dlq_sqs.is_empty() {
                NothingToReprocess::NotInDlq
            } else {
                NothingToReprocess::DlqEmpty
            }
        });
        for m in &taken {
            if self.keep_all {
                self.records[m.position as usize].reprocessed_ms = Some(t);
            }
            let key = REPROCESSED_KEY_BASE + self.counts.reprocessed as u32;
            self.counts.reprocessed += 1;
            self.admit(t, key, Some(Origin { event: m.position, payload_key: m.payload_key }));
        }
        self.reprocessing.push(Reprocessing { at_ms: t, event, sent_back: taken.len() as u32, nothing });
    }

    fn receive(&mut self, t: AwsMillis, source: usize) {
        let index = self.next_index[source];
        self.next_index[source] += 1;
        self.admit(t, event_key(source, index), None);
    }

    /// A new event (from a source, or sent back from the DLQ when `origin` says so) reaches Lambda
    /// at `t`: it takes a slot and is handed on.
    // Inlined into the loop in the native build, where it is hot; the page's wasm, built for
    // size, keeps one copy for its two callers.
    #[cfg_attr(not(target_arch = "wasm32"), inline(always))]
    fn admit(&mut self, t: AwsMillis, key: u32, origin: Option<Origin>) {
        let payload_key = origin.map_or(key, |o| o.payload_key);
        // Whether the queue will deliver the event twice is drawn now, although the second delivery
        // is timed from the first run's start: whether a start is an event's first is as random as
        // throttles and retries make it, so a branch there would often be guessed wrong, while
        // here every event takes the same path. (A draw is a pure function of its counter: drawing
        // it early, or for an event that never runs, changes no number.) A synchronous call is not
        // queued, so nothing delivers it twice.
        let duplicate_after = if self.sync {
            0
        } else {
            duplicate_delivery(&self.rng, key, self.s.duplicate_rate).map_or(0, |delay| delay as u32)
        };
        let live = Live {
            key,
            received_ms: t,
            position: self.counts.received as u32,
            payload_key,
            duplicate_after,
            ..Live::default()
        };
        let slot = match self.free.pop() {
            Some(i) => {
                self.live[i as usize] = live;
                i
            }
            None => {
                self.live.push(live);
                if self.keeps_records {
                    self.records.push(EventRecord::default());
                }
                (self.live.len() - 1) as u32
            }
        };
        if self.keeps_records {
            // The record is reset where it lies and then filled in: a record is larger than what
            // is worth moving, and the engine takes one per event.
            let rec = &mut self.records[slot as usize];
            *rec = EventRecord::default();
            rec.key = key;
            rec.received_ms = t;
            rec.invocation = if origin.is_some() { Invocation::Async } else { self.s.invocation };
            rec.origin = origin;
            rec.service = Some(self.s.sources[rec.source()].service);
        }
        self.counts.received += 1;
        if self.sync {
            self.deliver(t, slot, false);
            return;
        }
        if MINUTES {
            self.metrics.now().async_events_received += 1;
        }
        if sends_on_without_running(self.now_set.function.reserved_concurrency) {
            self.end(t, slot, Outcome::ZeroReservedConcurrency);
        } else {
            self.deliver(t, slot, false);
        }
    }

    /// The poller hands the event to the function, or is throttled and puts it back in the queue.
    /// A synchronous call is handed over by its caller, and a throttle goes back to the caller
    /// ([`Engine::caller_throttled`]).
    // Inlined into its two callers, the loop's timer branch and `admit`, in the native build:
    // each copy's branches (throttled or not, first run or not) are then told apart by where
    // they were reached from, which the branch predictor learns better (callgrind: 522 → 408 k
    // mispredicted branches, −1 % CPU). Not in the page's wasm, which is built for size.
    #[cfg_attr(not(target_arch = "wasm32"), inline(always))]
    fn deliver(&mut self, t: AwsMillis, slot: u32, duplicate: bool) {
        if self.running < self.conc.limit {
            self.start(t, slot, duplicate);
            return;
        }
        if self.sync {
            self.caller_throttled(t, slot);
            return;
        }
        if sends_on_without_running(self.now_set.function.reserved_concurrency) {
            // Reserved concurrency went to 0 while the event waited: Lambda sends it on as it would
            // a new event, and a duplicate delivery is simply not made.
            if duplicate {
                self.live[slot as usize].duplicate_pending = false;
                self.release_if_done(slot);
            } else {
                self.end(t, slot, Outcome::ZeroReservedConcurrency);
            }
            return;
        }
        self.counts.throttles += 1;
        if MINUTES {
            self.metrics.now().throttles += 1;
        }
        let i = slot as usize;
        let live = &mut self.live[i];
        live.throttles += 1;
        if let Some(rec) = self.records.get_mut(i) {
            rec.throttles += 1;
            if self.keep_all && !duplicate {
                rec.throttle_times.push(t);
            }
        }
        let streak = if duplicate {
            live.duplicate_streak += 1;
            live.duplicate_streak
        } else {
            if MINUTES && live.queued_since.is_none() {
                live.queued_since = Some(t);
                self.queued += 1;
            }
            live.throttle_streak += 1;
            live.throttle_streak
        };
        let next = t + throttle_backoff(&self.rng, live.key, streak, live.throttles);
        if !throttled_event_too_old_for(live.received_ms, next, self.max_age_ms) {
            self.set_timer(next, slot, duplicate);
        } else if duplicate {
            // A duplicate that can no longer run is simply not delivered; the event's outcome stands.
            live.duplicate_pending = false;
            self.release_if_done(slot);
        } else {
            self.end(t, slot, Outcome::EventAgeExceeded);
        }
    }

    /// A synchronous call found no free concurrency: the caller gets `429` at once, which it may
    /// retry after a backoff ([`crate::caller`]). There is no queue to wait in.
    /// <https://docs.aws.amazon.com/lambda/latest/dg/invocation-sync.html>
    fn caller_throttled(&mut self, t: AwsMillis, slot: u32) {
        self.counts.throttles += 1;
        if MINUTES {
            self.metrics.now().throttles += 1;
        }
        let i = slot as usize;
        let live = &mut self.live[i];
        live.throttles += 1;
        if let Some(rec) = self.records.get_mut(i) {
            rec.throttles += 1;
            if self.keep_all {
                rec.throttle_times.push(t);
            }
        }
        live.throttle_streak += 1;
        let attempt = live.throttle_streak;
        if retries_throttle(self.s.caller_retries, attempt, &mut self.quota[source_of(live.payload_key)]) {
            live.caller_retried = true;
            let next = t + sdk_backoff(&self.rng, live.key, attempt);
            self.set_timer(next, slot, false);
        } else {
            self.end(t, slot, Outcome::ThrottleToCaller);
        }
    }

    /// The event leaves the queue at `t` (to run, or to be sent on).
    #[inline]
    fn leave_queue(&mut self, t: AwsMillis, slot: u32) {
        if !MINUTES {
            return;
        }
        let i = slot as usize;
        let live = &mut self.live[i];
        if let Some(since) = live.queued_since.take() {
            self.queued -= 1;
            self.metrics.queued_for(live.received_ms, since, t);
        }
    }

    // Inlined at its two callers (through `deliver`) in the native build: with the metrics
    // compiled out of `Keep::Counts`'s copy, the call's saving and restoring of registers was an
    // eighth of a start's instructions (callgrind: 76.9 → 73.5 M; about −2.5 % CPU). Not in the
    // page's wasm, which is built for size.
    #[cfg_attr(not(target_arch = "wasm32"), inline(always))]
    fn start(&mut self, t: AwsMillis, slot: u32, duplicate: bool) {
        self.running += 1;
        self.counts.attempts += 1;
        self.counts.max_concurrency = self.counts.max_concurrency.max(self.running);
        if !duplicate {
            self.leave_queue(t, slot);
        }
        let live = &mut self.live[slot as usize];
        live.runs += 1;
        if duplicate {
            live.duplicate_streak = 0;
        } else {
            live.throttle_streak = 0;
        }
        let key = live.key;
        // The run is the version in force now, to its end.
        let f = &self.now_set.function;
        let AttemptPlan { result, duration_ms } = attempt_plan(f, &self.rng, key, live.runs);
        let r = Running {
            end: t + duration_ms,
            start: t,
            slot,
            result,
            duplicate,
            idempotent: f.idempotent,
            fails_after_side_effect: f.fails_after_side_effect,
        };
        self.ends.push(duration_ms, r);
        if MINUTES {
            let m = self.metrics.now();
            m.invocations += 1;
            m.concurrent_executions = m.concurrent_executions.max(self.running);
            if !self.sync {
                m.async_event_age = m.async_event_age.max(t - live.received_ms);
            }
        }
        if !self.sync {
            // Only the first delivery can be duplicated: the delay drawn at admission is used once.
            if live.duplicate_after != 0 {
                let delay = AwsMillis::from(std::mem::take(&mut live.duplicate_after));
                live.duplicate_pending = true;
                self.set_timer(t + delay, slot, true);
            }
        }
    }

    fn attempt_ended(&mut self, r: Running) {
        let t = r.end;
        self.running -= 1;
        if MINUTES && r.result.failed() {
            self.metrics.count_error(r.start);
        }
        let i = r.slot as usize;
        let mut rec = self.records.get_mut(i);
        if let Some(rec) = rec.as_deref_mut() {
            rec.attempts.push(Attempt { start_ms: r.start, end_ms: t, result: r.result, duplicate: r.duplicate });
        }
        let live = &mut self.live[i];
        if reaches_side_effect(r.result, r.fails_after_side_effect) {
            if performs_side_effect(r.idempotent, r.idempotent && self.store.holds(live.payload_key)) {
                if let Some(rec) = rec {
                    rec.side_effects += 1;
                }
                self.counts.side_effects += 1;
                if self.keep_all {
                    self.side_effect_times.push(t);
                }
            }
            if r.idempotent {
                self.store.record(live.payload_key);
            }
        }
        if r.duplicate {
            live.duplicate_pending = false;
            self.release_if_done(r.slot);
            return;
        }
        if self.sync {
            // The function answered 200 (with or without a function error): the call is over.
            self.quota[source_of(live.payload_key)].release(live.caller_retried);
            let outcome = if r.result.failed() { Outcome::ErrorToCaller } else { Outcome::Succeeded };
            self.end(t, r.slot, outcome);
            return;
        }
        if r.result == AttemptResult::Success {
            self.end(t, r.slot, Outcome::Succeeded);
            return;
        }
        live.failed += 1;
        if retries_exhausted(live.failed, self.now_set.invoke_config.max_retry_attempts) {
            self.end(t, r.slot, Outcome::RetriesExhausted);
            return;
        }
        let next = t + retry_wait(&self.rng, live.key, live.failed);
        if too_old_for(live.received_ms, next, self.max_age_ms) {
            self.end(t, r.slot, Outcome::EventAgeExceeded);
        } else {
            self.set_timer(next, r.slot, false);
        }
    }

    #[inline]
    fn set_timer(&mut self, at: AwsMillis, slot: u32, duplicate: bool) {
        self.seq += 1;
        debug_assert!(at < 1 << (64 - SEQ_BITS) && self.seq < 1 << SEQ_BITS);
        debug_assert!(at > self.now && at - self.now <= HORIZON_MS);
        let order = (at << SEQ_BITS) | self.seq;
        self.timers.push(order, (slot << 1) | u32::from(duplicate));
    }

    // Inlined at each of its callers in the native build: each names its outcome as a constant,
    // so which count it adds to, whether it is dropped and where it ends ([`endings`]) are
    // settled when compiling instead of through a jump table at every end (callgrind: 96.5 →
    // 90.8 M instructions, 241 → 141 k indirect branches, −1 % CPU). Not in the page's wasm,
    // which is built for size.
    #[cfg_attr(not(target_arch = "wasm32"), inline(always))]
    fn end(&mut self, t: AwsMillis, slot: u32, outcome: Outcome) {
        self.leave_queue(t, slot);
        *self.counts.of_mut(outcome) += 1;
        if MINUTES && counts_as_dropped(outcome) {
            self.metrics.now().async_events_dropped += 1;
        }
        // Where it goes is decided now, with the DLQ and destinations in force now.
        let ends = endings(self.s.invocation, &self.now_set, outcome);
        let c = &mut self.counts;
        c.on_success_records += u64::from(ends.on_success.is_some());
        c.dlq_messages += u64::from(ends.dlq.is_some());
        c.on_failure_records += u64::from(ends.on_failure.is_some());
        c.lost += u64::from(ends.lost);
        let i = slot as usize;
        if self.keeps_dlq && ends.dlq == Some(DlqTarget::Sqs) {
            let live = &self.live[i];
            self.dlq_sqs.push(DlqMessage { position: live.position, payload_key: live.payload_key });
        }
        self.live[i].ended = true;
        if let Some(rec) = self.records.get_mut(i) {
            rec.outcome = outcome;
            rec.ended_ms = Some(t);
            rec.endings = ends;
        }
        self.release_if_done(slot);
    }

    /// In `Keep::Recent` mode a finished event leaves the slab (for the recent window).
    #[inline]
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
            self.keep_recent(i);
        }
        self.free.push(slot);
    }

    /// The record of the event in slot `i`, which just finished, joins the recent window.
    #[inline(never)]
    fn keep_recent(&mut self, i: usize) {
        if self.recent.len() == self.recent_cap {
            self.recent.pop_front();
        }
        self.recent.push_back(std::mem::take(&mut self.records[i]));
    }

    fn finish(mut self) -> Run {
        self.settle_instant();
        // The gauges hold until the run's last instant, which may open a minute of its own.
        if MINUTES {
            self.metrics.advance(self.run_for_ms, self.running, self.queued);
        }
        self.settle_instant();
        let end = self.run_for_ms;
        for (order, tag) in self.timers.iter() {
            let timer = Timer { order, tag };
            if !timer.duplicate() {
                // At most one regular timer is pending per event.
                if let Some(rec) = self.records.get_mut(timer.slot() as usize) {
                    rec.next_try_ms = Some(timer.at());
                }
            }
        }
        for r in self.ends.iter() {
            let Some(rec) = self.records.get_mut(r.slot as usize) else { continue };
            let run = Some((r.start, r.end));
            if r.duplicate {
                rec.unfinished_duplicate = run;
            } else {
                rec.unfinished = run;
            }
        }
        let mut in_flight = 0;
        for live in &self.live {
            if !live.ended {
                in_flight += 1;
                if let Some(since) = live.queued_since {
                    // Still queued at the last instant, which belongs to the run.
                    self.metrics.queued_for(live.received_ms, since, end + 1);
                }
            }
        }
        self.counts.in_flight = in_flight;
        let peak_events_held = self.live.len();
        let events = if self.keep_all { self.records } else { self.recent.into_iter().collect() };
        Run {
            counts: self.counts,
            events,
            metrics: self.metrics,
            run_for_ms: self.run_for_ms,
            peak_events_held,
            reprocessing: self.reprocessing,
            side_effect_times: self.side_effect_times,
        }
    }
}
