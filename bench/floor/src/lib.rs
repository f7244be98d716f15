//! What the page's core work weighs with no view around it: reading a link and a scenario file,
//! simulating a run with every event kept, indexing it, counting and placing the events in flight
//! at a moment (the stage's scene, the page's own `src/moment/scene.rs`), writing the link, the
//! scenario file, the AWS CLI and SAM texts, an event's payload, its DLQ message and destination
//! record, and the run's report. Every page of this lab, with any framework or none, ships at
//! least this. `work` takes its inputs from JavaScript, so nothing is computed at build time.
use lab_core::engine::{run, Keep};
use lab_core::moment::{InFlight, RunIndex};
use wasm_bindgen::prelude::*;

#[path = "../../../src/moment/scene.rs"]
#[allow(dead_code, unused_imports)]
pub mod scene;

#[wasm_bindgen]
pub fn work(query: &str, json: &str, t: u64, which: u32) -> String {
    let d = lab_core::share::query::decode(query);
    let s = if json.is_empty() { d.scenario } else { lab_core::Scenario::from_json(json).unwrap_or(d.scenario) };
    let r = run(&s, Keep::All);
    let index = RunIndex::new(&r);
    let mut flight = InFlight::default();
    flight.seek(&r, &index, t);
    let counts = flight.counts(&r, &index);
    let timing = scene::Timing { glide: 600, settle: 0, pulse: 600 };
    let sc = scene::scene_at(&r, &index, &mut flight, t, timing);
    let rec = &r.events[which as usize % r.events.len().max(1)];
    let mut out = String::new();
    out += &s.to_json_pretty();
    out += &lab_core::share::query::encode(&s);
    out += &lab_core::share::code::aws_cli(&s);
    out += &lab_core::share::code::sam_template(&s);
    out += &lab_core::json::pretty(&lab_core::records::payload_of(&s, rec));
    if let Some(v) = lab_core::records::dlq_message(&s, rec) {
        out += &lab_core::json::pretty(&v);
    }
    if let Some(v) = lab_core::records::destination_record(&s, rec) {
        out += &lab_core::json::pretty(&v);
    }
    let report = lab_core::report::report(&s, &r, which == 0);
    out += &lab_core::json::compact(&serde_json::to_value(report).unwrap_or_default());
    out += &format!("{counts:?}{}{}", sc.tokens.len(), index.happenings(&r, None, t, 100).len());
    for p in d.problems {
        out += &p.to_string();
    }
    out
}

/// The smallest Leptos page of the kind ours is, calling the work above on a click.
#[cfg(feature = "leptos")]
#[wasm_bindgen(start)]
pub fn start() {
    use leptos::prelude::*;
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(|| {
        let n = RwSignal::new(0u32);
        let double = Memo::new(move |_| n.get() * 2);
        let out = RwSignal::new(String::new());
        view! {
            <button on:click=move |_| {
                n.update(|v| *v += 1);
                out.set(work("", "", u64::from(n.get()) * 1000, n.get()));
            }>"+"</button>
            <Show when=move || double.get() % 4 == 0><p>{move || double.get()}</p></Show>
            <ul><For each=move || 0..n.get() key=|i| *i let:i><li>{i}</li></For></ul>
            <pre>{move || out.get()}</pre>
        }
    });
}
