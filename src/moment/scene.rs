//! What the stage shows at AWS time `t`: a pure function of the run, its index, the scenario, `t`
//! and how long a glide lasts. No pixels here.
//!
//! A token stands at a *spot* (a source, a rank in the queue, a concurrency slot, a rank in the
//! retry area or an ending lane); the canvas turns spots into pixels. A token that changed place
//! less than a glide ago is drawn part-way between the spot it left and the spot it is heading
//! for. A glide never takes more than most of the stay it leads to, so a token always arrives
//! before it moves on (a 0.8-second run at "1 AWS minute = 3 s" reaches its slot, briefly, instead
//! of being waved past it). Because everything is computed from `t` and never from the previous
//! frame, scrubbing to a moment always gives the same picture.

use lab_core::engine::{EventRecord, Run};
use lab_core::moment::{duplicate_run_at, place_at, resting_lanes, Lane, LaneCounts, Place, RunIndex};
use lab_core::outcome::Outcome;
use lab_core::scenario::Service;
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

/// A position as a blend of up to three spots (weights add up to 1).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Mix {
    pub parts: [(Spot, f32); 3],
    pub len: u8,
}

impl Mix {
    fn at(spot: Spot) -> Mix {
        Mix { parts: [(spot, 1.0); 3], len: 1 }
    }

    /// `self` moved a fraction `e` of the way towards `to`.
    fn towards(self, to: Spot, e: f32) -> Mix {
        let mut m = self;
        for p in &mut m.parts[..usize::from(m.len)] {
            p.1 *= 1.0 - e;
        }
        if usize::from(m.len) < m.parts.len() {
            m.parts[usize::from(m.len)] = (to, e);
            m.len += 1;
        } else {
            // Deep enough: fold the oldest part into the target.
            let w = m.parts[0].1;
            m.parts.rotate_left(1);
            m.parts[2] = (to, e + w);
        }
        m
    }

    pub fn parts(&self) -> &[(Spot, f32)] {
        &self.parts[..usize::from(self.len)]
    }

    /// Whether the token is still (part-way) at a source: it is crossing the 202 handshake.
    pub fn leaving_source(&self) -> bool {
        self.len > 1 && self.parts().iter().any(|(s, w)| matches!(s, Spot::Source(_)) && *w > 0.0)
    }
}

/// One token to draw.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Token {
    /// The event's position in the run (arrival order).
    pub event: u32,
    pub look: Look,
    pub at: Mix,
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
    Lane::Dlq(lab_core::scenario::DlqTarget::Sqs),
    Lane::Dlq(lab_core::scenario::DlqTarget::Sns),
    Lane::Lost,
];

/// Everything the stage draws at one moment.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Scene {
    pub t: AwsMillis,
    /// How long a glide takes here (0: tokens step).
    pub glide: AwsMillis,
    pub counts: LaneCounts,
    pub tokens: Vec<Token>,
    /// Tokens at rest in each ending lane ([`ENDING_LANES`] order): drawn as a stack.
    pub resting: [u64; 6],
    /// The soonest retry waits, soonest first (at most [`COUNTDOWNS_SHOWN`]).
    pub countdowns: Vec<Countdown>,
    /// Queued tokens that were throttled (their last delivery got a 429).
    pub throttled: u32,
    /// Events not yet ended (duplicate runs not counted).
    pub in_flight: u32,
    /// Fan-out pulses of messages that just reached the SNS DLQ: 0 → 1 each.
    pub fanout: Vec<f32>,
}

/// How many retry countdowns the stage lists; the rest are counted.
pub const COUNTDOWNS_SHOWN: usize = 5;
/// Most fan-out pulses drawn at once.
const FANOUT_MAX: usize = 12;

/// Eases a glide in and out, so tokens start and land softly.
fn ease(x: f32) -> f32 {
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

/// Where a token heading for `spot` since `since` (staying until `until`) is drawn at `t`, and
/// how far through its glide it is (1 when it has arrived).
#[allow(clippy::too_many_arguments)]
fn motion(
    index: &RunIndex,
    run: &Run,
    event: usize,
    rec: &EventRecord,
    t: AwsMillis,
    since: AwsMillis,
    until: Option<AwsMillis>,
    spot: Spot,
    glide: AwsMillis,
) -> (Mix, f32) {
    let g = glide_for(glide, since, until);
    if g == 0 || t >= since + g {
        return (Mix::at(spot), 1.0);
    }
    let x = (t - since) as f32 / g as f32;
    (Mix::at(spot_before(index, run, event, rec, since)).towards(spot, ease(x)), x)
}

/// The stage at `t`. `glide` is how much AWS time a glide between spots takes (0: tokens step).
pub fn scene_at(run: &Run, index: &RunIndex, t: AwsMillis, glide: AwsMillis) -> Scene {
    let counts = index.lane_counts(run, t);
    // Events that ended within two glides still show: arriving, then fanning out.
    let window = index.window(run, t.saturating_sub(2 * glide), t);
    let mut scene = Scene { t, glide, counts, ..Scene::default() };
    let (mut queued, mut waiting) = (0u32, 0u32);
    let mut countdowns: Vec<Countdown> = Vec::new();
    // Tokens arriving in ending lanes: (lane slot, ended at, token index) for ranking.
    let mut arriving: Vec<(usize, AwsMillis, usize)> = Vec::new();
    let rested = t.saturating_sub(2 * glide);
    for i in window {
        // Settled before the last two glides: at rest in its ending lanes, counted there.
        if index.settled(i) <= rested && rested > 0 {
            continue;
        }
        let rec = &run.events[i];
        let event = i as u32;
        if let Some((since, until)) = duplicate_run_at(rec, t) {
            // A duplicate delivery comes from the queue's front like any delivery.
            let slot = Spot::Slot(index.slot(run, i, since, true));
            let g = glide_for(glide, since, Some(until));
            let at = if g == 0 || t >= since + g {
                Mix::at(slot)
            } else {
                Mix::at(Spot::Queue(0)).towards(slot, ease((t - since) as f32 / g as f32))
            };
            scene.tokens.push(Token { event, look: Look::Duplicate, at, ring: None, bounce: None });
        }
        let Some(place) = place_at(rec, t) else { continue };
        let token = |look, since, until, spot| {
            let (at, _) = motion(index, run, i, rec, t, since, until, spot, glide);
            Token { event, look, at, ring: None, bounce: None }
        };
        match place {
            Place::Queue { since, throttled, until } => {
                scene.in_flight += 1;
                let look = if throttled { Look::Throttled } else { Look::Queued };
                let (at, x) = motion(index, run, i, rec, t, since, until, Spot::Queue(queued), glide);
                let mut tok = Token { event, look, at, ring: None, bounce: None };
                queued += 1;
                if throttled {
                    scene.throttled += 1;
                    // Turned away at the function's door: back from the queue's front, with a 429.
                    if x < 1.0 {
                        tok.bounce = Some(x);
                    }
                }
                scene.tokens.push(tok);
            }
            Place::Running { since, until, .. } => {
                scene.in_flight += 1;
                let spot = Spot::Slot(index.slot(run, i, since, false));
                scene.tokens.push(token(Look::Running, since, Some(until), spot));
            }
            Place::RetryWait { retry, since, until } => {
                scene.in_flight += 1;
                let mut tok = token(Look::Retry, since, until, Spot::Retry(waiting));
                waiting += 1;
                tok.ring = until.map(|u| ((t - since) as f32 / (u - since).max(1) as f32).clamp(0.0, 1.0));
                scene.tokens.push(tok);
                countdowns.push(Countdown { event, retry, until });
            }
            // A synchronous call backing off is with its caller: the compare view will draw it.
            Place::CallerBackoff { .. } => scene.in_flight += 1,
            Place::Ended { outcome, at } => {
                if outcome == Outcome::InFlight {
                    continue;
                }
                let landed = glide == 0 || t >= at + glide;
                for lane in resting_lanes(rec, t) {
                    let Some(k) = ENDING_LANES.iter().position(|l| *l == lane) else { continue };
                    if lane == Lane::Dlq(lab_core::scenario::DlqTarget::Sns)
                        && glide > 0
                        && landed
                        && t < at + 2 * glide
                        && scene.fanout.len() < FANOUT_MAX
                    {
                        scene.fanout.push((t - at - glide) as f32 / glide as f32);
                    }
                    if !landed {
                        arriving.push((k, at, scene.tokens.len()));
                        let tok = token(Look::of_ending(lane), at, None, Spot::Ending(lane, 0));
                        scene.tokens.push(tok);
                    }
                }
            }
        }
    }
    // Arriving tokens queue up behind the ones at rest, first ended first.
    let mut arriving_per_lane = [0u64; 6];
    for &(k, ..) in &arriving {
        arriving_per_lane[k] += 1;
    }
    for (k, lane) in ENDING_LANES.iter().enumerate() {
        scene.resting[k] = scene.counts.get(*lane).saturating_sub(arriving_per_lane[k]);
    }
    arriving.sort_by_key(|&(k, at, tok)| (k, at, tok));
    let mut next_rank = scene.resting;
    for (k, _, tok) in arriving {
        let lane = ENDING_LANES[k];
        let rank = next_rank[k].min(u64::from(u32::MAX)) as u32;
        next_rank[k] += 1;
        let token = &mut scene.tokens[tok];
        let parts = usize::from(token.at.len);
        if let Some(last) = token.at.parts[..parts].last_mut() {
            last.0 = Spot::Ending(lane, rank);
        }
    }
    countdowns.sort_by_key(|c| (c.until.unwrap_or(AwsMillis::MAX), c.event));
    countdowns.truncate(COUNTDOWNS_SHOWN);
    scene.countdowns = countdowns;
    scene
}

#[cfg(test)]
mod tests {
    use super::*;
    use lab_core::engine::{run, Keep};
    use lab_core::scenario::{DlqTarget, ErrorKind, FailureMode, Scenario, Source};
    use wasm_bindgen_test::wasm_bindgen_test;

    fn failing_burst() -> Scenario {
        let mut s = Scenario { dlq: Some(DlqTarget::Sqs), ..Scenario::default() };
        s.sources = vec![Source { service: Service::S3, events: 12, start_ms: 0, every_ms: 500 }];
        s.function.reserved_concurrency = Some(2);
        s.function.duration_ms = 3_000;
        s.function.timeout_s = 10;
        s.function.failure = FailureMode::Rate { p: 0.5, error: ErrorKind::Error };
        s
    }

    fn weights_add_up(m: &Mix) -> bool {
        (m.parts().iter().map(|p| p.1).sum::<f32>() - 1.0).abs() < 1e-4
    }

    #[wasm_bindgen_test]
    fn every_event_in_flight_has_one_token_where_the_counts_say() {
        let s = failing_burst();
        let r = run(&s, Keep::All);
        let index = RunIndex::new(&r);
        for t in (0..400_000).step_by(1_700) {
            let scene = scene_at(&r, &index, t, 9_000);
            let c = &scene.counts;
            let count = |look: &[Look]| scene.tokens.iter().filter(|k| look.contains(&k.look)).count() as u64;
            assert_eq!(count(&[Look::Queued, Look::Throttled]), c.queue, "queue at {t}");
            assert_eq!(count(&[Look::Running, Look::Duplicate]), c.function, "function at {t}");
            assert_eq!(count(&[Look::Retry]), c.retry, "retry at {t}");
            assert_eq!(u64::from(scene.in_flight), c.queue + c.function + c.retry, "in flight at {t}");
            assert!(scene.tokens.iter().all(|k| weights_add_up(&k.at)));
            assert!(scene.countdowns.len() <= COUNTDOWNS_SHOWN);
            assert!(scene.countdowns.windows(2).all(|w| w[0].until <= w[1].until), "soonest first");
        }
    }

    #[wasm_bindgen_test]
    fn a_token_glides_from_its_source_and_then_stands_still() {
        let s = failing_burst();
        let r = run(&s, Keep::All);
        let index = RunIndex::new(&r);
        let glide = 9_000;
        // The first event arrived at 0 and started at once, for a 3-second run: its glide to the
        // slot takes 80 % of that, so after 1 s it is on its way, and after 2.5 s it is there.
        let mid = scene_at(&r, &index, 1_000, glide);
        let first = mid.tokens.iter().find(|k| k.event == 0).unwrap();
        assert!(first.at.leaving_source(), "{first:?}");
        assert!(first.at.len > 1);
        let there = scene_at(&r, &index, 2_500, glide);
        let first = there.tokens.iter().find(|k| k.event == 0).unwrap();
        assert_eq!(first.at.len, 1, "arrived before the run ends: {first:?}");
        assert!(matches!(first.at.parts()[0].0, Spot::Slot(Some(_))));
        // With no glide, tokens step: every one stands at exactly one spot.
        let stepped = scene_at(&r, &index, glide / 2, 0);
        assert!(stepped.tokens.iter().all(|k| k.at.len == 1));
        assert!(stepped.tokens.iter().all(|k| k.bounce.is_none()));
    }

    #[wasm_bindgen_test]
    fn tokens_arriving_in_an_ending_lane_queue_up_behind_those_at_rest() {
        let s = failing_burst();
        let r = run(&s, Keep::All);
        let index = RunIndex::new(&r);
        for t in (0..600_000).step_by(2_300) {
            let scene = scene_at(&r, &index, t, 20_000);
            for (k, lane) in ENDING_LANES.iter().enumerate() {
                let mut ranks: Vec<u32> = scene
                    .tokens
                    .iter()
                    .filter_map(|tok| match tok.at.parts().last() {
                        Some((Spot::Ending(l, rank), _)) if l == lane => Some(*rank),
                        _ => None,
                    })
                    .collect();
                ranks.sort_unstable();
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
        let scene = scene_at(&r, &index, r.run_for_ms, 0);
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

    #[wasm_bindgen_test]
    fn the_same_moment_gives_the_same_scene() {
        let s = failing_burst();
        let r = run(&s, Keep::All);
        let index = RunIndex::new(&r);
        let a = scene_at(&r, &index, 123_456, 9_000);
        let _ = scene_at(&r, &index, 300_000, 9_000);
        assert_eq!(scene_at(&r, &index, 123_456, 9_000), a);
    }
}
