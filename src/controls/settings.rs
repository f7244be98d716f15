//! The scenario settings form: the function, the event invoke config, concurrency, where results
//! go, delivery. Each field writes the scenario signal; the run is simulated again and the clock
//! keeps its place. Values outside the format's limits are clamped into them, and each field says
//! its range.

use lab_core::scenario::{limits, Destination, DlqTarget, ErrorKind, FailureMode, Scenario};
use leptos::prelude::*;

use crate::i18n::{use_i18n, Texts};
use crate::state::{use_lab, Lab};

/// A numeric field bound to one scenario value.
#[allow(clippy::too_many_arguments)]
fn number_field(
    lab: Lab,
    testid: &'static str,
    label: fn(&'static Texts) -> &'static str,
    range: (f64, f64),
    step: &'static str,
    get: fn(&Scenario) -> String,
    set: fn(&mut Scenario, Option<f64>),
    placeholder: Option<fn(&'static Texts) -> &'static str>,
) -> impl IntoView {
    let i18n = use_i18n();
    let (lo, hi) = range;
    view! {
        <label class="field">
            <span class="field-name">{move || i18n.t(label)}</span>
            <input
                type="number"
                data-testid=testid
                min=lo.to_string()
                max=hi.to_string()
                step=step
                placeholder=move || placeholder.map(|p| i18n.t(p)).unwrap_or_default()
                prop:value=move || lab.scenario.with(get)
                on:change=move |ev| {
                    let text = event_target_value(&ev);
                    let v = text.trim().parse::<f64>().ok().filter(|v| v.is_finite()).map(|v| v.clamp(lo, hi));
                    lab.scenario.update(|s| set(s, v));
                }
            />
            // A range too wide to read (the seed's) is not worth a line.
            {(hi < 1e9).then(|| view! { <span class="field-range">{move || i18n.t(|t| (t.controls.allowed)(&fmt_num(lo), &fmt_num(hi)))}</span> })}
        </label>
    }
}

fn fmt_num(v: f64) -> String {
    if v.fract() == 0.0 {
        format!("{v:.0}")
    } else {
        format!("{v}")
    }
}

fn failure_with(mode: &str, old: FailureMode) -> FailureMode {
    let error = old.error().unwrap_or_default();
    match mode {
        "always" => FailureMode::Always { error },
        "first" => FailureMode::First { n: 1, error },
        "rate" => FailureMode::Rate { p: 0.3, error },
        _ => FailureMode::Never,
    }
}

fn destination_from(name: &str) -> Option<Destination> {
    Destination::ON_FAILURE.into_iter().find(|d| d.name() == name)
}

/// A select of destinations (`kinds`), with "none".
fn destination_select(
    lab: Lab,
    testid: &'static str,
    label: fn(&'static Texts) -> &'static str,
    kinds: &'static [Destination],
    get: fn(&Scenario) -> Option<Destination>,
    set: fn(&mut Scenario, Option<Destination>),
) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <label class="field">
            <span class="field-name">{move || i18n.t(label)}</span>
            <select
                data-testid=testid
                prop:value=move || lab.scenario.with(|s| get(s).map_or("none", |d| d.name()))
                on:change=move |ev| {
                    let d = destination_from(&event_target_value(&ev));
                    lab.scenario.update(|s| set(s, d));
                }
            >
                <option value="none">{move || i18n.t(|t| t.controls.none)}</option>
                {kinds
                    .iter()
                    .map(|d| {
                        let i = Destination::ON_FAILURE.iter().position(|x| x == d).unwrap_or(0);
                        view! { <option value=d.name()>{move || i18n.t(|t| t.controls.destination_options[i])}</option> }
                    })
                    .collect_view()}
            </select>
        </label>
    }
}

#[component]
pub fn Settings() -> impl IntoView {
    let lab = use_lab();
    let i18n = use_i18n();
    let mode = Memo::new(move |_| lab.scenario.with(|s| s.function.failure.name()));
    view! {
        <details class="settings" data-testid="settings">
            <summary>{move || i18n.t(|t| t.controls.settings)}</summary>
            <p class="settings-hint">{move || i18n.t(|t| t.controls.settings_hint)}</p>
            <div class="settings-groups">
                <fieldset>
                    <legend>{move || i18n.t(|t| t.controls.group_function)}</legend>
                    {number_field(
                        lab,
                        "set-duration",
                        |t| t.controls.duration_ms,
                        (limits::DURATION_MS.0 as f64, limits::DURATION_MS.1 as f64),
                        "100",
                        |s| s.function.duration_ms.to_string(),
                        |s, v| s.function.duration_ms = v.unwrap_or(800.0) as u32,
                        None,
                    )}
                    {number_field(
                        lab,
                        "set-timeout",
                        |t| t.controls.timeout_s,
                        (limits::TIMEOUT_S.0 as f64, limits::TIMEOUT_S.1 as f64),
                        "1",
                        |s| s.function.timeout_s.to_string(),
                        |s, v| s.function.timeout_s = v.unwrap_or(3.0) as u32,
                        None,
                    )}
                    <label class="field">
                        <span class="field-name">{move || i18n.t(|t| t.controls.fail_mode)}</span>
                        <select
                            data-testid="set-fail-mode"
                            prop:value=move || mode.get()
                            on:change=move |ev| {
                                let name = event_target_value(&ev);
                                lab.scenario.update(|s| s.function.failure = failure_with(&name, s.function.failure));
                            }
                        >
                            <option value="never">{move || i18n.t(|t| t.controls.fail_never)}</option>
                            <option value="always">{move || i18n.t(|t| t.controls.fail_always)}</option>
                            <option value="first">{move || i18n.t(|t| t.controls.fail_first_n)}</option>
                            <option value="rate">{move || i18n.t(|t| t.controls.fail_rate_p)}</option>
                        </select>
                    </label>
                    <Show when=move || mode.get() == "first">
                        {number_field(
                            lab,
                            "set-fail-n",
                            |t| t.controls.fail_first_n,
                            (limits::FIRST_N.0 as f64, 3.0),
                            "1",
                            |s| match s.function.failure {
                                FailureMode::First { n, .. } => n.to_string(),
                                _ => String::new(),
                            },
                            |s, v| {
                                if let FailureMode::First { error, .. } = s.function.failure {
                                    s.function.failure = FailureMode::First { n: v.unwrap_or(1.0) as u32, error };
                                }
                            },
                            None,
                        )}
                    </Show>
                    <Show when=move || mode.get() == "rate">
                        {number_field(
                            lab,
                            "set-fail-p",
                            |t| t.controls.fail_rate_p,
                            (0.0, 1.0),
                            "0.05",
                            |s| match s.function.failure {
                                FailureMode::Rate { p, .. } => p.to_string(),
                                _ => String::new(),
                            },
                            |s, v| {
                                if let FailureMode::Rate { error, .. } = s.function.failure {
                                    s.function.failure = FailureMode::Rate { p: v.unwrap_or(0.3), error };
                                }
                            },
                            None,
                        )}
                    </Show>
                    <Show when=move || mode.get() != "never">
                        <label class="field">
                            <span class="field-name">{move || i18n.t(|t| t.controls.fail_error)}</span>
                            <select
                                data-testid="set-fail-error"
                                prop:value=move || lab.scenario.with(|s| s.function.failure.error().unwrap_or_default().name())
                                on:change=move |ev| {
                                    let error = if event_target_value(&ev) == "Timeout" { ErrorKind::Timeout } else { ErrorKind::Error };
                                    lab.scenario.update(|s| {
                                        s.function.failure = match s.function.failure {
                                            FailureMode::Always { .. } => FailureMode::Always { error },
                                            FailureMode::First { n, .. } => FailureMode::First { n, error },
                                            FailureMode::Rate { p, .. } => FailureMode::Rate { p, error },
                                            FailureMode::Never => FailureMode::Never,
                                        }
                                    });
                                }
                            >
                                <option value="Error">{move || i18n.t(|t| t.controls.error_exception)}</option>
                                <option value="Timeout">{move || i18n.t(|t| t.controls.error_timeout)}</option>
                            </select>
                        </label>
                    </Show>
                </fieldset>
                <fieldset>
                    <legend>{move || i18n.t(|t| t.controls.group_retries)}</legend>
                    <label class="field">
                        <span class="field-name"><code>{move || i18n.t(|t| t.controls.max_retry_attempts)}</code></span>
                        <select
                            data-testid="set-retries"
                            prop:value=move || lab.scenario.with(|s| s.invoke_config.max_retry_attempts.to_string())
                            on:change=move |ev| {
                                if let Ok(n) = event_target_value(&ev).parse::<u32>() {
                                    lab.scenario.update(|s| s.invoke_config.max_retry_attempts = n.min(limits::MAX_RETRY_ATTEMPTS.1 as u32));
                                }
                            }
                        >
                            <option value="0">"0"</option>
                            <option value="1">"1"</option>
                            <option value="2">"2"</option>
                        </select>
                        <span class="field-range">{move || i18n.t(|t| (t.controls.allowed)("0", "2"))}</span>
                    </label>
                    {number_field(
                        lab,
                        "set-max-age",
                        |t| t.controls.max_event_age,
                        (limits::MAX_EVENT_AGE_S.0 as f64, limits::MAX_EVENT_AGE_S.1 as f64),
                        "30",
                        |s| s.invoke_config.max_event_age_s.to_string(),
                        |s, v| s.invoke_config.max_event_age_s = v.unwrap_or(21_600.0) as u32,
                        None,
                    )}
                </fieldset>
                <fieldset>
                    <legend>{move || i18n.t(|t| t.controls.group_concurrency)}</legend>
                    {number_field(
                        lab,
                        "set-reserved",
                        |t| t.controls.reserved,
                        (limits::RESERVED_CONCURRENCY.0 as f64, limits::RESERVED_CONCURRENCY.1 as f64),
                        "1",
                        |s| s.function.reserved_concurrency.map(|n| n.to_string()).unwrap_or_default(),
                        |s, v| s.function.reserved_concurrency = v.map(|n| n as u32),
                        Some(|t| t.controls.reserved_none),
                    )}
                </fieldset>
                <fieldset>
                    <legend>{move || i18n.t(|t| t.controls.group_endings)}</legend>
                    <label class="field">
                        <span class="field-name">{move || i18n.t(|t| t.controls.dlq)}</span>
                        <select
                            data-testid="set-dlq"
                            prop:value=move || lab.scenario.with(|s| s.dlq.map_or("none", |d| d.name()))
                            on:change=move |ev| {
                                let name = event_target_value(&ev);
                                let target = DlqTarget::ALL.into_iter().find(|t| t.name() == name);
                                lab.scenario.update(|s| s.dlq = target);
                            }
                        >
                            <option value="none">{move || i18n.t(|t| t.controls.none)}</option>
                            <option value="sqs">{move || i18n.t(|t| t.controls.destination_options[0])}</option>
                            <option value="sns">{move || i18n.t(|t| t.controls.destination_options[1])}</option>
                        </select>
                    </label>
                    {destination_select(
                        lab,
                        "set-on-success",
                        |t| t.controls.on_success,
                        &Destination::ON_SUCCESS,
                        |s| s.on_success,
                        |s, d| s.on_success = d.filter(|d| *d != Destination::S3),
                    )}
                    {destination_select(
                        lab,
                        "set-on-failure",
                        |t| t.controls.on_failure,
                        &Destination::ON_FAILURE,
                        |s| s.on_failure,
                        |s, d| s.on_failure = d,
                    )}
                </fieldset>
                <fieldset>
                    <legend>{move || i18n.t(|t| t.controls.group_delivery)}</legend>
                    {number_field(
                        lab,
                        "set-duplicate-rate",
                        |t| t.controls.duplicate_rate,
                        (0.0, 1.0),
                        "0.05",
                        |s| s.duplicate_rate.to_string(),
                        |s, v| s.duplicate_rate = v.unwrap_or(0.0),
                        None,
                    )}
                    <label class="field check">
                        <input
                            type="checkbox"
                            data-testid="set-idempotent"
                            prop:checked=move || lab.scenario.with(|s| s.function.idempotent)
                            on:change=move |ev| {
                                let on = event_target_checked(&ev);
                                lab.scenario.update(|s| s.function.idempotent = on);
                            }
                        />
                        <span class="field-name">{move || i18n.t(|t| t.controls.idempotent)}</span>
                    </label>
                    {number_field(
                        lab,
                        "set-run-for",
                        |t| t.controls.run_for,
                        (limits::RUN_FOR_S.0 as f64, limits::RUN_FOR_S.1 as f64),
                        "60",
                        |s| s.run_for_s.to_string(),
                        |s, v| s.run_for_s = v.unwrap_or(900.0) as u32,
                        None,
                    )}
                    {number_field(
                        lab,
                        "set-seed",
                        |t| t.controls.seed,
                        (0.0, 9_007_199_254_740_991.0),
                        "1",
                        |s| s.seed.to_string(),
                        |s, v| s.seed = v.unwrap_or(42.0) as u64,
                        None,
                    )}
                </fieldset>
            </div>
        </details>
    }
}
