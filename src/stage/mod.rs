//! The stage: lanes from the sources to the endings, each with its count, and the tokens in them.

use lab_core::scenario::{DlqTarget, Service};
use lab_core::stage::{lane_counts, Lane, LaneCounts};
use leptos::prelude::*;

use crate::i18n::{use_i18n, Texts};
use crate::state::use_lab;

fn lane_label(t: &'static Texts, lane: Lane) -> &'static str {
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

/// Lane ids as the tests know them: `lane-<id>` and `count-<id>`.
fn lane_testid(lane: Lane) -> String {
    lane.id()
}

#[component]
pub fn Stage() -> impl IntoView {
    let lab = use_lab();
    let i18n = use_i18n();
    let counts = Memo::new(move |_| {
        let t = lab.clock.now.get();
        let run = lab.run.get();
        lab.scenario.with(|s| lane_counts(s, &run, t))
    });
    let lanes = [
        vec![Lane::Source(Service::S3), Lane::Source(Service::Sns), Lane::Source(Service::EventBridge)],
        vec![Lane::Queue],
        vec![Lane::Function],
        vec![Lane::Retry],
        vec![
            Lane::Success,
            Lane::DestinationSuccess,
            Lane::DestinationFailure,
            Lane::Dlq(DlqTarget::Sqs),
            Lane::Dlq(DlqTarget::Sns),
            Lane::Dropped,
        ],
    ];
    view! {
        <section class="stage" data-testid="stage" aria-label=move || i18n.t(|t| t.stage.stage_label)>
            {lanes
                .into_iter()
                .map(|column| {
                    view! {
                        <div class="column">
                            {column
                                .into_iter()
                                .map(|lane| view! { <LaneBox lane counts /> })
                                .collect_view()}
                        </div>
                    }
                })
                .collect_view()}
        </section>
    }
}

#[component]
fn LaneBox(lane: Lane, counts: Memo<LaneCounts>) -> impl IntoView {
    let i18n = use_i18n();
    let id = lane_testid(lane);
    let count = move || counts.with(|c| c.get(lane));
    view! {
        <div class="lane" data-testid=format!("lane-{id}") data-lane=id.clone()>
            <span class="lane-name">{move || i18n.t(|t| lane_label(t, lane))}</span>
            <span class="lane-count" data-testid=format!("count-{id}")>{count}</span>
            <div class="tokens" aria-hidden="true">
                {move || {
                    let n = count().min(24) as usize;
                    (0..n).map(|_| view! { <span class="token"></span> }).collect_view()
                }}
            </div>
        </div>
    }
}
