//! The lanes of the stage as DOM boxes: each with its icon, name and count, its notes (the queue's
//! age, the function's slots, the retry countdowns, where a failed event goes), and a token area
//! (`data-area`) that the canvas draws into. The DOM changes only where a number changed. A lane's
//! test id ([`lane_test_id`]) names it for the layout, the tests and the page's hooks.

use lab_core::moment::{lane_used, Lane, LaneCounts};
use lab_core::scenario::{DlqTarget, Service};
use lab_core::throttle::Concurrency;
use lab_core::time::clock;
use leptos::prelude::*;

use super::icons::*;
use crate::i18n::{use_i18n, Texts};
use crate::moment::{destination_kind, event_name, scene, use_moment};
use crate::rows::row_memo;
use crate::state::{reprocess_at, use_lab};

/// The lane's name in test ids and token areas (`lane-<id>`, `count-<id>`, `data-area`).
pub fn lane_test_id(lane: Lane) -> String {
    match lane {
        Lane::Source(s) => format!("source-{}", s.name()),
        Lane::Queue => "queue".into(),
        Lane::Function => "function".into(),
        Lane::Retry => "retry".into(),
        Lane::Success => "success".into(),
        Lane::DestinationSuccess => "destination-success".into(),
        Lane::DestinationFailure => "destination-failure".into(),
        Lane::Dlq(t) => format!("dlq-{}", t.name()),
        Lane::Lost => "lost".into(),
        Lane::Caller => "caller".into(),
    }
}

/// Every lane of the stage in reading order: the sources ([`Service::ALL`]), the queue, the
/// function, the retry wait, then the endings ([`scene::ENDING_LANES`]).
pub fn stage_lanes() -> impl Iterator<Item = Lane> {
    Service::ALL
        .into_iter()
        .map(Lane::Source)
        .chain([Lane::Queue, Lane::Function, Lane::Retry])
        .chain(scene::ENDING_LANES)
}

pub fn lane_label(t: &'static Texts, lane: Lane) -> &'static str {
    let s = &t.stage;
    match lane {
        Lane::Source(service) => (t.words)(service.def().label),
        Lane::Queue => s.queue,
        Lane::Function => s.function,
        Lane::Retry => s.retry,
        Lane::Success => s.success,
        Lane::DestinationSuccess => s.destination_success,
        Lane::DestinationFailure => s.destination_failure,
        Lane::Dlq(DlqTarget::Sqs) => s.dlq_sqs,
        Lane::Dlq(DlqTarget::Sns) => s.dlq_sns,
        Lane::Lost => s.lost,
        // Not drawn yet: the synchronous side comes with the compare view.
        Lane::Caller => "caller",
    }
}

/// A lane's heading: icon, name, count (plain digits, `count-<id>`).
#[component]
fn LaneHead(lane: Lane, counts: Memo<LaneCounts>, icon: AnyView) -> impl IntoView {
    let i18n = use_i18n();
    let id = lane_test_id(lane);
    view! {
        <div class="lane-head">
            {icon}
            <span class="lane-name">{move || i18n.t(|t| lane_label(t, lane))}</span>
            <span class="lane-count" data-testid=format!("count-{id}")>{move || counts.with(|c| c.get(lane))}</span>
        </div>
    }
}

#[component]
pub(super) fn SourceLane(service: Service, counts: Memo<LaneCounts>) -> impl IntoView {
    let lab = use_lab();
    let i18n = use_i18n();
    let lane = Lane::Source(service);
    let id = lane_test_id(lane);
    let idle = move || !lab.scenario.with(|s| lane_used(s, lane));
    view! {
        <div class="lane source" class:idle=idle data-testid=format!("lane-{id}") data-lane=id.clone()>
            <LaneHead lane counts icon=source_icon(service) />
            <p class="lane-note">{move || i18n.t(|t| (t.words)(service.def().trigger))}</p>
            <div class="tokens source-anchor" data-area=id.clone()></div>
        </div>
    }
}

#[component]
pub(super) fn QueueLane(counts: Memo<LaneCounts>) -> impl IntoView {
    let i18n = use_i18n();
    let view = use_moment();
    let lane = Lane::Queue;
    let depth = move || counts.with(|c| c.queue);
    let oldest = move || counts.with(|c| clock(c.oldest_queued_ms));
    let throttled = Memo::new(move |_| view.scene.with(|s| s.throttled));
    view! {
        <div class="lane queue" class:off=crate::compare::synchronous data-testid="lane-queue" data-lane="queue">
            <LaneHead lane counts icon=view! { <QueueIcon /> }.into_any() />
            <crate::compare::NotUsedBySync />
            <div class="lane-info">
                <span data-testid="queue-depth">{move || i18n.t(|t| (t.stage.queue_depth)(depth()))}</span>
                " · "
                <span data-testid="queue-oldest">{move || i18n.t(|t| (t.stage.queue_oldest)(&oldest()))}</span>
                // The badge comes and goes: it reads the count through a memo that goes with it.
                <Show when=move || { throttled.get() > 0 }>
                    {
                        let n = row_memo(move |_| throttled.get());
                        let said = row_memo(move |_| i18n.t(|t| (t.stage.queue_throttled)(n.get())));
                        view! {
                            <span class="throttled-badge" data-testid="queue-throttled" data-n=move || n.get().to_string()>
                                {said}
                            </span>
                        }
                    }
                </Show>
            </div>
            <div class="tokens" data-area="queue"></div>
        </div>
    }
}

/// The function's lane: its runs in their concurrency slots, and `children` under its notes.
#[component]
pub(super) fn FunctionLane(counts: Memo<LaneCounts>, slots_shown: RwSignal<u32>, children: Children) -> impl IntoView {
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
            {children()}
            <div class="tokens" data-area="function"></div>
        </div>
    }
}

#[component]
pub(super) fn RetryLane(counts: Memo<LaneCounts>) -> impl IntoView {
    let i18n = use_i18n();
    let lab = use_lab();
    let view = use_moment();
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
        <div class="lane retry" class:off=crate::compare::synchronous data-testid="lane-retry" data-lane="retry">
            <LaneHead lane counts icon=view! { <TimerIcon /> }.into_any() />
            <crate::compare::NotUsedBySync />
            <div class="lane-info">{move || i18n.t(|t| (t.stage.retry_rule)(of.get()))}</div>
            <div class="tokens" data-area="retry"></div>
            // A fixed list of lines whose text changes in place: no element is made per frame.
            <ol class="countdowns" data-testid="countdowns">
                {(0..scene::COUNTDOWNS_SHOWN)
                    .map(|k| {
                        view! {
                            // A line comes and goes: it reads its text through a memo that goes with it.
                            <Show when=move || rows.with(|r| r.len() > k)>
                                {
                                    let line = row_memo(move |_| rows.with(|r| r.get(k).cloned().unwrap_or_default()));
                                    view! { <li data-testid="countdown">{line}</li> }
                                }
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
pub(super) fn EndingLane(lane: Lane, counts: Memo<LaneCounts>) -> impl IntoView {
    let i18n = use_i18n();
    let lab = use_lab();
    let id = lane_test_id(lane);
    let off = move || !lab.scenario.with(|s| lane_used(s, lane));
    let icon = match lane {
        Lane::Success => view! { <SuccessIcon /> }.into_any(),
        Lane::Dlq(DlqTarget::Sqs) => view! { <SqsIcon /> }.into_any(),
        Lane::Dlq(DlqTarget::Sns) => source_icon(Service::Sns),
        Lane::Lost => view! { <DropIcon /> }.into_any(),
        _ => view! { <DestinationIcon /> }.into_any(),
    };
    let note = move || {
        i18n.t(|t| {
            lab.scenario.with(|s| {
                if !lane_used(s, lane) && lane != Lane::Success {
                    let sync = s.invocation == lab_core::scenario::Invocation::Sync;
                    return if sync { t.compare.not_used } else { t.stage.not_configured }.to_string();
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
                    Lane::Lost => Some(t.stage.lost_note.to_string()),
                    _ => None,
                }
                .unwrap_or_default()
            })
        })
    };
    let fanout = (lane == Lane::Dlq(DlqTarget::Sns)).then(|| {
        // A subscriber counts a message once the fan-out's dot has reached it.
        let view = use_moment();
        let delivered = Memo::new(move |_| view.scene.with(|s| s.fanned_out));
        let delivered = move || delivered.get();
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
    // A consumer of the SQS DLQ sends its messages back to the function, now.
    let reprocess = (lane == Lane::Dlq(DlqTarget::Sqs)).then(|| {
        let held = move || counts.with(|c| c.get(lane)) > 0;
        view! {
            <button
                class="reprocess"
                data-testid="btn-reprocess"
                disabled=move || !held()
                title=move || i18n.t(|t| t.stage.reprocess_hint)
                on:click=move |_| {
                    let now = lab.clock.now.get_untracked();
                    lab.scenario.update(|s| {
                        reprocess_at(s, now, None);
                    });
                }
            >
                {move || i18n.t(|t| t.stage.reprocess)}
            </button>
        }
    });
    view! {
        <div class=format!("lane ending ending-{id}") class:off=off data-testid=format!("lane-{id}") data-lane=id.clone()>
            <LaneHead lane counts icon />
            <div class="lane-note" title=note>{note}</div>
            {reprocess}
            {fanout}
            <div class="tokens" data-area=id.clone()></div>
        </div>
    }
}
