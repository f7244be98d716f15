//! The stage: lanes from the sources to the endings, as DOM boxes with their counts, and the tokens
//! on a canvas above them.
//!
//! Each animation frame the clock moves AWS time; the moment's [`scene_at`] says where every token is
//! at that moment (a pure function of the run and `t`), and [`canvas::Painter`] draws it in one fill
//! per colour ([`frame`]). The DOM changes only where a number changed: counts, the queue's age,
//! countdowns ([`lanes`]). Tokens glide between lanes in [`GLIDE_REAL_S`] of real time whatever the
//! speed, along the corridors between the lanes ([`layout`]), and step instead when the reader asked
//! for reduced motion. Every count changes when its token arrives.
//!
//! [`scene_at`]: crate::moment::scene::scene_at
//! [`GLIDE_REAL_S`]: crate::moment::GLIDE_REAL_S

pub mod canvas;
mod frame;
pub mod icons;
pub mod lanes;
pub mod layout;
mod legend;
mod resting;
mod side_effects;

use std::cell::RefCell;
use std::rc::Rc;

use lab_core::moment::{lane_used, LaneCounts};
use lab_core::scenario::Service;
use leptos::prelude::*;

use crate::i18n::use_i18n;
use crate::lab_hooks;
use crate::moment::scene::ENDING_LANES;
use crate::moment::use_moment;
use crate::state::use_lab;
use canvas::{HitWhat, Painter};
use frame::{observe_resizes, paint_frames, token_under, Surfaces};
use lanes::{lane_label, stage_lanes, EndingLane, FunctionLane, QueueLane, RetryLane, SourceLane};
use legend::Legend;
use resting::resting_event;
use side_effects::SideEffects;

/// The page's canvas and its lanes.
#[component]
pub fn Stage() -> impl IntoView {
    let lab = use_lab();
    let i18n = use_i18n();
    let view = use_moment();
    let root = NodeRef::<leptos::html::Div>::new();
    let canvas_ref = NodeRef::<leptos::html::Canvas>::new();
    let static_ref = NodeRef::<leptos::html::Canvas>::new();
    let layout_version = RwSignal::new(0u32);
    let slots_shown = RwSignal::new(0u32);
    let painter = Rc::new(RefCell::new(Painter::default()));
    lab_hooks::watch_painter(painter.clone());

    // Labels change size with the language and the scenario's configured lanes: measure again.
    Effect::new(move |_| {
        i18n.lang.track();
        lab.scenario.track();
        layout_version.update(|v| *v += 1);
    });
    observe_resizes(root, layout_version);
    let surfaces = Surfaces { root, canvas: canvas_ref, under: static_ref };
    paint_frames(lab, view, surfaces, painter.clone(), layout_version, slots_shown);

    let hit_at = move |ev: &web_sys::MouseEvent| token_under(&painter, canvas_ref, ev);
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
                // Tokens rest once their glide is over: those that ended a glide before the moment seen.
                let timing = view.timing(lab);
                let seen = lab.clock.now.get_untracked() + timing.settle.min(timing.at_rest());
                let rested_by = seen.saturating_sub(timing.glide);
                if let Some(pos) = resting_event(&run, lane, rank, rested_by) {
                    view.select(&run, pos);
                }
            }
            None => {}
        }
    };

    let counts = view.counts;
    view! {
        <section
            class="stage"
            id="stage"
            data-testid="stage"
            aria-label=move || i18n.t(|t| t.stage.stage_label)
            aria-describedby="stage-summary"
        >
            <Summary counts />
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
                    <h2 class="column-title">{move || i18n.t(|t| t.stage.sources)}</h2>
                    {Service::ALL.into_iter().map(|s| view! { <SourceLane service=s counts /> }).collect_view()}
                </div>
                <div class="gate" data-area="gate" title=move || i18n.t(|t| t.stage.accepted_hint)>
                    <span class="gate-label">{move || i18n.t(|t| t.stage.accepted)}</span>
                </div>
                <div class="column">
                    <QueueLane counts />
                </div>
                // The function above its retry wait: a failed run drops into the wait and comes back
                // up, and a finished one goes straight on to the endings.
                <div class="column middle">
                    <FunctionLane counts slots_shown>
                        <SideEffects />
                    </FunctionLane>
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

/// How often the stage's words for a screen reader are read again from the counts.
const SUMMARY_EVERY: std::time::Duration = std::time::Duration::from_secs(1);

/// The stage in words, for those who cannot see the canvas: each lane in use with its count. Read
/// from the counts once a [`SUMMARY_EVERY`], not every frame, and no live region (the narration is
/// the one that speaks up).
#[component]
fn Summary(counts: Memo<LaneCounts>) -> impl IntoView {
    let lab = use_lab();
    let i18n = use_i18n();
    let words = move || {
        let t = i18n.lang.get_untracked().texts();
        let lanes = lab.scenario.with_untracked(|s| {
            counts.with_untracked(|c| {
                stage_lanes()
                    .filter(|&l| lane_used(s, l))
                    .map(|l| format!("{} {}", lane_label(t, l), c.get(l)))
                    .collect::<Vec<_>>()
            })
        });
        format!("{}: {}.", t.stage.summary, lanes.join(", "))
    };
    let text = RwSignal::new(words());
    if let Ok(every) = set_interval_with_handle(
        move || {
            let now = words();
            if text.with_untracked(|t| *t != now) {
                text.set(now);
            }
        },
        SUMMARY_EVERY,
    ) {
        on_cleanup(move || every.clear());
    }
    view! { <p class="sr-only" id="stage-summary" data-testid="stage-summary">{text}</p> }
}
