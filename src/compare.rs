//! The compare view (`?compare=1`): the scenario's sources and function invoked both ways, side by
//! side, on the page's one clock. The left column is the run with `InvocationType=Event`, the right
//! one the same scenario with `RequestResponse`: two runs of the core, read at the same moment.
//!
//! It is deliberately small, two columns of counters and the latest callers, not a second stage:
//! what it teaches is the contrast (`202` at once against a blocked caller, the DLQ against an
//! error handed back, the queue absorbing a burst against `429`s), and every number is the core's
//! ([`lane_counts`], [`caller_at`]).
//! <https://docs.aws.amazon.com/lambda/latest/dg/invocation-sync.html>,
//! <https://docs.aws.amazon.com/lambda/latest/dg/invocation-async.html>

use std::sync::Arc;

use lab_core::caller::CallerStatus;
use lab_core::moment::{caller_at, lane_counts, Caller};
use lab_core::scenario::Invocation;
use lab_core::time::AwsMillis;
use lab_core::{run, Keep, Run, Scenario};
use leptos::prelude::*;

use crate::i18n::{use_i18n, Texts};
use crate::share::use_share;
use crate::state::use_lab;

/// The latest callers each column lists.
const CALLERS_SHOWN: usize = 5;

/// What one column counts at a moment.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
struct Tally {
    sent: u64,
    queued: u64,
    running: u64,
    retry_wait: u64,
    succeeded: u64,
    /// Deliveries throttled so far (asynchronous: back to the queue).
    throttled: u64,
    dlq: u64,
    /// Callers by what they have now: blocked, or answered with each status.
    blocked: u64,
    ok: u64,
    unhandled: u64,
    too_many: u64,
}

impl Tally {
    fn of(run: &Run, t: AwsMillis) -> Tally {
        let lanes = lane_counts(run, t);
        let mut tally = Tally {
            sent: run.events.iter().take_while(|e| e.received_ms <= t).count() as u64,
            queued: lanes.queue,
            running: lanes.function,
            retry_wait: lanes.retry,
            succeeded: lanes.success,
            dlq: lanes.dlq_sqs + lanes.dlq_sns,
            ..Tally::default()
        };
        for rec in run.events.iter().take_while(|e| e.received_ms <= t) {
            tally.throttled += rec.throttle_times.iter().filter(|&&th| th <= t).count() as u64;
            match caller_at(rec, t) {
                Some(Caller::Waiting { .. }) => tally.blocked += 1,
                Some(Caller::Answered { status: CallerStatus::Ok, .. }) => tally.ok += 1,
                Some(Caller::Answered { status: CallerStatus::Unhandled, .. }) => tally.unhandled += 1,
                Some(Caller::Answered { status: CallerStatus::Throttled, .. }) => tally.too_many += 1,
                Some(Caller::Answered { status: CallerStatus::Accepted, .. }) | None => {}
            }
        }
        tally
    }
}

/// The scenario's run invoked as `invocation`: the page's own run when the scenario already is.
fn run_as(invocation: Invocation) -> Memo<Arc<Run>> {
    let lab = use_lab();
    Memo::new(move |_| {
        if lab.scenario.with(|s| s.invocation) == invocation {
            return lab.run.get();
        }
        let s = lab.scenario.with(|s| Scenario { invocation, ..s.clone() });
        Arc::new(run(&s, Keep::All))
    })
}

/// The button that opens and closes the compare view, and the view when open.
#[component]
pub fn Compare() -> impl IntoView {
    let i18n = use_i18n();
    let share = use_share();
    let open = share.compare;
    view! {
        <div class="compare-bar">
            <button
                type="button"
                data-testid="btn-compare"
                aria-pressed=move || if open.get() { "true" } else { "false" }
                on:click=move |_| open.update(|o| *o = !*o)
            >
                {move || i18n.t(|t| if open.get() { t.compare.close } else { t.compare.open })}
            </button>
            <SyncNote />
        </div>
        <Show when=move || open.get()>
            <ComparePanel />
        </Show>
    }
}

/// In a synchronous run shown alone, the stage's asynchronous lanes stand idle: this says why,
/// instead of letting an empty queue look like a quiet one.
#[component]
fn SyncNote() -> impl IntoView {
    let lab = use_lab();
    let i18n = use_i18n();
    let share = use_share();
    let shown = move || !share.compare.get() && lab.scenario.with(|s| s.invocation == Invocation::Sync);
    view! {
        <Show when=shown>
            <p class="sync-note" data-testid="sync-note" role="note">
                {move || i18n.t(|t| t.compare.sync_note)}
            </p>
        </Show>
    }
}

/// Whether the page's run is synchronous (the stage's asynchronous lanes then stand idle).
pub fn synchronous() -> bool {
    use_lab().scenario.with(|s| s.invocation == Invocation::Sync)
}

/// A lane's note, in a synchronous run, that the lane belongs to asynchronous invocation only.
#[component]
pub fn NotUsedBySync() -> impl IntoView {
    let lab = use_lab();
    let i18n = use_i18n();
    view! {
        <Show when=move || lab.scenario.with(|s| s.invocation == Invocation::Sync)>
            <p class="lane-note" data-testid="not-used-sync">{move || i18n.t(|t| t.compare.not_used)}</p>
        </Show>
    }
}

#[component]
fn ComparePanel() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <section class="compare panel" data-testid="compare" aria-labelledby="compare-title">
            <header class="panel-head">
                <h2 id="compare-title">{move || i18n.t(|t| t.compare.title)}</h2>
            </header>
            <div class="compare-cols">
                <Side invocation=Invocation::Async />
                <Side invocation=Invocation::Sync />
            </div>
        </section>
    }
}

/// A counter of a column: its label and its value now.
struct Counter {
    testid: &'static str,
    label: fn(&'static Texts) -> &'static str,
    value: fn(&Tally) -> u64,
}

const ASYNC_COUNTERS: [Counter; 7] = [
    Counter { testid: "cmp-accepted", label: |t| t.compare.accepted, value: |c| c.sent },
    Counter { testid: "cmp-queued", label: |t| t.compare.queued, value: |c| c.queued },
    Counter { testid: "cmp-throttled", label: |t| t.compare.requeued, value: |c| c.throttled },
    Counter { testid: "cmp-running", label: |t| t.compare.running, value: |c| c.running },
    Counter { testid: "cmp-retry", label: |t| t.compare.retry_wait, value: |c| c.retry_wait },
    Counter { testid: "cmp-succeeded", label: |t| t.compare.succeeded, value: |c| c.succeeded },
    Counter { testid: "cmp-dlq", label: |t| t.compare.dlq, value: |c| c.dlq },
];

const SYNC_COUNTERS: [Counter; 5] = [
    Counter { testid: "cmp-blocked", label: |t| t.compare.blocked, value: |c| c.blocked },
    Counter { testid: "cmp-running", label: |t| t.compare.running, value: |c| c.running },
    Counter { testid: "cmp-ok", label: |t| t.compare.ok, value: |c| c.ok },
    Counter { testid: "cmp-unhandled", label: |t| t.compare.unhandled, value: |c| c.unhandled },
    Counter { testid: "cmp-throttled", label: |t| t.compare.too_many, value: |c| c.too_many },
];

/// One column: the run invoked as `invocation`, at the page's moment.
#[component]
fn Side(invocation: Invocation) -> impl IntoView {
    let lab = use_lab();
    let i18n = use_i18n();
    let side = run_as(invocation);
    let tally = Memo::new(move |_| Tally::of(&side.get(), lab.clock.now.get()));
    // The latest callers, newest first: (event number, what the caller has now).
    let callers = Memo::new(move |_| {
        let t = lab.clock.now.get();
        side.with(|r| {
            let sent = r.events.partition_point(|e| e.received_ms <= t);
            (sent.saturating_sub(CALLERS_SHOWN)..sent)
                .rev()
                .filter_map(|i| caller_at(&r.events[i], t).map(|c| (i + 1, c)))
                .collect::<Vec<_>>()
        })
    });
    let (testid, counters): (_, &'static [Counter]) = match invocation {
        Invocation::Async => ("compare-async", &ASYNC_COUNTERS),
        Invocation::Sync => ("compare-sync", &SYNC_COUNTERS),
    };
    view! {
        <div class="compare-side" data-testid=testid>
            <h3>
                {move || i18n.t(|t| match invocation {
                    Invocation::Async => t.compare.async_title,
                    Invocation::Sync => t.compare.sync_title,
                })}
                " "
                <code>{format!("InvocationType={}", invocation.invocation_type())}</code>
            </h3>
            <dl class="compare-counts">
                {counters
                    .iter()
                    .map(|c| {
                        let value = c.value;
                        view! {
                            <div>
                                <dt>{move || i18n.t(c.label)}</dt>
                                <dd data-testid=c.testid>{move || tally.with(value)}</dd>
                            </div>
                        }
                    })
                    .collect_view()}
            </dl>
            <ol class="compare-callers" aria-label=move || i18n.t(|t| t.compare.callers)>
                <For each=move || callers.get() key=|(n, c)| (*n, matches!(c, Caller::Waiting { .. })) let((n, caller))>
                    <CallerLine n caller />
                </For>
            </ol>
        </div>
    }
}

/// One caller: blocked (a synchronous call still running or backing off) or answered.
#[component]
fn CallerLine(n: usize, caller: Caller) -> impl IntoView {
    let i18n = use_i18n();
    match caller {
        Caller::Waiting { since } => view! {
            <li class="caller blocked" data-testid="caller-blocked">
                {move || i18n.t(|t| (t.compare.caller_blocked)(n, since))}
            </li>
        }
        .into_any(),
        Caller::Answered { status, at } => view! {
            <li class="caller answered" data-testid="caller-answered" data-status=status.label()>
                {move || i18n.t(|t| (t.compare.caller_answered)(n, at))}
                " "
                <code>{status_text(status)}</code>
            </li>
        }
        .into_any(),
    }
}

/// The answer as the caller reads it on the wire.
/// <https://docs.aws.amazon.com/lambda/latest/api/API_Invoke.html>
fn status_text(status: CallerStatus) -> &'static str {
    match status {
        CallerStatus::Accepted => "202 Accepted",
        CallerStatus::Ok => "200",
        CallerStatus::Unhandled => "200 · X-Amz-Function-Error: Unhandled",
        CallerStatus::Throttled => "429 TooManyRequestsException",
    }
}
