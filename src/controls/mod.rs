//! Play/pause, speed, sending by hand and the function's failure mode.

use lab_core::scenario::{ErrorKind, FailureMode, Service};
use lab_core::time::clock;
use leptos::prelude::*;

use crate::clock::Speed;
use crate::i18n::use_i18n;
use crate::state::{send_by_hand, use_lab, SendRefused};

/// The failure modes the quick selector offers, by the format's mode name.
fn quick_mode(name: &str) -> FailureMode {
    let error = ErrorKind::Error;
    match name {
        "always" => FailureMode::Always { error },
        "first" => FailureMode::First { n: 1, error },
        "rate" => FailureMode::Rate { p: 0.3, error },
        _ => FailureMode::Never,
    }
}

#[component]
pub fn Controls() -> impl IntoView {
    let lab = use_lab();
    let i18n = use_i18n();
    let clock_state = lab.clock;
    let refused = RwSignal::new(None::<SendRefused>);
    let send = move |service: Service| {
        let now = clock_state.now.get_untracked();
        let mut result = Ok(());
        lab.scenario.update(|s| result = send_by_hand(s, service, now));
        refused.set(result.err());
    };
    let speed_index = move || {
        Speed::PRESETS.iter().position(|p| *p == clock_state.speed.get()).unwrap_or(1).to_string()
    };
    view! {
        <section class="controls">
            <button
                data-testid="btn-play"
                on:click=move |_| clock_state.playing.update(|p| *p = !*p)
                aria-pressed=move || (!clock_state.playing.get()).to_string()
            >
                {move || if clock_state.playing.get() { i18n.t(|t| t.controls.pause) } else { i18n.t(|t| t.controls.play) }}
            </button>
            <label>
                {move || i18n.t(|t| t.controls.speed)}
                <select
                    data-testid="speed"
                    prop:value=speed_index
                    on:change=move |ev| {
                        if let Ok(i) = event_target_value(&ev).parse::<usize>() {
                            if let Some(p) = Speed::PRESETS.get(i) {
                                clock_state.speed.set(*p);
                            }
                        }
                    }
                >
                    {Speed::PRESETS
                        .iter()
                        .enumerate()
                        .map(|(i, p)| {
                            let p = *p;
                            view! {
                                <option value=i.to_string()>
                                    {move || {
                                        if p.aws_ms_per_real_s == 1000.0 {
                                            i18n.t(|t| t.controls.real_time).to_string()
                                        } else {
                                            i18n.t(|t| (t.controls.speed_preset)(p.real_seconds_per_aws_minute()))
                                        }
                                    }}
                                </option>
                            }
                        })
                        .collect_view()}
                </select>
            </label>
            <span class="aws-clock" data-testid="aws-clock">
                {move || i18n.t(|t| (t.controls.aws_time)(&clock(clock_state.now.get())))}
            </span>
            <button data-testid="btn-send-s3" on:click=move |_| send(Service::S3)>
                {move || i18n.t(|t| t.controls.send_s3)}
            </button>
            <button data-testid="btn-send-sns" on:click=move |_| send(Service::Sns)>
                {move || i18n.t(|t| t.controls.send_sns)}
            </button>
            <button data-testid="btn-send-eventbridge" on:click=move |_| send(Service::EventBridge)>
                {move || i18n.t(|t| t.controls.send_eventbridge)}
            </button>
            <label>
                {move || i18n.t(|t| t.controls.fail_mode)}
                <select
                    data-testid="fail-mode"
                    prop:value=move || lab.scenario.with(|s| s.function.failure.name())
                    on:change=move |ev| {
                        let mode = quick_mode(&event_target_value(&ev));
                        lab.scenario.update(|s| s.function.failure = mode);
                    }
                >
                    <option value="never">{move || i18n.t(|t| t.controls.fail_never)}</option>
                    <option value="always">{move || i18n.t(|t| t.controls.fail_always)}</option>
                    <option value="first">{move || i18n.t(|t| t.controls.fail_first)}</option>
                    <option value="rate">{move || i18n.t(|t| t.controls.fail_rate)}</option>
                </select>
            </label>
            {move || {
                refused
                    .get()
                    .map(|SendRefused::TooManySources(n)| {
                        view! { <p class="notice" role="status">{i18n.t(|t| (t.controls.too_many_sources)(n))}</p> }
                    })
            }}
        </section>
    }
}
