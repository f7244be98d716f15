//! The transport (play/pause, step, reset, speed, the timeline scrubber, the clock), sending by
//! hand, the quick failure mode, the keyboard shortcuts and the scenario settings.
//!
//! Every control writes a signal (the clock's, or the scenario); the simulation and the stage
//! follow from there.

mod deploy;
mod failure;
mod keys;
mod settings;

use lab_core::scenario::{ErrorKind, FailureMode, Service};
use lab_core::share::SPEEDS;
use lab_core::time::{clock, AwsMillis};
use leptos::prelude::*;

use crate::clock::Speed;
use crate::i18n::{use_i18n, Texts};
use crate::moment::pace::MIN_ON_SCREEN_S;
use crate::moment::MomentView;
use crate::state::{send_by_hand, use_lab, Lab, SendRefused};

pub use deploy::{in_force, start_over, write as write_setting, Written};
pub use keys::HelpOverlay;
pub use settings::Settings;

/// The quick selector's name for a failure mode as it starts.
fn quick_label(t: &'static Texts, mode: FailureMode) -> String {
    match mode {
        FailureMode::Never => t.controls.fail_never.into(),
        FailureMode::Always { .. } => t.controls.fail_always.into(),
        FailureMode::First { n, .. } => (t.controls.fail_first)(n),
        FailureMode::Rate { p, .. } => (t.controls.fail_rate)(p),
    }
}

/// Where `speed` stands in [`SPEEDS`] (the clock only ever holds one of them).
fn speed_index(speed: Speed) -> usize {
    SPEEDS.iter().position(|s| *s == speed).unwrap_or_default()
}

/// How far Shift + arrow moves the clock.
const NUDGE_MS: AwsMillis = 10_000;
/// The burst button's default size: enough to overrun a small reserved concurrency.
const BURST_DEFAULT: u32 = 10;
const BURST_MAX: u32 = 200;

/// What the transport does, shared by the buttons and the keyboard.
#[derive(Clone, Copy)]
pub(crate) struct Transport {
    lab: Lab,
    /// Asked for the moments to step between (taken from context when the controls are made:
    /// event handlers run outside the component tree).
    view: Option<MomentView>,
    refused: RwSignal<Option<SendRefused>>,
}

impl Transport {
    pub fn toggle_play(&self) {
        let c = self.lab.clock;
        if c.now.get_untracked() >= c.end.get_untracked() {
            // At the end the button offers to replay: from the beginning.
            c.seek(0);
            c.playing.set(true);
        } else if c.playing.get_untracked() {
            c.pause();
        } else {
            c.playing.set(true);
        }
    }

    /// Jumps to the next happening of the run (or its end) and pauses there.
    pub fn step(&self) {
        let c = self.lab.clock;
        let now = c.now.get_untracked();
        let run = self.lab.run.get_untracked();
        let next = self.view.and_then(|v| v.index.get_untracked().next_after(&run, now));
        c.step_to(next.unwrap_or(c.end.get_untracked()));
    }

    pub fn step_back(&self) {
        let c = self.lab.clock;
        let now = c.now.get_untracked();
        let run = self.lab.run.get_untracked();
        let prev = self.view.and_then(|v| v.index.get_untracked().previous_before(&run, now));
        c.step_to(prev.unwrap_or(0));
    }

    pub fn nudge(&self, forward: bool) {
        let c = self.lab.clock;
        let now = c.now.get_untracked();
        c.seek(if forward { now + NUDGE_MS } else { now.saturating_sub(NUDGE_MS) });
    }

    pub fn reset(&self) {
        self.lab.clock.seek(0);
    }

    /// One speed faster (`faster`) or slower, within [`SPEEDS`] (fastest first).
    pub fn change_speed(&self, faster: bool) {
        let s = self.lab.clock.speed;
        let i = speed_index(s.get_untracked());
        let j = if faster { i.saturating_sub(1) } else { (i + 1).min(SPEEDS.len() - 1) };
        s.set(SPEEDS[j]);
    }

    pub fn send(&self, service: Service, n: u32) {
        let now = self.lab.clock.now.get_untracked();
        let mut result = Ok(());
        self.lab.scenario.update(|s| {
            for _ in 0..n {
                result = send_by_hand(s, service, now);
                if result.is_err() {
                    break;
                }
            }
        });
        self.refused.set(result.err());
    }
}

#[component]
pub fn Controls() -> impl IntoView {
    let lab = use_lab();
    let i18n = use_i18n();
    let clock_state = lab.clock;
    let refused = RwSignal::new(None::<SendRefused>);
    let transport = Transport { lab, view: use_context::<MomentView>(), refused };
    provide_context(transport);
    let help_open = RwSignal::new(false);
    keys::use_shortcuts(transport, help_open);
    let help_button: NodeRef<leptos::html::Button> = NodeRef::new();
    // The help stops the clock while it is open (nothing plays unseen behind it) and, once closed,
    // gives the clock and the focus back as they were.
    Effect::new(move |was_playing: Option<Option<bool>>| {
        if help_open.get() {
            let playing = was_playing.flatten().unwrap_or_else(|| clock_state.playing.get_untracked());
            clock_state.pause();
            Some(playing)
        } else {
            if let Some(Some(playing)) = was_playing {
                clock_state.playing.set(playing);
                if let Some(button) = help_button.get_untracked() {
                    let _ = button.focus();
                }
            }
            None
        }
    });
    let burst = RwSignal::new(BURST_DEFAULT);
    let shown = deploy::provide_shown(lab);
    let mode = Memo::new(move |_| shown.with(|s| s.function.failure));
    let deployed = Memo::new(move |_| lab.scenario.with(|s| !s.changes.is_empty()));
    view! {
        <section class="controls" aria-label=move || i18n.t(|t| t.controls.settings)>
            <div class="transport">
                <button
                    class="primary"
                    data-testid="btn-play"
                    on:click=move |_| transport.toggle_play()
                    // Pressed while the clock stands still; at the end of the run it offers to replay.
                    aria-pressed=move || (!clock_state.playing.get() || clock_state.ended()).to_string()
                    aria-label=move || clock_state.ended().then(|| i18n.t(|t| t.controls.replay_hint))
                    data-ended=move || clock_state.ended().then_some("true")
                >
                    {move || {
                        if clock_state.ended() {
                            i18n.t(|t| t.controls.replay)
                        } else if clock_state.playing.get() {
                            i18n.t(|t| t.controls.pause)
                        } else {
                            i18n.t(|t| t.controls.play)
                        }
                    }}
                </button>
                <button data-testid="btn-step-back" title=move || i18n.t(|t| t.controls.step_back) on:click=move |_| transport.step_back()>
                    <svg class="btn-icon" viewBox="0 0 16 16" width="14" height="14" aria-hidden="true" focusable="false">
                        <path d="M3 2 V14 M13 2 L5 8 L13 14 Z" fill="currentColor" stroke="currentColor" stroke-width="1.5" />
                    </svg>
                    <span class="sr-only">{move || i18n.t(|t| t.controls.step_back)}</span>
                </button>
                <button data-testid="btn-step" title=move || i18n.t(|t| t.controls.step_hint) on:click=move |_| transport.step()>
                    {move || i18n.t(|t| t.controls.step)}
                    <svg class="btn-icon" viewBox="0 0 16 16" width="14" height="14" aria-hidden="true" focusable="false">
                        <path d="M13 2 V14 M3 2 L11 8 L3 14 Z" fill="currentColor" stroke="currentColor" stroke-width="1.5" />
                    </svg>
                </button>
                <button data-testid="btn-reset" title=move || i18n.t(|t| t.controls.reset_hint) on:click=move |_| transport.reset()>
                    {move || i18n.t(|t| t.controls.reset)}
                </button>
                <label class="speed">
                    {move || i18n.t(|t| t.controls.speed)}
                    <select
                        data-testid="speed"
                        prop:value=move || speed_index(clock_state.speed.get()).to_string()
                        on:change=move |ev| {
                            if let Some(s) = event_target_value(&ev).parse::<usize>().ok().and_then(|i| SPEEDS.get(i)) {
                                clock_state.speed.set(*s);
                            }
                        }
                    >
                        {SPEEDS
                            .into_iter()
                            .enumerate()
                            .map(|(i, s)| {
                                view! {
                                    <option value=i.to_string()>
                                        {move || i18n.t(|t| (t.controls.speed_preset)(s))}
                                    </option>
                                }
                            })
                            .collect_view()}
                    </select>
                </label>
                <div class="clock-box">
                    <span class="aws-clock" data-testid="aws-clock">
                        {move || i18n.t(|t| (t.controls.aws_time)(&clock(clock_state.now.get())))}
                    </span>
                    <span class="aws-end">{move || i18n.t(|t| (t.controls.aws_end)(&clock(clock_state.end.get())))}</span>
                    <span class="screen-time">
                        {move || i18n.t(|t| (t.controls.screen_time)(clock_state.speed.get()))}
                    </span>
                    // The page's second bend of time, named where the first is.
                    <span class="screen-time" data-testid="short-stays" title=move || i18n.t(|t| t.controls.short_stays_hint)>
                        {move || i18n.t(|t| (t.controls.short_stays)(MIN_ON_SCREEN_S))}
                    </span>
                </div>
                <button class="help-button" node_ref=help_button data-testid="btn-help" aria-haspopup="dialog" title=move || i18n.t(|t| t.controls.help) on:click=move |_| help_open.update(|o| *o = !*o)>
                    "?"
                    <span class="sr-only">{move || i18n.t(|t| t.controls.help)}</span>
                </button>
            </div>
            <input
                class="scrubber"
                type="range"
                data-testid="scrubber"
                min="0"
                step="100"
                max=move || clock_state.end.get().to_string()
                prop:value=move || clock_state.now.get().to_string()
                aria-label=move || i18n.t(|t| t.controls.scrubber)
                aria-valuetext=move || clock(clock_state.now.get())
                on:input=move |ev| {
                    if let Some(v) = lab_core::decimal::parse(&event_target_value(&ev)) {
                        clock_state.seek(v.max(0.0) as AwsMillis);
                    }
                }
            />
            <div class="senders">
                <span class="send-from" id="send-from">{move || i18n.t(|t| t.controls.send_from)}</span>
                <span class="send-one" role="group" aria-labelledby="send-from">
                    {Service::ALL
                        .into_iter()
                        .map(|service| {
                            let name = service.def().short_name;
                            view! {
                                <button
                                    data-testid=format!("btn-send-{}", service.name())
                                    aria-label=move || i18n.t(|t| (t.controls.send_one)(name))
                                    on:click=move |_| transport.send(service, 1)
                                >
                                    {name}
                                </button>
                            }
                        })
                        .collect_view()}
                </span>
                <span class="burst">
                    <button data-testid="btn-send-burst" on:click=move |_| transport.send(Service::S3, burst.get_untracked())>
                        {move || i18n.t(|t| (t.controls.send_burst)(burst.get()))}
                    </button>
                    <input
                        type="number"
                        data-testid="burst-size"
                        min="1"
                        max=BURST_MAX.to_string()
                        aria-label=move || i18n.t(|t| t.controls.burst_size)
                        prop:value=move || burst.get().to_string()
                        on:change=move |ev| {
                            if let Ok(n) = event_target_value(&ev).parse::<u32>() {
                                burst.set(n.clamp(1, BURST_MAX));
                            }
                        }
                    />
                </span>
                <label>
                    {move || i18n.t(|t| t.controls.fail_mode)}
                    <select
                        data-testid="fail-mode"
                        prop:value=move || failure::choice(mode.get())
                        on:change=move |ev| {
                            let name = event_target_value(&ev);
                            if name != failure::CUSTOM {
                                deploy::edit(lab, |s| s.function.failure = failure::starting(&name, ErrorKind::default()));
                            }
                        }
                    >
                        {failure::options(quick_label)}
                        // The scenario's own mode when it is none of the quick ones: the toolbar
                        // says what the scenario does, never a neighbour of it.
                        {move || {
                            let m = mode.get();
                            (failure::choice(m) == failure::CUSTOM).then(|| {
                                view! { <option value=failure::CUSTOM selected>{move || i18n.t(|t| quick_label(t, m))}</option> }
                            })
                        }}
                    </select>
                </label>
                // A change made mid-run is a deployment from then on; this tells the run again
                // from the beginning with the settings now in force.
                <Show when=move || deployed.get()>
                    <button
                        data-testid="btn-start-over"
                        title=move || i18n.t(|t| t.controls.start_over_hint)
                        on:click=move |_| {
                            let t = clock_state.now.get_untracked();
                            lab.scenario.update(|s| start_over(s, t));
                            clock_state.seek(0);
                        }
                    >
                        {move || i18n.t(|t| t.controls.start_over)}
                    </button>
                </Show>
            </div>
            {move || {
                refused
                    .get()
                    .map(|SendRefused::TooManySources(n)| {
                        view! { <p class="notice" role="status">{i18n.t(|t| (t.controls.too_many_sources)(n))}</p> }
                    })
            }}
            <Settings />
            <HelpOverlay open=help_open />
        </section>
    }
}
