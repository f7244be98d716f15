//! The "why" panel: the AWS rule behind what the stage shows now, in two sentences, with the name
//! of the setting that governs it, and a standing correction of the popular "3 retries:
//! immediately, after 1 minute, after 2 minutes" claim.
//!
//! Which rule is "now" follows the selected event when there is one, else the latest thing that
//! happened (the most telling of its moment: an event ending, a failed attempt, a throttle...).
//! While the clock plays, the panel changes at most every [`HOLD_MS`], so that it can be read.

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use lab_core::engine::{EventRecord, Run};
use lab_core::moment::{place_at, Fact, Happening, Place, RunIndex};
use lab_core::outcome::Outcome;
use lab_core::route::endings;
use lab_core::scenario::{DlqTarget, FailureMode, Invocation, Scenario, Service};
use lab_core::time::AwsMillis;
use leptos::prelude::*;

use crate::i18n::{use_i18n, Texts, WhyRule};
use crate::moment::{happenings_back, use_moment};
use crate::state::use_lab;

/// While playing, a rule stays at least this long (real milliseconds) before the next replaces it.
const HOLD_MS: f64 = 1_500.0;

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
    /// Synchronous invocation: the caller waits, Lambda retries nothing.
    Sync,
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
            Topic::Sync => &w.sync,
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
            Topic::Sync => "sync",
        }
    }

    /// The AWS pages the rule rests on, when they are worth a link beside it.
    fn pages(self) -> &'static [&'static str] {
        match self {
            Topic::Sync => &[
                "https://docs.aws.amazon.com/lambda/latest/dg/invocation-sync.html",
                "https://docs.aws.amazon.com/lambda/latest/dg/invocation-retries.html",
            ],
            _ => &[],
        }
    }

    /// The topic as a run invoked as `invocation` tells it: in a synchronous run, the arrival and a
    /// throttle are the caller's story, not the queue's.
    fn in_run(self, invocation: Invocation) -> Topic {
        match (self, invocation) {
            (Topic::Flow | Topic::Throttle, Invocation::Sync) => Topic::Sync,
            (topic, _) => topic,
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

/// How telling a fact is, among the facts of one moment: an ending says most, an arrival least.
fn weight(fact: Fact) -> u8 {
    match fact {
        Fact::Ended { .. } => 6,
        Fact::Finished { result, duplicate: false, .. } if result.failed() => 5,
        Fact::Throttled { .. } => 4,
        Fact::Started { duplicate: true, .. } | Fact::Finished { duplicate: true, .. } => 3,
        Fact::Started { .. } => 2,
        Fact::Finished { .. } => 1,
        Fact::Accepted | Fact::Called => 0,
    }
}

/// The rule behind one fact.
fn fact_topic(s: &Scenario, fact: Fact) -> Topic {
    match fact {
        Fact::Ended { outcome } => ending_topic(s, outcome),
        Fact::Finished { duplicate: true, .. } | Fact::Started { duplicate: true, .. } => Topic::Duplicates,
        Fact::Finished { result, next_try: Some(_), .. } if result.failed() => Topic::Retry,
        Fact::Finished { result, .. } if result.failed() => Topic::Running,
        Fact::Throttled { .. } => Topic::Throttle,
        Fact::Started { attempt, .. } if attempt > 1 => Topic::Retry,
        Fact::Started { .. } if s.function.failure != FailureMode::Never => Topic::Running,
        Fact::Started { .. } | Fact::Finished { .. } | Fact::Accepted | Fact::Called => Topic::Flow,
    }
}

/// The most telling fact of the latest moment in `facts` (in time order).
fn latest(facts: &[Happening]) -> Option<Happening> {
    let at = facts.last()?.at;
    facts.iter().rev().take_while(|h| h.at == at).copied().max_by_key(|h| weight(h.fact))
}

/// The rule the panel tells at `t`: that of the selected event, else that of the latest
/// happening.
pub fn topic_now(s: &Scenario, run: &Run, index: &RunIndex, t: AwsMillis, selected: Option<usize>) -> Topic {
    let topic = match selected.and_then(|p| run.events.get(p)) {
        Some(rec) => event_topic(s, rec, t),
        None => {
            let found = happenings_back(run, index, t, |h| !h.is_empty());
            latest(&found.happenings).map_or(Topic::Flow, |h| fact_topic(s, h.fact))
        }
    };
    topic.in_run(s.invocation)
}

#[component]
pub fn Why() -> impl IntoView {
    let lab = use_lab();
    let i18n = use_i18n();
    let view = use_moment();
    let exact = Memo::new(move |_| {
        let run = lab.run.get();
        let index = view.index.get();
        let selected = view.selected_pos.get();
        let t = lab.clock.now.get();
        lab.scenario.with(|s| topic_now(s, &run, &index, t, selected))
    });
    let topic = RwSignal::new(exact.get_untracked());
    // Playing, the rule waits its turn; paused (or on a click), it follows at once.
    let changed_at = Rc::new(Cell::new(f64::NEG_INFINITY));
    let waiting: RefCell<Option<gloo_timers::callback::Timeout>> = RefCell::new(None);
    Effect::new(move |_| {
        let next = exact.get();
        let playing = lab.clock.playing.get();
        let now = crate::lab_hooks::now_ms();
        let wait = changed_at.get() + HOLD_MS - now;
        if !playing || wait <= 0.0 || view.selected_pos.get_untracked().is_some() {
            waiting.borrow_mut().take();
            if topic.get_untracked() != next {
                changed_at.set(now);
                topic.set(next);
            }
        } else {
            let changed_at = changed_at.clone();
            *waiting.borrow_mut() = Some(gloo_timers::callback::Timeout::new(wait.ceil() as u32, move || {
                if let Some(next) = exact.try_get_untracked() {
                    changed_at.set(crate::lab_hooks::now_ms());
                    topic.try_set(next);
                }
            }));
        }
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
                {move || {
                    topic.get().pages().iter().map(|&page| {
                        let name = page.rsplit('/').next().unwrap_or(page);
                        view! { " · " <a href=page target="_blank" rel="noopener" data-testid="why-page">{name}</a> }
                    }).collect_view()
                }}
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
