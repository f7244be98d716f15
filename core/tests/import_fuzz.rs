//! Bad imports never crash: a million random, truncated and mutated scenario files go through the
//! JSON reader (`Scenario::from_json`, what "Import JSON" and `simulate` call). Whatever it accepts
//! is a scenario that exports and reads back to itself; whatever it refuses is refused with field
//! errors that each name a field, what the field allows and what was found, so the banner can say
//! what to fix. Each part also checks that it exercised the reader: some inputs are accepted, most
//! are refused, and both a broken document and a bad field inside a good document occur.
//!
//! The companion of `share_fuzz.rs` (links); a plain seeded generator for the same reasons: fast,
//! the same inputs every run, and a failing input is printed whole.

use std::io::Write;

use lab_core::share::presets::PresetId;
use lab_core::Scenario;

mod common;
use common::gen::Gen;

/// What JSON is made of, and a few things a reader must survive.
const ALPHABET: &[&str] = &[
    "{",
    "}",
    "[",
    "]",
    ":",
    ",",
    "\"",
    "\\",
    " ",
    "\n",
    "0",
    "1",
    "9",
    "-",
    "+",
    ".",
    "e",
    "E",
    "true",
    "false",
    "null",
    "\"s3\"",
    "\"sqs\"",
    "\"version\"",
    "\"sources\"",
    "1e999",
    "-0",
    "\\u0000",
    "\\ud800",
    "é",
    "한",
    "🙂",
    "\u{0}",
    "NaN",
    "Infinity",
    "0x10",
    "1_000",
];

/// Values that are nearly right in some field: the edges of the format's ranges and their
/// neighbours, wrong types, and numbers JSON readers are known to stumble on.
const VALUES: &[&str] = &[
    "0",
    "1",
    "-1",
    "2",
    "3",
    "59",
    "60",
    "900",
    "901",
    "1000",
    "1001",
    "21600",
    "21601",
    "604800",
    "604801",
    "900000",
    "1000000",
    "1000001",
    "4294967296",
    "18446744073709551616",
    "0.5",
    "1.0",
    "1.5",
    "-0.0",
    "1e3",
    "1e-400",
    "1e400",
    "0.1234567890123456789",
    "null",
    "true",
    "\"\"",
    "\"s3\"",
    "\"sqs\"",
    "\"sns\"",
    "\"always\"",
    "\"rate\"",
    "\"first\"",
    "\"timeout\"",
    "\"sync\"",
    "[]",
    "{}",
    "[1,2]",
    "{\"mode\":\"never\"}",
];

/// Every preset's scenario as the export writes it: well-formed files to mutate.
fn good_files() -> Vec<String> {
    let mut files: Vec<String> = PresetId::ALL.iter().map(|p| p.scenario().to_json_pretty()).collect();
    files.push(include_str!("../../bench/big-scenario.json").to_string());
    files
}

fn random_text(g: &mut Gen) -> String {
    (0..g.below(60)).map(|_| *g.pick(ALPHABET)).collect()
}

/// A good file cut short: what a half-downloaded or half-pasted file looks like.
fn truncated(g: &mut Gen, good: &[String]) -> String {
    let file = g.pick(good);
    let mut cut = g.below(file.len());
    while !file.is_char_boundary(cut) {
        cut -= 1;
    }
    file[..cut].to_string()
}

/// The byte offsets just after each `:` of a file: where a value starts.
fn value_starts(file: &str) -> Vec<usize> {
    file.match_indices(':').map(|(i, _)| i + 1).collect()
}

/// A good file with one to three edits: a value replaced by a near miss, a character inserted or
/// removed, a span duplicated, or a key renamed.
fn mutated(g: &mut Gen, good: &[String]) -> String {
    let mut s = g.pick(good).clone();
    for _ in 0..=g.below(3) {
        match g.below(5) {
            0 => {
                let starts = value_starts(&s);
                if starts.is_empty() {
                    continue;
                }
                let start = *g.pick(&starts);
                let end = s[start..].find([',', '\n', '}']).map_or(s.len(), |e| start + e);
                s.replace_range(start..end, &format!(" {}", g.pick(VALUES)));
            }
            1 => {
                let at = boundary(&s, g.below(s.len() + 1));
                s.insert_str(at, g.pick(ALPHABET));
            }
            2 => {
                let at = boundary(&s, g.below(s.len()));
                if let Some(c) = s[at..].chars().next() {
                    s.replace_range(at..at + c.len_utf8(), "");
                }
            }
            3 => {
                let a = boundary(&s, g.below(s.len()));
                let b = boundary(&s, (a + g.below(40)).min(s.len()));
                let span = s[a..b].to_string();
                s.insert_str(b, &span);
            }
            _ => {
                if let Some(i) = s.find("\"seed\"").filter(|_| g.below(2) == 0).or_else(|| s.find("\"dlq\"")) {
                    s.insert_str(i + 1, g.pick(&["x", "_", "Seed", ""]));
                }
            }
        }
    }
    s
}

fn boundary(s: &str, mut at: usize) -> usize {
    while !s.is_char_boundary(at) {
        at -= 1;
    }
    at
}

#[derive(Default)]
struct Tally {
    inputs: usize,
    accepted: usize,
    /// Refused as a whole: not a JSON object at all.
    broken_documents: usize,
    /// Refused for one or more bad fields of a well-formed document.
    bad_fields: usize,
}

fn check(text: &str, tally: &mut Tally) {
    tally.inputs += 1;
    match Scenario::from_json(text) {
        Ok(s) => {
            tally.accepted += 1;
            let again = Scenario::from_json(&s.to_json_pretty());
            assert_eq!(again.as_ref(), Ok(&s), "an accepted import does not read back to itself; input:\n{text}");
        }
        Err(errors) => {
            assert!(!errors.0.is_empty(), "refused with no reason; input:\n{text}");
            for e in &errors.0 {
                assert!(
                    !e.field.is_empty() && !e.allowed.is_empty() && !e.found.is_empty(),
                    "a field error that does not say which field, what it allows or what was found: {e:?}; \
                     input:\n{text}"
                );
            }
            if errors.0.iter().any(|e| e.field == "(document)") {
                tally.broken_documents += 1;
            } else {
                tally.bad_fields += 1;
            }
        }
    }
}

/// Runs `n` inputs, a quarter random text, a quarter truncated files, half mutated files.
fn fuzz(seed: u64, n: usize) -> Tally {
    let good = good_files();
    let mut g = Gen(seed);
    let mut tally = Tally::default();
    for _ in 0..n {
        let text = match g.below(4) {
            0 => random_text(&mut g),
            1 => truncated(&mut g, &good),
            _ => mutated(&mut g, &good),
        };
        check(&text, &mut tally);
    }
    tally
}

/// The million, in four parts so the test harness spreads them over the cores.
const PARTS: usize = 4;
const PER_PART: usize = 250_000;

fn part(i: u64) {
    let t = fuzz(0x1_0000_0000 + i, PER_PART);
    // The generator has about 3 % accepted, 78 % broken documents and 18 % refused for their
    // fields; the bounds sit far from that, so only a generator that stopped producing one kind
    // trips them.
    let share = |n: usize| n as f64 / t.inputs as f64;
    assert!(share(t.accepted) >= 0.01, "only {} of {} inputs were accepted", t.accepted, t.inputs);
    assert!(share(t.broken_documents) >= 0.05, "only {} broken documents", t.broken_documents);
    assert!(share(t.bad_fields) >= 0.05, "only {} documents with bad fields", t.bad_fields);
    let _ = writeln!(
        std::io::stderr(),
        "import: fuzz part {} of {PARTS}: {PER_PART} files, {:.1} % accepted, {:.1} % broken documents, \
         {:.1} % refused for their fields",
        i + 1,
        share(t.accepted) * 100.0,
        share(t.broken_documents) * 100.0,
        share(t.bad_fields) * 100.0,
    );
}

#[test]
fn a_million_random_truncated_and_mutated_imports_never_panic_part_1() {
    part(0);
}

#[test]
fn a_million_random_truncated_and_mutated_imports_never_panic_part_2() {
    part(1);
}

#[test]
fn a_million_random_truncated_and_mutated_imports_never_panic_part_3() {
    part(2);
}

#[test]
fn a_million_random_truncated_and_mutated_imports_never_panic_part_4() {
    part(3);
}
