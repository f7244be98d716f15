//! The page's door for tests and benchmarks: measuring hooks for the in-browser benchmark
//! (`tests/e2e/bench/frames.bench.mjs`) and the end-to-end tests.
//!
//! The stage records how long each frame's scene and drawing took. The hooks are installed on
//! `window.labHooks` when the workbench mounts:
//!
//! - `loadScenario(json)`: replaces the scenario (strict scenario-format JSON) and rewinds to 0;
//!   throws the format's error message on a bad scenario.
//! - `seek(ms)`, `pause()`: move the clock (a pause lets the stage come to rest, as the button's).
//! - `frames()`: the recorded frames as a flat array `[draw ms, events in flight, glyphs drawn, …]`;
//!   `clearFrames()` empties it.
//! - `benchSimulate(json)`: milliseconds to re-simulate that scenario (`lab_core::run`, every event
//!   kept, as the page does), without touching the page.
//! - `hits()`: the tokens drawn last frame, as `{x, y, event}` (a token of that event, its position
//!   in the run) or `{x, y, lane, rank}` (a token at rest in an ending lane), in canvas pixels.
//! - `drawnPerLane()`: how many tokens the last frame drew inside each lane's box, by lane test id
//!   (`{queue: 3, function: 1, …}`; a stack counts as many as its number says, a token between two
//!   lanes in neither): what a test compares with the lanes' counts.
//! - `benchSeek(json, ms, reps)`: for that scenario, `[index build ms, lane counts at ms, scene at
//!   ms]`, the last two averaged over `reps` repetitions: what a scrub to `ms` costs the page.
//! - `now()`: the clock's AWS time (ms).
//! - `laneCounts()`: what the core counts in each lane at the clock's time, by lane id (the number
//!   `count-<id>` should show), computed afresh from the run rather than read from the page.
//! - `events()`: the run's events in arrival order, as `{service, source, received, attempts,
//!   throttles, outcome, ended}` (`attempts` as the core's `Attempt`s, `throttles` the moments the
//!   event was throttled, `outcome` the core's snake_case name, `ended` null while in flight).
//! - `heap()`, only in a build with the `heap-count` feature (`crate::heap_count`): `[live bytes,
//!   live allocations, peak live bytes, allocations made, live allocations by size class…]`.
//! - `panic(message)`: panics on purpose with `message`, to show the crash panel (`crate::crash`);
//!   the call itself throws, as the wasm instance traps.
//!
//! They change nothing unless called. (Scenario links and JSON import are the share module's job;
//! this is the benchmark's door, not the user's.)

use std::cell::RefCell;
use std::collections::VecDeque;
use std::rc::Rc;

use lab_core::engine::{EventRecord, Keep};
use lab_core::moment::{InFlight, Lane, RunIndex};
use lab_core::scenario::{Scenario, Service};
use leptos::prelude::*;
use serde_json::{json, Value};
use wasm_bindgen::prelude::*;

use crate::moment::scene::{scene_at, Timing, ENDING_LANES};
use crate::stage::canvas::{HitWhat, Painter};
use crate::stage::lanes::lane_test_id;
use crate::state::Lab;

/// A glide of 9 AWS seconds, as at the default speed, while playing.
const BENCH_TIMING: Timing = Timing { glide: 9_000, settle: 0, pulse: 9_000 };

/// Frames kept for the benchmark (a minute at 60 fps): the record never grows past this.
const FRAMES_KEPT: usize = 3_600;

thread_local! {
    static FRAMES: RefCell<VecDeque<[f64; 3]>> = RefCell::new(VecDeque::with_capacity(FRAMES_KEPT));
    static PAINTER: RefCell<Option<Rc<RefCell<Painter>>>> = const { RefCell::new(None) };
}

/// Lets `hits()` read what the stage's painter drew last.
pub fn watch_painter(p: Rc<RefCell<Painter>>) {
    PAINTER.with(|w| *w.borrow_mut() = Some(p));
}

fn drawn_per_lane() -> js_sys::Object {
    let out = js_sys::Object::new();
    PAINTER.with(|w| {
        let Some(p) = w.borrow().clone() else { return };
        for (lane, n) in p.borrow().drawn_per_lane() {
            set(&out, &lane_test_id(lane), &JsValue::from_f64(n as f64));
        }
    });
    out
}

fn hits() -> js_sys::Array {
    let out = js_sys::Array::new();
    PAINTER.with(|w| {
        let Some(p) = w.borrow().clone() else { return };
        for h in &p.borrow().hits {
            let o = js_sys::Object::new();
            set(&o, "x", &JsValue::from_f64(h.x));
            set(&o, "y", &JsValue::from_f64(h.y));
            match h.what {
                HitWhat::Event(e) => set(&o, "event", &JsValue::from_f64(f64::from(e))),
                HitWhat::Resting(lane, rank) => {
                    set(&o, "lane", &JsValue::from_str(&lane_test_id(lane)));
                    set(&o, "rank", &JsValue::from_f64(f64::from(rank)));
                }
            }
            out.push(&o);
        }
    });
    out
}

/// The core's lane counts at the clock's time, by lane id.
fn lane_counts(lab: Lab) -> Value {
    let run = lab.run.get_untracked();
    let t = lab.clock.now.get_untracked();
    let counts = RunIndex::new(&run).lane_counts(&run, t);
    let lanes = Service::ALL.map(Lane::Source).into_iter().chain([Lane::Queue, Lane::Function, Lane::Retry]);
    lanes.chain(ENDING_LANES).map(|lane| (lane_test_id(lane), json!(counts.get(lane)))).collect()
}

fn event_json(rec: &EventRecord) -> Value {
    json!({
        "service": rec.service().name(),
        "source": rec.source(),
        "received": rec.received_ms,
        "attempts": rec.attempts.as_slice(),
        "throttles": rec.throttle_times,
        "outcome": rec.outcome,
        "ended": rec.ended_ms,
    })
}

/// `v` as a JavaScript value (the hooks hand tests plain data).
fn to_js(v: &Value) -> JsValue {
    js_sys::JSON::parse(&lab_core::json::compact(v)).unwrap_or(JsValue::NULL)
}

/// `performance.now()`, in milliseconds.
pub fn now_ms() -> f64 {
    web_sys::window().and_then(|w| w.performance()).map_or(0.0, |p| p.now())
}

/// Remembers one frame: how long the scene and the drawing took, events in flight, glyphs drawn.
pub fn record_frame(ms: f64, in_flight: u32, drawn: u32) {
    FRAMES.with(|f| {
        let mut f = f.borrow_mut();
        if f.len() == FRAMES_KEPT {
            f.pop_front();
        }
        f.push_back([ms, f64::from(in_flight), f64::from(drawn)]);
    });
}

fn parse(json: &str) -> Result<Scenario, JsValue> {
    Scenario::from_json(json).map_err(|e| JsValue::from_str(&e.to_string()))
}

fn set(hooks: &js_sys::Object, name: &str, f: &JsValue) {
    let _ = js_sys::Reflect::set(hooks, &JsValue::from_str(name), f);
}

/// Installs `window.labHooks` for `lab`.
pub fn install(lab: Lab) {
    let Some(window) = web_sys::window() else { return };
    let hooks = js_sys::Object::new();
    let load = Closure::<dyn Fn(String) -> Result<(), JsValue>>::new(move |json: String| {
        let s = parse(&json)?;
        lab.clock.now.set(0);
        lab.scenario.set(s);
        Ok(())
    });
    set(&hooks, "loadScenario", load.as_ref());
    load.forget();
    let seek = Closure::<dyn Fn(f64)>::new(move |ms: f64| lab.clock.seek(ms.max(0.0) as u64));
    set(&hooks, "seek", seek.as_ref());
    seek.forget();
    let pause = Closure::<dyn Fn()>::new(move || lab.clock.pause());
    set(&hooks, "pause", pause.as_ref());
    pause.forget();
    let frames = Closure::<dyn Fn() -> Vec<f64>>::new(|| {
        FRAMES.with(|f| f.borrow().iter().flat_map(|x| x.iter().copied()).collect())
    });
    set(&hooks, "frames", frames.as_ref());
    frames.forget();
    let hits = Closure::<dyn Fn() -> js_sys::Array>::new(hits);
    set(&hooks, "hits", hits.as_ref());
    hits.forget();
    let per_lane = Closure::<dyn Fn() -> js_sys::Object>::new(drawn_per_lane);
    set(&hooks, "drawnPerLane", per_lane.as_ref());
    per_lane.forget();
    let clear = Closure::<dyn Fn()>::new(|| FRAMES.with(|f| f.borrow_mut().clear()));
    set(&hooks, "clearFrames", clear.as_ref());
    clear.forget();
    let simulate = Closure::<dyn Fn(String) -> Result<f64, JsValue>>::new(|json: String| {
        let s = parse(&json)?;
        let t0 = now_ms();
        let run = lab_core::run(&s, Keep::All);
        let ms = now_ms() - t0;
        std::hint::black_box(run.counts);
        Ok(ms)
    });
    set(&hooks, "benchSimulate", simulate.as_ref());
    simulate.forget();
    let seek_cost =
        Closure::<dyn Fn(String, f64, u32) -> Result<Vec<f64>, JsValue>>::new(|json: String, at: f64, reps: u32| {
            let s = parse(&json)?;
            let run = lab_core::run(&s, Keep::All);
            let t = at.max(0.0) as u64;
            let t0 = now_ms();
            let index = RunIndex::new(&run);
            let t1 = now_ms();
            let reps = reps.max(1);
            for k in 0..reps {
                std::hint::black_box(index.lane_counts(&run, t + u64::from(k)));
            }
            let t2 = now_ms();
            // Each repetition a scrub to a new moment: the events in flight counted afresh.
            for k in 0..reps {
                let mut flight = InFlight::default();
                std::hint::black_box(scene_at(&run, &index, &mut flight, t + u64::from(k), BENCH_TIMING).tokens.len());
            }
            let t3 = now_ms();
            Ok(vec![t1 - t0, (t2 - t1) / f64::from(reps), (t3 - t2) / f64::from(reps)])
        });
    set(&hooks, "benchSeek", seek_cost.as_ref());
    seek_cost.forget();
    let now = Closure::<dyn Fn() -> f64>::new(move || lab.clock.now.get_untracked() as f64);
    set(&hooks, "now", now.as_ref());
    now.forget();
    let counts = Closure::<dyn Fn() -> JsValue>::new(move || to_js(&lane_counts(lab)));
    set(&hooks, "laneCounts", counts.as_ref());
    counts.forget();
    let events = Closure::<dyn Fn() -> JsValue>::new(move || {
        to_js(&lab.run.with_untracked(|run| run.events.iter().map(event_json).collect()))
    });
    set(&hooks, "events", events.as_ref());
    events.forget();
    #[cfg(feature = "heap-count")]
    {
        let heap = Closure::<dyn Fn() -> Vec<f64>>::new(|| {
            let h = crate::heap_count::snapshot();
            let head = [h.live_bytes, h.live_allocations, h.peak_bytes, h.allocations];
            head.into_iter().chain(h.by_class).map(|n| n as f64).collect()
        });
        set(&hooks, "heap", heap.as_ref());
        heap.forget();
    }
    let panic = Closure::<dyn Fn(String)>::new(|message: String| panic!("{message}"));
    set(&hooks, "panic", panic.as_ref());
    panic.forget();
    let _ = js_sys::Reflect::set(&window, &JsValue::from_str("labHooks"), &hooks);
}
