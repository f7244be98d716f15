//! The stage: lanes from the sources to the endings, as DOM boxes with their counts, and the tokens
//! on a canvas above them.
//!
//! Each animation frame the clock moves AWS time; [`scene::scene_at`] says where every token is at
//! that moment (a pure function of the run and `t`), and [`canvas::Painter`] draws it in one fill
//! per colour. The DOM changes only where a number changed: counts, the queue's age, countdowns.
//! Tokens glide between lanes in [`GLIDE_REAL_S`] of real time whatever the speed, and step
//! instead when the reader asked for reduced motion.

pub mod bench;
pub mod canvas;
pub mod icons;
pub mod layout;
pub mod scene;
mod workbench;

use std::cell::RefCell;
use std::rc::Rc;
use std::sync::Arc;

use lab_core::engine::{EventRecord, Run};
use lab_core::scenario::{Destination, DlqTarget, Scenario, Service};
use lab_core::stage::{ending_lanes, Lane, LaneCounts, StageIndex};
use lab_core::throttle::Concurrency;
use lab_core::time::{clock, AwsMillis};
use leptos::prelude::*;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::CanvasRenderingContext2d as Ctx2d;

use crate::i18n::{use_i18n, Texts};
use crate::state::{use_lab, Lab};
use canvas::{HitWhat, Marks, Painter};
use icons::*;
use layout::{drawn_slots, Layout};
use scene::{scene_at, Look, Scene, ENDING_LANES};

pub use workbench::Workbench;

/// A glide between two places takes this much real time, whatever the speed: slow enough to
/// follow, quick enough that a token never lags far behind the truth.
pub const GLIDE_REAL_S: f64 = 0.45;

/// What the stage and the panels around it share: the run's index, the scene at the current
/// moment, and which event is hovered or selected.
#[derive(Clone, Copy)]
pub struct StageView {
    pub index: Memo<Arc<StageIndex>>,
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

impl StageView {
    /// Creates the view of `lab` and provides it as context.
    pub fn provide(lab: Lab) -> StageView {
        let index = Memo::new_with_compare(move |_| Arc::new(StageIndex::new(&lab.run.get())), |_, _| true);
        let reduced_motion = RwSignal::new(prefers_reduced_motion());
        follow_reduced_motion(reduced_motion);
        let scene = Memo::new_with_compare(
            move |_| {
                let run = lab.run.get();
                let index = index.get();
                let t = lab.clock.now.get();
                let glide = if reduced_motion.get() {
                    0
                } else {
                    (GLIDE_REAL_S * lab.clock.speed.get().aws_ms_per_real_s) as AwsMillis
                };
                lab.scenario.with(|s| Arc::new(scene_at(s, &run, &index, t, glide)))
            },
            |_, _| true,
        );
        let counts = Memo::new(move |_| scene.with(|s| s.counts.clone()));
        let selected = RwSignal::new(None::<u32>);
        let selected_pos = Memo::new(move |_| {
            let key = selected.get()?;
            lab.run.with(|run| run.events.iter().position(|r| r.key == key))
        });
        let view =
            StageView { index, scene, counts, hovered: RwSignal::new(None), selected, selected_pos, reduced_motion };
        provide_context(view);
        view
    }

    /// Opens the inspector on the event at `pos` in the current run.
    pub fn select(&self, run: &Run, pos: usize) {
        if let Some(rec) = run.events.get(pos) {
            self.selected.set(Some(rec.key));
        }
    }

    /// The glide of the current speed, in AWS time (0 under reduced motion).
    pub fn glide_ms(&self, lab: &Lab) -> AwsMillis {
        if self.reduced_motion.get_untracked() {
            0
        } else {
            (GLIDE_REAL_S * lab.clock.speed.get_untracked().aws_ms_per_real_s) as AwsMillis
        }
    }
}

pub fn use_stage_view() -> StageView {
    expect_context::<StageView>()
}

/// Keeps `signal` in step with the reader's motion preference when it changes.
fn follow_reduced_motion(signal: RwSignal<bool>) {
    let Some(mql) = web_sys::window().and_then(|w| w.match_media("(prefers-reduced-motion: reduce)").ok().flatten())
    else {
        return;
    };
    let on_change = Closure::<dyn Fn(web_sys::Event)>::new(move |_| {
        signal.try_set(prefers_reduced_motion());
    });
    let _ = mql.add_event_listener_with_callback("change", on_change.as_ref().unchecked_ref());
    // Lives as long as the page: one listener per mounted stage view.
    on_change.forget();
}

fn prefers_reduced_motion() -> bool {
    web_sys::window()
        .and_then(|w| w.match_media("(prefers-reduced-motion: reduce)").ok().flatten())
        .is_some_and(|m| m.matches())
}

/// "S3 event #3": an event's name in every panel (its number in arrival order).
pub fn event_name(t: &Texts, rec: &EventRecord, pos: usize) -> String {
    (t.stage.event_name)(service_name(t, rec.service()), pos + 1)
}

pub fn service_name(t: &Texts, s: Service) -> &'static str {
    t.stage.service_names[Service::ALL.iter().position(|x| *x == s).unwrap_or(0)]
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

pub fn lane_label(t: &'static Texts, lane: Lane) -> &'static str {
    let s = &t.stage;
    match lane {
        Lane::Source(Service::S3) => s.source_s3,
        Lane::Source(Service::Sns) => s.source_sns,
        Lane::Source(Service::EventBridge) => s.source_eventbridge,
        Lane::Queue => s.queue,
        Lane::Function => s.function,
        Lane::Retry => s.retry,
        Lane::Success => s.success,
        Lane::DestinationSuccess => s.destination_success,
        Lane::DestinationFailure => s.destination_failure,
        Lane::Dlq(DlqTarget::Sqs) => s.dlq_sqs,
        Lane::Dlq(DlqTarget::Sns) => s.dlq_sns,
        Lane::Dropped => s.dropped,
    }
}

/// Whether the scenario sends anything to `lane` at all (unused lanes are drawn dimmed).
fn lane_configured(s: &Scenario, lane: Lane) -> bool {
    match lane {
        Lane::DestinationSuccess => s.on_success.is_some(),
        Lane::DestinationFailure => s.on_failure.is_some(),
        Lane::Dlq(t) => s.dlq == Some(t),
        Lane::Dropped => s.dlq.is_none() && s.on_failure.is_none(),
        Lane::Source(svc) => s.sources.iter().any(|src| src.service == svc),
        _ => true,
    }
}

/// The event that the `rank`-th token at rest in `lane` stands for: events are ranked in the order
/// they ended there. Asked only when someone clicks a resting token.
fn resting_event(s: &Scenario, run: &Run, lane: Lane, rank: u32, rested_by: AwsMillis) -> Option<usize> {
    let mut ended: Vec<(AwsMillis, usize)> = run
        .events
        .iter()
        .enumerate()
        .filter_map(|(i, r)| {
            let at = r.ended_ms.filter(|&e| e <= rested_by)?;
            ending_lanes(s, r.outcome).any(|l| l == lane).then_some((at, i))
        })
        .collect();
    ended.sort_unstable();
    ended.get(rank as usize).or(ended.last()).map(|&(_, i)| i)
}

/// The ranks an ended event holds among the tokens at rest in its ending lanes (the inverse of
/// [`resting_event`]).
fn ending_ranks(s: &Scenario, run: &Run, pos: usize) -> Vec<(Lane, u32)> {
    let Some(rec) = run.events.get(pos) else { return Vec::new() };
    let Some(end) = rec.ended_ms else { return Vec::new() };
    ending_lanes(s, rec.outcome)
        .map(|lane| {
            let before = run
                .events
                .iter()
                .enumerate()
                .filter(|(i, r)| {
                    r.ended_ms.is_some_and(|e| (e, *i) < (end, pos)) && ending_lanes(s, r.outcome).any(|l| l == lane)
                })
                .count();
            (lane, before as u32)
        })
        .collect()
}

/// A measured layout and what it was measured for: (layout version, slots drawn).
type Measured = (Layout, (u32, u32));

/// The page's canvas and its lanes.
#[component]
pub fn Stage() -> impl IntoView {
    let lab = use_lab();
    let i18n = use_i18n();
    let view = use_stage_view();
    let root = NodeRef::<leptos::html::Div>::new();
    let canvas_ref = NodeRef::<leptos::html::Canvas>::new();
    let static_ref = NodeRef::<leptos::html::Canvas>::new();
    let layout_version = RwSignal::new(0u32);
    let slots_shown = RwSignal::new(0u32);
    let painter = Rc::new(RefCell::new(Painter::default()));
    bench::watch_painter(painter.clone());
    // The measured layout and what it was measured for (layout version, slots to draw).
    let measured: Rc<RefCell<Option<Measured>>> = Rc::new(RefCell::new(None));
    // The 2D contexts of the token layer and of the static layer beneath it.
    let ctx_cache: Rc<RefCell<Option<(Ctx2d, Ctx2d)>>> = Rc::new(RefCell::new(None));

    // Labels change size with the language and the scenario's configured lanes: measure again.
    Effect::new(move |_| {
        i18n.lang.track();
        lab.scenario.track();
        layout_version.update(|v| *v += 1);
    });
    observe_resizes(root, layout_version);
    // Where the hovered and selected events rest once they have ended (asked when they change).
    let resting_marks = Memo::new(move |_| {
        let run = lab.run.get();
        let marked = [(view.hovered.get().map(|p| p as usize), false), (view.selected_pos.get(), true)];
        lab.scenario.with(|s| {
            marked
                .into_iter()
                .filter_map(|(pos, selected)| Some((pos?, selected)))
                .flat_map(|(pos, selected)| ending_ranks(s, &run, pos).into_iter().map(move |(l, r)| (l, r, selected)))
                .collect::<Vec<_>>()
        })
    });

    {
        let painter = painter.clone();
        let measured = measured.clone();
        Effect::new(move |_| {
            let scene = view.scene.get();
            let version = layout_version.get();
            let marks = Marks {
                hovered: view.hovered.get(),
                selected: view.selected_pos.get().map(|p| p as u32),
                resting: resting_marks.get(),
            };
            let used = view.index.with(|i| i.slots_used());
            let slots = lab.scenario.with(|s| drawn_slots(s, used));
            let (Some(root), Some(canvas), Some(under)) = (root.get(), canvas_ref.get(), static_ref.get()) else {
                return;
            };
            let started = bench::now_ms();
            let dpr = window().device_pixel_ratio().max(1.0);
            let mut ctx = ctx_cache.borrow_mut();
            if ctx.is_none() {
                let get = |c: &web_sys::HtmlCanvasElement| {
                    c.get_context("2d").ok().flatten().and_then(|c| c.dyn_into::<Ctx2d>().ok())
                };
                *ctx = get(&canvas).zip(get(&under));
            }
            let Some((ctx, ctx_under)) = ctx.as_ref() else { return };
            let mut p = painter.borrow_mut();
            let mut m = measured.borrow_mut();
            if m.as_ref().is_none_or(|(_, key)| *key != (version, slots)) {
                let l = Layout::measure(&root, &canvas, slots);
                for c in [&canvas, &under] {
                    c.set_width((l.width * dpr).round() as u32);
                    c.set_height((l.height * dpr).round() as u32);
                }
                slots_shown.set(l.slots_drawn);
                p.paint_static(ctx_under, &l, dpr);
                *m = Some((l, (version, slots)));
            }
            let Some((layout, _)) = m.as_ref() else { return };
            p.paint(ctx, layout, &scene, marks, dpr);
            let c = &scene.counts;
            let _ = canvas.set_attribute(
                "data-scene",
                &format!(
                    "t={};glide={};tokens={};drawn={};queue={};function={};retry={};throttled={};fanout={};hl={};hash={:08x}",
                    scene.t,
                    scene.glide,
                    scene.tokens.len(),
                    p.drawn,
                    c.queue,
                    c.function,
                    c.retry,
                    scene.throttled,
                    scene.fanout.len(),
                    p.highlighted,
                    p.hash
                ),
            );
            bench::record_frame(bench::now_ms() - started, scene.in_flight, p.drawn);
        });
    }

    let hit_at = {
        let painter = painter.clone();
        move |ev: &web_sys::MouseEvent| -> Option<HitWhat> {
            let canvas = canvas_ref.get_untracked()?;
            let r = canvas.get_bounding_client_rect();
            let (x, y) = (f64::from(ev.client_x()) - r.left(), f64::from(ev.client_y()) - r.top());
            let p = painter.borrow();
            p.hits
                .iter()
                .map(|h| (((h.x - x).powi(2) + (h.y - y).powi(2)), h.what))
                .filter(|(d2, _)| *d2 <= 81.0)
                .min_by(|a, b| a.0.total_cmp(&b.0))
                .map(|(_, w)| w)
        }
    };
    let on_move = {
        let hit_at = hit_at.clone();
        move |ev: web_sys::MouseEvent| {
            let hovered = match hit_at(&ev) {
                Some(HitWhat::Event(e)) => Some(e),
                _ => None,
            };
            if view.hovered.get_untracked() != hovered {
                view.hovered.set(hovered);
            }
            if let Some(grid) = root.get_untracked() {
                grid.class_list().toggle_with_force("pointing", hit_at(&ev).is_some()).ok();
            }
        }
    };
    let on_click = move |ev: web_sys::MouseEvent| {
        let run = lab.run.get_untracked();
        match hit_at(&ev) {
            Some(HitWhat::Event(e)) => view.select(&run, e as usize),
            Some(HitWhat::Resting(lane, rank)) => {
                let rested_by = lab.clock.now.get_untracked().saturating_sub(view.glide_ms(&lab));
                if let Some(pos) = lab.scenario.with_untracked(|s| resting_event(s, &run, lane, rank, rested_by)) {
                    view.select(&run, pos);
                }
            }
            None => {}
        }
    };

    let counts = view.counts;
    view! {
        <section class="stage" data-testid="stage" aria-label=move || i18n.t(|t| t.stage.stage_label)>
            // Pointer events are the grid's: the canvas lets them through to the lanes (their
            // tooltips), and the grid finds the token under the pointer in the last frame drawn.
            <div
                class="stage-grid"
                node_ref=root
                on:mousemove=on_move
                on:mouseleave=move |_| view.hovered.set(None)
                on:click=on_click
            >
                <div class="column sources">
                    <h3 class="column-title">{move || i18n.t(|t| t.stage.sources)}</h3>
                    {Service::ALL.into_iter().map(|s| view! { <SourceLane service=s counts /> }).collect_view()}
                </div>
                <div class="gate" data-area="gate" title=move || i18n.t(|t| t.stage.accepted_hint)>
                    <span class="gate-label">{move || i18n.t(|t| t.stage.accepted)}</span>
                </div>
                <div class="column">
                    <QueueLane counts />
                </div>
                <div class="column">
                    <FunctionLane counts slots_shown />
                </div>
                <div class="column">
                    <RetryLane counts />
                </div>
                <div class="column endings">
                    {ENDING_LANES.into_iter().map(|lane| view! { <EndingLane lane counts /> }).collect_view()}
                </div>
                <canvas class="slot-layer" node_ref=static_ref aria-hidden="true"></canvas>
                <canvas class="token-layer" data-testid="stage-canvas" node_ref=canvas_ref aria-hidden="true"></canvas>
            </div>
            <Legend />
        </section>
    }
}

/// Measures again whenever the stage or one of its token areas changes size.
fn observe_resizes(root: NodeRef<leptos::html::Div>, version: RwSignal<u32>) {
    let callback = Closure::<dyn FnMut()>::new(move || version.update(|v| *v += 1));
    let Ok(observer) = web_sys::ResizeObserver::new(callback.as_ref().unchecked_ref()) else { return };
    let keep = send_wrapper::SendWrapper::new((observer.clone(), callback));
    Effect::new(move |_| {
        if let Some(el) = root.get() {
            observer.observe(&el);
            if let Ok(areas) = el.query_selector_all("[data-area]") {
                for i in 0..areas.length() {
                    if let Some(a) = areas.item(i).and_then(|n| n.dyn_into::<web_sys::Element>().ok()) {
                        observer.observe(&a);
                    }
                }
            }
        }
    });
    on_cleanup(move || {
        let (observer, _callback) = keep.take();
        observer.disconnect();
    });
}

/// A lane's heading: icon, name, count (plain digits, `count-<id>`).
#[component]
fn LaneHead(lane: Lane, counts: Memo<LaneCounts>, icon: AnyView) -> impl IntoView {
    let i18n = use_i18n();
    let id = lane.id();
    view! {
        <div class="lane-head">
            {icon}
            <span class="lane-name">{move || i18n.t(|t| lane_label(t, lane))}</span>
            <span class="lane-count" data-testid=format!("count-{id}")>{move || counts.with(|c| c.get(lane))}</span>
        </div>
    }
}

#[component]
fn SourceLane(service: Service, counts: Memo<LaneCounts>) -> impl IntoView {
    let lab = use_lab();
    let i18n = use_i18n();
    let lane = Lane::Source(service);
    let id = lane.id();
    let idle = move || !lab.scenario.with(|s| lane_configured(s, lane));
    view! {
        <div class="lane source" class:idle=idle data-testid=format!("lane-{id}") data-lane=id.clone()>
            <LaneHead lane counts icon=source_icon(service) />
            <p class="lane-note">{move || i18n.t(|t| t.stage.source_notes[Service::ALL.iter().position(|s| *s == service).unwrap_or(0)])}</p>
            <div class="tokens source-anchor" data-area=id.clone()></div>
        </div>
    }
}

#[component]
fn QueueLane(counts: Memo<LaneCounts>) -> impl IntoView {
    let i18n = use_i18n();
    let view = use_stage_view();
    let lane = Lane::Queue;
    let depth = move || counts.with(|c| c.queue);
    let oldest = move || counts.with(|c| clock(c.oldest_queued_ms));
    let throttled = Memo::new(move |_| view.scene.with(|s| s.throttled));
    view! {
        <div class="lane queue" data-testid="lane-queue" data-lane="queue">
            <LaneHead lane counts icon=view! { <QueueIcon /> }.into_any() />
            <div class="lane-info">
                <span data-testid="queue-depth">{move || i18n.t(|t| (t.stage.queue_depth)(depth()))}</span>
                " · "
                <span data-testid="queue-oldest">{move || i18n.t(|t| (t.stage.queue_oldest)(&oldest()))}</span>
                <Show when=move || { throttled.get() > 0 }>
                    <span class="throttled-badge" data-testid="queue-throttled" data-n=move || throttled.get().to_string()>
                        {move || i18n.t(|t| (t.stage.queue_throttled)(throttled.get()))}
                    </span>
                </Show>
            </div>
            <div class="tokens" data-area="queue"></div>
        </div>
    }
}

#[component]
fn FunctionLane(counts: Memo<LaneCounts>, slots_shown: RwSignal<u32>) -> impl IntoView {
    let i18n = use_i18n();
    let lab = use_lab();
    let lane = Lane::Function;
    let reserved = Memo::new(move |_| lab.scenario.with(|s| s.function.reserved_concurrency));
    let info = move || {
        let busy = counts.with(|c| c.function);
        let shown = slots_shown.get();
        i18n.t(|t| match reserved.get() {
            Some(0) => t.stage.slots_zero.to_string(),
            Some(n) => {
                let mut s = (t.stage.slots_reserved)(busy, n);
                if shown < n {
                    s = format!("{s}; {}", (t.stage.slots_hidden)(n - shown));
                }
                s
            }
            None => (t.stage.slots_pool)(busy, Concurrency::of(None).limit, shown),
        })
    };
    view! {
        <div class="lane function" data-testid="lane-function" data-lane="function">
            <LaneHead lane counts icon=view! { <LambdaIcon /> }.into_any() />
            <div class="lane-info" data-testid="function-slots">{info}</div>
            <div class="tokens" data-area="function"></div>
        </div>
    }
}

#[component]
fn RetryLane(counts: Memo<LaneCounts>) -> impl IntoView {
    let i18n = use_i18n();
    let lab = use_lab();
    let view = use_stage_view();
    let lane = Lane::Retry;
    let of = Memo::new(move |_| lab.scenario.with(|s| s.invoke_config.max_retry_attempts));
    // Text of each countdown; changes once per AWS second at most.
    let rows = Memo::new(move |_| {
        let run = lab.run.get();
        let of = of.get();
        view.scene.with(|scene| {
            scene
                .countdowns
                .iter()
                .map(|c| {
                    let rec = &run.events[c.event as usize];
                    i18n.t(|t| {
                        let name = event_name(t, rec, c.event as usize);
                        match c.until {
                            Some(u) if u > scene.t => {
                                (t.stage.countdown)(&name, c.retry, of, &clock(u - scene.t + 999))
                            }
                            _ => (t.stage.countdown_due)(&name, c.retry, of),
                        }
                    })
                })
                .collect::<Vec<_>>()
        })
    });
    let more = move || counts.with(|c| c.retry).saturating_sub(rows.with(|r| r.len() as u64));
    view! {
        <div class="lane retry" data-testid="lane-retry" data-lane="retry">
            <LaneHead lane counts icon=view! { <TimerIcon /> }.into_any() />
            <div class="lane-info">{move || i18n.t(|t| (t.stage.retry_rule)(of.get()))}</div>
            <div class="tokens" data-area="retry"></div>
            // A fixed list of lines whose text changes in place: no element is made per frame.
            <ol class="countdowns" data-testid="countdowns">
                {(0..scene::COUNTDOWNS_SHOWN)
                    .map(|k| {
                        view! {
                            <Show when=move || rows.with(|r| r.len() > k)>
                                <li data-testid="countdown">{move || rows.with(|r| r.get(k).cloned().unwrap_or_default())}</li>
                            </Show>
                        }
                    })
                    .collect_view()}
            </ol>
            <p class="lane-note">
                {move || {
                    let n = more();
                    if counts.with(|c| c.retry) == 0 {
                        i18n.t(|t| t.stage.retry_none.to_string())
                    } else if n > 0 {
                        i18n.t(|t| (t.stage.countdown_more)(n))
                    } else {
                        String::new()
                    }
                }}
            </p>
        </div>
    }
}

#[component]
fn EndingLane(lane: Lane, counts: Memo<LaneCounts>) -> impl IntoView {
    let i18n = use_i18n();
    let lab = use_lab();
    let id = lane.id();
    let off = move || !lab.scenario.with(|s| lane_configured(s, lane));
    let icon = match lane {
        Lane::Success => view! { <SuccessIcon /> }.into_any(),
        Lane::Dlq(DlqTarget::Sqs) => view! { <SqsIcon /> }.into_any(),
        Lane::Dlq(DlqTarget::Sns) => view! { <SnsIcon /> }.into_any(),
        Lane::Dropped => view! { <DropIcon /> }.into_any(),
        _ => view! { <DestinationIcon /> }.into_any(),
    };
    let note = move || {
        i18n.t(|t| {
            lab.scenario.with(|s| {
                if !lane_configured(s, lane) && lane != Lane::Success {
                    return t.stage.not_configured.to_string();
                }
                match lane {
                    Lane::DestinationSuccess => {
                        s.on_success.map(|d| (t.stage.destination_note)(destination_kind(t, d)))
                    }
                    Lane::DestinationFailure => {
                        s.on_failure.map(|d| (t.stage.destination_note)(destination_kind(t, d)))
                    }
                    Lane::Dlq(DlqTarget::Sqs) => Some(t.stage.dlq_sqs_note.to_string()),
                    Lane::Dlq(DlqTarget::Sns) => Some(t.stage.dlq_sns_note.to_string()),
                    Lane::Dropped => Some(t.stage.dropped_note.to_string()),
                    _ => None,
                }
                .unwrap_or_default()
            })
        })
    };
    let fanout = (lane == Lane::Dlq(DlqTarget::Sns)).then(|| {
        let delivered = move || counts.with(|c| c.dlq_sns);
        view! {
            <div class="fanout" data-testid="sns-fanout">
                <span class="topic" data-area="topic"></span>
                <ul class="subscribers">
                    {(0..3)
                        .map(|k| {
                            view! {
                                <li
                                    class="subscriber"
                                    data-testid="sns-subscriber"
                                    data-area=format!("subscriber-{k}")
                                    title=move || i18n.t(|t| format!("{}: {}", t.stage.subscribers[k], (t.stage.delivered)(delivered())))
                                >
                                    <SubscriberIcon kind=k />
                                    <span class="sr-only">{move || i18n.t(|t| t.stage.subscribers[k])}</span>
                                    <span class="sub-count" data-testid="sns-subscriber-count">{delivered}</span>
                                </li>
                            }
                        })
                        .collect_view()}
                </ul>
            </div>
        }
    });
    view! {
        <div class=format!("lane ending ending-{id}") class:off=off data-testid=format!("lane-{id}") data-lane=id.clone()>
            <LaneHead lane counts icon />
            <div class="lane-note" title=note>{note}</div>
            {fanout}
            <div class="tokens" data-area=id.clone()></div>
        </div>
    }
}

/// Shapes and colours of the tokens, in words.
#[component]
fn Legend() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <div class="legend">
            <span class="legend-title">{move || i18n.t(|t| t.stage.legend)}</span>
            <ul>
                {Look::ALL
                    .into_iter()
                    .enumerate()
                    .map(|(k, look)| {
                        view! {
                            <li>
                                <LookGlyph look />
                                {move || i18n.t(|t| t.stage.looks[k])}
                            </li>
                        }
                    })
                    .collect_view()}
            </ul>
            <span class="legend-hint">{move || i18n.t(|t| t.stage.canvas_hint)}</span>
        </div>
    }
}

/// A token's shape in SVG, as the canvas draws it.
#[component]
pub fn LookGlyph(look: Look) -> impl IntoView {
    let c = canvas::colour(look);
    let shape = match look {
        Look::Queued => view! { <rect x="2.5" y="2.5" width="9" height="9" fill=c /> }.into_any(),
        Look::Failed => view! {
            <rect x="2.5" y="2.5" width="9" height="9" fill=c />
            <path d="M5 5 L9 9 M9 5 L5 9" stroke="#fff" stroke-width="1.4" />
        }
        .into_any(),
        Look::Throttled => view! { <path d="M7 1.6 L12.2 11.5 H1.8 Z" fill=c /> }.into_any(),
        Look::Running => view! { <circle cx="7" cy="7" r="4.5" fill=c /> }.into_any(),
        Look::Duplicate => view! { <circle cx="7" cy="7" r="4.2" fill="none" stroke=c stroke-width="2" /> }.into_any(),
        Look::Retry => view! { <path d="M7 1.2 L12.8 7 L7 12.8 L1.2 7 Z" fill=c /> }.into_any(),
        Look::Succeeded => view! {
            <circle cx="7" cy="7" r="4.8" fill=c />
            <path d="M4.6 7 L6.4 9 L9.6 5.2" fill="none" stroke="#fff" stroke-width="1.4" />
        }
        .into_any(),
        Look::Dropped => {
            view! { <path d="M2.5 2.5 L11.5 11.5 M11.5 2.5 L2.5 11.5" stroke=c stroke-width="2" /> }.into_any()
        }
    };
    view! {
        <svg class="glyph" viewBox="0 0 14 14" width="14" height="14" aria-hidden="true" focusable="false">
            {shape}
        </svg>
    }
}
