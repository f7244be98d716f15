//! The clock bridge: real time × speed → AWS time. One `requestAnimationFrame` chain for the life of
//! the component that owns the clock; everything else reads plain signals.
//!
//! Speed is a viewing setting: it changes how fast AWS time plays, never what happens. The speeds
//! are the share format's ([`Speed`], `lab_core::share::SPEEDS`): the speed menu, the `+`/`-` keys
//! and links all offer the same ones. A pacer ([`Clock::set_pacer`]) may slow the clock while
//! something too short to see is on the stage (`crate::moment::pace`).
//!
//! A stopped clock shows the stage at rest, every token where the counts say it is:
//! [`Clock::rest_s`] counts the real seconds since the clock stopped, so that after a pause the
//! tokens on their way finish their glides; a jump or a step while stopped shows the moment at rest
//! at once (the same picture every time).
//!
//! A hidden tab holds the clock: while the page cannot be seen AWS time stands still, and when it is
//! shown again play resumes from where it stood, the first frame only taking the measure again. A
//! returning tab therefore neither jumps by the time it was away nor catches up with a burst of
//! frames (the browser sends none while hidden, and this loop never queues any). A frame that comes
//! late for another reason (a long task on the main thread, such as re-simulating a big scenario)
//! plays at most [`MAX_FRAME_STEP_S`] of real time.

use std::cell::{Cell, RefCell};
use std::rc::Rc;

pub use lab_core::share::Speed;
use lab_core::time::AwsMillis;
use leptos::prelude::*;
use wasm_bindgen::prelude::*;

/// How far the clock moves in `real_s` seconds from AWS time `t` (ms, with a fraction) at `speed`
/// (AWS ms per real second): the new time.
pub type Pacer = Rc<dyn Fn(f64, f64, f64) -> f64>;

/// A stopped stage is at rest after this many real seconds: longer than a glide and the SNS
/// fan-out after it (`crate::moment::GLIDE_REAL_S`, twice).
pub const REST_S: f64 = 1.0;

#[derive(Clone, Copy)]
pub struct Clock {
    /// AWS time now.
    pub now: RwSignal<AwsMillis>,
    pub playing: RwSignal<bool>,
    pub speed: RwSignal<Speed>,
    /// Where the clock stops (the scenario's `run_for_s`).
    pub end: Signal<AwsMillis>,
    /// Real seconds the stage has had to come to rest since the clock stopped (0 while it moves;
    /// at most [`REST_S`], where it stays).
    pub rest_s: RwSignal<f64>,
    /// Whether the clock stands at the end of the run (changes twice a run, not every frame).
    at_end: Memo<bool>,
    pacer: StoredValue<Option<Pacer>, LocalStorage>,
}

impl Clock {
    /// Jumps to `t` (clamped to the run); a stopped clock shows the moment at rest.
    pub fn seek(&self, t: AwsMillis) {
        self.now.set(t.min(self.end.get_untracked()));
        self.rest_s.set(if self.playing.get_untracked() { 0.0 } else { REST_S });
    }

    /// Stops the clock and jumps to `t`, every token already where it was going.
    pub fn step_to(&self, t: AwsMillis) {
        self.playing.set(false);
        self.seek(t);
    }

    /// Stops the clock; the tokens on their way finish their glides.
    pub fn pause(&self) {
        self.playing.set(false);
        self.rest_s.set(0.0);
    }

    /// Whether the clock has reached the end of the run.
    pub fn ended(&self) -> bool {
        self.at_end.get()
    }

    /// Lets `pacer` decide how far each frame moves the clock (see [`Pacer`]).
    pub fn set_pacer(&self, pacer: Pacer) {
        self.pacer.set_value(Some(pacer));
    }
}

/// The most real time one frame plays, in seconds: a quarter second, so a page drawing at 4 frames
/// a second still plays at its speed, and a stalled one resumes where it stood instead of skipping.
pub const MAX_FRAME_STEP_S: f64 = 0.25;

/// What the browser calls on each animation frame, with the frame's timestamp (ms).
type FrameCallback = Closure<dyn FnMut(f64)>;

/// A clock that starts playing at once, driven by animation frames.
pub fn use_clock(end: Signal<AwsMillis>) -> Clock {
    let now = RwSignal::new(0);
    let clock = Clock {
        now,
        playing: RwSignal::new(true),
        speed: RwSignal::new(Speed::DEFAULT),
        end,
        rest_s: RwSignal::new(0.0),
        at_end: Memo::new(move |_| now.get() >= end.get()),
        pacer: StoredValue::new_local(None),
    };
    // Fractions of a millisecond carried from frame to frame, so slow speeds still advance.
    let carry = Rc::new(RefCell::new(0.0f64));
    let last: Rc<RefCell<Option<f64>>> = Rc::new(RefCell::new(None));
    let frame: Rc<RefCell<Option<FrameCallback>>> = Rc::new(RefCell::new(None));
    let handle = Rc::new(RefCell::new(0i32));
    let alive = Rc::new(RefCell::new(true));
    let hidden = Rc::new(Cell::new(document().hidden()));
    // Shown or hidden, the next frame starts a new measure: the time away never counts.
    let on_visibility = {
        let (last, hidden) = (last.clone(), hidden.clone());
        Closure::<dyn FnMut()>::new(move || {
            hidden.set(document().hidden());
            last.borrow_mut().take();
        })
    };
    let _ = document().add_event_listener_with_callback("visibilitychange", on_visibility.as_ref().unchecked_ref());
    {
        let frame2 = frame.clone();
        let handle2 = handle.clone();
        let alive2 = alive.clone();
        *frame.borrow_mut() = Some(Closure::new(move |ts: f64| {
            if !*alive2.borrow() {
                return;
            }
            // A hidden page keeps no measure, so the first frame after it is shown starts one.
            let prev = if hidden.get() {
                last.borrow_mut().take();
                None
            } else {
                last.borrow_mut().replace(ts)
            };
            if let Some(prev) = prev {
                let dt_s = ((ts - prev) / 1000.0).clamp(0.0, MAX_FRAME_STEP_S);
                let end = clock.end.get_untracked();
                let now = clock.now.get_untracked();
                if clock.playing.get_untracked() && now < end {
                    let mut c = carry.borrow_mut();
                    let from = now as f64 + *c;
                    let speed = clock.speed.get_untracked().aws_ms_per_real_s;
                    let to =
                        clock.pacer.with_value(|p| p.as_ref().map_or(from + dt_s * speed, |p| p(from, dt_s, speed)));
                    let whole = to.floor().max(now as f64);
                    *c = to - whole;
                    clock.now.set((whole as AwsMillis).min(end));
                    if clock.rest_s.get_untracked() != 0.0 {
                        clock.rest_s.set(0.0);
                    }
                } else if clock.rest_s.get_untracked() < REST_S {
                    clock.rest_s.set((clock.rest_s.get_untracked() + dt_s).min(REST_S));
                }
            }
            if let Some(cb) = frame2.borrow().as_ref() {
                *handle2.borrow_mut() =
                    window().request_animation_frame(cb.as_ref().unchecked_ref()).unwrap_or_default();
            }
        }));
    }
    if let Some(cb) = frame.borrow().as_ref() {
        *handle.borrow_mut() = window().request_animation_frame(cb.as_ref().unchecked_ref()).unwrap_or_default();
    }
    let cleanup = send_wrapper::SendWrapper::new((frame, handle, alive, on_visibility));
    on_cleanup(move || {
        let (frame, handle, alive, on_visibility) = cleanup.take();
        *alive.borrow_mut() = false;
        let _ = window().cancel_animation_frame(*handle.borrow());
        frame.borrow_mut().take();
        let _ =
            document().remove_event_listener_with_callback("visibilitychange", on_visibility.as_ref().unchecked_ref());
    });
    clock
}
