//! The narration: what happened, in plain words ("S3 event #3 failed (attempt 2 of 3); next try
//! in 2:04"), newest first, each line a button that takes the clock to its moment, and an ARIA live
//! region that reads the latest line to screen-reader users without flooding them.
//!
//! The log is a function of `t`: the whole story up to the shown moment, scrubbing back drops the
//! lines after it and scrubbing forward brings them back. The page keeps the newest [`LOG_MAX`]
//! lines and tells how many happenings came before them, so a run of 100 000 events costs the
//! events of its last few moments, not the whole run: the lines are found by looking back from `t`
//! ([`happenings_back`]) and keyed by what they tell, so a frame that adds a line adds one list
//! item.

use std::cell::RefCell;
use std::sync::Arc;

use lab_core::engine::Run;
use lab_core::moment::{Fact, Happening, RunIndex};
use lab_core::outcome::{AttemptResult, Outcome};
use lab_core::route::{endings, Ending};
use lab_core::scenario::{DlqTarget, Scenario, Service};
use lab_core::time::{clock, AwsMillis};
use leptos::prelude::*;

use crate::i18n::{use_i18n, Texts};
use crate::moment::{deployed_words, destination_kind, happenings_back, service_name, use_moment};
use crate::rows::{row_of, Rows};
use crate::state::{in_force, use_lab};

/// Lines kept at most; the happenings before them are told as one count. A scrub to a far moment
/// replaces every line, and each costs its elements, listeners and layout: 200 lines were most of
/// a far seek on the 100k link (`tests/e2e/bench/frames.bench.mjs`). 40 fill the log's height
/// twice and a half; the rest of the story is a scrub or a step away.
pub const LOG_MAX: usize = 40;
/// More happenings than this in one moment are told as one summary line.
const BURST: usize = 6;
/// While playing, the log catches up this often (real milliseconds).
const CATCH_UP_MS: u32 = 200;
/// A screen reader hears at most one line this often (real milliseconds).
const LIVE_EVERY_MS: u32 = 2_000;

/// One line of the log, kept as facts so that it can be told in either language.
#[derive(Clone, Debug, PartialEq)]
enum Line {
    Fact {
        at: AwsMillis,
        event: u32,
        service: Service,
        fact: Fact,
        /// The outcome reached at the same moment (told on the same line).
        then: Option<Outcome>,
        /// Attempts an event may make (1 + MaximumRetryAttempts).
        of: u32,
    },
    /// A deployment during the run, and what it changed (the link's words).
    Deployed { at: AwsMillis, what: String },
    Summary {
        at: AwsMillis,
        received: u32,
        started: u32,
        failed: u32,
        throttled: u32,
        ended: u32,
        /// Every happening of the moment, those the summary does not name included.
        facts: u32,
    },
}

/// What identifies a line among all the lines of a run: its moment, its event (none for a
/// summary), what kind of fact it tells and whether of a duplicate run.
type LineKey = (AwsMillis, u32, u8, bool);

impl Line {
    fn at(&self) -> AwsMillis {
        match *self {
            Line::Fact { at, .. } | Line::Summary { at, .. } | Line::Deployed { at, .. } => at,
        }
    }

    /// The event the line is about (none for a summary).
    fn event(&self) -> Option<u32> {
        match *self {
            Line::Fact { event, .. } => Some(event),
            Line::Summary { .. } | Line::Deployed { .. } => None,
        }
    }

    /// How many happenings the line tells.
    fn facts(&self) -> u32 {
        match *self {
            Line::Fact { then, .. } => 1 + u32::from(then.is_some()),
            Line::Summary { facts, .. } => facts,
            // Not an event's happening: the count of earlier happenings leaves it out.
            Line::Deployed { .. } => 0,
        }
    }

    /// A line depends only on the facts of its own moment, so this names it whichever way the
    /// clock got there: the list keeps the items it already has.
    fn key(&self) -> LineKey {
        match *self {
            Line::Summary { at, .. } => (at, u32::MAX, 0, false),
            Line::Deployed { at, .. } => (at, u32::MAX - 1, 0, false),
            Line::Fact { at, event, fact, .. } => {
                let (kind, duplicate) = match fact {
                    Fact::Accepted | Fact::Called => (0, false),
                    Fact::Finished { duplicate, .. } => (1, duplicate),
                    Fact::Throttled { .. } => (2, false),
                    Fact::Started { duplicate, .. } => (3, duplicate),
                    Fact::Ended { .. } => (4, false),
                };
                (at, event, kind, duplicate)
            }
        }
    }
}

/// Facts in time order → lines. An attempt that gives up and the outcome it leads to make one
/// line; a moment with more than [`BURST`] facts makes one summary line. Lines depend only on the
/// facts of their own moment, so the log reads the same however the clock got to `t`.
fn lines(run: &lab_core::Run, s: &Scenario, facts: &[Happening]) -> Vec<Line> {
    let mut out = Vec::new();
    for moment in facts.chunk_by(|a, b| a.at == b.at) {
        // The retries in force then: a deployment changes how many attempts an event may make.
        let of = s.settings_at(moment[0].at).invoke_config.max_retry_attempts + 1;
        if moment.len() > BURST {
            let (mut received, mut started, mut failed, mut throttled, mut ended) = (0, 0, 0, 0, 0);
            for h in moment {
                match h.fact {
                    Fact::Accepted | Fact::Called => received += 1,
                    Fact::Started { .. } => started += 1,
                    Fact::Finished { result, .. } if result.failed() => failed += 1,
                    Fact::Throttled { .. } => throttled += 1,
                    Fact::Ended { .. } => ended += 1,
                    Fact::Finished { .. } => {}
                }
            }
            let facts = moment.len() as u32;
            out.push(Line::Summary { at: moment[0].at, received, started, failed, throttled, ended, facts });
            continue;
        }
        let mut i = 0;
        while i < moment.len() {
            let h = moment[i];
            let service = run.events.get(h.event).map_or(Service::S3, |r| r.service());
            let mut then = None;
            if let (Fact::Finished { duplicate: false, .. }, Some(next)) = (h.fact, moment.get(i + 1)) {
                if let (true, Fact::Ended { outcome }) = (next.event == h.event, next.fact) {
                    then = Some(outcome);
                    i += 1;
                }
            }
            out.push(Line::Fact { at: h.at, event: h.event as u32, service, fact: h.fact, then, of });
            i += 1;
        }
    }
    out
}

/// Where a failed event goes, in words: where [`endings`] says a failure ends.
fn failure_destination(t: &Texts, s: &Scenario) -> String {
    let parts: Vec<String> = endings(s.invocation, &s.settings(), Outcome::RetriesExhausted)
        .into_iter()
        .map(|e| match e {
            Ending::Dlq(DlqTarget::Sqs) => t.stage.dlq_sqs.to_string(),
            Ending::Dlq(DlqTarget::Sns) => t.stage.dlq_sns.to_string(),
            Ending::OnFailure(d) | Ending::OnSuccess(d) => (t.narration.to_failure_destination)(destination_kind(t, d)),
            Ending::Lost => t.narration.nowhere.to_string(),
            Ending::Success => t.stage.success.to_string(),
            // A synchronous call's error has no destination; the compare view will tell it.
            Ending::Caller => String::new(),
        })
        .collect();
    parts.join(t.narration.and)
}

/// A line in words, told with the settings in force at its moment.
fn tell(t: &Texts, s: &Scenario, line: &Line) -> String {
    let n = &t.narration;
    let s = &*at_moment(s, line.at());
    match *line {
        Line::Summary { received, started, failed, throttled, ended, .. } => {
            (n.summary)(received, started, failed, throttled, ended)
        }
        Line::Deployed { ref what, .. } => (n.deployed)(what),
        Line::Fact { event, service, fact, then, of, at } => {
            let e = (t.stage.event_name)(service_name(service), event as usize + 1);
            let mut text = match fact {
                Fact::Accepted | Fact::Called => (n.accepted)(&e, service_name(service)),
                Fact::Throttled { next_try: Some(next) } => (n.throttled)(&e, &clock(next.saturating_sub(at))),
                Fact::Throttled { next_try: None } => (n.throttled_last)(&e),
                Fact::Started { duplicate: true, .. } => (n.duplicate_started)(&e),
                Fact::Started { attempt, .. } => (n.started)(&e, attempt, of),
                Fact::Finished { duplicate: true, result, .. } => {
                    if result == AttemptResult::Success {
                        (n.duplicate_finished)(&e, !s.function.idempotent)
                    } else {
                        (n.failed)(&e, 1, of)
                    }
                }
                Fact::Finished { attempt, result: AttemptResult::Success, .. } => (n.succeeded)(&e, attempt),
                Fact::Finished { attempt, result, next_try: Some(next), .. } => {
                    let wait = clock(next.saturating_sub(at));
                    if result == AttemptResult::Timeout {
                        (n.timed_out_retry)(&e, attempt, of, &wait)
                    } else {
                        (n.failed_retry)(&e, attempt, of, &wait)
                    }
                }
                Fact::Finished { attempt, result, next_try: None, .. } => {
                    if result == AttemptResult::Timeout {
                        (n.timed_out)(&e, attempt, of)
                    } else {
                        (n.failed)(&e, attempt, of)
                    }
                }
                Fact::Ended { outcome } => ended_text(t, s, &e, outcome, true),
            };
            if let Some(o) = then {
                text.push_str(&ended_text(t, s, &e, o, false));
            }
            text
        }
    }
}

/// `s` with the settings in force at `at` (borrowed when nothing is deployed during the run).
fn at_moment(s: &Scenario, at: AwsMillis) -> std::borrow::Cow<'_, Scenario> {
    if s.changes.is_empty() {
        std::borrow::Cow::Borrowed(s)
    } else {
        std::borrow::Cow::Owned(in_force(s, at))
    }
}

/// The outcome part of a line: on its own line (`alone`) or after the attempt that led to it.
fn ended_text(t: &Texts, s: &Scenario, e: &str, outcome: Outcome, alone: bool) -> String {
    let n = &t.narration;
    let to = (n.sent_to)(&failure_destination(t, s));
    match outcome {
        Outcome::Succeeded => {
            if s.on_success.is_some() {
                if alone {
                    (n.success_record)(e)
                } else {
                    (n.sent_to)(&(n.to_success_destination)(
                        s.on_success.map(|d| destination_kind(t, d)).unwrap_or_default(),
                    ))
                }
            } else {
                String::new()
            }
        }
        Outcome::RetriesExhausted => {
            let head = if alone { e.to_string() } else { String::new() };
            format!("{head}{}{to}", n.retries_exhausted)
        }
        Outcome::EventAgeExceeded => {
            let head = if alone { e.to_string() } else { String::new() };
            format!("{head}{}{to}", (n.too_old)(s.invoke_config.max_event_age_s))
        }
        Outcome::ZeroReservedConcurrency => format!("{}{to}", (n.zero)(e)),
        // Synchronous outcomes: the narration of the compare view will tell them.
        Outcome::InFlight | Outcome::ErrorToCaller | Outcome::ThrottleToCaller => String::new(),
    }
}

/// The log at `t`: its newest [`LOG_MAX`] lines, newest first, and how many happenings came
/// before them.
fn log_at(run: &Run, s: &Scenario, index: &RunIndex, t: AwsMillis) -> Log {
    let found = happenings_back(run, index, t, |h| lines(run, s, h).len() >= LOG_MAX);
    let mut all = lines(run, s, &found.happenings);
    // The deployments within the look back, each before what happened at its moment (it is in
    // force for all of it).
    let since = if found.from_start { 0 } else { found.happenings.first().map_or(t, |h| h.at) };
    let deployed = s.changes.iter().filter(|c| (since..=t).contains(&c.at_ms));
    all.extend(deployed.map(|c| Line::Deployed { at: c.at_ms, what: deployed_words(c) }));
    lab_core::order::sort_by_key(&mut all, |l| {
        u128::from(l.at()) << 1 | u128::from(!matches!(l, Line::Deployed { .. }))
    });
    let keep = all.len().saturating_sub(LOG_MAX);
    let shown: Vec<Line> = all[keep..].iter().rev().cloned().collect();
    let earlier = if keep == 0 && found.from_start {
        0
    } else {
        let told: u32 = shown.iter().map(Line::facts).sum();
        (index.happenings_by(t) as u32).saturating_sub(told)
    };
    Log { run: run as *const Run as usize, lines: shown, earlier }
}

/// What the narration shows.
#[derive(Clone, Debug, Default, PartialEq)]
struct Log {
    /// The run the lines belong to (a line's key names it within its run).
    run: usize,
    /// Newest first.
    lines: Vec<Line>,
    /// Happenings before the oldest line shown.
    earlier: u32,
}

#[component]
pub fn Narration() -> impl IntoView {
    let lab = use_lab();
    let i18n = use_i18n();
    let view = use_moment();
    let log = RwSignal::new(Log::default());
    let live = RwSignal::new(String::new());
    // When the log last caught up (real ms), and the run it belonged to.
    let told: RefCell<(f64, usize)> = RefCell::new((f64::NEG_INFINITY, 0));
    Effect::new(move |_| {
        let t = lab.clock.now.get();
        let playing = lab.clock.playing.get();
        let run = lab.run.get();
        let index = view.index.get();
        let run_id = Arc::as_ptr(&run) as usize;
        // While playing, the log catches up a few times a second, not every frame: a busy run
        // would otherwise rebuild its list 60 times a second. Paused, it is always exact.
        let real_now = crate::lab_hooks::now_ms();
        {
            let mut told = told.borrow_mut();
            if playing && told.1 == run_id && real_now - told.0 < f64::from(CATCH_UP_MS) {
                return;
            }
            *told = (real_now, run_id);
        }
        // Tracked: a deployment that changes nothing yet (the run is equal) is still told.
        let s = lab.scenario.get();
        let next = log_at(&run, &s, &index, t);
        let newest = next.lines.first().cloned();
        let was = log.with_untracked(|l| l.lines.first().map(Line::key));
        log.set(next);
        // Playing, a screen reader hears the newest line when there is a new one.
        if let (true, Some(line)) = (playing, newest) {
            if Some(line.key()) != was {
                announce(live, i18n.t(|t| tell(t, &s, &line)));
            }
        }
    });
    let row = move |line: Line| {
        let at = line.at();
        let event = line.event();
        let class = match line {
            Line::Fact { fact: Fact::Ended { .. }, .. } | Line::Fact { then: Some(_), .. } => "end",
            Line::Fact { fact: Fact::Finished { result, .. }, .. } if result.failed() => "fail",
            Line::Fact { fact: Fact::Throttled { .. }, .. } => "throttle",
            Line::Summary { .. } => "summary",
            Line::Deployed { .. } => "deployed",
            _ => "",
        };
        view! {
            <li class=class>
                // Its clicks and hovers are the list's (`line_of`): no listeners a line.
                <button
                    class="narration-line"
                    data-testid="narration-line"
                    data-at=at.to_string()
                    data-event=event.map(|e| e.to_string())
                    data-kind=class
                >
                    <time>{clock(at)}</time>
                    // Told once: a line that tracked the language or the scenario would stay
                    // subscribed to them after it is gone (`crate::rows`); the list keys lines by
                    // language instead.
                    <span>{untrack(|| lab.scenario.with(|s| i18n.t(|t| tell(t, s, &line))))}</span>
                </button>
            </li>
        }
    };
    view! {
        <section class="narration panel" data-testid="narration" aria-labelledby="narration-title">
            <header class="panel-head">
                <h2 id="narration-title">{move || i18n.t(|t| t.narration.title)}</h2>
                <span class="hint">{move || i18n.t(|t| t.narration.newest_first)}</span>
            </header>
            <Show
                when=move || log.with(|l| !l.lines.is_empty())
                fallback=move || view! { <p class="empty">{move || i18n.t(|t| t.narration.empty)}</p> }
            >
                <ol
                    class="narration-log"
                    on:click=move |ev| {
                        if let Some((at, _)) = line_of(&ev) {
                            lab.clock.playing.set(false);
                            lab.clock.seek(at);
                        }
                    }
                    on:mouseover=move |ev| {
                        let event = line_of(&ev).and_then(|(_, e)| e);
                        if view.hovered.get_untracked() != event {
                            view.hovered.set(event);
                        }
                    }
                    on:mouseleave=move |_| view.hovered.set(None)
                >
                    <Rows
                        each=move || {
                            let lang = i18n.lang.get() as usize;
                            log.with(|l| l.lines.iter().map(|line| ((lang, l.run), line.clone())).collect::<Vec<_>>())
                        }
                        key=|((lang, run), line)| (*lang, *run, line.key())
                        children=move |(_, line)| row(line)
                    />
                    // Kept while there is an earlier count, its text following it: a line made
                    // afresh at each catch-up would leave a subscriber to the language behind
                    // (`crate::rows`).
                    <Show when=move || log.with(|l| l.earlier > 0)>
                        <li class="earlier" data-testid="narration-earlier">
                            {move || i18n.t(|t| (t.narration.earlier)(log.with(|l| l.earlier)))}
                        </li>
                    </Show>
                </ol>
            </Show>
            <div class="sr-only" role="status" aria-live="polite" aria-label=move || i18n.t(|t| t.narration.live_label) data-testid="narration-live">
                {move || live.get()}
            </div>
        </section>
    }
}

/// The line an event in the log happened on: its moment and its event (none for a summary or a
/// deployment), read from the line's `data-at` and `data-event`.
fn line_of(ev: &web_sys::MouseEvent) -> Option<(AwsMillis, Option<u32>)> {
    let line = row_of(ev, ".narration-line")?;
    let at = line.get_attribute("data-at")?.parse().ok()?;
    Some((at, line.get_attribute("data-event").and_then(|e| e.parse().ok())))
}

thread_local! {
    /// When the live region last spoke (real ms), and whether a line waits for its turn.
    static LIVE: RefCell<(f64, Option<gloo_timers::callback::Timeout>)> = const { RefCell::new((f64::NEG_INFINITY, None)) };
}

/// Says `text` through the live region, at most once every [`LIVE_EVERY_MS`]; a line that comes
/// too soon waits its turn, replacing any line already waiting.
fn announce(live: RwSignal<String>, text: String) {
    let now = crate::lab_hooks::now_ms();
    LIVE.with(|l| {
        let mut l = l.borrow_mut();
        let wait = l.0 + f64::from(LIVE_EVERY_MS) - now;
        if wait <= 0.0 {
            l.0 = now;
            l.1 = None;
            live.set(text);
        } else {
            l.1 = Some(gloo_timers::callback::Timeout::new(wait.ceil() as u32, move || {
                LIVE.with(|l| l.borrow_mut().0 = crate::lab_hooks::now_ms());
                live.try_set(text);
            }));
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use lab_core::engine::{run, Keep};
    use lab_core::scenario::{Change, ErrorKind, FailureMode, InvokeConfigPatch};
    use wasm_bindgen_test::wasm_bindgen_test;

    #[wasm_bindgen_test]
    fn a_deployment_is_told_at_its_moment_and_later_lines_count_attempts_by_its_settings() {
        let mut s = Scenario { run_for_s: 1200, ..Scenario::default() };
        s.function.failure = FailureMode::Always { error: ErrorKind::Error };
        let at = 30_000;
        s.changes.push(Change {
            at_ms: at,
            invoke_config: InvokeConfigPatch { max_retry_attempts: Some(0), ..Default::default() },
            ..Change::default()
        });
        let r = run(&s, Keep::All);
        let index = RunIndex::new(&r);
        let log = log_at(&r, &s, &index, r.run_for_ms);
        let deployed: Vec<&Line> = log.lines.iter().filter(|l| matches!(l, Line::Deployed { .. })).collect();
        assert_eq!(deployed, [&Line::Deployed { at, what: "retries 0".into() }]);
        for line in &log.lines {
            if let Line::Fact { at: when, of, .. } = *line {
                assert_eq!(of, if when >= at { 1 } else { 3 }, "attempts an event may make at {when}");
            }
        }
    }
}
