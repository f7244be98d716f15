//! The "why" panel: the AWS rule behind what the stage shows now, in two sentences, with the name
//! of the setting that governs it, and a standing correction of the popular "3 retries:
//! immediately, after 1 minute, after 2 minutes" claim.
//!
//! Which rule is "now" follows the selected event when there is one, else the most telling thing
//! on the stage: an event that just failed for good, then throttles, retry waits, duplicates,
//! failing runs, and the plain asynchronous flow.

use lab_core::engine::{EventRecord, Run};
use lab_core::moment::{place_at, Place, RunIndex};
use lab_core::outcome::Outcome;
use lab_core::route::endings;
use lab_core::scenario::{DlqTarget, FailureMode, Scenario, Service};
use lab_core::time::{AwsMillis, SECOND};
use leptos::prelude::*;

use crate::i18n::{use_i18n, Texts, WhyRule};
use crate::moment::scene::{Look, Scene};
use crate::moment::use_moment;
use crate::state::use_lab;

/// An event that failed for good this recently still explains the stage.
const RECENT: AwsMillis = 30 * SECOND;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Topic {
    Flow,
    Running,
    Throttle,
    Retry,
    Age,
    DlqSqs,
    DlqSns,
    Destinations,
    Both,
    Lost,
    Zero,
    Duplicates,
}

impl Topic {
    fn rule(self, t: &'static Texts) -> &'static WhyRule {
        let w = &t.why;
        match self {
            Topic::Flow => &w.flow,
            Topic::Running => &w.running,
            Topic::Throttle => &w.throttle,
            Topic::Retry => &w.retry,
            Topic::Age => &w.age,
            Topic::DlqSqs => &w.dlq_sqs,
            Topic::DlqSns => &w.dlq_sns,
            Topic::Destinations => &w.destinations,
            Topic::Both => &w.both,
            Topic::Lost => &w.lost,
            Topic::Zero => &w.zero,
            Topic::Duplicates => &w.duplicates,
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Topic::Flow => "flow",
            Topic::Running => "running",
            Topic::Throttle => "throttle",
            Topic::Retry => "retry",
            Topic::Age => "age",
            Topic::DlqSqs => "dlq-sqs",
            Topic::DlqSns => "dlq-sns",
            Topic::Destinations => "destinations",
            Topic::Both => "both",
            Topic::Lost => "lost",
            Topic::Zero => "zero",
            Topic::Duplicates => "duplicates",
        }
    }
}

/// The rule behind a failed event's ending, given where the scenario sends failures.
fn ending_topic(s: &Scenario, outcome: Outcome) -> Topic {
    match outcome {
        Outcome::ZeroReservedConcurrency => Topic::Zero,
        Outcome::EventAgeExceeded => Topic::Age,
        Outcome::Succeeded if s.on_success.is_some() => Topic::Destinations,
        Outcome::Succeeded | Outcome::InFlight | Outcome::ErrorToCaller | Outcome::ThrottleToCaller => Topic::Flow,
        Outcome::RetriesExhausted => {
            let e = endings(s.invocation, &s.settings(), outcome);
            match (e.dlq, e.on_failure) {
                (Some(_), Some(_)) => Topic::Both,
                (Some(DlqTarget::Sns), None) => Topic::DlqSns,
                (Some(DlqTarget::Sqs), None) => Topic::DlqSqs,
                (None, Some(_)) => Topic::Destinations,
                (None, None) => Topic::Lost,
            }
        }
    }
}

/// The rule behind one event's place at `t`.
fn event_topic(s: &Scenario, rec: &EventRecord, t: AwsMillis) -> Topic {
    match place_at(rec, t) {
        None | Some(Place::Queue { throttled: false, .. }) => Topic::Flow,
        Some(Place::Queue { throttled: true, .. }) => Topic::Throttle,
        Some(Place::Running { .. }) => Topic::Running,
        Some(Place::RetryWait { .. }) => Topic::Retry,
        Some(Place::CallerBackoff { .. }) => Topic::Throttle,
        Some(Place::Ended { outcome, .. }) => ending_topic(s, outcome),
    }
}

/// The most telling rule on the stage at `t`.
pub fn topic_now(s: &Scenario, run: &Run, index: &RunIndex, scene: &Scene, selected: Option<usize>) -> Topic {
    let t = scene.t;
    if let Some(rec) = selected.and_then(|p| run.events.get(p)) {
        return event_topic(s, rec, t);
    }
    if s.function.reserved_concurrency == Some(0) && scene.counts.sent.iter().any(|(_, &n)| n > 0) {
        return Topic::Zero;
    }
    let recent_failure = run.events[index.window(run, t.saturating_sub(RECENT), t)]
        .iter()
        .rev()
        .find(|r| r.outcome.is_failure() && r.ended_ms.is_some_and(|e| e <= t && e + RECENT > t))
        .map(|r| r.outcome);
    if let Some(outcome) = recent_failure {
        return ending_topic(s, outcome);
    }
    let has = |look: Look| scene.tokens.iter().any(|tok| tok.look == look);
    if scene.throttled > 0 {
        Topic::Throttle
    } else if !scene.countdowns.is_empty() {
        Topic::Retry
    } else if has(Look::Duplicate) {
        Topic::Duplicates
    } else if has(Look::Running) && s.function.failure != FailureMode::Never {
        Topic::Running
    } else if s.duplicate_rate > 0.0 {
        Topic::Duplicates
    } else if s.on_success.is_some() && scene.counts.destination_success > 0 {
        Topic::Destinations
    } else {
        Topic::Flow
    }
}

#[component]
pub fn Why() -> impl IntoView {
    let lab = use_lab();
    let i18n = use_i18n();
    let view = use_moment();
    let topic = Memo::new(move |_| {
        let run = lab.run.get();
        let index = view.index.get();
        let selected = view.selected_pos.get();
        view.scene.with(|scene| lab.scenario.with(|s| topic_now(s, &run, &index, scene, selected)))
    });
    let rule = move || i18n.t(|t| topic.get().rule(t));
    // What the source of the selected event (else the scenario's first source with one) asks a
    // learner to know beyond the asynchronous rules.
    let source_note = Memo::new(move |_| {
        let selected = view.selected_pos.get().and_then(|p| lab.run.with(|r| r.events.get(p).map(|e| e.service())));
        let candidates: Vec<Service> = match selected {
            Some(s) => vec![s],
            None => lab.scenario.with(|s| s.sources.iter().map(|src| src.service).collect()),
        };
        candidates.into_iter().find(|s| s.def().caveat.is_some())
    });
    view! {
        <section class="why panel" data-testid="why" data-topic=move || topic.get().name() aria-labelledby="why-title">
            <header class="panel-head">
                <h2 id="why-title">{move || i18n.t(|t| t.why.title)}</h2>
            </header>
            <h3 class="rule-title">{move || rule().title}</h3>
            <p class="rule-text">{move || rule().text}</p>
            <p class="rule-setting">
                {move || i18n.t(|t| t.why.setting)}
                ": "
                <code data-testid="why-setting">{move || rule().setting}</code>
            </p>
            {move || {
                source_note.get().map(|service| {
                    let d = service.def();
                    view! {
                        <p class="source-note" data-testid="why-source" data-service=d.id>
                            <strong>{d.aws_name}": "</strong>
                            {move || i18n.t(|t| d.caveat.map(|w| (t.words)(w)).unwrap_or_default())}
                            " "
                            <a href=d.docs target="_blank" rel="noopener">{move || i18n.t(|t| t.why.aws_page)}</a>
                        </p>
                    }
                })
            }}
            <aside class="myth" data-testid="myth">
                <h3>{move || i18n.t(|t| t.why.myth_title)}</h3>
                <p class="claim"><s>{move || i18n.t(|t| t.why.myth_claim)}</s></p>
                <p class="truth">{move || i18n.t(|t| t.why.myth_truth)}</p>
                <p class="source">{move || i18n.t(|t| t.why.myth_source)}</p>
            </aside>
        </section>
    }
}
