//! Side effects against events: what at-least-once delivery costs, as two numbers on the stage.
//!
//! The queue may deliver an event twice although nothing failed, and a handler that is not
//! idempotent then acts twice (two rows inserted, two e-mails sent). Whenever the scenario can
//! repeat work, the function lane shows how many side effects the handler performed against how
//! many events were sent, both at the moment shown, read from the run's records.

use lab_core::scenario::Scenario;
use leptos::prelude::*;

use crate::i18n::use_i18n;
use crate::moment::use_moment;
use crate::state::use_lab;

/// Whether the scenario can make the handler do an event's work more than once: the queue's
/// duplicate deliveries, DLQ messages sent back to the function, or failing runs that leave their
/// side effect behind for the retry to repeat.
pub fn repeats_work(s: &Scenario) -> bool {
    s.duplicate_rate > 0.0
        || !s.reprocess.is_empty()
        || s.settings_over_run().any(|set| set.function.fails_after_side_effect)
}

/// "side effects 5 · events 4", while the scenario can repeat work. Both numbers are the core's at
/// the moment shown: the side effects the engine counted by then ([`lab_core::Run::side_effects_by`])
/// and the events the sources sent (a reprocessed message is the same event sent back, not a new
/// one).
#[component]
pub(super) fn SideEffects() -> impl IntoView {
    let lab = use_lab();
    let i18n = use_i18n();
    let view = use_moment();
    let shown = Memo::new(move |_| lab.scenario.with(repeats_work));
    let counts = Memo::new(move |_| {
        let t = lab.clock.now.get();
        let (effects, reprocessed) = lab.run.with(|r| (r.side_effects_by(t), r.reprocessed_by(t)));
        let sent = view.counts.with(|c| c.sent.iter().map(|(_, n)| *n).sum::<u64>());
        (effects, sent.saturating_sub(reprocessed))
    });
    let over = move || counts.with(|(e, n)| e > n);
    view! {
        <Show when=move || shown.get()>
            <p
                class="side-effects"
                class:over=over
                data-testid="side-effects"
                data-side-effects=move || counts.get().0.to_string()
                data-events=move || counts.get().1.to_string()
                title=move || i18n.t(|t| t.stage.side_effects_hint)
            >
                {move || i18n.t(|t| (t.stage.side_effects)(counts.get().0, counts.get().1))}
                <Show when=over>
                    <small class="side-effects-repeated">{move || i18n.t(|t| t.stage.side_effects_repeated)}</small>
                </Show>
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
            assert_eq!(r.side_effects_by(r.run_for_ms), r.counts.side_effects, "{preset:?}: the records' own total");
            assert_eq!(r.side_effects_by(r.run_for_ms) as usize, r.events.len() + extra, "{preset:?}");
            // Each side effect counts from the moment its run ended.
            let first = r.events[0].attempts.as_slice()[0].end_ms;
            assert_eq!(r.side_effects_by(first - 1), 0);
        }
        assert!(!repeats_work(&PresetId::HappyPath.scenario()));
    }
}
