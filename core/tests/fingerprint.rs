//! The same scenario gives the same run: the fingerprints of a few fixed scenarios are recorded in
//! `fixtures/fingerprints.txt`, and the browser build checks the very same values (`tests/web.rs` of
//! the app), which shows native and wasm runs agree event for event. Beside them,
//! `fixtures/fingerprint-counts.txt` records each run's counts, one per line, so that a diff of the
//! fixtures shows what a change of behaviour moved and not only that something did.
//!
//! Refreshing the fixtures is a conscious act in two steps, and never passes silently:
//! 1. `UPDATE_FINGERPRINTS=1 cargo test -p lab-core --test fingerprint` rewrites both files, prints
//!    for each scenario that moved its old → new fingerprint and every count that changed, and
//!    **fails**;
//! 2. read that list (and `git diff core/tests/fixtures`), decide the change is the one you meant,
//!    and run the test again without the variable: it passes once the fixtures match the runs.
//!
//! Without the variable a stale fixture fails with the same list of what moved.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use lab_core::engine::{Keep, Run};
use lab_core::fingerprint::fingerprint_hex;
use lab_core::Scenario;

const SCENARIOS: &str = include_str!("fixtures/fingerprint-scenarios.json");
const FINGERPRINTS: &str = include_str!("fixtures/fingerprints.txt");
const COUNTS: &str = include_str!("fixtures/fingerprint-counts.txt");
/// The 100,000-event yardstick, the one scenario the list names by file rather than inline.
const BIG: &str = include_str!("../../bench/big-scenario.json");
const BIG_FILE: &str = "bench/big-scenario.json";

const FIXTURES_DIR: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures");

/// What the fixtures keep of one run.
#[derive(Clone, Debug, Default, PartialEq)]
struct Recorded {
    fingerprint: String,
    /// The report's top-level counts by name, as `simulate` prints them.
    counts: BTreeMap<String, u64>,
}

fn counts_of(run: &Run) -> BTreeMap<String, u64> {
    let value = serde_json::to_value(run.counts).expect("counts serialise");
    let map = value.as_object().expect("counts serialise as an object");
    map.iter().map(|(k, v)| (k.clone(), v.as_u64().expect("every count is a whole number"))).collect()
}

/// Each listed scenario's run, in the list's order.
fn runs() -> Vec<(String, Recorded)> {
    let list: Vec<serde_json::Value> = serde_json::from_str(SCENARIOS).unwrap();
    list.iter()
        .map(|entry| {
            let name = entry["name"].as_str().unwrap().to_string();
            let text = match entry.get("file") {
                Some(file) => {
                    assert_eq!(file, BIG_FILE, "{name}: only the yardstick is named by file");
                    BIG.to_string()
                }
                None => entry["scenario"].to_string(),
            };
            let s = Scenario::from_json(&text).unwrap_or_else(|e| panic!("{name}: {e}"));
            let run = lab_core::run(&s, Keep::All);
            (name, Recorded { fingerprint: fingerprint_hex(&run), counts: counts_of(&run) })
        })
        .collect()
}

/// `fingerprints.txt`: `NAME FINGERPRINT` per line, in the list's order (the browser test compares
/// its own lines with this text as it is).
fn fingerprints_text(runs: &[(String, Recorded)]) -> String {
    runs.iter().map(|(name, r)| format!("{name} {}\n", r.fingerprint)).collect()
}

/// `fingerprint-counts.txt`: `NAME COUNT VALUE` per line, so that a diff names the scenario and the
/// count on every line it shows.
fn counts_text(runs: &[(String, Recorded)]) -> String {
    let mut out = String::new();
    for (name, r) in runs {
        for (count, value) in &r.counts {
            writeln!(out, "{name} {count} {value}").unwrap();
        }
    }
    out
}

/// The runs the fixtures describe, by scenario name.
fn recorded() -> BTreeMap<String, Recorded> {
    let mut out: BTreeMap<String, Recorded> = BTreeMap::new();
    for line in FINGERPRINTS.lines().filter(|l| !l.is_empty()) {
        let (name, fingerprint) = line.split_once(' ').unwrap_or((line, ""));
        out.entry(name.to_string()).or_default().fingerprint = fingerprint.to_string();
    }
    for line in COUNTS.lines().filter(|l| !l.is_empty()) {
        let mut words = line.split(' ');
        let (Some(name), Some(count), Some(value)) = (words.next(), words.next(), words.next()) else {
            panic!("fingerprint-counts.txt: {line:?} is not `NAME COUNT VALUE`");
        };
        let value = value.parse().unwrap_or_else(|_| panic!("fingerprint-counts.txt: {line:?}: not a count"));
        out.entry(name.to_string()).or_default().counts.insert(count.to_string(), value);
    }
    out
}

/// What moved from the recorded runs to these, one paragraph per scenario that moved: its old → new
/// fingerprint, then each count that changed. Empty when every run is as recorded.
fn changes(old: &BTreeMap<String, Recorded>, new: &[(String, Recorded)]) -> String {
    let show = |v: Option<&u64>| v.map_or("(none)".to_string(), u64::to_string);
    let mut out = String::new();
    for (name, now) in new {
        let Some(was) = old.get(name) else {
            writeln!(out, "{name}: new scenario, fingerprint {}", now.fingerprint).unwrap();
            continue;
        };
        if was == now {
            continue;
        }
        if was.fingerprint == now.fingerprint {
            writeln!(out, "{name}: fingerprint {} unchanged", now.fingerprint).unwrap();
        } else {
            writeln!(out, "{name}: {} → {}", was.fingerprint, now.fingerprint).unwrap();
        }
        let names: std::collections::BTreeSet<&String> = was.counts.keys().chain(now.counts.keys()).collect();
        let moved: Vec<String> = names
            .into_iter()
            .filter(|c| was.counts.get(*c) != now.counts.get(*c))
            .map(|c| format!("    {c} {} → {}", show(was.counts.get(c)), show(now.counts.get(c))))
            .collect();
        if moved.is_empty() {
            writeln!(out, "    same counts: only the times or the order of what happened moved").unwrap();
        }
        for line in moved {
            writeln!(out, "{line}").unwrap();
        }
    }
    for (name, was) in old {
        if !new.iter().any(|(n, _)| n == name) {
            writeln!(out, "{name}: no longer listed (was {})", was.fingerprint).unwrap();
        }
    }
    out
}

#[test]
fn runs_match_their_recorded_fingerprints() {
    let runs = runs();
    let (fingerprints, counts) = (fingerprints_text(&runs), counts_text(&runs));
    if fingerprints == FINGERPRINTS && counts == COUNTS {
        return;
    }
    let mut moved = changes(&recorded(), &runs);
    if moved.is_empty() {
        moved = "the same runs, listed in another order or layout\n".into();
    }
    if std::env::var_os("UPDATE_FINGERPRINTS").is_some() {
        std::fs::write(format!("{FIXTURES_DIR}/fingerprints.txt"), &fingerprints).unwrap();
        std::fs::write(format!("{FIXTURES_DIR}/fingerprint-counts.txt"), &counts).unwrap();
        panic!(
            "recorded new fixtures (core/tests/fixtures/fingerprints.txt, fingerprint-counts.txt). What moved:\n\
             {moved}\n\
             If that is the change you meant, run the test again without UPDATE_FINGERPRINTS: it passes once \
             the fixtures match. Otherwise restore them with `git checkout core/tests/fixtures`."
        );
    }
    panic!(
        "a run changed. What moved:\n{moved}\n\
         If the change of behaviour is intended, record it with \
         UPDATE_FINGERPRINTS=1 cargo test -p lab-core --test fingerprint (which fails once, after writing), \
         then run the test again."
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

#[test]
fn a_refresh_names_what_moved() {
    let run = |fingerprint: &str, attempts: u64| Recorded {
        fingerprint: fingerprint.into(),
        counts: BTreeMap::from([("attempts".into(), attempts), ("received".into(), 5)]),
    };
    let old = BTreeMap::from([("a".to_string(), run("01", 15)), ("gone".to_string(), run("02", 1))]);
    let new = vec![("a".to_string(), run("03", 12)), ("fresh".to_string(), run("04", 1))];
    assert_eq!(
        changes(&old, &new),
        "a: 01 → 03\n    attempts 15 → 12\nfresh: new scenario, fingerprint 04\ngone: no longer listed (was 02)\n"
    );
    assert_eq!(changes(&old, &[("a".to_string(), run("01", 15)), ("gone".to_string(), run("02", 1))]), "");
    let renamed =
        Recorded { fingerprint: "01".into(), counts: BTreeMap::from([("tries".into(), 15), ("received".into(), 5)]) };
    assert_eq!(
        changes(&old, &[("a".to_string(), renamed), ("gone".to_string(), run("02", 1))]),
        "a: fingerprint 01 unchanged\n    attempts 15 → (none)\n    tries (none) → 15\n"
    );
}
