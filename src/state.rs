//! The app's shared state: the scenario being played, its simulated run, and the clock.
//!
//! The run is recomputed from the scenario whenever it changes (the core is deterministic and fast:
//! a 100k-event run takes a few milliseconds), and the clock keeps its place: a change applies to
//! the whole run, which replays to the current moment.

use std::sync::Arc;

use lab_core::engine::Keep;
use lab_core::scenario::{DlqTarget, Reprocess, Scenario, Service, Settings, Source};
use lab_core::time::AwsMillis;
use lab_core::Run;
use leptos::prelude::*;

use crate::clock::Clock;

/// The page's own starting scenario: the format's happy path, plus an SQS dead-letter queue so
/// that a failing function has somewhere to leave its events.
pub fn page_default_scenario() -> Scenario {
    Scenario { dlq: Some(DlqTarget::Sqs), ..Scenario::default() }
}

/// Sending by hand keeps at least this much AWS time ahead, so the event's whole story (up to
/// three attempts and two retry waits) fits before the run ends.
pub const HAND_SEND_HEADROOM_S: u32 = 600;

/// Why a hand-sent event could not be added.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SendRefused {
    /// The format allows at most this many sources.
    TooManySources(usize),
}

/// Adds one event from `service` at `now` to the scenario (a source of its own, or one more event
/// on a hand source at the same instant).
pub fn send_by_hand(s: &mut Scenario, service: Service, now: AwsMillis) -> Result<(), SendRefused> {
    if let Some(last) = s.sources.last_mut() {
        if last.service == service && last.start_ms == now && last.every_ms == 0 {
            last.events += 1;
            return Ok(());
        }
    }
    let max = lab_core::scenario::limits::SOURCES.1;
    if s.sources.len() >= max {
        return Err(SendRefused::TooManySources(max));
    }
    s.sources.push(Source { service, events: 1, start_ms: now, every_ms: 0 });
    let wanted = (now / 1000) as u32 + HAND_SEND_HEADROOM_S;
    s.run_for_s = s.run_for_s.max(wanted).min(lab_core::scenario::limits::RUN_FOR_S.1 as u32);
    Ok(())
}

/// `s` as it stands at `t`: its settings those in force then (the start's, with every deployment
/// made by then). What the settings form shows, and what the panels tell a moment by.
pub fn in_force(s: &Scenario, t: AwsMillis) -> Scenario {
    with_settings(s, s.settings_at(t))
}

/// `s` with `now`'s settings (those [`Scenario::settings_at`] a moment) in place of its start's.
pub fn with_settings(s: &Scenario, now: Settings) -> Scenario {
    Scenario {
        function: now.function,
        invoke_config: now.invoke_config,
        dlq: now.dlq,
        on_success: now.on_success,
        on_failure: now.on_failure,
        ..s.clone()
    }
}

/// Sends the SQS dead-letter queue's messages back to the function at `now` (every message, or
/// only event `event`'s): a timed action of the scenario, so a link replays it. `false` when the
/// format holds no more reprocessings (or the same one is already there).
pub fn reprocess_at(s: &mut Scenario, now: AwsMillis, event: Option<usize>) -> bool {
    let r = Reprocess { at_ms: now, event };
    if s.reprocess.contains(&r) || s.reprocess.len() >= lab_core::scenario::limits::REPROCESS.1 {
        return false;
    }
    let at = s.reprocess.partition_point(|x| x.at_ms <= now);
    s.reprocess.insert(at, r);
    true
}

/// Everything the components share, provided as context by [`crate::App`].
#[derive(Clone, Copy)]
pub struct Lab {
    pub scenario: RwSignal<Scenario>,
    pub run: Memo<Arc<Run>>,
    pub clock: Clock,
}

impl Lab {
    pub fn new(initial: Scenario) -> Self {
        let scenario = RwSignal::new(initial);
        let run = Memo::new(move |_| Arc::new(lab_core::run(&scenario.get(), Keep::All)));
        let end = Signal::derive(move || scenario.with(|s| s.run_for_ms()));
        Lab { scenario, run, clock: crate::clock::use_clock(end) }
    }
}

impl PartialEq for Lab {
    fn eq(&self, other: &Self) -> bool {
        self.scenario == other.scenario
    }
}

pub fn use_lab() -> Lab {
    expect_context::<Lab>()
}
