//! The moment: what the stage and the panels around it share about the run at the clock's time.
//!
//! [`MomentView`] holds the run's index, the [`scene`] at the current moment, the lane counts, and
//! which event is hovered or selected. Everything in it is derived from (run, t) by the core's pure
//! [`lab_core::moment`] functions, so every panel asks it rather than the stage, and whoever lays
//! the panels out sits above them. The names every panel gives events, services and destinations
//! live here too.

pub mod pace;
pub mod scene;

use std::sync::Arc;

use lab_core::engine::{EventRecord, Run};
use lab_core::moment::{Happening, InFlight, LaneCounts, RunIndex};
use lab_core::scenario::{Destination, Service};
use lab_core::time::AwsMillis;
use leptos::prelude::*;

use crate::media;

use crate::clock::REST_S;
use crate::i18n::Texts;
use crate::state::Lab;
use scene::{scene_at, Scene, Timing};

/// A glide between two places takes this much real time, whatever the speed: slow enough to
/// follow, quick enough that a token never lags far behind the truth.
pub const GLIDE_REAL_S: f64 = 0.45;

// A stopped clock waits long enough for a glide and the fan-out after it.
const _: () = assert!(2.0 * GLIDE_REAL_S <= REST_S);

/// What the stage and the panels around it share: the run's index, the scene at the current
/// moment, and which event is hovered or selected.
#[derive(Clone, Copy)]
pub struct MomentView {
    pub index: Memo<Arc<RunIndex>>,
    pub scene: Memo<Arc<Scene>>,
    /// Lane counts at the current moment (changes only when a count does).
    pub counts: Memo<LaneCounts>,
    /// The event under the pointer (its position in the run), on the canvas or in the timeline.
    pub hovered: RwSignal<Option<u32>>,
    /// The event the inspector shows, by key: keys survive re-simulation, positions may not.
    pub selected: RwSignal<Option<u32>>,
    /// Where the selected event is in the current run.
    pub selected_pos: Memo<Option<usize>>,
    pub reduced_motion: RwSignal<bool>,
}

impl MomentView {
    /// Creates the view of `lab` and provides it as context.
    pub fn provide(lab: Lab) -> MomentView {
        let index = Memo::new_with_compare(move |_| Arc::new(RunIndex::new(&lab.run.get())), |_, _| true);
        let reduced_motion = media::preference(media::REDUCED_MOTION);
        // The events in flight at the last moment drawn, for the run drawn: moved to the next
        // moment rather than counted afresh (a new run starts afresh, and makes its marks for
        // far seeks while the page is idle).
        let flight: Flight = Arc::new(std::sync::Mutex::new((0usize, InFlight::default())));
        let scene = Memo::new_with_compare(
            {
                let flight = flight.clone();
                move |_| {
                    let run = lab.run.get();
                    let index = index.get();
                    let t = lab.clock.now.get();
                    let timing = timing(lab, reduced_motion.get(), true);
                    let mut flight_now = flight.lock().unwrap_or_else(|e| e.into_inner());
                    let id = Arc::as_ptr(&index) as usize;
                    if flight_now.0 != id {
                        *flight_now = (id, InFlight::default());
                        prepare_when_idle(flight.clone(), run.clone(), index.clone());
                    }
                    Arc::new(scene_at(&run, &index, &mut flight_now.1, t, timing))
                }
            },
            |_, _| true,
        );
        lab.clock.set_pacer(std::rc::Rc::new(move |t, real_s, speed| {
            let run = lab.run.get_untracked();
            index.try_with_untracked(|index| pace::advance(&run, index, t, real_s, speed)).unwrap_or(t + real_s * speed)
        }));
        let counts = Memo::new(move |_| scene.with(|s| s.counts.clone()));
        let selected = RwSignal::new(None::<u32>);
        let selected_pos = Memo::new(move |_| {
            let key = selected.get()?;
            lab.run.with(|run| run.events.iter().position(|r| r.key == key))
        });
        let view =
            MomentView { index, scene, counts, hovered: RwSignal::new(None), selected, selected_pos, reduced_motion };
        provide_context(view);
        view
    }

    /// Opens the inspector on the event at `pos` in the current run.
    pub fn select(&self, run: &Run, pos: usize) {
        if let Some(rec) = run.events.get(pos) {
            self.selected.set(Some(rec.key));
        }
    }

    /// How the picture moves now, in AWS time (read without tracking).
    pub fn timing(&self, lab: Lab) -> Timing {
        timing(lab, self.reduced_motion.get_untracked(), false)
    }
}

/// The flight the scene moves, with the run's index it belongs to (by address).
type Flight = Arc<std::sync::Mutex<(usize, InFlight)>>;

/// Real milliseconds a task of [`prepare_when_idle`] works for: a few, so that a frame is never
/// kept waiting for it.
const PREPARE_SLICE_MS: f64 = 4.0;
/// Happenings between two looks at the time taken (about a millisecond's work).
const PREPARE_STEP: usize = 512;

/// Makes the flight's marks for far seeks ([`InFlight::prepare`]) a few milliseconds at a time,
/// each in a task of its own, so that frames and input go between them; stops once they are made,
/// or when the flight belongs to another run.
fn prepare_when_idle(flight: Flight, run: Arc<Run>, index: Arc<RunIndex>) {
    gloo_timers::callback::Timeout::new(0, move || {
        let done = {
            let mut f = flight.lock().unwrap_or_else(|e| e.into_inner());
            let start = crate::lab_hooks::now_ms();
            loop {
                if f.0 != Arc::as_ptr(&index) as usize || f.1.prepare(&run, &index, PREPARE_STEP) {
                    break true;
                }
                if crate::lab_hooks::now_ms() - start >= PREPARE_SLICE_MS {
                    break false;
                }
            }
        };
        if !done {
            prepare_when_idle(flight, run, index);
        }
    })
    .forget();
}

/// The page's [`Timing`]: a glide of [`GLIDE_REAL_S`] at the current speed (none under reduced
/// motion), the settle of a stopped clock, and a `202` pulse as long as a glide.
fn timing(lab: Lab, reduced_motion: bool, tracked: bool) -> Timing {
    let (speed, rest_s) = if tracked {
        (lab.clock.speed.get(), lab.clock.rest_s.get())
    } else {
        (lab.clock.speed.get_untracked(), lab.clock.rest_s.get_untracked())
    };
    let pulse = (GLIDE_REAL_S * speed.aws_ms_per_real_s) as AwsMillis;
    let glide = if reduced_motion { 0 } else { pulse };
    Timing { glide, settle: (rest_s * speed.aws_ms_per_real_s) as AwsMillis, pulse }
}

/// The moment [`MomentView::provide`] put in context.
pub fn use_moment() -> MomentView {
    expect_context::<MomentView>()
}

/// The first look back from `t` for [`happenings_back`], in happenings; each further look takes
/// this many times as many.
const LOOK_BACK_FIRST: usize = 64;
const LOOK_BACK_GROWTH: usize = 8;
/// The furthest look back, in happenings: a moment's panels never hold more (a story told in
/// bursts of thousands stops here, and the narration counts what came before).
const LOOK_BACK_MAX: usize = 4_096;

/// The latest happenings up to a moment, found by [`happenings_back`].
pub struct LookBack {
    /// In time order.
    pub happenings: Vec<Happening>,
    /// The look went back to the start of the run: nothing happened before these.
    pub from_start: bool,
}

/// What happened up to `t`, looking back only as far as needed: the last happenings by `t`
/// (whole moments), more each look, until `enough` says so, the look reaches the start of the
/// run or it takes [`LOOK_BACK_MAX`]. Each look costs the happenings it takes, never the events in
/// flight.
pub fn happenings_back(run: &Run, index: &RunIndex, t: AwsMillis, enough: impl Fn(&[Happening]) -> bool) -> LookBack {
    let mut n = LOOK_BACK_FIRST;
    loop {
        // From just before the moment of the n-th happening back, so that moment is told whole.
        let from = index.moment_of_last(t, n).and_then(|at| at.checked_sub(1));
        let happenings = index.happenings(run, from, t, usize::MAX);
        if from.is_none() || n >= LOOK_BACK_MAX || enough(&happenings) {
            return LookBack { happenings, from_start: from.is_none() };
        }
        n = n.saturating_mul(LOOK_BACK_GROWTH);
    }
}

/// "S3 event #3": an event's name in every panel (its number in arrival order).
pub fn event_name(t: &Texts, rec: &EventRecord, pos: usize) -> String {
    (t.stage.event_name)(service_name(rec.service()), pos + 1)
}

/// What events of `s` are called by ("S3", "SES"): the same in every language.
pub fn service_name(s: Service) -> &'static str {
    s.def().short_name
}

/// What a deployment changed, in the link's own words ("fail never, retries 0"): the same in
/// every language, as the link and the settings form name them.
pub fn deployed_words(c: &lab_core::scenario::Change) -> String {
    let words: Vec<String> =
        lab_core::share::query::deployed_settings(c).into_iter().map(|(k, v)| format!("{k} {v}")).collect();
    words.join(", ")
}

pub fn destination_kind(t: &Texts, d: Destination) -> &'static str {
    let i = match d {
        Destination::Sqs => 0,
        Destination::Sns => 1,
        Destination::Lambda => 2,
        Destination::EventBridge => 3,
        Destination::S3 => 4,
    };
    t.stage.destination_kinds[i]
}
