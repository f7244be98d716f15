//! The event timeline: a Gantt chart, one row per event. Attempts are bars on the AWS time axis,
//! the retry waits are the gaps between them (the ~1- and ~2-minute waits show as such), throttles
//! are ticks, and the outcome closes the row.
//!
//! Rows are drawn once with the whole recorded story; a curtain over the future hides what has
//! not happened yet, so each frame moves one element instead of redrawing the rows. Large runs
//! show the latest rows and a summary.

use std::sync::Arc;

use lab_core::engine::{EventRecord, Run};
use lab_core::moment::runs_of;
use lab_core::outcome::{AttemptResult, Outcome};
use lab_core::route::Ending;
use lab_core::time::{clock, AwsMillis, MINUTE};
use leptos::prelude::*;

use crate::i18n::use_i18n;
use crate::moment::{deployed_words, event_name, use_moment, MomentView};
use crate::rows::{row_memo, row_of, Rows};
use crate::state::use_lab;

/// Rows shown at most; older events are summarised.
pub const ROWS_MAX: usize = 30;
/// Runs up to this long fit the axis whole.
const WHOLE_RUN_MAX: AwsMillis = 30 * MINUTE;
/// Longer runs show a page of this much AWS time around now...
const PAGE: AwsMillis = 20 * MINUTE;
/// ...which moves on in steps of this much (so rows are redrawn rarely).
const PAGE_STEP: AwsMillis = 10 * MINUTE;
/// Throttle ticks drawn per row at most.
const TICKS_MAX: usize = 60;

/// A text of the page, in its language.
type Label = fn(&'static crate::i18n::Texts) -> &'static str;

/// The marks of a row, as the legend lists them: the class each mark is drawn with (`sw` + it in
/// the legend) and its name.
const LEGEND: [(&str, Label); 8] = [
    ("received", |t| t.timeline.legend_received),
    ("ok", |t| t.timeline.legend_ok),
    ("failed", |t| t.timeline.legend_failed),
    ("running", |t| t.timeline.legend_running),
    ("wait", |t| t.timeline.legend_wait),
    ("throttle", |t| t.timeline.legend_throttle),
    ("dup", |t| t.timeline.legend_duplicate),
    ("now", |t| t.timeline.legend_now),
];

/// The span of AWS time the axis shows at `now`.
fn axis(run_for: AwsMillis, now: AwsMillis) -> (AwsMillis, AwsMillis) {
    if run_for <= WHOLE_RUN_MAX {
        return (0, run_for.max(1));
    }
    let from = (now / PAGE_STEP).saturating_sub(1) * PAGE_STEP;
    (from, from + PAGE)
}

/// Percent of the axis at `t` (may fall outside 0..100; the track clips).
fn pct(axis: (AwsMillis, AwsMillis), t: AwsMillis) -> f64 {
    (t as f64 - axis.0 as f64) / (axis.1 - axis.0) as f64 * 100.0
}

fn outcome_index(o: Outcome) -> usize {
    Outcome::ALL.iter().position(|x| *x == o).unwrap_or(0)
}

#[component]
pub fn Timeline() -> impl IntoView {
    let lab = use_lab();
    let i18n = use_i18n();
    let view = use_moment();
    let ax = Memo::new(move |_| axis(lab.clock.end.get(), lab.clock.now.get()));
    // Events sent by now: the latest ROWS_MAX of them are rows.
    let sent = Memo::new(move |_| {
        let t = lab.clock.now.get();
        lab.run.with(|r| r.events.partition_point(|e| e.received_ms <= t))
    });
    // Rows by (run, event): a row is made once and kept while the run stays the same, so new
    // events add rows without redrawing the others. Rows place their bars in AWS milliseconds
    // (CSS variables); the axis is two variables on the rows' container, so moving it redraws
    // nothing.
    // Rows are told in the language of the list (a row that tracked the language would stay
    // subscribed to it once gone: `crate::rows`), so the language is part of their key.
    let rows = move || {
        let run = lab.run.get();
        let id = Arc::as_ptr(&run) as usize;
        let lang = i18n.lang.get() as usize;
        let hi = sent.get();
        let lo = hi.saturating_sub(ROWS_MAX);
        (lo..hi).rev().map(|pos| (lang, id, pos)).collect::<Vec<_>>()
    };
    let row = move |(_, _, pos): (usize, usize, usize)| {
        view! { <Row run=lab.run.get_untracked() pos view /> }
    };
    // The hovered and selected rows are marked from here, by one subscriber each, for the same
    // reason.
    let body = NodeRef::<leptos::html::Div>::new();
    mark_row(body, "hot", move || view.hovered.get().map(|e| e as usize));
    mark_row(body, "selected", move || view.selected_pos.get());
    let hover = move |event: Option<u32>| {
        if view.hovered.get_untracked() != event {
            view.hovered.set(event);
        }
    };
    // The curtain over the future slides on the compositor: one transform a frame, no layout.
    let curtain = move || {
        let p = pct(ax.get(), lab.clock.now.get()).clamp(0.0, 100.0);
        format!("translateX({}%)", lab_core::text::fixed(p, 3))
    };
    let ticks = move || {
        let (a0, a1) = ax.get();
        let span = a1 - a0;
        let every = if span <= 6 * MINUTE {
            MINUTE / 2
        } else if span <= 30 * MINUTE {
            MINUTE * 2
        } else {
            MINUTE * 10
        };
        let first = a0.div_ceil(every) * every;
        (0..)
            .map(move |k| first + k * every)
            .take_while(move |t| *t <= a1)
            .map(move |t| view! { <span class="tl-tick" style:left=format!("{}%", lab_core::text::fixed(pct((a0, a1), t), 3))>{clock(t)}</span> })
            .collect_view()
    };
    let summary = move || {
        let total = sent.get() as u64;
        let (ok, in_flight) = view.scene.with(|s| (s.counts.success, u64::from(s.in_flight)));
        let failed = total.saturating_sub(ok + in_flight);
        i18n.t(|t| {
            let shown = (total as usize).min(ROWS_MAX);
            let head = if (total as usize) > ROWS_MAX {
                format!("{}. ", (t.timeline.showing)(shown, total))
            } else {
                String::new()
            };
            format!("{head}{}", (t.timeline.summary)(ok, failed, in_flight))
        })
    };
    view! {
        <section class="timeline panel" data-testid="timeline" aria-labelledby="timeline-title">
            <header class="panel-head">
                <h2 id="timeline-title">{move || i18n.t(|t| t.timeline.title)}</h2>
                <p class="tl-summary" data-testid="timeline-summary">{summary}</p>
            </header>
            <p class="hint">{move || i18n.t(|t| t.timeline.hint)}</p>
            // Every mark a row can hold, drawn by the same classes as the rows' marks.
            <ul class="tl-legend" data-testid="timeline-legend">
                {LEGEND
                    .into_iter()
                    .map(|(class, text)| {
                        view! { <li data-mark=class><span class=format!("sw {class}") aria-hidden="true"></span>{move || i18n.t(text)}</li> }
                    })
                    .collect_view()}
            </ul>
            <div class="tl-grid">
                <div class="tl-axis" aria-hidden="true">
                    <span></span>
                    <span class="tl-ticks">{ticks}</span>
                    <span></span>
                </div>
                <div class="tl-rows">
                    <div
                        class="tl-body"
                        node_ref=body
                        style:--a0=move || ax.get().0.to_string()
                        style:--span=move || (ax.get().1 - ax.get().0).to_string()
                        on:mouseover=move |ev| hover(event_of(&ev))
                        on:mouseleave=move |_| hover(None)
                        on:focusin=move |ev| hover(event_of(&ev))
                        on:focusout=move |_| hover(None)
                        on:click=move |ev| {
                            if let Some(pos) = event_of(&ev) {
                                lab.run.with_untracked(|run| view.select(run, pos as usize));
                            }
                        }
                    >
                        <Show when=move || sent.get() == 0>
                            <p class="empty">{move || i18n.t(|t| t.timeline.empty)}</p>
                        </Show>
                        <Rows each=rows key=|k| *k children=row />
                        <div class="tl-curtain-clip" aria-hidden="true">
                            <div class="tl-curtain" style:transform=curtain></div>
                        </div>
                        // Each deployment made by now: a line across the rows, with what it changed.
                        <div class="tl-deploys">
                            {move || {
                                let now = lab.clock.now.get();
                                lab.scenario.with(|s| {
                                    s.changes
                                        .iter()
                                        .filter(|c| c.at_ms <= now)
                                        .map(|c| {
                                            let label = i18n.t(|t| (t.timeline.deployed)(&clock(c.at_ms), &deployed_words(c)));
                                            let title = label.clone();
                                            view! {
                                                <span class="tl-deploy" data-testid="timeline-deploy" data-at=c.at_ms.to_string() style:--s=c.at_ms.to_string() title=title>
                                                    <span class="tl-deploy-label">{label}</span>
                                                </span>
                                            }
                                        })
                                        .collect_view()
                                })
                            }}
                        </div>
                    </div>
                </div>
            </div>
        </section>
    }
}

/// One event's row.
#[component]
fn Row(run: Arc<Run>, pos: usize, view: MomentView) -> impl IntoView {
    let lab = use_lab();
    // The list's language, read once: the list is rebuilt in another.
    let texts = untrack(|| use_i18n().lang.get()).texts();
    let rec: EventRecord = run.events[pos].clone();
    let ended_at = rec.ended_ms;
    // The outcome shows once it has happened.
    let over = row_memo(move |_| ended_at.is_some_and(|e| e <= lab.clock.now.get()));
    let outcome = rec.outcome;
    let ends = rec.endings;
    let attempts = rec.attempts.regular().count() + usize::from(rec.unfinished.is_some());
    // A reprocessed event names the event whose DLQ message it was.
    let origin = rec.origin.map(|o| o.event as usize);
    let name = {
        let run = run.clone();
        move || {
            let t = texts;
            let own = event_name(t, &run.events[pos], pos);
            match origin {
                Some(o) => (t.timeline.reprocessed_from)(&own, o + 1),
                None => own,
            }
        }
    };
    let bars = move || {
        let rec = &rec;
        {
            // The arrival first, so that the attempt starting at once draws over it.
            let mut out =
                vec![view! { <span class="tl-received" style:--s=rec.received_ms.to_string()></span> }.into_any()];
            let mut spans: Vec<_> = runs_of(rec).collect();
            lab_core::order::sort_by_key(&mut spans, |r| r.start.into());
            let mut last_failed_end: Option<AwsMillis> = None;
            for r in &spans {
                if !r.duplicate {
                    if let Some(end) = last_failed_end.take() {
                        out.push(
                            view! {
                                <span class="tl-wait" style:--s=end.to_string() style:--e=r.start.to_string()>
                                    <span class="tl-wait-label">{clock(r.start - end)}</span>
                                </span>
                            }
                            .into_any(),
                        );
                    }
                }
                let class = match (r.duplicate, r.result) {
                    (true, _) => "tl-bar dup",
                    (_, Some(AttemptResult::Success)) => "tl-bar ok",
                    (_, Some(_)) => "tl-bar failed",
                    (_, None) => "tl-bar running",
                };
                out.push(
                    view! { <span class=class style:--s=r.start.to_string() style:--e=r.end.to_string()></span> }
                        .into_any(),
                );
                if !r.duplicate && r.result.is_some_and(|x| x.failed()) {
                    last_failed_end = Some(r.end);
                }
            }
            // A retry wait still running when the run stopped.
            if let (Some(end), Some(next)) = (last_failed_end, rec.next_try_ms) {
                out.push(
                    view! { <span class="tl-wait" style:--s=end.to_string() style:--e=next.to_string()></span> }
                        .into_any(),
                );
            }
            for &th in rec.throttle_times.iter().take(TICKS_MAX) {
                out.push(view! { <span class="tl-throttle" style:--s=th.to_string()></span> }.into_any());
            }
            out
        }
    };
    let outcome_text = move || {
        if !over.get() {
            return String::new();
        }
        let t = texts;
        {
            let o = t.timeline.outcomes[outcome_index(outcome)];
            if !outcome.is_failure() {
                return o.to_string();
            }
            let words = ends.into_iter().map(|e| match e {
                Ending::Dlq(_) => t.timeline.went_dlq,
                Ending::OnFailure(_) | Ending::OnSuccess(_) => t.timeline.went_destination,
                Ending::Lost => t.timeline.went_lost,
                Ending::Success | Ending::Caller => "",
            });
            let went = words.filter(|w| !w.is_empty()).collect::<Vec<_>>().join(" + ");
            format!("{o} → {went}")
        }
    };
    let outcome_class = move || {
        let kind = match (over.get(), outcome) {
            (false, _) => "",
            (true, Outcome::Succeeded) => "ok",
            (true, _) => "failed",
        };
        format!("tl-outcome {kind}")
    };
    // Read between the name and the visible outcome: the row's name is its own words, so that
    // the name said is the name seen (WCAG 2.5.3); in flight, no outcome shows, so it is said here.
    let spoken = move || (texts.timeline.row_label)(attempts, if over.get() { "" } else { texts.timeline.outcomes[4] });
    view! {
        // Its pointer, focus and clicks are the list's (`event_of`): no listeners a row.
        <button
            class="event-row"
            data-testid="event-row"
            data-event=pos.to_string()
            data-origin=origin.map(|o| o.to_string())
            class:hot=view.hovered.get_untracked() == Some(pos as u32)
            class:selected=view.selected_pos.get_untracked() == Some(pos)
        >
            <span class="tl-name">{name}</span>
            <span class="sr-only">{spoken}</span>
            <span class="tl-track">{bars}</span>
            <span class=outcome_class title=outcome_text>{outcome_text}</span>
        </button>
    }
}

/// The event of the row an event in the list happened on (its `data-event`).
fn event_of(ev: &web_sys::Event) -> Option<u32> {
    row_of(ev, ".event-row")?.get_attribute("data-event")?.parse().ok()
}

/// Marks with `class` the row of the event `which` names, and only it: one subscriber for the whole
/// list rather than one a row.
fn mark_row(body: NodeRef<leptos::html::Div>, class: &'static str, which: impl Fn() -> Option<usize> + 'static) {
    Effect::new(move |_| {
        let pos = which();
        let Some(body) = body.get() else { return };
        let rows = body.get_elements_by_class_name("event-row");
        for k in 0..rows.length() {
            if let Some(row) = rows.item(k) {
                let this = row.get_attribute("data-event").and_then(|e| e.parse::<usize>().ok());
                let _ = row.class_list().toggle_with_force(class, this.is_some() && this == pos);
            }
        }
    });
}
