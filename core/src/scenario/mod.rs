//! The scenario format, version 1 (`docs/scenario.md`): the one description of a run that the
//! share URL, the JSON import/export and the `simulate` command all speak.
//!
//! Reading is lenient by design: [`read_lenient`] keeps every valid field, replaces each bad one with
//! its default and reports a [`FieldError`] naming it, so the app keeps running on sane values. The
//! command line and the JSON import use [`Scenario::from_json`], which turns any error into a refusal.

mod read;
mod timed;
mod types;

pub use read::{read_lenient, FieldError, ScenarioErrors};
pub use timed::*;
pub use types::*;

/// Current format version.
pub const FORMAT_VERSION: u32 = 1;

impl Scenario {
    /// Strict parse: the scenario, or every field that is wrong.
    pub fn from_json(text: &str) -> Result<Scenario, ScenarioErrors> {
        let value = crate::json::parse(text)
            .map_err(|e| ScenarioErrors(vec![FieldError::new("(document)", "a JSON object", e)]))?;
        let (scenario, errors) = read_lenient(&value);
        if errors.is_empty() {
            Ok(scenario)
        } else {
            Err(ScenarioErrors(errors))
        }
    }

    /// The scenario as pretty JSON in the format's field order.
    pub fn to_json_pretty(&self) -> String {
        crate::json::pretty(&serde_json::to_value(self).expect("a scenario always serialises"))
    }

    /// Events the scenario's sources send in all.
    pub fn total_events(&self) -> u64 {
        self.sources.iter().map(|s| u64::from(s.events)).sum()
    }
}
