//! `simulate SCENARIO.json [--summary]`: runs a scenario headless and prints its report as JSON.
//! `-` reads the scenario from standard input. A bad scenario exits with status 2; a setting that
//! does nothing in the scenario's kind of run is named on standard error (and in the report).

use std::io::{Read, Write};
use std::process::ExitCode;

use lab_core::engine::Keep;
use lab_core::report::report;
use lab_core::Scenario;

/// Above this many events the full report (every event listed) is refused: use `--summary`.
const FULL_REPORT_MAX_EVENTS: u64 = 200_000;

const USAGE: &str = "usage: simulate SCENARIO.json [--summary]   (- reads standard input)";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let summary = args.iter().any(|a| a == "--summary");
    let files: Vec<&String> = args.iter().filter(|a| *a != "--summary").collect();
    if files.len() != 1 || files[0].starts_with("--") && files[0] != "-" {
        eprintln!("{USAGE}");
        return ExitCode::from(2);
    }
    let path = files[0];
    let mut text = String::new();
    let read = if path == "-" {
        std::io::stdin().read_to_string(&mut text).map(|_| ())
    } else {
        std::fs::read_to_string(path).map(|t| text = t)
    };
    if let Err(e) = read {
        eprintln!("simulate: cannot read {path}: {e}");
        return ExitCode::from(2);
    }
    let scenario = match Scenario::from_json(&text) {
        Ok(s) => s,
        Err(errors) => {
            eprintln!("simulate: {path} is not a valid scenario (format version 1):");
            for e in &errors.0 {
                eprintln!("  {e}");
            }
            return ExitCode::from(2);
        }
    };
    if !summary && scenario.total_events() > FULL_REPORT_MAX_EVENTS {
        eprintln!(
            "simulate: {} events is more than the full report lists ({FULL_REPORT_MAX_EVENTS}); use --summary",
            scenario.total_events()
        );
        return ExitCode::from(2);
    }
    // A setting that does nothing in this kind of run is not an error, but the reader should know.
    for w in scenario.warnings() {
        eprintln!("simulate: warning: {w}");
    }
    // The summary prints the counts only, so the run keeps no event and measures no minute.
    let keep = if summary { Keep::Counts } else { Keep::All };
    let run = lab_core::run(&scenario, keep);
    let out = serde_json::to_string_pretty(&report(&scenario, &run, summary)).expect("report serialises");
    let mut stdout = std::io::stdout().lock();
    if writeln!(stdout, "{out}").is_err() {
        return ExitCode::from(1);
    }
    ExitCode::SUCCESS
}
