//! The metrics panel: the CloudWatch metrics the core computed for the run (namespace AWS/Lambda,
//! one datapoint per AWS minute), plotted as CloudWatch shows them: a minute appears once it is
//! over. Plots show a window of the latest minutes, so nothing grows with the run's length.

use lab_core::metrics::MetricName;
use lab_core::time::{clock, AwsMillis, MINUTE};
use leptos::prelude::*;

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
    let bars = move || {
        let (lo, values) = series.get();
        let max = values.iter().copied().max().unwrap_or(0).max(1) as f64;
        let bw = W / WINDOW_MINUTES as f64;
        values
            .iter()
            .enumerate()
            .map(|(i, &v)| {
                let h = (v as f64 / max * (H - 2.0)).max(if v > 0 { 1.5 } else { 0.0 });
                let minute = (lo + i) as AwsMillis;
                let title = i18n.t(|t| (t.metrics.point_title)(&clock(minute * MINUTE), &clock((minute + 1) * MINUTE), &fmt(v)));
                view! {
                    <g class="pt">
                        <rect class="hit" x=format!("{:.2}", i as f64 * bw) y="0" width=format!("{:.2}", bw) height=H.to_string()>
                            <title>{title.clone()}</title>
                        </rect>
                        <rect class="bar" x=format!("{:.2}", i as f64 * bw + 0.5) y=format!("{:.2}", H - h) width=format!("{:.2}", (bw - 1.0).max(0.5)) height=format!("{h:.2}")>
                            <title>{title}</title>
                        </rect>
                    </g>
                }
            })
            .collect_view()
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
            <svg class="plot" viewBox=format!("0 0 {W} {H}") preserveAspectRatio="none" role="img" aria-label=move || i18n.t(|t| t.metrics.descriptions[k])>
                <line class="base" x1="0" y1=H.to_string() x2=W.to_string() y2=H.to_string() />
                {bars}
            </svg>
            <p class="metric-desc">
                {move || i18n.t(|t| t.metrics.descriptions[k])}
                {(!cloudwatch).then(|| view! { <em>{move || i18n.t(|t| format!(" ({})", t.metrics.lab_gauge))}</em> })}
            </p>
        </figure>
    }
}
