//! The same scenario gives the same run: the fingerprints of a few fixed scenarios are recorded in
//! `fixtures/fingerprints.txt`, and the browser build checks the very same values (`tests/web.rs` of
//! the app), which shows native and wasm runs agree event for event.

use lab_core::engine::Keep;
use lab_core::fingerprint::fingerprint_hex;
use lab_core::Scenario;

const SCENARIOS: &str = include_str!("fixtures/fingerprint-scenarios.json");
const EXPECTED: &str = include_str!("fixtures/fingerprints.txt");
const BIG: &str = include_str!("../../../shared/bench/big-scenario.json");

fn fingerprints() -> Vec<(String, String)> {
    let list: Vec<serde_json::Value> = serde_json::from_str(SCENARIOS).unwrap();
    list.iter()
        .map(|entry| {
            let name = entry["name"].as_str().unwrap().to_string();
            let text = match entry.get("file") {
                Some(_) => BIG.to_string(),
                None => entry["scenario"].to_string(),
            };
            let s = Scenario::from_json(&text).unwrap_or_else(|e| panic!("{name}: {e}"));
            (name, fingerprint_hex(&lab_core::run(&s, Keep::All)))
        })
        .collect()
}

#[test]
fn runs_match_their_recorded_fingerprints() {
    let got: String = fingerprints().iter().map(|(n, f)| format!("{n} {f}\n")).collect();
    if std::env::var_os("UPDATE_FINGERPRINTS").is_some() {
        std::fs::write(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/fingerprints.txt"), &got).unwrap();
        return;
    }
    assert_eq!(
        got, EXPECTED,
        "a run changed. If the change of behaviour is intended, record the new fingerprints with \
         UPDATE_FINGERPRINTS=1 cargo test -p lab-core --test fingerprint"
    );
}

#[test]
fn a_changed_seed_changes_the_fingerprint() {
    let mut s: Scenario = Scenario::from_json(BIG).unwrap();
    s.sources.iter_mut().for_each(|src| src.events = src.events.min(2000));
    let a = fingerprint_hex(&lab_core::run(&s, Keep::All));
    s.seed += 1;
    let b = fingerprint_hex(&lab_core::run(&s, Keep::All));
    assert_ne!(a, b);
}
