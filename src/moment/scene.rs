//! What the stage shows at AWS time `t`: a pure function of the run, its index, the scenario, `t`
//! and the [`Timing`] of the page (how long a glide lasts, how far paused tokens have come to
//! rest). No pixels here.
//!
//! A token stands at a *spot* (a source, a rank in the queue, a concurrency slot, a rank in the
//! retry area or an ending lane); the canvas turns spots into pixels and a move between two spots
//! into a route ([`At::Moving`]). A token that changed place less than a glide ago is drawn on its
//! way from the spot it left to the spot it is heading for. A glide never takes more than most of
//! the stay it leads to, so a token always arrives before it moves on (a 0.8-second run at
//! "1 AWS minute = 3 s" reaches its slot, briefly, instead of being waved past it). Because
//! everything is computed from `t` and never from the previous frame, scrubbing to a moment always
//! gives the same picture.
//!
//! **Numbers follow the tokens.** A lane counts a token once it has *arrived* there: a token on
//! its way still counts in the lane it left, and a token leaving a source counts in neither (a
//! source's number is how many events it has sent). So every count on the stage changes when its
//! token lands, the SNS topic's subscribers count a message when its fan-out dots reach them, and
//! a picture at rest shows every token where the counts say it is. [`Timing::settle`] lets the
//! glides of a paused moment finish: a paused stage comes to rest instead of freezing tokens
//! between lanes.
//!
//! **A frame costs what it shows, not the events in flight.** The counts come from an
//! [`InFlight`] moved from the last moment drawn (only the events with a happening in between
//! change); the scene places the tokens that moved within the last two glides and the first
//! [`LISTED_MAX`] standing in each of the queue, the function and the retry area, and counts the
//! rest ([`Scene::unlisted`]), which the canvas draws on the lane's counted stack as it draws any
//! overflow. Of a crowd moving at once, the tokens of the last [`MOVES_MAX`] happenings glide and
//! the others stand where they are going (counted there). The picture is still a function of `t`:
//! a flight only makes the next moment cheaper.

use lab_core::engine::{EventRecord, Run};
use lab_core::moment::{
    duplicate_run_at, place_at, resting_lanes, InFlight, Lane, LaneCounts, Members, Place, RunIndex,
};
use lab_core::outcome::Outcome;
use lab_core::scenario::{DlqTarget, Service};
use lab_core::service::PerService;
use lab_core::time::AwsMillis;

/// How a token looks: a colour and a shape, so that state never rests on colour alone.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Look {
    /// Waiting in the internal queue: an orange square.
    Queued,
    /// Back in the queue after a 429: an orange triangle.
    Throttled,
    /// A run of the handler: a blue circle.
    Running,
    /// A duplicate delivery's run: a sky-blue ring.
    Duplicate,
    /// Waiting out a retry wait: a reddish-purple diamond.
    Retry,
    /// Succeeded: a bluish-green circle with a tick.
    Succeeded,
    /// Sent to a DLQ or on-failure destination: a vermillion square with a cross.
    Failed,
    /// Failed with nowhere to go: a grey cross.
    Lost,
}

impl Look {
    pub const ALL: [Look; 8] = [
        Look::Queued,
        Look::Throttled,
        Look::Running,
        Look::Duplicate,
        Look::Retry,
        Look::Succeeded,
        Look::Failed,
        Look::Lost,
    ];

    /// The look of a token at rest in an ending lane.
    pub fn of_ending(lane: Lane) -> Look {
        match lane {
            Lane::Success | Lane::DestinationSuccess => Look::Succeeded,
            Lane::Lost => Look::Lost,
            _ => Look::Failed,
        }
    }
}

/// Where in the stage a token stands.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Spot {
    Source(Service),
    /// Rank in the queue, 0 at the front (next to the function).
    Queue(u32),
    /// A concurrency slot; `None` when the index knows no slot for the run.
    Slot(Option<u16>),
    /// Rank in the retry area.
    Retry(u32),
    /// Rank in an ending lane (tokens at rest first, then those arriving).
    Ending(Lane, u32),
}

impl Spot {
    /// The lane whose count includes a token standing here; `None` at a source, whose number
    /// counts the events sent rather than the tokens standing there.
    pub fn counted_in(self) -> Option<Lane> {
        match self {
            Spot::Source(_) => None,
            Spot::Queue(_) => Some(Lane::Queue),
            Spot::Slot(_) => Some(Lane::Function),
            Spot::Retry(_) => Some(Lane::Retry),
            Spot::Ending(lane, _) => Some(lane),
        }
    }
}

/// Where a token is: at a spot, or on its way between two.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum At {
    Still(Spot),
    /// On the way from `from` to `to`, a share `x` (0 ≤ x < 1) of the glide's time gone.
    Moving {
        from: Spot,
        to: Spot,
        x: f32,
    },
}

impl At {
    /// Where the token stands, or is heading.
    pub fn spot(&self) -> Spot {
        match *self {
            At::Still(s) | At::Moving { to: s, .. } => s,
        }
    }

    /// Whether the token is crossing the 202 handshake, on its way from a source.
    pub fn leaving_source(&self) -> bool {
        matches!(self, At::Moving { from: Spot::Source(_), .. })
    }

    /// The lane whose count includes the token: where it stands, or the one it is leaving.
    pub fn counted_in(&self) -> Option<Lane> {
        match *self {
            At::Still(s) | At::Moving { from: s, .. } => s.counted_in(),
        }
    }
}

/// One token to draw.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Token {
    /// The event's position in the run (arrival order).
    pub event: u32,
    pub look: Look,
    pub at: At,
    /// A retry wait's elapsed share, for its countdown ring.
    pub ring: Option<f32>,
    /// A throttle's bounce, 0 → 1 while it lasts.
    pub bounce: Option<f32>,
}

/// A retry wait, for the countdown list.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Countdown {
    pub event: u32,
    /// Which retry is coming (1 or 2).
    pub retry: u32,
    /// When it is due, if known.
    pub until: Option<AwsMillis>,
}

/// The ending lanes, in the order the stage shows them.
pub const ENDING_LANES: [Lane; 6] = [
    Lane::Success,
    Lane::DestinationSuccess,
    Lane::DestinationFailure,
    Lane::Dlq(DlqTarget::Sqs),
    Lane::Dlq(DlqTarget::Sns),
    Lane::Lost,
];

/// How the picture moves, in AWS milliseconds (the page turns its real-time choices into these).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Timing {
    /// How long a glide between two spots takes (0: tokens step, for reduced motion).
    pub glide: AwsMillis,
    /// How far past `t` glides and fan-outs have run: 0 while the clock plays; up to
    /// [`Timing::at_rest`] while a paused stage comes to rest.
    pub settle: AwsMillis,
    /// How long an event's `202` pulses at the gate.
    pub pulse: AwsMillis,
}

impl Timing {
    /// The settle at which everything has arrived: a glide, then the SNS topic's fan-out.
    pub fn at_rest(&self) -> AwsMillis {
        2 * self.glide
    }
}

/// Everything the stage draws at one moment.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Scene {
    pub t: AwsMillis,
    /// How long a glide takes here (0: tokens step).
    pub glide: AwsMillis,
    /// Whether every token has arrived where it is going (nothing moves until the clock does).
    pub at_rest: bool,
    /// Lane counts as the tokens stand: a token counts in a lane once it has arrived there.
    pub counts: LaneCounts,
    pub tokens: Vec<Token>,
    /// Tokens at rest in each ending lane ([`ENDING_LANES`] order): drawn as a stack.
    pub resting: [u64; 6],
    /// The soonest retry waits of the tokens in the retry area, soonest first (at most
    /// [`COUNTDOWNS_SHOWN`]).
    pub countdowns: Vec<Countdown>,
    /// Tokens given a rank in the queue and in the retry area (those heading there included).
    pub queued: u32,
    pub waiting: u32,
    /// Tokens standing in the queue, the function and the retry area that are not in `tokens`
    /// (past [`LISTED_MAX`] of a lane): drawn on the lane's counted stack.
    pub unlisted: Unlisted,
    /// Queued tokens that were throttled (their last delivery got a 429).
    pub throttled: u32,
    /// Throttled tokens bouncing back from the function's door right now.
    pub bouncing: u32,
    /// Events whose token has not reached an ending yet (duplicate runs not counted).
    pub in_flight: u32,
    /// Fan-out pulses of messages that just reached the SNS DLQ: 0 → 1 each.
    pub fanout: Vec<f32>,
    /// Messages of the SNS DLQ whose fan-out has reached the subscribers.
    pub fanned_out: u64,
    /// Per source, the newest `202 Accepted` pulse at the gate: 0 → 1 while it lasts.
    pub accepted: PerService<Option<f32>>,
}

/// Tokens standing in a lane but not listed one by one ([`LISTED_MAX`]).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Unlisted {
    pub queue: u64,
    pub function: u64,
    pub retry: u64,
}

/// How many tokens standing in the queue, the function or the retry area the scene places one by
/// one, front first (more than the cells of any lane's grid on a large screen: the canvas stacks
/// the rest anyway). Past it they are counted ([`Scene::unlisted`]), so a frame's work does not
/// grow with the events in flight. Tokens on the move are always placed.
pub const LISTED_MAX: usize = 2_048;

/// How many of the latest happenings the scene looks at for tokens on their way: more than the
/// canvas draws moving ([`crate::stage::canvas::MOVING_MAX`]). A token whose move came before them
/// stands where it is going.
pub const MOVES_MAX: usize = 2_048;

/// How many retry countdowns the stage lists; the rest are counted.
pub const COUNTDOWNS_SHOWN: usize = 5;
/// Most fan-out pulses drawn at once.
const FANOUT_MAX: usize = 12;
/// How many of the newest arrivals are looked at for the gate's pulses: a burst pulses as one.
const PULSE_SCAN: usize = 64;

/// Eases a glide in and out, so tokens start and land softly.
pub fn ease(x: f32) -> f32 {
    let x = x.clamp(0.0, 1.0);
    x * x * (3.0 - 2.0 * x)
}

/// The share of a stay that the glide into it may take.
const GLIDE_SHARE: f64 = 0.8;

/// How long the glide into a stay from `since` to `until` takes.
fn glide_for(glide: AwsMillis, since: AwsMillis, until: Option<AwsMillis>) -> AwsMillis {
    until.map_or(glide, |u| glide.min((u.saturating_sub(since) as f64 * GLIDE_SHARE) as AwsMillis))
}

/// The spot an event stood at just before `t` (where its glide into the place it has at `t` starts).
fn spot_before(index: &RunIndex, run: &Run, event: usize, rec: &EventRecord, t: AwsMillis) -> Spot {
    if t <= rec.received_ms {
        return Spot::Source(rec.service());
    }
    match place_at(rec, t - 1) {
        None => Spot::Source(rec.service()),
        Some(Place::Running { since, .. }) => Spot::Slot(index.slot(run, event, since, false)),
        Some(Place::RetryWait { .. }) => Spot::Retry(0),
        // A synchronous call backing off is back with its caller.
        Some(Place::CallerBackoff { .. }) => Spot::Source(rec.service()),
        // The queue's front, where deliveries leave from (an ended event moves on no more).
        Some(Place::Queue { .. } | Place::Ended { .. }) => Spot::Queue(0),
    }
}

/// One event's token heading for `spot` since `since` (staying until `until`), seen at `seen`
/// (`t` plus the settle): still once its glide is over, else on its way from where it stood.
struct Mover<'a> {
    index: &'a RunIndex,
    run: &'a Run,
    event: usize,
    rec: &'a EventRecord,
    seen: AwsMillis,
    glide: AwsMillis,
}

impl Mover<'_> {
    fn at(&self, since: AwsMillis, until: Option<AwsMillis>, spot: Spot) -> At {
        let g = glide_for(self.glide, since, until);
        if g == 0 || self.seen >= since + g {
            return At::Still(spot);
        }
        let x = (self.seen - since) as f32 / g as f32;
        At::Moving { from: spot_before(self.index, self.run, self.event, self.rec, since), to: spot, x }
    }
}

/// Whether a token is on its way out of the retry wait (still counted there).
fn leaves_retry(at: &At) -> bool {
    matches!(at, At::Moving { from: Spot::Retry(_), .. })
}

/// How many regular attempts of an event had failed by `t`.
fn failed_by(rec: &EventRecord, t: AwsMillis) -> u32 {
    rec.attempts.regular().filter(|a| a.end_ms <= t).count() as u32
}

/// Moves one count from the lane a moving token heads for to the lane it left.
fn count_as_leaving(counts: &mut LaneCounts, at: &At) {
    if let At::Moving { from, to, .. } = at {
        if let Some(lane) = to.counted_in() {
            let n = counts.slot_mut(lane);
            *n = n.saturating_sub(1);
        }
        if let Some(lane) = from.counted_in() {
            *counts.slot_mut(lane) += 1;
        }
    }
}

/// The stage at `t`. `flight` is moved to `t` (its last moment makes this cheaper, never
/// different): the scene places the tokens that moved within the last two glides and, of those
/// standing in the queue, the function and the retry area, the first [`LISTED_MAX`] of each; it
/// counts the rest.
pub fn scene_at(run: &Run, index: &RunIndex, flight: &mut InFlight, t: AwsMillis, timing: Timing) -> Scene {
    let glide = timing.glide;
    let seen = t + timing.settle.min(timing.at_rest());
    flight.seek(run, index, t);
    let mut scene = Scene {
        t,
        glide,
        at_rest: glide == 0 || timing.settle >= timing.at_rest(),
        counts: flight.counts(run, index),
        ..Scene::default()
    };
    // Events that ended within two glides still show: arriving, then fanning out. Only the events
    // that changed place since then can be on their way: those of the last MOVES_MAX happenings
    // are placed on their way; any before them are drawn where they are going (past the canvas's
    // MOVING_MAX, a crowd on the move is a count, not a picture).
    let rested = seen.saturating_sub(timing.at_rest());
    let since = seen.checked_sub(timing.at_rest());
    let mut events = index.events_with_facts(since, t, MOVES_MAX);
    let first = |set: &Members| set.iter().take(LISTED_MAX).collect::<Vec<_>>();
    for lane in [flight.queue(), flight.running(), flight.duplicates(), flight.retry()] {
        events.extend(first(lane));
    }
    events.sort_unstable();
    events.dedup();
    let (mut queued, mut waiting) = (0u32, 0u32);
    let (mut placed_running, mut placed_duplicates) = (0u64, 0u64);
    let mut countdowns: Vec<Countdown> = Vec::new();
    // Tokens arriving in ending lanes: (lane slot, ended at, token index) for ranking.
    let mut arriving: Vec<(usize, AwsMillis, usize)> = Vec::new();
    let mut fanning = 0u64;
    let mut moving_ended = 0u32;
    for &i in &events {
        let i = i as usize;
        // Settled, landed and fanned out before this moment: at rest in its ending lanes.
        if index.settled(i) <= rested && rested > 0 {
            continue;
        }
        let rec = &run.events[i];
        let event = i as u32;
        let mover = Mover { index, run, event: i, rec, seen, glide };
        if let Some((since, until)) = duplicate_run_at(rec, t) {
            // A duplicate delivery comes from the queue's front like any delivery.
            let slot = Spot::Slot(index.slot(run, i, since, true));
            let g = glide_for(glide, since, Some(until));
            let at = if g == 0 || seen >= since + g {
                At::Still(slot)
            } else {
                At::Moving { from: Spot::Queue(0), to: slot, x: (seen - since) as f32 / g as f32 }
            };
            count_as_leaving(&mut scene.counts, &at);
            scene.tokens.push(Token { event, look: Look::Duplicate, at, ring: None, bounce: None });
            placed_duplicates += 1;
        }
        let Some(place) = place_at(rec, t) else { continue };
        let mut push = |look, at: At, ring, bounce| {
            count_as_leaving(&mut scene.counts, &at);
            scene.tokens.push(Token { event, look, at, ring, bounce });
        };
        match place {
            Place::Queue { since, throttled, until } => {
                let at = mover.at(since, until, Spot::Queue(queued));
                queued += 1;
                // Turned away at the function's door: back from the queue's front, with a 429.
                let bounce = match at {
                    At::Moving { x, .. } if throttled => Some(x),
                    _ => None,
                };
                let look = if throttled { Look::Throttled } else { Look::Queued };
                if leaves_retry(&at) {
                    countdowns.push(Countdown { event, retry: failed_by(rec, since), until: Some(since) });
                }
                push(look, at, None, bounce);
                scene.throttled += u32::from(throttled);
                scene.bouncing += u32::from(bounce.is_some());
            }
            Place::Running { attempt, since, until } => {
                let spot = Spot::Slot(index.slot(run, i, since, false));
                let at = mover.at(since, Some(until), spot);
                if leaves_retry(&at) {
                    // Counted in the retry wait until it reaches its slot: its retry is due.
                    countdowns.push(Countdown { event, retry: attempt - 1, until: Some(since) });
                }
                push(Look::Running, at, None, None);
                placed_running += 1;
            }
            Place::RetryWait { retry, since, until } => {
                let ring = until.map(|u| ((t - since) as f32 / (u - since).max(1) as f32).clamp(0.0, 1.0));
                let at = mover.at(since, until, Spot::Retry(waiting));
                // Listed once it is there, as it is counted (and until it has left).
                if let At::Still(_) = at {
                    countdowns.push(Countdown { event, retry, until });
                }
                push(Look::Retry, at, ring, None);
                waiting += 1;
            }
            // A synchronous call backing off is with its caller: the compare view will draw it
            // (counted in flight by `flight`).
            Place::CallerBackoff { .. } => {}
            Place::Ended { outcome, at } => {
                if outcome == Outcome::InFlight {
                    continue;
                }
                let mut moving = false;
                for lane in resting_lanes(rec, t) {
                    let Some(k) = ENDING_LANES.iter().position(|l| *l == lane) else { continue };
                    let arrive = mover.at(at, None, Spot::Ending(lane, 0));
                    if let At::Moving { to, .. } = arrive {
                        // One event leaves one place, whatever the number of lanes it heads for.
                        count_as_leaving(
                            &mut scene.counts,
                            &At::Moving { from: Spot::Source(rec.service()), to, x: 0.0 },
                        );
                        moving = true;
                        arriving.push((k, at, scene.tokens.len()));
                        scene.tokens.push(Token {
                            event,
                            look: Look::of_ending(lane),
                            at: arrive,
                            ring: None,
                            bounce: None,
                        });
                    } else if lane == Lane::Dlq(DlqTarget::Sns) && glide > 0 && seen < at + 2 * glide {
                        // Landed on the topic; its message is on the way to every subscriber.
                        fanning += 1;
                        if scene.fanout.len() < FANOUT_MAX {
                            scene.fanout.push((seen - at - glide) as f32 / glide as f32);
                        }
                    }
                }
                if moving {
                    if let Some(lane) = spot_before(index, run, i, rec, at).counted_in() {
                        *scene.counts.slot_mut(lane) += 1;
                    }
                    moving_ended += 1;
                }
            }
        }
    }
    // Those standing past the first LISTED_MAX of their lane: counted, and stacked by the canvas.
    let (in_queue, in_retry) = (flight.queue().len() as u64, flight.retry().len() as u64);
    let in_function = (flight.running().len() + flight.duplicates().len()) as u64;
    scene.unlisted = Unlisted {
        queue: in_queue - u64::from(queued).min(in_queue),
        function: in_function - (placed_running + placed_duplicates).min(in_function),
        retry: in_retry - u64::from(waiting).min(in_retry),
    };
    (scene.queued, scene.waiting) = (in_queue as u32, in_retry as u32);
    scene.in_flight = flight.in_flight() as u32 + moving_ended;
    // The soonest retry waits of the tokens not placed: they stand in the retry area.
    countdowns.extend(
        flight
            .retry_due(run, index)
            .filter(|(_, e)| events.binary_search(e).is_err())
            .take(COUNTDOWNS_SHOWN)
            .filter_map(|(until, e)| match place_at(&run.events[e as usize], t) {
                Some(Place::RetryWait { retry, .. }) => {
                    Some(Countdown { event: e, retry, until: (until != AwsMillis::MAX).then_some(until) })
                }
                _ => None,
            }),
    );
    scene.fanned_out = scene.counts.dlq_sns.saturating_sub(fanning);
    scene.accepted = pulses(run, t, seen, timing.pulse);
    // Arriving tokens queue up behind the ones at rest, first ended first.
    for (k, lane) in ENDING_LANES.iter().enumerate() {
        scene.resting[k] = scene.counts.get(*lane);
    }
    lab_core::order::sort_by_key(&mut arriving, |&(k, at, tok)| (k as u128) << 96 | u128::from(at) << 32 | tok as u128);
    let mut next_rank = scene.resting;
    for (k, _, tok) in arriving {
        let rank = next_rank[k].min(u64::from(u32::MAX)) as u32;
        next_rank[k] += 1;
        if let At::Moving { to, .. } = &mut scene.tokens[tok].at {
            *to = Spot::Ending(ENDING_LANES[k], rank);
        }
    }
    lab_core::order::sort_by_key(&mut countdowns, |c| {
        u128::from(c.until.unwrap_or(AwsMillis::MAX)) << 64 | u128::from(c.event)
    });
    countdowns.truncate(COUNTDOWNS_SHOWN);
    scene.countdowns = countdowns;
    scene
}

/// The newest `202 Accepted` of each source, as a pulse's progress: the events received by `t`
/// less than `pulse` before `seen`. Only the newest [`PULSE_SCAN`] arrivals are looked at, so a
/// burst costs no more than a trickle.
fn pulses(run: &Run, t: AwsMillis, seen: AwsMillis, pulse: AwsMillis) -> PerService<Option<f32>> {
    let mut out = PerService::default();
    if pulse == 0 {
        return out;
    }
    let hi = run.events.partition_point(|r| r.received_ms <= t);
    for rec in run.events[..hi].iter().rev().take(PULSE_SCAN) {
        let age = seen - rec.received_ms;
        if age >= pulse {
            break;
        }
        let p = &mut out[rec.service()];
        if p.is_none() {
            *p = Some(age as f32 / pulse as f32);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use lab_core::engine::{run, Keep};
    use lab_core::scenario::{ErrorKind, FailureMode, Scenario, Source};
    use lab_core::share::PresetId;
    use wasm_bindgen_test::wasm_bindgen_test;

    fn failing_burst() -> Scenario {
        let mut s = Scenario { dlq: Some(DlqTarget::Sqs), duplicate_rate: 0.2, ..Scenario::default() };
        s.sources = vec![Source { service: Service::S3, events: 12, start_ms: 0, every_ms: 500 }];
        s.function.reserved_concurrency = Some(2);
        s.function.duration_ms = 3_000;
        s.function.timeout_s = 10;
        s.function.failure = FailureMode::Rate { p: 0.5, error: ErrorKind::Error };
        s
    }

    /// Playing (nothing settled) with a glide of `glide`.
    fn playing(glide: AwsMillis) -> Timing {
        Timing { glide, settle: 0, pulse: glide }
    }

    /// Paused and come to rest.
    fn resting(glide: AwsMillis) -> Timing {
        Timing { glide, settle: 2 * glide, pulse: glide }
    }

    /// How many tokens each lane counts: those standing in it and those leaving it (an event
    /// heading for two endings leaves once), plus the ending lanes' tokens at rest.
    fn tokens_in(scene: &Scene, lane: Lane) -> u64 {
        let counted = || scene.tokens.iter().filter(|k| k.at.counted_in() == Some(lane));
        let to_an_ending = |k: &Token| matches!(k.at, At::Moving { to: Spot::Ending(..), .. });
        // An event's tokens heading for its endings are pushed together.
        let mut ending: Vec<u32> = counted().filter(|k| to_an_ending(k)).map(|k| k.event).collect();
        ending.dedup();
        let moving = (counted().filter(|k| !to_an_ending(k)).count() + ending.len()) as u64;
        let resting = ENDING_LANES.iter().position(|l| *l == lane).map_or(0, |k| scene.resting[k]);
        let unlisted = match lane {
            Lane::Queue => scene.unlisted.queue,
            Lane::Function => scene.unlisted.function,
            Lane::Retry => scene.unlisted.retry,
            _ => 0,
        };
        moving + resting + unlisted
    }

    const LANES: [Lane; 9] = [
        Lane::Queue,
        Lane::Function,
        Lane::Retry,
        Lane::Success,
        Lane::DestinationSuccess,
        Lane::DestinationFailure,
        Lane::Dlq(DlqTarget::Sqs),
        Lane::Dlq(DlqTarget::Sns),
        Lane::Lost,
    ];

    fn scenarios() -> Vec<Scenario> {
        let mut all: Vec<Scenario> = PresetId::ALL.into_iter().map(PresetId::scenario).collect();
        all.push(failing_burst());
        all
    }

    #[wasm_bindgen_test]
    fn every_count_is_the_tokens_standing_in_or_leaving_its_lane() {
        for s in scenarios() {
            let r = run(&s, Keep::All);
            let index = RunIndex::new(&r);
            // One flight moved from moment to moment, as the page's.
            let mut flight = InFlight::default();
            for t in (0..r.run_for_ms).step_by(1_300) {
                for timing in [playing(9_000), resting(9_000), playing(0)] {
                    let scene = scene_at(&r, &index, &mut flight, t, timing);
                    for lane in LANES {
                        assert_eq!(scene.counts.get(lane), tokens_in(&scene, lane), "{lane:?} at {t}, {timing:?}");
                    }
                    let ended: u64 = [Lane::Success, Lane::Dlq(DlqTarget::Sqs), Lane::Dlq(DlqTarget::Sns), Lane::Lost]
                        .iter()
                        .chain(s.dlq.is_none().then_some(&Lane::DestinationFailure))
                        .map(|l| scene.counts.get(*l))
                        .sum();
                    let sent: u64 = scene.counts.sent.iter().map(|(_, n)| *n).sum();
                    assert_eq!(
                        u64::from(scene.in_flight) + ended,
                        sent,
                        "every event sent is in flight or ended, at {t}"
                    );
                    assert!(scene.countdowns.len() <= COUNTDOWNS_SHOWN);
                    let listed = (scene.counts.retry as usize).min(COUNTDOWNS_SHOWN);
                    assert_eq!(
                        scene.countdowns.len(),
                        listed,
                        "a countdown for each token counted in the retry wait, at {t}"
                    );
                    assert!(scene.countdowns.windows(2).all(|w| w[0].until <= w[1].until), "soonest first");
                }
            }
        }
    }

    /// The issue's complaint: "Success says 3 while two ✓ tokens have arrived", and a "waiting to
    /// retry" diamond in a function slot while the lane says 0 busy.
    #[wasm_bindgen_test]
    fn a_paused_stage_comes_to_rest_with_every_token_where_the_counts_say() {
        for s in scenarios() {
            let r = run(&s, Keep::All);
            let index = RunIndex::new(&r);
            for t in (0..r.run_for_ms).step_by(700) {
                let scene = scene_at(&r, &index, &mut InFlight::default(), t, resting(20_000));
                assert!(scene.at_rest);
                for tok in &scene.tokens {
                    let At::Still(spot) = tok.at else { panic!("{tok:?} still moving at rest, at {t}") };
                    let lane = spot.counted_in();
                    let look_lane = match tok.look {
                        Look::Queued | Look::Throttled => Some(Lane::Queue),
                        Look::Running | Look::Duplicate => Some(Lane::Function),
                        Look::Retry => Some(Lane::Retry),
                        _ => lane,
                    };
                    assert_eq!(lane, look_lane, "{tok:?} looks like another lane's token, at {t}");
                }
                assert!(scene.tokens.iter().all(|k| k.bounce.is_none()) && scene.fanout.is_empty());
                assert_eq!(scene.fanned_out, scene.counts.dlq_sns);
            }
        }
    }

    #[wasm_bindgen_test]
    fn a_count_changes_when_its_token_arrives() {
        let s = PresetId::HappyPath.scenario();
        let r = run(&s, Keep::All);
        let index = RunIndex::new(&r);
        let end = r.events[0].ended_ms.unwrap();
        let glide = 9_000;
        let success = |t, timing| scene_at(&r, &index, &mut InFlight::default(), t, timing).counts.success;
        assert_eq!(success(end, playing(glide)), 0, "the ✓ token has just left its slot");
        assert_eq!(
            scene_at(&r, &index, &mut InFlight::default(), end, playing(glide)).counts.function,
            1,
            "it counts where it left"
        );
        assert_eq!(success(end + glide / 2, playing(glide)), 0, "still on its way");
        assert_eq!(success(end + glide, playing(glide)), 1, "landed");
        assert_eq!(success(end, resting(glide)), 1, "paused, it comes to rest, and the count follows");
        assert_eq!(success(end, playing(0)), 1, "without glides, at once");
    }

    #[wasm_bindgen_test]
    fn sns_subscribers_count_a_message_when_its_fan_out_reaches_them() {
        let s = PresetId::AlwaysFailsSnsDlq.scenario();
        let r = run(&s, Keep::All);
        let index = RunIndex::new(&r);
        let at = r.events[0].ended_ms.unwrap();
        let glide = 6_000;
        let landed = scene_at(&r, &index, &mut InFlight::default(), at + glide + glide / 2, playing(glide));
        assert_eq!(landed.counts.dlq_sns, 1, "on the topic");
        assert_eq!(landed.fanned_out, 0, "its dots are on the way");
        assert_eq!(landed.fanout.len(), 1);
        let reached = scene_at(&r, &index, &mut InFlight::default(), at + 2 * glide, playing(glide));
        assert_eq!((reached.counts.dlq_sns, reached.fanned_out), (1, 1));
        assert!(reached.fanout.is_empty());
    }

    #[wasm_bindgen_test]
    fn a_token_glides_from_its_source_and_then_stands_still() {
        let s = failing_burst();
        let r = run(&s, Keep::All);
        let index = RunIndex::new(&r);
        let glide = 9_000;
        // The first event arrived at 0 and started at once, for a 3-second run: its glide to the
        // slot takes 80 % of that, so after 1 s it is on its way, and after 2.5 s it is there.
        let mid = scene_at(&r, &index, &mut InFlight::default(), 1_000, playing(glide));
        let first = mid.tokens.iter().find(|k| k.event == 0).unwrap();
        assert!(first.at.leaving_source(), "{first:?}");
        let there = scene_at(&r, &index, &mut InFlight::default(), 2_500, playing(glide));
        let first = there.tokens.iter().find(|k| k.event == 0).unwrap();
        assert!(matches!(first.at, At::Still(Spot::Slot(Some(_)))), "arrived before the run ends: {first:?}");
        // With no glide, tokens step: every one stands at exactly one spot.
        let stepped = scene_at(&r, &index, &mut InFlight::default(), glide / 2, playing(0));
        assert!(stepped.tokens.iter().all(|k| matches!(k.at, At::Still(_))));
        assert!(stepped.tokens.iter().all(|k| k.bounce.is_none()));
    }

    #[wasm_bindgen_test]
    fn each_event_pulses_202_at_the_gate_as_it_arrives() {
        let s = PresetId::HappyPath.scenario();
        let r = run(&s, Keep::All);
        let index = RunIndex::new(&r);
        let pulse = 4_000;
        let timing = Timing { glide: pulse, settle: 0, pulse };
        let at = |t| scene_at(&r, &index, &mut InFlight::default(), t, timing).accepted;
        assert_eq!(at(0)[Service::S3], Some(0.0));
        assert_eq!(at(1_000)[Service::S3], Some(0.25));
        assert_eq!(at(pulse)[Service::S3], None, "over");
        // The SNS events arrive at 5 s and 15 s.
        assert_eq!(at(5_000)[Service::Sns], Some(0.0));
        assert_eq!(at(5_000)[Service::S3], None);
    }

    #[wasm_bindgen_test]
    fn tokens_arriving_in_an_ending_lane_queue_up_behind_those_at_rest() {
        let s = failing_burst();
        let r = run(&s, Keep::All);
        let index = RunIndex::new(&r);
        for t in (0..600_000).step_by(2_300) {
            let scene = scene_at(&r, &index, &mut InFlight::default(), t, playing(20_000));
            for (k, lane) in ENDING_LANES.iter().enumerate() {
                let mut ranks: Vec<u32> = scene
                    .tokens
                    .iter()
                    .filter_map(|tok| match tok.at.spot() {
                        Spot::Ending(l, rank) if l == *lane => Some(rank),
                        _ => None,
                    })
                    .collect();
                lab_core::order::sort_by_key(&mut ranks, |&r| r.into());
                let expected: Vec<u32> = (0..ranks.len() as u32).map(|i| scene.resting[k] as u32 + i).collect();
                assert_eq!(ranks, expected, "{lane:?} at {t}");
            }
        }
    }

    /// AWS sends a failed event to both a DLQ and an on-failure destination when both are set: the
    /// stage shows it at rest in both lanes, and neither lane is dimmed.
    #[wasm_bindgen_test]
    fn a_failed_event_with_a_dlq_and_an_on_failure_destination_rests_in_both_lanes() {
        let mut s = failing_burst();
        s.on_failure = Some(lab_core::scenario::Destination::Sqs);
        s.function.failure = FailureMode::Always { error: ErrorKind::Error };
        let r = run(&s, Keep::All);
        let index = RunIndex::new(&r);
        let failed = r.counts.retries_exhausted + r.counts.event_age_exceeded;
        assert!(failed > 0);
        let scene = scene_at(&r, &index, &mut InFlight::default(), r.run_for_ms, playing(0));
        let rest = |lane: Lane| scene.resting[ENDING_LANES.iter().position(|l| *l == lane).unwrap()];
        assert_eq!(rest(Lane::Dlq(DlqTarget::Sqs)), failed);
        assert_eq!(rest(Lane::DestinationFailure), failed);
        assert_eq!(scene.counts.dlq_sqs, failed);
        assert_eq!(scene.counts.destination_failure, failed);
        assert_eq!(rest(Lane::Lost), 0);
        for lane in [Lane::Dlq(DlqTarget::Sqs), Lane::DestinationFailure] {
            assert!(lab_core::moment::lane_used(&s, lane), "{lane:?} is drawn as in use");
        }
        assert!(!lab_core::moment::lane_used(&s, Lane::Lost));
    }

    /// Scrubbing to a moment draws what playing up to it draws: the flight the page moves from
    /// frame to frame, and the marks it makes while idle (all made, or some), change the cost,
    /// never the picture.
    #[wasm_bindgen_test]
    fn playing_to_a_moment_gives_the_scene_scrubbing_there_gives() {
        // Enough happenings for a few marks (MARK_HAPPENINGS apart), with retries and throttles.
        let mut marks = failing_burst();
        marks.sources[0] = Source { service: Service::S3, events: 6_000, start_ms: 0, every_ms: 100 };
        marks.function.reserved_concurrency = Some(50);
        for s in scenarios().into_iter().chain([marks]) {
            let r = run(&s, Keep::All);
            let index = RunIndex::new(&r);
            let mut played = InFlight::default();
            let mut marked = InFlight::default();
            while !marked.prepare(&r, &index, usize::MAX) {}
            let mut marking = InFlight::default();
            let frames =
                (0..r.run_for_ms.min(900_000)).step_by(733).chain((0..40).map(|k| (k * 104_729) % r.run_for_ms));
            for t in frames {
                marking.prepare(&r, &index, 64);
                for timing in [playing(9_000), resting(9_000)] {
                    let scrubbed = scene_at(&r, &index, &mut InFlight::default(), t, timing);
                    assert_eq!(scene_at(&r, &index, &mut played, t, timing), scrubbed, "at {t}, {timing:?}");
                    assert_eq!(scene_at(&r, &index, &mut marked, t, timing), scrubbed, "marked, at {t}");
                    assert_eq!(scene_at(&r, &index, &mut marking, t, timing), scrubbed, "marking, at {t}");
                }
            }
        }
    }

    /// 100,000 events in flight: the scene places the first LISTED_MAX of each lane and counts the
    /// rest, and every count is still the core's and the tokens standing for it.
    #[wasm_bindgen_test]
    fn a_crowd_is_placed_up_to_a_cap_and_counted_beyond() {
        let mut s = Scenario { dlq: Some(DlqTarget::Sqs), run_for_s: 3_600, ..Scenario::default() };
        s.sources = vec![Source { service: Service::S3, events: 100_000, start_ms: 0, every_ms: 0 }];
        s.function.failure = FailureMode::Always { error: ErrorKind::Error };
        let r = run(&s, Keep::All);
        let index = RunIndex::new(&r);
        let mut flight = InFlight::default();
        // 10 s: every queued event was just throttled; 300 s: thousands of retries under way.
        for t in [10_000, 60_000, 61_000, 300_000, 40_000] {
            for timing in [playing(2_700), resting(2_700)] {
                let scene = scene_at(&r, &index, &mut flight, t, timing);
                let core = index.lane_counts(&r, t);
                assert!(core.queue + core.retry > 50_000, "a crowd in flight at {t}: {core:?}");
                assert!(scene.tokens.len() <= 4 * LISTED_MAX + 2 * MOVES_MAX, "{} tokens at {t}", scene.tokens.len());
                if scene.at_rest {
                    assert_eq!(scene.counts, core, "at rest, the counts are the core's, at {t}");
                }
                for lane in LANES {
                    assert_eq!(scene.counts.get(lane), tokens_in(&scene, lane), "{lane:?} at {t}, {timing:?}");
                }
                assert_eq!(u64::from(scene.queued), core.queue);
            }
        }
    }

    #[wasm_bindgen_test]
    fn the_same_moment_gives_the_same_scene() {
        let s = failing_burst();
        let r = run(&s, Keep::All);
        let index = RunIndex::new(&r);
        let a = scene_at(&r, &index, &mut InFlight::default(), 123_456, playing(9_000));
        let _ = scene_at(&r, &index, &mut InFlight::default(), 300_000, playing(9_000));
        assert_eq!(scene_at(&r, &index, &mut InFlight::default(), 123_456, playing(9_000)), a);
    }
}
