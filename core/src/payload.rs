//! What every source's event is built from, and the names the lab's account uses. Each service
//! builds its own event in its definition ([`crate::service`]); field names follow AWS's samples,
//! and the `aws_lambda_events` crate checks the shapes in this crate's tests.
//!
//! Payloads are built on demand (inspector, report), never on the engine's hot path.

use serde_json::Value;

use crate::rng::{Draw, Rng};
use crate::scenario::Service;
use crate::time::{iso8601, AwsMillis};

/// The AWS Region the lab's resources live in, as ARNs and events name it.
pub const REGION: &str = "us-east-1";
/// The lab's AWS account id, as ARNs and events name it.
pub const ACCOUNT: &str = "123456789012";
/// The name of the function the sources invoke.
pub const FUNCTION_NAME: &str = "lab-handler";

/// The function's ARN with its qualifier, as invocation records carry it.
pub fn function_arn() -> String {
    format!("arn:aws:lambda:{REGION}:{ACCOUNT}:function:{FUNCTION_NAME}:$LATEST")
}

/// A UUID-shaped id (version 4 layout) from 128 seeded bits.
pub fn uuid(rng: &Rng, key: u32, purpose: Draw) -> String {
    let a = rng.bits(key, purpose, 0);
    let b = rng.bits(key, purpose, 1);
    format!(
        "{:08x}-{:04x}-4{:03x}-{:x}{:03x}-{:012x}",
        a >> 32,
        (a >> 16) & 0xffff,
        a & 0x0fff,
        8 | (b >> 62),
        (b >> 48) & 0x0fff,
        b & 0xffff_ffff_ffff
    )
}

/// The event a service's `TEMPLATE` describes: a JSON text in AWS's field order in which each
/// `${name}` stands for the value `fields` gives `name` (or, for `region`, `account` and `function`,
/// the lab's own), written as it is: inside the template's quotes for a string, bare for a number.
/// Parsing one text takes less code in the page's wasm than building the same tree with `json!`.
pub(crate) fn fill(template: &str, fields: &[(&str, &str)]) -> Value {
    let shared = [("region", REGION), ("account", ACCOUNT), ("function", FUNCTION_NAME)];
    let mut text = String::with_capacity(template.len() + 128);
    let mut rest = template;
    while let Some(at) = rest.find("${") {
        let (name, after) = rest[at + 2..].split_once('}').expect("a placeholder ends with }");
        let (_, value) = fields.iter().chain(&shared).find(|(n, _)| *n == name).expect("every placeholder has a value");
        text.push_str(&rest[..at]);
        text.push_str(value);
        rest = after;
    }
    text.push_str(rest);
    crate::json::parse(&text).expect("a filled template is JSON")
}

/// What a source knows when it sends its event number `index` (the run's key `key`) at AWS time
/// `at`: everything an event builder may use, so that the same input gives the same event.
#[derive(Clone, Copy, Debug)]
pub struct EventInput<'a> {
    /// The run's random numbers.
    pub rng: &'a Rng,
    /// The event's key ([`crate::engine::event_key`]).
    pub key: u32,
    /// The source's own number for the event (0-based).
    pub index: u32,
    /// When it reaches Lambda.
    pub at: AwsMillis,
}

impl EventInput<'_> {
    /// The event's own UUID (a message id, an event id, a job id: whatever the service calls it).
    pub fn id(&self) -> String {
        uuid(self.rng, self.key, Draw::PayloadId)
    }

    /// `n` random hex digits for ids such as commit hashes (n <= 48).
    pub fn hex(&self, n: usize) -> String {
        let words = [3, 4, 5].map(|k| self.rng.bits(self.key, Draw::PayloadId, k));
        let all: String = words.iter().map(|w| format!("{w:016x}")).collect();
        all[..n].to_string()
    }

    /// A number in `[0, bound)` for a field of the event (`k` tells fields apart).
    pub fn below(&self, k: u32, bound: u64) -> u64 {
        self.rng.below(self.key, Draw::PayloadId, 8 + k, bound)
    }

    /// ISO-8601 with milliseconds, as most services write times.
    pub fn time(&self) -> String {
        iso8601(self.at)
    }
}

/// The payload source `service` sends for its event number `index` (key `key`) at AWS time `at`:
/// the service's own builder ([`crate::service::ServiceDef::payload`]).
pub fn event_payload(rng: &Rng, service: Service, key: u32, index: u32, at: AwsMillis) -> Value {
    service.payload(&EventInput { rng, key, index, at })
}
