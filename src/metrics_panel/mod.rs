//! The metrics panel: the CloudWatch metrics the core computed for the run (namespace AWS/Lambda,
//! one datapoint per AWS minute), plotted as CloudWatch shows them: a minute appears once it is
//! over. Plots show a window of the latest minutes, so nothing grows with the run's length, and
//! each plot is one path: a new minute changes one attribute per card. Pointing at a minute shows
//! its value.

use lab_core::metrics::MetricName;
use lab_core::time::{clock, AwsMillis, MINUTE};
use std::fmt::Write;

use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::i18n::use_i18n;
use crate::state::use_lab;

/// Minutes plotted at most.
pub const WINDOW_MINUTES: usize = 30;
const W: f64 = 180.0;
const H: f64 = 44.0;

/// Metrics measured in milliseconds (shown in seconds).
fn is_duration(m: MetricName) -> bool {
    matches!(m, MetricName::AsyncEventAge | MetricName::OldestQueuedAge)
}

#[component]
pub fn MetricsPanel() -> impl IntoView {
    let lab = use_lab();
    let i18n = use_i18n();
    // Minutes over by now: the panel changes once per AWS minute.
    let done = Memo::new(move |_| {
        let t = lab.clock.now.get();
        let len = lab.run.with(|r| r.metrics.minutes.len());
        ((t / MINUTE) as usize).min(len)
    });
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
                    .map(|(k, m)| view! { <MetricCard metric=m k done /> })
                    .collect_view()}
            </div>
        </section>
    }
}

#[component]
fn MetricCard(metric: MetricName, k: usize, done: Memo<usize>) -> impl IntoView {
    let lab = use_lab();
    let i18n = use_i18n();
    // (first minute plotted, values)
    let series = Memo::new(move |_| {
        let n = done.get();
        let lo = n.saturating_sub(WINDOW_MINUTES);
        lab.run.with(|r| (lo, r.metrics.minutes[lo..n].iter().map(|m| m.get(metric)).collect::<Vec<u64>>()))
    });
    let fmt = move |v: u64| -> String {
        if is_duration(metric) {
            i18n.t(|t| (t.metrics.seconds)(v as f64 / 1000.0))
        } else {
            v.to_string()
        }
    };
    let current = move || series.with(|(_, v)| v.last().copied()).map(fmt).unwrap_or_else(|| "–".to_string());
    // All bars of a card in one path: a new minute changes one attribute per card.
    let bars = move || {
        let (_, values) = series.get();
        let max = values.iter().copied().max().unwrap_or(0).max(1) as f64;
        let bw = W / WINDOW_MINUTES as f64;
        let mut d = String::new();
        for (i, &v) in values.iter().enumerate() {
            if v == 0 {
                continue;
            }
            let h = (v as f64 / max * (H - 2.0)).max(1.5);
            let _ = write!(
                d,
                "M{:.2} {:.2}h{:.2}V{H}H{:.2}z",
                i as f64 * bw + 0.5,
                H - h,
                (bw - 1.0).max(0.5),
                i as f64 * bw + 0.5
            );
        }
        d
    };
    // The datapoint under the pointer, for the tooltip.
    let hover = RwSignal::new(None::<usize>);
    let on_move = move |ev: web_sys::MouseEvent| {
        let Some(el) = ev.current_target().and_then(|t| t.dyn_into::<web_sys::Element>().ok()) else { return };
        let r = el.get_bounding_client_rect();
        let x = (f64::from(ev.client_x()) - r.left()) / r.width().max(1.0);
        let i = (x * WINDOW_MINUTES as f64).floor().max(0.0) as usize;
        let i = series.with(|(_, v)| (i < v.len()).then_some(i));
        if hover.get_untracked() != i {
            hover.set(i);
        }
    };
    let tip = move || {
        let i = hover.get()?;
        let (lo, v) = series.with(|(lo, v)| (*lo, v.get(i).copied()));
        let (minute, value) = ((lo + i) as AwsMillis, fmt(v?));
        Some(i18n.t(|t| (t.metrics.point_title)(&clock(minute * MINUTE), &clock((minute + 1) * MINUTE), &value)))
    };
    let tip_left = move || format!("{:.1}%", (hover.get().unwrap_or(0) as f64 + 0.5) / WINDOW_MINUTES as f64 * 100.0);
    let hover_bar = move || {
        let i = hover.get()?;
        let bw = W / WINDOW_MINUTES as f64;
        Some(format!("M{:.2} 0h{:.2}V{H}H{:.2}z", i as f64 * bw, bw, i as f64 * bw))
    };
    let cloudwatch = metric.is_cloudwatch();
    view! {
        <figure class="metric" class:lab-gauge=!cloudwatch data-metric=metric.name()>
            <figcaption>
                <span class="metric-name" title=move || i18n.t(|t| t.metrics.descriptions[k])>
                    <code>{metric.name()}</code>
                </span>
                <span class="metric-value" data-testid=format!("metric-{}", metric.name()) title=move || i18n.t(|t| t.metrics.latest)>
                    {current}
                </span>
            </figcaption>
            <div class="plot-box">
                <svg
                    class="plot"
                    viewBox=format!("0 0 {W} {H}")
                    preserveAspectRatio="none"
                    role="img"
                    aria-label=move || i18n.t(|t| t.metrics.descriptions[k])
                    on:mousemove=on_move
                    on:mouseleave=move |_| hover.set(None)
                >
                    <path class="hover" d=move || hover_bar().unwrap_or_default() />
                    <line class="base" x1="0" y1=H.to_string() x2=W.to_string() y2=H.to_string() />
                    <path class="bars" d=bars />
                </svg>
                {move || tip().map(|text| view! { <span class="metric-tip" role="tooltip" style:left=tip_left()>{text}</span> })}
            </div>
            <p class="metric-desc">
                {move || i18n.t(|t| t.metrics.descriptions[k])}
                {(!cloudwatch).then(|| view! { <em>{move || i18n.t(|t| format!(" ({})", t.metrics.lab_gauge))}</em> })}
            </p>
        </figure>
    }
}
