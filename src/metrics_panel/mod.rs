//! The metrics panel: the CloudWatch metrics the core computed for the run (namespace AWS/Lambda,
//! one datapoint per AWS minute), plotted as CloudWatch shows them: a minute appears once it is
//! over. Each card's headline is the metric's figure over the minutes shown, under the statistic
//! CloudWatch would use for it (`Sum` for counts, `Maximum` for gauges; the core's
//! [`MetricName::statistic`]), named beside it. The plot spans the run (or its latest
//! [`WINDOW_MINUTES`]), with a time axis; each plot is one path, so a new minute changes one
//! attribute per card. Pointing at a minute shows its value.

use lab_core::metrics::{MetricName, Metrics, MinuteMetrics};
use lab_core::text::fixed;
use lab_core::time::{clock, AwsMillis, MINUTE};
use std::fmt::Write;

use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::i18n::use_i18n;
use crate::state::use_lab;

/// Minutes plotted at most: a longer run shows its latest ones.
pub const WINDOW_MINUTES: usize = 30;
const W: f64 = 180.0;
const H: f64 = 44.0;

/// Metrics measured in milliseconds (shown in seconds).
fn is_duration(m: MetricName) -> bool {
    matches!(m, MetricName::AsyncEventAge | MetricName::OldestQueuedAge)
}

/// The run's minutes, in order. The core keeps one more bucket for the run's final instant; when
/// the run ends on a whole minute and nothing happened at that instant, it is no minute of the run.
fn run_minutes(m: &Metrics) -> usize {
    let n = m.minutes.len();
    let last_is_an_empty_instant = n > 1 && m.minutes[n - 1] == MinuteMetrics::default();
    n - usize::from(last_is_an_empty_instant)
}

/// The minutes a card shows at a moment: the first of them, how many are over (plotted), and
/// how many the plot has room for (the run's length, at most [`WINDOW_MINUTES`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Window {
    lo: usize,
    done: usize,
    slots: usize,
}

impl Window {
    fn at(run_minutes: usize, t: AwsMillis, end: AwsMillis) -> Window {
        // At the end of the run every minute of it is over.
        let done = if t >= end { run_minutes } else { ((t / MINUTE) as usize).min(run_minutes) };
        let slots = run_minutes.clamp(1, WINDOW_MINUTES);
        Window { lo: done.saturating_sub(slots), done, slots }
    }

    /// AWS time at a fraction of the plot's width.
    fn time_at(&self, fraction: f64) -> AwsMillis {
        ((self.lo as f64 + fraction * self.slots as f64) * MINUTE as f64) as AwsMillis
    }
}

#[component]
pub fn MetricsPanel() -> impl IntoView {
    let lab = use_lab();
    let i18n = use_i18n();
    let minutes = Memo::new(move |_| lab.run.with(|r| run_minutes(&r.metrics)));
    // The panel changes once per AWS minute.
    let window = Memo::new(move |_| Window::at(minutes.get(), lab.clock.now.get(), lab.clock.end.get()));
    view! {
        <section class="metrics panel" data-testid="metrics" aria-labelledby="metrics-title">
            <header class="panel-head">
                <h2 id="metrics-title">{move || i18n.t(|t| t.metrics.title)}</h2>
            </header>
            <p class="hint">{move || i18n.t(|t| t.metrics.hint)}</p>
            <div class="metric-grid">
                {MetricName::ALL
                    .into_iter()
                    .enumerate()
                    .map(|(k, m)| view! { <MetricCard metric=m k window /> })
                    .collect_view()}
            </div>
        </section>
    }
}

#[component]
fn MetricCard(metric: MetricName, k: usize, window: Memo<Window>) -> impl IntoView {
    let lab = use_lab();
    let i18n = use_i18n();
    let statistic = metric.statistic();
    // The datapoints over by now, in the window.
    let series = Memo::new(move |_| {
        let w = window.get();
        lab.run.with(|r| r.metrics.minutes[w.lo..w.done].iter().map(|m| m.get(metric)).collect::<Vec<u64>>())
    });
    let fmt = move |v: u64| -> String {
        if is_duration(metric) {
            i18n.t(|t| (t.metrics.seconds)(v as f64 / 1000.0))
        } else {
            v.to_string()
        }
    };
    let headline =
        move || series.with(|v| statistic.over(v.iter().copied())).map(fmt).unwrap_or_else(|| "–".to_string());
    let headline_title = move || {
        let w = window.get();
        let (from, to) = (clock(w.time_at(0.0)), clock((w.done as AwsMillis) * MINUTE));
        i18n.t(|t| (t.metrics.headline)(statistic.name(), &from, &to))
    };
    // All bars of a card in one path: a new minute changes one attribute per card.
    let bars = move || {
        let slots = window.with(|w| w.slots);
        let values = series.get();
        let max = values.iter().copied().max().unwrap_or(0).max(1) as f64;
        let bw = W / slots as f64;
        let mut d = String::new();
        for (i, &v) in values.iter().enumerate() {
            if v == 0 {
                continue;
            }
            let h = (v as f64 / max * (H - 2.0)).max(1.5);
            let gap = (bw * 0.15).clamp(0.5, 2.0);
            let x = fixed(i as f64 * bw + gap / 2.0, 2);
            let _ = write!(d, "M{x} {}h{}V{}H{x}z", fixed(H - h, 2), fixed(bw - gap, 2), fixed(H, 0));
        }
        d
    };
    // The datapoint under the pointer, for the tooltip.
    let hover = RwSignal::new(None::<usize>);
    let on_move = move |ev: web_sys::MouseEvent| {
        let Some(el) = ev.current_target().and_then(|t| t.dyn_into::<web_sys::Element>().ok()) else { return };
        let r = el.get_bounding_client_rect();
        let x = (f64::from(ev.client_x()) - r.left()) / r.width().max(1.0);
        let i = (x * window.with_untracked(|w| w.slots) as f64).floor().max(0.0) as usize;
        let i = series.with(|v| (i < v.len()).then_some(i));
        if hover.get_untracked() != i {
            hover.set(i);
        }
    };
    let tip = move || {
        let i = hover.get()?;
        let lo = window.with(|w| w.lo);
        let value = fmt(series.with(|v| v.get(i).copied())?);
        let minute = (lo + i) as AwsMillis;
        Some(i18n.t(|t| (t.metrics.point_title)(&clock(minute * MINUTE), &clock((minute + 1) * MINUTE), &value)))
    };
    let tip_left = move || {
        let slots = window.with(|w| w.slots) as f64;
        let p = (hover.get().unwrap_or(0) as f64 + 0.5) / slots * 100.0;
        format!("{}%", fixed(p.clamp(15.0, 85.0), 1))
    };
    let hover_bar = move || {
        let i = hover.get()?;
        let bw = W / window.with(|w| w.slots) as f64;
        let x = fixed(i as f64 * bw, 2);
        Some(format!("M{x} 0h{}V{}H{x}z", fixed(bw, 2), fixed(H, 0)))
    };
    let axis = move || {
        let w = window.get();
        [0.0, 0.5, 1.0].map(|f| view! { <span>{clock(w.time_at(f))}</span> }).collect_view()
    };
    let cloudwatch = metric.is_cloudwatch();
    view! {
        <figure class="metric" class:lab-gauge=!cloudwatch data-metric=metric.name()>
            <figcaption>
                <span class="metric-name" title=move || i18n.t(|t| t.metrics.descriptions[k])>
                    <code>{metric.name()}</code>
                </span>
                <span class="metric-headline" title=headline_title>
                    <code class="metric-stat" data-testid=format!("metric-stat-{}", metric.name())>{statistic.name()}</code>
                    " "
                    <span class="metric-value" data-testid=format!("metric-{}", metric.name())>{headline}</span>
                </span>
            </figcaption>
            <div class="plot-box">
                <svg
                    class="plot"
                    viewBox=format!("0 0 {} {}", fixed(W, 0), fixed(H, 0))
                    preserveAspectRatio="none"
                    role="img"
                    aria-label=move || i18n.t(|t| t.metrics.descriptions[k])
                    on:mousemove=on_move
                    on:mouseleave=move |_| hover.set(None)
                >
                    <path class="hover" d=move || hover_bar().unwrap_or_default() />
                    <line class="base" x1="0" y1=fixed(H, 0) x2=fixed(W, 0) y2=fixed(H, 0) />
                    <path class="bars" d=bars />
                </svg>
                <div class="metric-axis" aria-hidden="true">{axis}</div>
                {move || tip().map(|text| view! { <span class="metric-tip" role="tooltip" style:left=tip_left()>{text}</span> })}
            </div>
            <p class="metric-desc">
                {move || i18n.t(|t| t.metrics.descriptions[k])}
                {(!cloudwatch).then(|| view! { <em>{move || i18n.t(|t| format!(" ({})", t.metrics.lab_gauge))}</em> })}
            </p>
        </figure>
    }
}
