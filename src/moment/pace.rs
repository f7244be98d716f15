//! The lab's second bend of time, beside the scaled clock: short stays slowed down to be seen.
//!
//! AWS runs an 800 ms attempt in 800 ms; at "1 AWS minute = 1 s" that is 13 ms on screen, gone
//! before the eye finds it. So while few events are on the stage, the clock slows down whenever a
//! stay (a wait in the queue, a run of the handler, a retry wait) would last less than
//! [`MIN_ON_SCREEN_S`] on screen, just enough for it to last that long, and never slower than real
//! time. What happens, and when in AWS time, never changes: the AWS clock, the counts, the
//! timeline and the report are the same at every moment; only how fast the page plays through
//! them does. (A hand-over that takes no time at all, like an event polled off the queue at once,
//! has nothing to slow down: its token passes through the queue on its way to the function.)

use lab_core::engine::Run;
use lab_core::moment::{duplicate_run_at, place_at, Place, RunIndex};
use lab_core::time::AwsMillis;

/// Every stay lasts at least this long on screen (real seconds) while few events are on the
/// stage. AWS's truth: a stay lasts what it lasts (an attempt of 800 ms is 800 ms); the page
/// stretches only how long it shows it.
pub const MIN_ON_SCREEN_S: f64 = 0.6;

/// The slowest the clock goes for a short stay: real time (AWS milliseconds per real second).
const SLOWEST_AWS_MS_PER_S: f64 = 1_000.0;

/// Above this many events on the stage, single stays are not the lesson: the clock keeps its speed.
pub const PACED_MAX_IN_FLIGHT: usize = 64;

/// Most pace changes followed within one frame; the rest of the frame keeps the last pace.
const SEGMENTS_MAX: usize = 16;

/// How fast the clock may run at `t` (AWS ms per real second) given `speed`, and until when that
/// pace holds (the next moment a stay ends or an event arrives).
fn pace_at(run: &Run, index: &RunIndex, t: AwsMillis, speed: f64) -> (f64, AwsMillis) {
    let w = index.window(run, t, t);
    let next_arrival = run.events.get(w.end).map_or(AwsMillis::MAX, |r| r.received_ms);
    if w.len() > PACED_MAX_IN_FLIGHT {
        return (speed, AwsMillis::MAX);
    }
    let shortest = MIN_ON_SCREEN_S * speed;
    let (mut rate, mut until) = (speed, next_arrival);
    let mut stay = |since: AwsMillis, end: AwsMillis| {
        until = until.min(end);
        let len = end.saturating_sub(since) as f64;
        if len < shortest {
            rate = rate.min((len / MIN_ON_SCREEN_S).max(SLOWEST_AWS_MS_PER_S));
        }
    };
    for rec in &run.events[w] {
        if let Some((since, end)) = duplicate_run_at(rec, t) {
            stay(since, end);
        }
        match place_at(rec, t) {
            Some(Place::Running { since, until, .. }) => stay(since, until),
            Some(Place::Queue { since, until: Some(u), .. } | Place::RetryWait { since, until: Some(u), .. }) => {
                stay(since, u)
            }
            _ => {}
        }
    }
    (rate.min(speed), until)
}

/// Where the clock is after `real_s` seconds from AWS time `t` at `speed` (AWS ms per real
/// second), each stay lasting at least [`MIN_ON_SCREEN_S`] on screen.
pub fn advance(run: &Run, index: &RunIndex, t: f64, real_s: f64, speed: f64) -> f64 {
    let (mut t, mut left) = (t, real_s);
    let mut rate = speed;
    for _ in 0..SEGMENTS_MAX {
        let (r, until) = pace_at(run, index, t.max(0.0) as AwsMillis, speed);
        rate = r;
        let need = (until as f64 - t) / rate;
        if need > left || until == AwsMillis::MAX {
            return t + left * rate;
        }
        // The pace changes at `until`: go there, and look again.
        t = until as f64;
        left -= need;
    }
    t + left * rate
}

#[cfg(test)]
mod tests {
    use super::*;
    use lab_core::engine::{run, Keep};
    use lab_core::share::{PresetId, Speed, SPEEDS};
    use lab_core::time::MINUTE;
    use wasm_bindgen_test::wasm_bindgen_test;

    /// Plays `run` in frames of 1/60 s and tells how many real seconds each moment in `span` took.
    fn screen_time(r: &Run, speed: f64, span: (AwsMillis, AwsMillis)) -> f64 {
        let index = RunIndex::new(r);
        let dt = 1.0 / 60.0;
        let (mut t, mut real) = (0.0, 0.0);
        while t < span.1 as f64 {
            let next = advance(r, &index, t, dt, speed);
            // The share of this frame spent inside the span.
            let inside = (next.min(span.1 as f64) - t.max(span.0 as f64)).max(0.0);
            if next > t {
                real += dt * inside / (next - t);
            }
            t = next;
        }
        real
    }

    #[wasm_bindgen_test]
    fn an_800_ms_attempt_lasts_at_least_the_minimum_on_screen_at_every_speed() {
        let r = run(&PresetId::HappyPath.scenario(), Keep::All);
        let a = r.events[0].attempts.as_slice()[0];
        for speed in SPEEDS {
            let shown = screen_time(&r, speed.aws_ms_per_real_s, (a.start_ms, a.end_ms));
            let natural = (a.end_ms - a.start_ms) as f64 / speed.aws_ms_per_real_s;
            assert!(shown >= MIN_ON_SCREEN_S - 0.02, "{speed:?}: {shown} s on screen");
            assert!(shown <= MIN_ON_SCREEN_S.max(natural) + 0.05, "{speed:?}: no slower than needed ({shown} s)");
        }
    }

    #[wasm_bindgen_test]
    fn long_stays_and_empty_stretches_keep_the_chosen_speed() {
        let r = run(&PresetId::AlwaysFailsSqsDlq.scenario(), Keep::All);
        let index = RunIndex::new(&r);
        let speed = Speed::DEFAULT.aws_ms_per_real_s;
        // Both events wait out their first retry (about a minute) at 2:00 − 1 s: nothing is short.
        let t = 65_000.0;
        assert_eq!(advance(&r, &index, t, 0.1, speed), t + 0.1 * speed);
        // After the last event ended, the clock runs at its speed to the end.
        let after = (r.events[1].ended_ms.unwrap() + MINUTE) as f64;
        assert_eq!(advance(&r, &index, after, 0.1, speed), after + 0.1 * speed);
    }

    #[wasm_bindgen_test]
    fn a_crowd_plays_at_the_chosen_speed() {
        let mut s = PresetId::Throttling.scenario();
        s.sources[0].events = 500;
        s.function.reserved_concurrency = None;
        let r = run(&s, Keep::All);
        let index = RunIndex::new(&r);
        let speed = SPEEDS[0].aws_ms_per_real_s;
        assert_eq!(advance(&r, &index, 100.0, 0.016, speed), 100.0 + 0.016 * speed);
    }
}
