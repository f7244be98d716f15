//! Sharing a scenario: as a link, as code, as a preset.
//!
//! Everything here is pure and has no web dependency, so the app, the tests and any other tool read
//! links the same way:
//! - [`query`]: the share URL's query string, both ways ([`encode`], [`decode`]), one [`Key`] per
//!   setting, with the page's viewing settings ([`View`], [`Speed`]) beside the scenario and a
//!   [`BadKey`] for each key a link got wrong;
//! - [`presets`]: the course of named scenarios ([`PresetId`]);
//! - [`course`]: "Check yourself", exam-style questions each shown by a run;
//! - [`code`]: the settings as AWS CLI commands and an AWS SAM template.
//!
//! The JSON import/export is the scenario format itself ([`crate::Scenario::from_json`],
//! [`crate::Scenario::to_json_pretty`]); a bad file's errors become [`BadKey`]s like a bad link's.

pub mod code;
pub mod course;
pub mod presets;
pub mod query;

pub use presets::PresetId;
pub use query::{decode, encode, encode_with_view, BadKey, Decoded, Key, Problem, Speed, View, SPEEDS};
