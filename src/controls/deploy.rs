//! Where a settings edit goes: the one decision between a deployment and a new start.
//!
//! In AWS a deployment changes only what runs afterwards. So an edit of the function, its event
//! invoke config or where its events go, made once the clock has left 0:00 (playing or paused), is
//! recorded as a timed change at the moment shown ([`lab_core::scenario::Change`]): the story
//! before it stays. At 0:00 an edit sets the settings from the start. Starting over with the
//! settings in force is an explicit action ([`start_over`]). Settings that are not deployed (the
//! sources, the seed, the run's length, the queue's duplicates) always apply to the whole run.

use lab_core::scenario::{Change, FunctionPatch, InvokeConfigPatch, Scenario, Settings};
use lab_core::time::AwsMillis;
use leptos::prelude::*;

pub use crate::state::in_force;
use crate::state::{with_settings, Lab};

/// The scenario as the controls show it at the clock's moment ([`in_force`]), as context.
#[derive(Clone, Copy)]
struct Shown(Memo<Scenario>);

/// Provides what the controls show: recomputed when the settings in force change, not each frame.
pub fn provide_shown(lab: Lab) -> Memo<Scenario> {
    let at = Memo::new(move |_| {
        let t = lab.clock.now.get();
        lab.scenario.with(|s| s.settings_at(t))
    });
    let shown = Memo::new(move |_| {
        let now = at.get();
        lab.scenario.with(|s| with_settings(s, now))
    });
    provide_context(Shown(shown));
    shown
}

/// What [`provide_shown`] put in context.
pub fn use_shown() -> Memo<Scenario> {
    expect_context::<Shown>().0
}

/// How an edit was written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Written {
    /// Into the settings from the start (the clock at 0:00, or nothing deployable changed).
    FromStart,
    /// As the deployment at this moment (merged with any other made at that moment).
    Deployed(AwsMillis),
    /// The run already holds the format's most deployments; nothing was written.
    TooManyChanges,
}

/// Writes `edit`, made on the scenario as the form shows it at `t` ([`in_force`]), into `s`: at
/// `t` = 0 into the start's settings; later, the settings it changes as the deployment at `t`
/// (one per moment: a second edit at the same moment joins it, and an edit back to what was in
/// force removes it). Non-deployable fields apply to the whole run.
pub fn write(s: &mut Scenario, t: AwsMillis, edit: impl FnOnce(&mut Scenario)) -> Written {
    if t == 0 {
        edit(s);
        return Written::FromStart;
    }
    let mut shown = in_force(s, t);
    edit(&mut shown);
    let wanted = shown.settings();
    // Everything but the settings applies to the whole run.
    let start = s.settings();
    let (changes, reprocess) = (std::mem::take(&mut s.changes), std::mem::take(&mut s.reprocess));
    *s = Scenario {
        function: start.function,
        invoke_config: start.invoke_config,
        dlq: start.dlq,
        on_success: start.on_success,
        on_failure: start.on_failure,
        changes,
        reprocess,
        ..shown
    };
    // The settings just before `t`: the start's with every earlier deployment.
    let mut before = s.settings();
    for c in s.changes.iter().take_while(|c| c.at_ms < t) {
        c.apply(&mut before);
    }
    if before == s.settings_at(t) && before == wanted {
        return Written::FromStart;
    }
    let change = between(t, &before, &wanted);
    let at = s.changes.partition_point(|c| c.at_ms < t);
    let same = s.changes[at..].iter().take_while(|c| c.at_ms == t).count();
    if same == 0 && !change.is_empty() && s.changes.len() >= lab_core::scenario::limits::CHANGES.1 {
        return Written::TooManyChanges;
    }
    s.changes.splice(at..at + same, (!change.is_empty()).then_some(change));
    Written::Deployed(t)
}

/// The deployment at `at` that takes settings `from` to `to`: it names only what differs.
fn between(at: AwsMillis, from: &Settings, to: &Settings) -> Change {
    fn differs<T: PartialEq + Copy>(a: T, b: T) -> Option<T> {
        (a != b).then_some(b)
    }
    let (f, g) = (&from.function, &to.function);
    let (i, j) = (&from.invoke_config, &to.invoke_config);
    Change {
        at_ms: at,
        function: FunctionPatch {
            duration_ms: differs(f.duration_ms, g.duration_ms),
            timeout_s: differs(f.timeout_s, g.timeout_s),
            failure: differs(f.failure, g.failure),
            reserved_concurrency: differs(f.reserved_concurrency, g.reserved_concurrency),
            idempotent: differs(f.idempotent, g.idempotent),
            fails_after_side_effect: differs(f.fails_after_side_effect, g.fails_after_side_effect),
        },
        invoke_config: InvokeConfigPatch {
            max_retry_attempts: differs(i.max_retry_attempts, j.max_retry_attempts),
            max_event_age_s: differs(i.max_event_age_s, j.max_event_age_s),
        },
        dlq: differs(from.dlq, to.dlq),
        on_success: differs(from.on_success, to.on_success),
        on_failure: differs(from.on_failure, to.on_failure),
    }
}

/// "Apply from 0:00": the settings in force at `t` become the start's, the deployments and
/// reprocessings go, and the run is told again from the beginning with them.
pub fn start_over(s: &mut Scenario, t: AwsMillis) {
    let shown = in_force(s, t);
    *s = Scenario { changes: Vec::new(), reprocess: Vec::new(), ..shown };
}

/// Writes a settings edit made on the page ([`write`], at the clock's moment).
pub fn edit(lab: Lab, edit: impl FnOnce(&mut Scenario)) -> Written {
    let t = lab.clock.now.get_untracked();
    let mut written = Written::FromStart;
    lab.scenario.update(|s| written = write(s, t, edit));
    written
}

#[cfg(test)]
mod tests {
    use super::*;
    use lab_core::engine::{run, Keep};
    use lab_core::moment::RunIndex;
    use lab_core::scenario::{DlqTarget, ErrorKind, FailureMode};
    use wasm_bindgen_test::wasm_bindgen_test;

    fn failing() -> Scenario {
        let mut s = Scenario { dlq: Some(DlqTarget::Sqs), run_for_s: 1200, ..Scenario::default() };
        s.function.failure = FailureMode::Always { error: ErrorKind::Error };
        s
    }

    #[wasm_bindgen_test]
    fn a_fix_made_after_the_events_failed_keeps_them_in_the_dlq() {
        let mut s = failing();
        let t = 600_000;
        let before = run(&s, Keep::All);
        assert_eq!(write(&mut s, t, |s| s.function.failure = FailureMode::Never), Written::Deployed(t));
        assert_eq!(s.function.failure, FailureMode::Always { error: ErrorKind::Error }, "the start stays");
        assert_eq!(s.changes.len(), 1);
        assert_eq!(s.changes[0].function, FunctionPatch { failure: Some(FailureMode::Never), ..Default::default() });
        let after = run(&s, Keep::All);
        let dlq = |r: &lab_core::Run| RunIndex::new(r).lane_counts(r, t).dlq_sqs;
        assert_eq!(dlq(&after), dlq(&before));
        assert_eq!(in_force(&s, t).function.failure, FailureMode::Never, "the form shows what is in force");
    }

    #[wasm_bindgen_test]
    fn edits_at_one_moment_make_one_deployment_and_an_edit_back_removes_it() {
        let mut s = failing();
        write(&mut s, 5_000, |s| s.function.failure = FailureMode::Never);
        write(&mut s, 5_000, |s| s.invoke_config.max_retry_attempts = 0);
        assert_eq!(s.changes.len(), 1);
        assert_eq!(s.changes[0].invoke_config.max_retry_attempts, Some(0));
        write(&mut s, 5_000, |s| {
            s.function.failure = FailureMode::Always { error: ErrorKind::Error };
            s.invoke_config.max_retry_attempts = 2;
        });
        assert!(s.changes.is_empty());
        // The seed is no deployment: it applies to the whole run.
        write(&mut s, 5_000, |s| s.seed = 7);
        assert_eq!((s.seed, s.changes.len()), (7, 0));
    }

    #[wasm_bindgen_test]
    fn at_the_start_and_on_starting_over_the_settings_are_the_start() {
        let mut s = failing();
        assert_eq!(write(&mut s, 0, |s| s.function.timeout_s = 9), Written::FromStart);
        assert_eq!((s.function.timeout_s, s.changes.len()), (9, 0));
        write(&mut s, 60_000, |s| s.function.failure = FailureMode::Never);
        s.reprocess.push(lab_core::scenario::Reprocess { at_ms: 70_000, event: None });
        start_over(&mut s, 60_000);
        assert_eq!(s.function.failure, FailureMode::Never);
        assert!(s.changes.is_empty() && s.reprocess.is_empty());
    }
}
