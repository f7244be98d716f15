//! The scenario settings form: the function, the event invoke config, concurrency, where results
//! go, delivery. The fields show the settings in force at the moment shown, and each edit goes
//! through [`deploy::edit`]: at 0:00 it sets the start, later it is a deployment at that moment.
//!
//! The form keeps no defaults or limits of its own: each field's range is the format's
//! (`lab_core::scenario::limits`; a probability's is 0 ..= 1), and an empty entry takes the
//! format's default (`Scenario::default()`). An entry outside the range changes nothing: the
//! field keeps what was typed and says beside it which values it takes, and the scenario keeps
//! its last valid value until a valid one is typed.

use lab_core::scenario::{limits, CallerRetries, Destination, DlqTarget, ErrorKind, FailureMode, Invocation, Scenario};
use lab_core::text::plain;
use lab_core::throttle::ACCOUNT_CONCURRENCY;
use leptos::prelude::*;

use super::{deploy, failure};
use crate::i18n::{use_i18n, Texts};
use crate::state::use_lab;

/// A text of the page, in its language.
type Label = fn(&'static Texts) -> &'static str;

/// The values a field allows, both ends included.
#[derive(Clone, Copy)]
struct Range {
    lo: f64,
    hi: f64,
}

impl From<(u64, u64)> for Range {
    fn from((lo, hi): (u64, u64)) -> Self {
        Range { lo: lo as f64, hi: hi as f64 }
    }
}

/// A probability (`rate:P`, `duplicate_rate`).
const PROBABILITY: Range = Range { lo: 0.0, hi: 1.0 };

/// The seeds the form takes: a number field holds whole numbers exactly only up to 2^53 − 1. A
/// link may carry any `u64`.
const FORM_SEEDS: Range = Range { lo: 0.0, hi: 9_007_199_254_740_991.0 };

/// A number input bound to one value of the scenario.
#[component]
fn NumberField(
    /// The input's `data-testid`.
    testid: &'static str,
    /// The field's name.
    label: Label,
    /// The values the format allows; an entry outside them is refused, and said so.
    #[prop(into)]
    range: Range,
    /// How far the input's arrows move the value.
    step: &'static str,
    /// The value as the field shows it (empty for none).
    get: fn(&Scenario) -> String,
    /// Writes an entry. An empty entry is the format's default, read from `Scenario::default()`
    /// with `get`; `None` only where that is empty too.
    set: fn(&mut Scenario, Option<f64>),
    /// Shown in the empty field.
    #[prop(optional)]
    placeholder: Option<fn(&'static Texts) -> String>,
    /// The unit the values are in, if the field's name does not say it (`s`, `ms`).
    #[prop(optional)]
    unit: Option<&'static str>,
    /// Leaves out the line that states the range (the seed's is too wide to be worth one).
    #[prop(optional)]
    no_range: bool,
) -> impl IntoView {
    let lab = use_lab();
    let shown = deploy::use_shown();
    let i18n = use_i18n();
    let Range { lo, hi } = range;
    let number = move |text: &str| lab_core::decimal::parse(text.trim()).filter(|v| v.is_finite());
    // What the learner typed while it is out of range: the field keeps showing it.
    let refused = RwSignal::new(None::<String>);
    // A new value from elsewhere (a preset, a link) replaces a refused entry.
    let value = Memo::new(move |_| shown.with(get));
    Effect::new(move |first: Option<()>| {
        value.track();
        if first.is_some() {
            refused.set(None);
        }
    });
    let error_id = format!("{testid}-error");
    view! {
        <label class="field" class:invalid=move || refused.with(Option::is_some)>
            <span class="field-name">{move || i18n.t(label)}</span>
            <input
                type="number"
                data-testid=testid
                min=plain(lo)
                max=plain(hi)
                step=step
                placeholder=move || placeholder.map(|p| i18n.t(p)).unwrap_or_default()
                aria-invalid=move || refused.with(Option::is_some).then_some("true")
                aria-describedby=move || refused.with(Option::is_some).then(|| error_id.clone())
                prop:value=move || refused.get().unwrap_or_else(|| value.get())
                on:change=move |ev| {
                    let text = event_target_value(&ev);
                    match number(&text) {
                        Some(v) if !(lo..=hi).contains(&v) => refused.set(Some(text)),
                        entered => {
                            refused.set(None);
                            let v = entered.or_else(|| number(&get(&Scenario::default())));
                            deploy::edit(lab, |s| set(s, v));
                        }
                    }
                }
            />
            {(!no_range).then(|| view! { <span class="field-range">{move || i18n.t(|t| (t.controls.allowed)(&plain(lo), &plain(hi)))}</span> })}
            {move || {
                refused.get().map(|text| {
                    let kept = value.get();
                    view! {
                        <span class="field-error" id=format!("{testid}-error") data-testid="field-error" role="alert">
                            {move || {
                                let range = format!("{} ..= {}{}", plain(lo), plain(hi), unit.map(|u| format!(" {u}")).unwrap_or_default());
                                i18n.t(|t| (t.controls.out_of_range)(&text, &range, &kept))
                            }}
                        </span>
                    }
                })
            }}
        </label>
    }
}

/// A select of where results go: `none` or one of `kinds` (by the format's names).
#[component]
fn TargetSelect(
    /// The select's `data-testid`.
    testid: &'static str,
    /// The field's name.
    label: Label,
    /// The kinds this setting allows, by name.
    kinds: Vec<&'static str>,
    /// The kind set now, by name.
    get: fn(&Scenario) -> Option<&'static str>,
    /// Writes the kind chosen (`None` for none).
    set: fn(&mut Scenario, Option<&str>),
) -> impl IntoView {
    let lab = use_lab();
    let shown = deploy::use_shown();
    let i18n = use_i18n();
    view! {
        <label class="field">
            <span class="field-name">{move || i18n.t(label)}</span>
            <select
                data-testid=testid
                prop:value=move || shown.with(|s| get(s).unwrap_or(NONE))
                on:change=move |ev| {
                    let name = event_target_value(&ev);
                    deploy::edit(lab, |s| set(s, Some(name.as_str()).filter(|n| *n != NONE)));
                }
            >
                <option value=NONE>{move || i18n.t(|t| t.controls.none)}</option>
                {kinds
                    .into_iter()
                    .map(|kind| view! { <option value=kind>{move || i18n.t(|t| kind_label(t, kind))}</option> })
                    .collect_view()}
            </select>
        </label>
    }
}

/// A yes/no setting as a checkbox, written through [`deploy::edit`] like every other field.
#[component]
fn CheckField(
    /// The checkbox's `data-testid`.
    testid: &'static str,
    /// The field's name.
    label: Label,
    /// Whether the setting is on.
    get: fn(&Scenario) -> bool,
    /// Writes it.
    set: fn(&mut Scenario, bool),
) -> impl IntoView {
    let lab = use_lab();
    let shown = deploy::use_shown();
    let i18n = use_i18n();
    view! {
        <label class="field check">
            <input
                type="checkbox"
                data-testid=testid
                prop:checked=move || shown.with(get)
                on:change=move |ev| {
                    let on = event_target_checked(&ev);
                    deploy::edit(lab, |s| set(s, on));
                }
            />
            <span class="field-name">{move || i18n.t(label)}</span>
        </label>
    }
}

/// A select of one of a setting's values (by the format's names), each named on the page by the
/// label at the same place.
#[component]
fn ChoiceSelect<T: Copy + PartialEq + Send + Sync + 'static, const N: usize>(
    /// The select's `data-testid`.
    testid: &'static str,
    /// The field's name.
    label: Label,
    /// Every value, in the order of `labels`.
    all: [T; N],
    /// A value's name in the format.
    name: fn(T) -> &'static str,
    /// Each value's name on the page.
    labels: fn(&'static Texts) -> [&'static str; N],
    get: fn(&Scenario) -> T,
    set: fn(&mut Scenario, T),
) -> impl IntoView {
    let lab = use_lab();
    let i18n = use_i18n();
    view! {
        <label class="field">
            <span class="field-name">{move || i18n.t(label)}</span>
            <select
                data-testid=testid
                prop:value=move || lab.scenario.with(|s| name(get(s)))
                on:change=move |ev| {
                    let chosen = event_target_value(&ev);
                    if let Some(v) = all.into_iter().find(|v| name(*v) == chosen) {
                        lab.scenario.update(|s| set(s, v));
                    }
                }
            >
                {(0..N)
                    .map(|i| view! { <option value=name(all[i])>{move || i18n.t(|t| labels(t)[i])}</option> })
                    .collect_view()}
            </select>
        </label>
    }
}

/// The value of a select's "none" option.
const NONE: &str = "none";

/// A destination kind's name on the page (the DLQ's kinds are destination kinds too).
fn kind_label(t: &'static Texts, name: &'static str) -> &'static str {
    let i = Destination::ON_FAILURE.iter().position(|d| d.name() == name);
    i.map_or(name, |i| t.controls.destination_options[i])
}

fn destination(name: &str) -> Option<Destination> {
    Destination::ON_FAILURE.into_iter().find(|d| d.name() == name)
}

fn mode_label(t: &'static Texts, mode: FailureMode) -> String {
    match mode {
        FailureMode::Never => t.controls.fail_never,
        FailureMode::Always { .. } => t.controls.fail_always,
        FailureMode::First { .. } => t.controls.mode_first,
        FailureMode::Rate { .. } => t.controls.mode_rate,
    }
    .into()
}

/// The error kinds a failing attempt can end with, as the error select offers them.
const ERROR_KINDS: [(ErrorKind, Label); 2] =
    [(ErrorKind::Error, |t| t.controls.error_exception), (ErrorKind::Timeout, |t| t.controls.error_timeout)];

#[component]
pub fn Settings() -> impl IntoView {
    let lab = use_lab();
    let shown = deploy::use_shown();
    let i18n = use_i18n();
    let mode = Memo::new(move |_| shown.with(|s| s.function.failure.name()));
    let (retries_lo, retries_hi) = limits::MAX_RETRY_ATTEMPTS;
    view! {
        <details class="settings" data-testid="settings">
            <summary>{move || i18n.t(|t| t.controls.settings)}</summary>
            <p class="settings-hint">{move || i18n.t(|t| t.controls.settings_hint)}</p>
            <Show when=move || { lab.clock.now.get() > 0 }>
                <p class="settings-hint" data-testid="deploy-note">
                    {move || i18n.t(|t| (t.controls.deploys_at)(&lab_core::time::clock(lab.clock.now.get())))}
                </p>
            </Show>
            <div class="settings-groups">
                <fieldset>
                    <legend>{move || i18n.t(|t| t.controls.group_invocation)}</legend>
                    <ChoiceSelect
                        testid="set-invocation"
                        label=|t| t.controls.group_invocation
                        all=Invocation::ALL
                        name=Invocation::name
                        labels=|t| t.controls.invocation_options
                        get=|s| s.invocation
                        set=|s, v| s.invocation = v
                    />
                    <Show when=move || lab.scenario.with(|s| s.invocation == Invocation::Sync)>
                        <ChoiceSelect
                            testid="set-caller-retries"
                            label=|t| t.controls.caller_retries
                            all=CallerRetries::ALL
                            name=CallerRetries::name
                            labels=|t| t.controls.caller_retries_options
                            get=|s| s.caller_retries
                            set=|s, v| s.caller_retries = v
                        />
                    </Show>
                </fieldset>
                <fieldset>
                    <legend>{move || i18n.t(|t| t.controls.group_function)}</legend>
                    <NumberField
                        testid="set-duration"
                        label=|t| t.controls.duration_ms
                        range=limits::DURATION_MS
                        unit="ms"
                        step="100"
                        get=|s| s.function.duration_ms.to_string()
                        set=|s, v| s.function.duration_ms = v.map_or(s.function.duration_ms, |v| v as u32)
                    />
                    <NumberField
                        testid="set-timeout"
                        label=|t| t.controls.timeout_s
                        range=limits::TIMEOUT_S
                        unit="s"
                        step="1"
                        get=|s| s.function.timeout_s.to_string()
                        set=|s, v| s.function.timeout_s = v.map_or(s.function.timeout_s, |v| v as u32)
                    />
                    <label class="field">
                        <span class="field-name">{move || i18n.t(|t| t.controls.fail_mode)}</span>
                        <select
                            data-testid="set-fail-mode"
                            prop:value=move || mode.get()
                            on:change=move |ev| {
                                let name = event_target_value(&ev);
                                deploy::edit(lab, |s| {
                                    let error = s.function.failure.error().unwrap_or_default();
                                    s.function.failure = failure::starting(&name, error);
                                });
                            }
                        >
                            {failure::options(mode_label)}
                        </select>
                    </label>
                    <Show when=move || mode.get() == "first">
                        <NumberField
                            testid="set-fail-n"
                            label=|t| t.controls.fail_first_n
                            // Up to the most attempts AWS makes (the first and every retry): more
                            // would read as `always`.
                            range=(limits::FIRST_N.0, 1 + limits::MAX_RETRY_ATTEMPTS.1)
                            step="1"
                            get=|s| match s.function.failure {
                                FailureMode::First { n, .. } => n.to_string(),
                                _ => String::new(),
                            }
                            set=|s, v| {
                                if let FailureMode::First { error, .. } = s.function.failure {
                                    s.function.failure = match v {
                                        Some(n) => FailureMode::First { n: n as u32, error },
                                        None => failure::starting("first", error),
                                    };
                                }
                            }
                        />
                    </Show>
                    <Show when=move || mode.get() == "rate">
                        <NumberField
                            testid="set-fail-p"
                            label=|t| t.controls.fail_rate_p
                            range=PROBABILITY
                            step="0.05"
                            get=|s| match s.function.failure {
                                FailureMode::Rate { p, .. } => plain(p),
                                _ => String::new(),
                            }
                            set=|s, v| {
                                if let FailureMode::Rate { error, .. } = s.function.failure {
                                    s.function.failure = match v {
                                        Some(p) => FailureMode::Rate { p, error },
                                        None => failure::starting("rate", error),
                                    };
                                }
                            }
                        />
                    </Show>
                    <Show when=move || mode.get() != FailureMode::Never.name()>
                        <label class="field">
                            <span class="field-name">{move || i18n.t(|t| t.controls.fail_error)}</span>
                            <select
                                data-testid="set-fail-error"
                                prop:value=move || shown.with(|s| s.function.failure.error().unwrap_or_default().name())
                                on:change=move |ev| {
                                    let name = event_target_value(&ev);
                                    let error = ERROR_KINDS.into_iter().map(|(e, _)| e).find(|e| e.name() == name).unwrap_or_default();
                                    deploy::edit(lab, |s| s.function.failure = failure::with_error(s.function.failure, error));
                                }
                            >
                                {ERROR_KINDS
                                    .into_iter()
                                    .map(|(e, label)| view! { <option value=e.name()>{move || i18n.t(label)}</option> })
                                    .collect_view()}
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
                            prop:value=move || shown.with(|s| s.invoke_config.max_retry_attempts.to_string())
                            on:change=move |ev| {
                                if let Ok(n) = event_target_value(&ev).parse::<u64>() {
                                    deploy::edit(lab, |s| s.invoke_config.max_retry_attempts = n.clamp(retries_lo, retries_hi) as u32);
                                }
                            }
                        >
                            {(retries_lo..=retries_hi)
                                .map(|n| view! { <option value=n.to_string()>{n.to_string()}</option> })
                                .collect_view()}
                        </select>
                        <span class="field-range">
                            {move || i18n.t(|t| (t.controls.allowed)(&retries_lo.to_string(), &retries_hi.to_string()))}
                        </span>
                    </label>
                    <NumberField
                        testid="set-max-age"
                        label=|t| t.controls.max_event_age
                        range=limits::MAX_EVENT_AGE_S
                        unit="s"
                        step="30"
                        get=|s| s.invoke_config.max_event_age_s.to_string()
                        set=|s, v| s.invoke_config.max_event_age_s = v.map_or(s.invoke_config.max_event_age_s, |v| v as u32)
                    />
                </fieldset>
                <fieldset>
                    <legend>{move || i18n.t(|t| t.controls.group_concurrency)}</legend>
                    <NumberField
                        testid="set-reserved"
                        label=|t| t.controls.reserved
                        range=limits::RESERVED_CONCURRENCY
                        step="1"
                        get=|s| s.function.reserved_concurrency.map(|n| n.to_string()).unwrap_or_default()
                        set=|s, v| s.function.reserved_concurrency = v.map(|n| n as u32)
                        placeholder=|t| (t.controls.reserved_none)(ACCOUNT_CONCURRENCY)
                    />
                </fieldset>
                <fieldset>
                    <legend>{move || i18n.t(|t| t.controls.group_endings)}</legend>
                    <TargetSelect
                        testid="set-dlq"
                        label=|t| t.controls.dlq
                        kinds=DlqTarget::ALL.map(DlqTarget::name).to_vec()
                        get=|s| s.dlq.map(DlqTarget::name)
                        set=|s, name| s.dlq = DlqTarget::ALL.into_iter().find(|t| Some(t.name()) == name)
                    />
                    <TargetSelect
                        testid="set-on-success"
                        label=|t| t.controls.on_success
                        kinds=Destination::ON_SUCCESS.map(Destination::name).to_vec()
                        get=|s| s.on_success.map(Destination::name)
                        set=|s, name| s.on_success = name.and_then(destination).filter(|d| Destination::ON_SUCCESS.contains(d))
                    />
                    <TargetSelect
                        testid="set-on-failure"
                        label=|t| t.controls.on_failure
                        kinds=Destination::ON_FAILURE.map(Destination::name).to_vec()
                        get=|s| s.on_failure.map(Destination::name)
                        set=|s, name| s.on_failure = name.and_then(destination)
                    />
                </fieldset>
                <fieldset>
                    <legend>{move || i18n.t(|t| t.controls.group_delivery)}</legend>
                    <NumberField
                        testid="set-duplicate-rate"
                        label=|t| t.controls.duplicate_rate
                        range=PROBABILITY
                        step="0.05"
                        get=|s| plain(s.duplicate_rate)
                        set=|s, v| s.duplicate_rate = v.unwrap_or(s.duplicate_rate)
                    />
                    <CheckField
                        testid="set-idempotent"
                        label=|t| t.controls.idempotent
                        get=|s| s.function.idempotent
                        set=|s, on| s.function.idempotent = on
                    />
                    <CheckField
                        testid="set-partial"
                        label=|t| t.controls.partial
                        get=|s| s.function.fails_after_side_effect
                        set=|s, on| s.function.fails_after_side_effect = on
                    />
                    <NumberField
                        testid="set-run-for"
                        label=|t| t.controls.run_for
                        range=limits::RUN_FOR_S
                        unit="s"
                        step="60"
                        get=|s| s.run_for_s.to_string()
                        set=|s, v| s.run_for_s = v.map_or(s.run_for_s, |v| v as u32)
                    />
                    <NumberField
                        testid="set-seed"
                        label=|t| t.controls.seed
                        range=FORM_SEEDS
                        step="1"
                        get=|s| s.seed.to_string()
                        set=|s, v| s.seed = v.map_or(s.seed, |v| v as u64)
                        no_range=true
                    />
                </fieldset>
            </div>
        </details>
    }
}
