//! The inspector: one event's story, as of now. The payload the source sent, each attempt with its
//! start, end and result, the retry waits between them, the throttles, and, once the story is
//! over, the DLQ message with its attributes or the destination's invocation record.
//!
//! The fields a learner looks for come first and stand out: where the event is now, then what the
//! DLQ or the destination received (`condition`, `approximateInvokeCount`, `functionError`, the
//! DLQ message's attributes); the JSON documents follow, folded, each with a copy button. Opening
//! the inspector brings it into view.
//!
//! Nothing here is computed about AWS: the record comes from the run, the payload and messages
//! from the core's `records`. The inspector only hides what has not happened yet at `now`.

use lab_core::engine::{EventRecord, Run};
use lab_core::json::{compact, pretty};
use lab_core::moment::{left_dlq, place_at, runs_of, Place};
use lab_core::outcome::{AttemptResult, Outcome};
use lab_core::records::{destination_record, dlq_message, payload_of, request_id};
use lab_core::rng::Rng;
use lab_core::scenario::{DlqTarget, Scenario};
use lab_core::throttle::Concurrency;
use lab_core::time::{clock, iso8601, AwsMillis};
use leptos::html;
use leptos::prelude::*;
use serde_json::Value;
use wasm_bindgen::JsCast;

use crate::i18n::{use_i18n, Texts};
use crate::moment::{destination_kind, event_name, service_name, use_moment};
use crate::state::{in_force, reprocess_at, use_lab};

/// How far an event's story has got at `t`: the number of its happenings so far. The inspector
/// redraws when this changes, not every frame.
fn progress(rec: &EventRecord, t: AwsMillis) -> usize {
    let runs =
        runs_of(rec).map(|r| usize::from(r.start <= t) + usize::from(r.result.is_some() && r.end <= t)).sum::<usize>();
    let throttles = rec.throttle_times.iter().filter(|&&x| x <= t).count();
    let ended = usize::from(rec.ended_ms.is_some_and(|e| e <= t));
    usize::from(rec.received_ms <= t) + runs + throttles + ended + usize::from(left_dlq(rec, t))
}

fn outcome_index(o: Outcome) -> usize {
    Outcome::ALL.iter().position(|x| *x == o).unwrap_or(0)
}

fn result_name(t: &Texts, r: AttemptResult) -> &'static str {
    match r {
        AttemptResult::Success => t.inspector.results[0],
        AttemptResult::Error => t.inspector.results[1],
        AttemptResult::Timeout => t.inspector.results[2],
    }
}

/// Where the event stands at `t`, in words.
fn place_text(t: &Texts, s: &Scenario, rec: &EventRecord, now: AwsMillis) -> String {
    let of = s.invoke_config.max_retry_attempts + 1;
    match place_at(rec, now) {
        None => t.inspector.not_sent.to_string(),
        Some(Place::Queue { throttled: false, .. }) => t.inspector.queued.to_string(),
        Some(Place::Queue { throttled: true, .. }) => t.inspector.throttled.to_string(),
        Some(Place::Running { attempt, .. }) => (t.inspector.running)(attempt, of),
        Some(Place::RetryWait { retry, until, .. }) => {
            (t.inspector.retry_wait)(retry, s.invoke_config.max_retry_attempts, &until.map(clock).unwrap_or_default())
        }
        Some(Place::CallerBackoff { .. }) => t.inspector.throttled.to_string(),
        Some(Place::Ended { outcome, .. }) => t.inspector.outcomes[outcome_index(outcome)].to_string(),
    }
}

/// `m:ss.s`: attempts last seconds or less, so the inspector shows tenths.
fn clock_tenths(ms: AwsMillis) -> String {
    format!("{}.{}", clock(ms), ms % 1000 / 100)
}

#[component]
pub fn Inspector() -> impl IntoView {
    let lab = use_lab();
    let i18n = use_i18n();
    let view = use_moment();
    // (position, story so far): the panel's content changes only when this does.
    let story = Memo::new(move |_| {
        let pos = view.selected_pos.get()?;
        let t = lab.clock.now.get();
        lab.run.with(|run| run.events.get(pos).map(|rec| (pos, progress(rec, t))))
    });
    let body = move || {
        let (pos, _) = story.get()?;
        let run = lab.run.get();
        let rec = run.events.get(pos)?.clone();
        let now = lab.clock.now.get_untracked();
        let s = lab.scenario.get();
        let links = Links::of(&run, &rec, pos, now);
        Some(i18n.t(|t| story_view(t, &s, &rec, pos, now, links)))
    };
    // Opening the inspector on an event brings it into view, once it has been laid out.
    let panel: NodeRef<html::Section> = NodeRef::new();
    Effect::new(move |_| {
        if view.selected.get().is_some() {
            gloo_timers::callback::Timeout::new(0, move || {
                if let Some(el) = panel.get_untracked() {
                    bring_into_view(&el);
                }
            })
            .forget();
        }
    });
    view! {
        <section class="inspector panel" node_ref=panel data-testid="inspector" aria-labelledby="inspector-title">
            <header class="panel-head">
                <h2 id="inspector-title">{move || i18n.t(|t| t.inspector.title)}</h2>
                <Show when=move || story.with(|s| s.is_some())>
                    <button class="close" data-testid="inspector-close" on:click=move |_| view.selected.set(None)>
                        {move || i18n.t(|t| t.inspector.close)}
                    </button>
                </Show>
            </header>
            {move || match body() {
                Some(v) => v.into_any(),
                None => view! { <p class="empty" data-testid="inspector-empty">{move || i18n.t(|t| t.inspector.empty)}</p> }.into_any(),
            }}
        </section>
    }
}

/// Scrolls the page as little as it takes for `el` to show (its top, when it is taller than the
/// window).
fn bring_into_view(el: &web_sys::Element) {
    let r = el.get_bounding_client_rect();
    let height = window().inner_height().ok().and_then(|h| h.as_f64()).unwrap_or(f64::MAX);
    if r.top() >= 0.0 && r.bottom() <= height {
        return;
    }
    el.scroll_into_view_with_bool(r.top() < 0.0 || r.height() > height);
}

/// A JSON document, folded under its title, with a button that copies it. Where the clipboard is
/// refused, the text is selected for Ctrl+C, as the share bar does.
#[component]
fn JsonBlock(
    /// The `data-testid` of the `<pre>`.
    testid: &'static str,
    title: &'static str,
    #[prop(optional)] hint: Option<&'static str>,
    json: String,
) -> impl IntoView {
    let i18n = use_i18n();
    let pre: NodeRef<html::Pre> = NodeRef::new();
    let copied = RwSignal::new(None::<bool>);
    let text = json.clone();
    let copy = move |_| {
        crate::share::copy_to_clipboard(&text, move |ok| {
            copied.try_set(Some(ok));
            if let (false, Some(el)) = (ok, pre.get_untracked()) {
                crate::share::select_contents(el.unchecked_ref());
            }
        })
    };
    view! {
        <details class="json-block">
            <summary>{title}{hint.map(|h| view! { <small class="hint">{h}</small> })}</summary>
            <div class="json-actions">
                <button class="copy" data-testid=format!("copy-{testid}") on:click=copy>
                    {move || i18n.t(|t| t.inspector.copy)}
                </button>
                {move || {
                    copied.get().map(|ok| {
                        let said = if ok { i18n.t(|t| t.share.copied) } else { i18n.t(|t| t.share.copy_by_hand) };
                        view! { <span class="status" role="status">{said}</span> }
                    })
                }}
            </div>
            // Focusable: a keyboard scrolls it (it scrolls when long).
            <pre class="json" node_ref=pre data-testid=testid tabindex="0"><code>{json}</code></pre>
        </details>
    }
}

/// The fields of an invocation record that tell what happened (inside `detail` when EventBridge
/// delivered it): `condition`, `approximateInvokeCount`, `functionError` (none after a success).
fn record_key_fields(record: &Value) -> [(&'static str, String); 3] {
    let r = record.get("detail").unwrap_or(record);
    let text = |v: &Value| match v {
        Value::String(s) => s.clone(),
        Value::Null => "–".to_string(),
        other => compact(other),
    };
    [
        ("condition", text(&r["requestContext"]["condition"])),
        ("approximateInvokeCount", text(&r["requestContext"]["approximateInvokeCount"])),
        ("functionError", text(&r["responseContext"]["functionError"])),
    ]
}

/// How a reprocessed event and the event whose DLQ message it was point to each other, as of now.
#[derive(Clone, Copy)]
struct Links {
    /// The event whose message this event is (position, and its service for its name).
    origin: Option<(usize, lab_core::scenario::Service)>,
    /// The event this one's message became, once reprocessed: (position, service, when).
    reprocessed_as: Option<(usize, lab_core::scenario::Service, AwsMillis)>,
    /// The event's message waits in the SQS DLQ now: it can be reprocessed on its own.
    in_sqs_dlq: bool,
}

impl Links {
    fn of(run: &Run, rec: &EventRecord, pos: usize, now: AwsMillis) -> Links {
        let origin = rec.origin.map(|o| o.event as usize).and_then(|o| run.events.get(o).map(|e| (o, e.service())));
        let reprocessed_as = rec.reprocessed_ms.filter(|&r| r <= now).and_then(|r| {
            let p = run.events.iter().position(|e| e.origin.is_some_and(|o| o.event as usize == pos))?;
            Some((p, run.events[p].service(), r))
        });
        let ended = rec.ended_ms.is_some_and(|e| e <= now);
        let in_sqs_dlq = ended && rec.endings.dlq == Some(DlqTarget::Sqs) && !left_dlq(rec, now);
        Links { origin, reprocessed_as, in_sqs_dlq }
    }
}

/// A button that opens the inspector on the event at `pos` (named like every panel names it).
fn event_link(
    t: &'static Texts,
    testid: &'static str,
    pos: usize,
    service: lab_core::scenario::Service,
) -> impl IntoView {
    let lab = use_lab();
    let view = use_moment();
    let name = (t.stage.event_name)(service_name(service), pos + 1);
    view! {
        <button class="link" data-testid=testid data-event=pos.to_string() on:click=move |_| view.select(&lab.run.get_untracked(), pos)>
            {name}
        </button>
    }
}

/// The story of `rec` up to `now`.
fn story_view(
    t: &'static Texts,
    s: &Scenario,
    rec: &EventRecord,
    pos: usize,
    now: AwsMillis,
    links: Links,
) -> impl IntoView {
    let it = &t.inspector;
    // The settings in force now (retries, reserved concurrency): deployments change them.
    let s = &in_force(s, now);
    let req = request_id(&Rng::new(s.seed), rec.key);
    let name = event_name(t, rec, pos);
    let of = s.invoke_config.max_retry_attempts + 1;
    // Runs so far, in start order, with the waits between regular attempts.
    let mut runs: Vec<_> = runs_of(rec).filter(|r| r.start <= now).collect();
    lab_core::order::sort_by_key(&mut runs, |r| r.start.into());
    let mut rows = Vec::new();
    let mut attempt = 0u32;
    let mut last_end: Option<AwsMillis> = None;
    for r in &runs {
        if !r.duplicate {
            if let Some(end) = last_end {
                if r.start > end {
                    rows.push(view! { <tr class="wait"><td></td><td colspan="3">{(it.wait)(&clock(r.start - end))}</td></tr> }.into_any());
                }
            }
            attempt += 1;
        }
        let done = r.result.filter(|_| r.end <= now);
        let result = match done {
            Some(res) => result_name(t, res).to_string(),
            None => it.running_now.to_string(),
        };
        let class = match done {
            Some(AttemptResult::Success) => "ok",
            Some(_) => "failed",
            None => "running",
        };
        let label = if r.duplicate { it.duplicate.to_string() } else { format!("{attempt} / {of}") };
        let end = if done.is_some() { clock_tenths(r.end) } else { String::from("…") };
        rows.push(
            view! {
                <tr class=class data-testid="inspector-attempt">
                    <td class="nr">{label}</td>
                    <td>{clock_tenths(r.start)}</td>
                    <td>{end}</td>
                    <td>{result}</td>
                </tr>
            }
            .into_any(),
        );
        if !r.duplicate && done.is_some() {
            last_end = Some(r.end);
        }
    }
    let throttles: Vec<AwsMillis> = rec.throttle_times.iter().copied().filter(|&x| x <= now).collect();
    let reason = Concurrency::of(s.function.reserved_concurrency).reason.name();
    let ended = rec.ended_ms.filter(|&e| e <= now);
    let dlq = ended.and_then(|_| dlq_message(s, rec));
    let dest = ended.and_then(|_| destination_record(s, rec));
    let dest_which = if rec.outcome == Outcome::Succeeded { it.on_success } else { it.on_failure };
    // The destination the event was sent to when it ended, as recorded.
    let dest_kind = rec.endings.on_success.or(rec.endings.on_failure);
    // The engine's own count for this event, once its story (and so every run of it) is over.
    let side_effects = ended.map(|_| rec.side_effects);
    let payload = pretty(&payload_of(s, rec));
    view! {
        <div class="story" data-testid="inspector-story" data-event=pos.to_string()>
            <h3 class="story-title">{name}</h3>
            <p class="place">{it.now}": "<strong data-testid="inspector-place">{place_text(t, s, rec, now)}</strong></p>
            {links.origin.map(|(o, service)| view! {
                <p data-testid="inspector-origin">{it.reprocessed_from}" "{event_link(t, "link-origin", o, service)}</p>
            })}
            {dest.map(|d| {
                let kind = dest_kind.map(|k| destination_kind(t, k)).unwrap_or_default();
                let fields = record_key_fields(&d)
                    .map(|(name, value)| view! { <dt><code>{name}</code></dt><dd data-testid=format!("record-{name}")>{value}</dd> })
                    .collect_view();
                view! {
                    <section class="key-fields" data-testid="inspector-key-fields">
                        <h4>{it.destination_record}</h4>
                        <p>{(it.destination_sent)(dest_which, kind, &clock(ended.unwrap_or_default()))}</p>
                        <dl>{fields}</dl>
                        <JsonBlock testid="inspector-destination-record" title=it.whole_record json=pretty(&d) />
                    </section>
                }
            })}
            {dlq.map(|m| dlq_view(t, rec.endings.dlq, &m, ended.unwrap_or_default()))}
            {links.reprocessed_as.map(|(p, service, at)| view! {
                <p data-testid="inspector-reprocessed-as">{(it.reprocessed_as)(&clock(at))}" "{event_link(t, "link-reprocessed", p, service)}</p>
            })}
            {links.in_sqs_dlq.then(|| {
                let lab = use_lab();
                view! {
                    <button
                        data-testid="btn-reprocess-one"
                        title=t.stage.reprocess_hint
                        on:click=move |_| {
                            let now = lab.clock.now.get_untracked();
                            lab.scenario.update(|s| {
                                reprocess_at(s, now, Some(pos));
                            });
                        }
                    >
                        {it.reprocess_one}
                    </button>
                }
            })}
            {(ended.is_none() && (s.dlq.is_some() || s.on_failure.is_some() || s.on_success.is_some()))
                .then(|| view! { <p class="pending">{it.pending_message}</p> })}
            <h4>{it.attempts}</h4>
            {if rows.is_empty() {
                view! { <p class="empty">{it.no_attempt}</p> }.into_any()
            } else {
                view! {
                    <table class="attempts">
                        <thead>
                            <tr>
                                <th>{it.col_attempt}</th>
                                <th>{it.col_start}</th>
                                <th>{it.col_end}</th>
                                <th>{it.col_result}</th>
                            </tr>
                        </thead>
                        <tbody>{rows}</tbody>
                    </table>
                    {side_effects.map(|n| view! { <p class="side-effects" data-testid="inspector-side-effects">{(it.side_effects)(n)}</p> })}
                }
                .into_any()
            }}
            {(!throttles.is_empty()).then(|| {
                let times = throttles.iter().take(12).map(|&x| clock(x)).collect::<Vec<_>>().join(", ");
                let more = if throttles.len() > 12 { ", …" } else { "" };
                view! {
                    <h4>{it.throttles}</h4>
                    <p data-testid="inspector-throttles">{(it.throttles_text)(throttles.len() as u32, reason)}</p>
                    <p class="times">{format!("{times}{more}")}</p>
                }
            })}
            <dl class="facts">
                <dt>{it.request_id}</dt>
                <dd>
                    <code data-testid="inspector-request-id">{req.clone()}</code>
                    <small>{it.request_id_hint}</small>
                </dd>
                <dt>{it.source}</dt>
                <dd>{service_name(rec.service())}</dd>
                <dt>{it.received}</dt>
                <dd>{format!("{} ({})", clock(rec.received_ms), iso8601(rec.received_ms))}</dd>
            </dl>
            <JsonBlock testid="inspector-payload" title=it.payload hint=it.payload_hint json=payload />
        </div>
    }
}

/// The DLQ message: attributes as the target delivers them, then the body.
fn dlq_view(t: &'static Texts, target: Option<DlqTarget>, m: &Value, at: AwsMillis) -> impl IntoView {
    let it = &t.inspector;
    // SQS delivers message attributes as {DataType, StringValue}; SNS as {Type, Value}.
    let (type_col, value_col, target) = match target {
        Some(DlqTarget::Sns) => ("Type", "Value", t.stage.dlq_sns),
        _ => ("DataType", "StringValue", t.stage.dlq_sqs),
    };
    let attrs = ["RequestID", "ErrorCode", "ErrorMessage"]
        .into_iter()
        .map(|name| {
            let a = &m["attributes"][name];
            let ty = a["type"].as_str().unwrap_or_default().to_string();
            let value = a["value"].as_str().unwrap_or_default().to_string();
            view! {
                <tr data-testid=format!("dlq-attr-{name}")>
                    <th><code>{name}</code></th>
                    <td>{ty}</td>
                    <td class="value">{value}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <section class="key-fields">
        <h4>{it.dlq_message}</h4>
        <p>{(it.dlq_sent)(target, &clock(at))}</p>
        <table class="attributes" data-testid="dlq-attributes">
            <caption>{it.attributes}</caption>
            <thead>
                <tr>
                    <th>{it.attr_name}</th>
                    <th><code>{type_col}</code></th>
                    <th><code>{value_col}</code></th>
                </tr>
            </thead>
            <tbody>{attrs}</tbody>
        </table>
        </section>
        <JsonBlock testid="inspector-dlq-body" title=it.body json=pretty(&m["body"]) />
    }
}
