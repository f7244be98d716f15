//! Side effects against events: what at-least-once delivery costs, as two numbers on the stage.
//!
//! The queue may deliver an event twice although nothing failed, and a handler that is not
//! idempotent then acts twice (two rows inserted, two e-mails sent). Whenever the scenario can
//! repeat work, the function lane shows how many side effects the handler performed against how
//! many events were sent, both at the moment shown, read from the run's records.

use std::sync::Arc;

use lab_core::engine::Run;
use lab_core::function::performs_side_effect;
use lab_core::outcome::AttemptResult;
use lab_core::scenario::Scenario;
use lab_core::time::AwsMillis;
use leptos::prelude::*;

use crate::i18n::use_i18n;
use crate::moment::use_moment;
use crate::state::use_lab;

/// Whether the scenario can make the handler do an event's work more than once: the queue's
/// duplicate deliveries, or DLQ messages sent back to the function.
pub fn repeats_work(s: &Scenario) -> bool {
    s.duplicate_rate > 0.0 || !s.reprocess.is_empty()
}

/// When each side effect happened, in time order: the end of every successful run that performs
/// one by the core's rule ([`performs_side_effect`]).
pub fn side_effect_times(s: &Scenario, run: &Run) -> Vec<AwsMillis> {
    let mut times = Vec::new();
    for rec in &run.events {
        // Runs are recorded in the order they ended, so "succeeded before" reads in order.
        let mut succeeded = false;
        for a in rec.attempts.as_slice().iter().filter(|a| a.result == AttemptResult::Success) {
            if performs_side_effect(s.function.idempotent, succeeded) {
                times.push(a.end_ms);
            }
            succeeded = true;
        }
    }
    times.sort_unstable();
    times
}

/// "side effects 5 · events 4", while the scenario can repeat work.
#[component]
pub(super) fn SideEffects() -> impl IntoView {
    let lab = use_lab();
    let i18n = use_i18n();
    let view = use_moment();
    let shown = Memo::new(move |_| lab.scenario.with(repeats_work));
    let times = Memo::new_with_compare(
        move |_| {
            let run = lab.run.get();
            lab.scenario.with(|s| Arc::new(side_effect_times(s, &run)))
        },
        |_, _| true,
    );
    let counts = Memo::new(move |_| {
        let t = lab.clock.now.get();
        let effects = times.with(|v| v.partition_point(|&at| at <= t)) as u64;
        let events = view.counts.with(|c| c.sent.iter().map(|(_, n)| *n).sum::<u64>());
        (effects, events)
    });
    view! {
        <Show when=move || shown.get()>
            <p
                class="side-effects"
                class:over=move || counts.with(|(e, n)| e > n)
                data-testid="side-effects"
                data-side-effects=move || counts.get().0.to_string()
                data-events=move || counts.get().1.to_string()
                title=move || i18n.t(|t| t.stage.side_effects_hint)
            >
                {move || i18n.t(|t| (t.stage.side_effects)(counts.get().0, counts.get().1))}
            </p>
        </Show>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use lab_core::engine::{run, Keep};
    use lab_core::share::PresetId;
    use wasm_bindgen_test::wasm_bindgen_test;

    #[wasm_bindgen_test]
    fn duplicates_cost_side_effects_unless_the_handler_is_idempotent() {
        for (preset, extra) in [(PresetId::DuplicatesNotIdempotent, 2), (PresetId::DuplicatesIdempotent, 0)] {
            let s = preset.scenario();
            assert!(repeats_work(&s));
            let r = run(&s, Keep::All);
            let times = side_effect_times(&s, &r);
            assert_eq!(times.len() as u64, r.counts.side_effects, "{preset:?}: the records' own total");
            assert_eq!(times.len(), r.events.len() + extra, "{preset:?}");
            assert!(times.windows(2).all(|w| w[0] <= w[1]));
            // Each side effect counts from the moment its run ended.
            let first = r.events[0].attempts.as_slice()[0].end_ms;
            assert_eq!(times.partition_point(|&at| at < first), 0);
        }
        assert!(!repeats_work(&PresetId::HappyPath.scenario()));
    }
}
