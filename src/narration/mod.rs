//! The narration: what just happened, in plain words ("S3 event #3 failed (attempt 2 of 3); next
//! try in 2:04"), newest first, and an ARIA live region that reads the latest line to screen-reader
//! users without flooding them.
//!
//! The log is a function of `t`: the lines of what happened in the [`LOOKBACK`] before now, at
//! most [`LOG_MAX`] of them, a busy moment told as one summary line. Playing forward, each frame
//! only adds the happenings since the previous frame (asked of the core); a jump backwards, a
//! long jump or a new scenario rebuilds the log, to the same lines.

use std::cell::RefCell;
use std::collections::VecDeque;
use std::rc::Rc;
use std::sync::Arc;

use lab_core::moment::{Fact, Happening};
use lab_core::outcome::{AttemptResult, Outcome};
use lab_core::route::{endings, Ending};
use lab_core::scenario::{DlqTarget, Scenario, Service};
use lab_core::time::{clock, AwsMillis, MINUTE, SECOND};
use leptos::prelude::*;

use crate::i18n::{use_i18n, Texts};
use crate::moment::{destination_kind, service_name, use_moment};
use crate::state::use_lab;

/// Lines kept at most.
pub const LOG_MAX: usize = 40;
/// The log tells what happened in this much AWS time before now (after a jump it is rebuilt
/// from there).
const LOOKBACK: AwsMillis = 2 * MINUTE;
/// More happenings than this in one frame are told as one summary line.
const BURST: usize = 6;
/// After a jump, the log looks back this far first, then further while it has too few lines.
const REBUILD_STEPS: [AwsMillis; 3] = [5 * SECOND, 20 * SECOND, LOOKBACK];
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
    Summary {
        at: AwsMillis,
        received: u32,
        started: u32,
        failed: u32,
        throttled: u32,
        ended: u32,
    },
}

type Told = (Option<(AwsMillis, usize)>, u64, f64);

#[derive(Clone, Debug, PartialEq)]
struct Entry {
    id: u64,
    line: Line,
}

/// Facts in time order → lines. An attempt that gives up and the outcome it leads to make one
/// line; a moment with more than [`BURST`] facts makes one summary line. Lines depend only on the
/// facts of their own moment, so the log reads the same however the clock got to `t`.
fn lines(run: &lab_core::Run, s: &Scenario, facts: &[Happening]) -> Vec<Line> {
    let of = s.invoke_config.max_retry_attempts + 1;
    let mut out = Vec::new();
    for moment in facts.chunk_by(|a, b| a.at == b.at) {
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
            out.push(Line::Summary { at: moment[0].at, received, started, failed, throttled, ended });
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

/// A line in words.
fn tell(t: &Texts, s: &Scenario, line: &Line) -> String {
    let n = &t.narration;
    match *line {
        Line::Summary { received, started, failed, throttled, ended, .. } => {
            (n.summary)(received, started, failed, throttled, ended)
        }
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

#[component]
pub fn Narration() -> impl IntoView {
    let lab = use_lab();
    let i18n = use_i18n();
    let view = use_moment();
    let log = RwSignal::new(VecDeque::<Entry>::with_capacity(LOG_MAX));
    let live = RwSignal::new(String::new());
    // (previous moment, the run it belonged to), next line id
    // (previous moment and its run, next line id, when the log last caught up in real ms)
    let state: Rc<RefCell<Told>> = Rc::new(RefCell::new((None, 0, f64::NEG_INFINITY)));
    Effect::new(move |_| {
        let t = lab.clock.now.get();
        let playing = lab.clock.playing.get();
        let run = lab.run.get();
        let index = view.index.get();
        let run_id = Arc::as_ptr(&run) as usize;
        let mut st = state.borrow_mut();
        let (prev, next_id, told_at) = &mut *st;
        // While playing, the log catches up a few times a second, not every frame: a busy run
        // would otherwise rebuild list items 60 times a second. Paused, it is always exact.
        let real_now = crate::lab_hooks::now_ms();
        if playing && matches!(*prev, Some((_, id)) if id == run_id) && real_now - *told_at < f64::from(CATCH_UP_MS) {
            return;
        }
        *told_at = real_now;
        let s = lab.scenario.get_untracked();
        let since = match *prev {
            Some((p, id)) if id == run_id && p == t => return,
            Some((p, id)) if id == run_id && p < t && t - p <= LOOKBACK => Some(p),
            _ => None,
        };
        *prev = Some((t, run_id));
        let oldest = t.checked_sub(LOOKBACK);
        let new_lines = match since {
            // Playing on: what happened since the last frame.
            Some(p) => lines(&run, &s, &index.happenings(&run, Some(p), t, usize::MAX)),
            // After a jump: the last lines of the lookback. A line depends only on its own
            // moment, so the last lines of a shorter window are the last lines of the whole
            // lookback once there are enough of them: look back a little first.
            None => {
                let mut found = Vec::new();
                for back in REBUILD_STEPS {
                    let from = t.checked_sub(back.min(LOOKBACK));
                    found = lines(&run, &s, &index.happenings(&run, from, t, usize::MAX));
                    if found.len() >= LOG_MAX || back >= LOOKBACK || from.is_none() {
                        break;
                    }
                }
                let keep = found.len().saturating_sub(LOG_MAX);
                found.split_off(keep)
            }
        };
        let latest = new_lines.last().cloned();
        let at = |e: &Entry| match e.line {
            Line::Fact { at, .. } | Line::Summary { at, .. } => at,
        };
        log.update(|l| {
            if since.is_none() {
                l.clear();
            }
            for line in new_lines {
                *next_id += 1;
                l.push_front(Entry { id: *next_id, line });
            }
            while l.back().is_some_and(|e| oldest.is_some_and(|o| at(e) <= o)) || l.len() > LOG_MAX {
                l.pop_back();
            }
        });
        if since.is_some() && lab.clock.playing.get_untracked() {
            if let Some(line) = latest {
                announce(live, i18n.t(|t| tell(t, &s, &line)));
            }
        }
    });
    let row = move |e: Entry| {
        let at = match e.line {
            Line::Fact { at, .. } | Line::Summary { at, .. } => at,
        };
        let class = match e.line {
            Line::Fact { fact: Fact::Ended { .. }, .. } | Line::Fact { then: Some(_), .. } => "end",
            Line::Fact { fact: Fact::Finished { result, .. }, .. } if result.failed() => "fail",
            Line::Fact { fact: Fact::Throttled { .. }, .. } => "throttle",
            Line::Summary { .. } => "summary",
            _ => "",
        };
        let line = e.line;
        view! {
            <li class=class>
                <time>{clock(at)}</time>
                <span>{move || lab.scenario.with(|s| i18n.t(|t| tell(t, s, &line)))}</span>
            </li>
        }
    };
    view! {
        <section class="narration panel" data-testid="narration" aria-labelledby="narration-title">
            <header class="panel-head">
                <h2 id="narration-title">{move || i18n.t(|t| t.narration.title)}</h2>
            </header>
            <Show
                when=move || log.with(|l| !l.is_empty())
                fallback=move || view! { <p class="empty">{move || i18n.t(|t| t.narration.empty)}</p> }
            >
                <ol class="narration-log">
                    <For each=move || log.with(|l| l.iter().cloned().collect::<Vec<_>>()) key=|e| e.id children=row />
                </ol>
            </Show>
            <div class="sr-only" role="status" aria-live="polite" aria-label=move || i18n.t(|t| t.narration.live_label) data-testid="narration-live">
                {move || live.get()}
            </div>
        </section>
    }
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
