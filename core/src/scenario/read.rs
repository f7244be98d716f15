//! Reading a scenario from JSON, field by field, so that every problem names its field.

use std::fmt;

use serde_json::{Map, Value};

use super::types::{limits, *};
use crate::throttle::{ACCOUNT_CONCURRENCY, MINIMUM_UNRESERVED_CONCURRENCY};
use crate::time::seconds_to_ms;

/// One bad field: where it is, what is allowed, what was found.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FieldError {
    /// Path of the field, e.g. `sources[1].every_s`.
    pub field: String,
    /// The allowed values, e.g. `0 ..= 2`.
    pub allowed: String,
    /// What was found instead.
    pub found: String,
}

impl FieldError {
    pub fn new(field: impl Into<String>, allowed: impl Into<String>, found: impl Into<String>) -> Self {
        FieldError { field: field.into(), allowed: allowed.into(), found: found.into() }
    }
}

impl fmt::Display for FieldError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: allowed {}, found {}", self.field, self.allowed, self.found)
    }
}

/// Every bad field of a scenario.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ScenarioErrors(pub Vec<FieldError>);

impl fmt::Display for ScenarioErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, e) in self.0.iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            write!(f, "{e}")?;
        }
        Ok(())
    }
}

impl std::error::Error for ScenarioErrors {}

/// Reads a scenario, keeping each valid field and replacing each bad or missing one by its default.
/// The errors name every field that was bad; missing fields are not errors.
pub fn read_lenient(value: &Value) -> (Scenario, Vec<FieldError>) {
    let mut r = Reader { errors: Vec::new() };
    let scenario = r.scenario(value);
    (scenario, r.errors)
}

struct Reader {
    errors: Vec<FieldError>,
}

fn show(v: &Value) -> String {
    crate::text::quoted(&v.to_string())
}

fn range(r: (u64, u64)) -> String {
    format!("{} ..= {}", r.0, r.1)
}

impl Reader {
    fn err(&mut self, field: &str, allowed: impl Into<String>, found: impl Into<String>) {
        self.errors.push(FieldError::new(field, allowed, found));
    }

    /// The object at `path`, reporting keys not in `known`.
    fn object<'a>(&mut self, path: &str, v: &'a Value, known: &[&str]) -> Option<&'a Map<String, Value>> {
        let Some(map) = v.as_object() else {
            self.err(path, "an object", show(v));
            return None;
        };
        for key in map.keys() {
            if !known.contains(&key.as_str()) {
                let field = if path == "(document)" { key.clone() } else { format!("{path}.{key}") };
                self.err(&field, format!("a known field ({})", known.join(", ")), "an unknown field");
            }
        }
        Some(map)
    }

    fn uint(&mut self, map: &Map<String, Value>, path: &str, key: &str, lim: (u64, u64), default: u64) -> u64 {
        let field = join(path, key);
        match map.get(key) {
            None => default,
            Some(v) => match v.as_u64() {
                Some(n) if (lim.0..=lim.1).contains(&n) => n,
                _ => {
                    self.err(&field, range(lim), show(v));
                    default
                }
            },
        }
    }

    fn seconds(&mut self, map: &Map<String, Value>, path: &str, key: &str, default: u64) -> u64 {
        let field = join(path, key);
        match map.get(key) {
            None => default,
            Some(v) => match v.as_f64() {
                Some(s) if s.is_finite() && (0.0..=limits::SECONDS_MAX).contains(&s) => seconds_to_ms(s),
                _ => {
                    self.err(&field, format!("0 ..= {} seconds", limits::SECONDS_MAX), show(v));
                    default
                }
            },
        }
    }

    fn probability(&mut self, map: &Map<String, Value>, path: &str, key: &str, default: f64) -> f64 {
        let field = join(path, key);
        match map.get(key) {
            None => default,
            Some(v) => match v.as_f64() {
                Some(p) if (0.0..=1.0).contains(&p) => p,
                _ => {
                    self.err(&field, "0.0 ..= 1.0", show(v));
                    default
                }
            },
        }
    }

    fn bool(&mut self, map: &Map<String, Value>, path: &str, key: &str, default: bool) -> bool {
        match map.get(key) {
            None => default,
            Some(Value::Bool(b)) => *b,
            Some(v) => {
                self.err(&join(path, key), "true or false", show(v));
                default
            }
        }
    }

    /// A nullable name among `choices`; `default` when missing or bad.
    fn choice<T: Copy>(
        &mut self,
        map: &Map<String, Value>,
        path: &str,
        key: &str,
        choices: &[(&str, T)],
        nullable: bool,
        default: Option<T>,
    ) -> Option<T> {
        let allowed = || {
            let names: Vec<String> = choices.iter().map(|(n, _)| format!("\"{n}\"")).collect();
            if nullable {
                format!("null or {}", names.join(", "))
            } else {
                names.join(", ")
            }
        };
        match map.get(key) {
            None => default,
            Some(Value::Null) if nullable => None,
            Some(Value::String(s)) if choices.iter().any(|(n, _)| n == s) => {
                choices.iter().find(|(n, _)| n == s).map(|(_, t)| *t)
            }
            Some(v) => {
                let a = allowed();
                self.err(&join(path, key), a, show(v));
                default
            }
        }
    }

    fn scenario(&mut self, v: &Value) -> Scenario {
        let d = Scenario::default();
        let known = [
            "version",
            "seed",
            "run_for_s",
            "sources",
            "function",
            "invoke_config",
            "dlq",
            "on_success",
            "on_failure",
            "duplicate_rate",
        ];
        let Some(m) = self.object("(document)", v, &known) else { return d };
        let p = "";
        if let Some(ver) = m.get("version") {
            if ver.as_u64() != Some(u64::from(super::FORMAT_VERSION)) {
                self.err("version", super::FORMAT_VERSION.to_string(), show(ver));
            }
        }
        let seed = self.uint(m, p, "seed", (0, u64::MAX), d.seed);
        let run_for_s = self.uint(m, p, "run_for_s", limits::RUN_FOR_S, u64::from(d.run_for_s)) as u32;
        let sources = match m.get("sources") {
            None => d.sources.clone(),
            Some(v) => self.sources(v).unwrap_or_else(|| d.sources.clone()),
        };
        let function = match m.get("function") {
            None => d.function.clone(),
            Some(v) => self.function(v, &d.function),
        };
        let invoke_config = match m.get("invoke_config") {
            None => d.invoke_config,
            Some(v) => self.invoke_config(v, d.invoke_config),
        };
        let dlq_choices = [("sqs", DlqTarget::Sqs), ("sns", DlqTarget::Sns)];
        let dlq = self.choice(m, p, "dlq", &dlq_choices, true, d.dlq);
        let on_success = self.choice(m, p, "on_success", &named(&Destination::ON_SUCCESS), true, d.on_success);
        let on_failure = self.choice(m, p, "on_failure", &named(&Destination::ON_FAILURE), true, d.on_failure);
        let duplicate_rate = self.probability(m, p, "duplicate_rate", d.duplicate_rate);
        Scenario {
            version: super::FORMAT_VERSION,
            seed,
            run_for_s,
            sources,
            function,
            invoke_config,
            dlq,
            on_success,
            on_failure,
            duplicate_rate,
        }
    }

    fn sources(&mut self, v: &Value) -> Option<Vec<Source>> {
        let Some(list) = v.as_array() else {
            self.err("sources", "a list of 1 ..= 16 sources", show(v));
            return None;
        };
        let (lo, hi) = limits::SOURCES;
        if list.len() < lo || list.len() > hi {
            self.err("sources", format!("{lo} ..= {hi} entries"), format!("{} entries", list.len()));
            if list.is_empty() {
                return None;
            }
        }
        let out: Vec<Source> =
            list.iter().take(hi).enumerate().filter_map(|(i, s)| self.source(&format!("sources[{i}]"), s)).collect();
        (!out.is_empty()).then_some(out)
    }

    fn source(&mut self, path: &str, v: &Value) -> Option<Source> {
        let m = self.object(path, v, &["service", "events", "start_s", "every_s"])?;
        let services: Vec<(&str, Service)> = Service::ALL.iter().map(|s| (s.name(), *s)).collect();
        let service = match m.get("service") {
            None => {
                let allowed: Vec<String> = services.iter().map(|(n, _)| format!("\"{n}\"")).collect();
                self.err(&join(path, "service"), allowed.join(", "), "nothing");
                None
            }
            Some(_) => self.choice(m, path, "service", &services, false, None),
        }?;
        Some(Source {
            service,
            events: self.uint(m, path, "events", limits::EVENTS, 1) as u32,
            start_ms: self.seconds(m, path, "start_s", 0),
            every_ms: self.seconds(m, path, "every_s", 0),
        })
    }

    fn function(&mut self, v: &Value, d: &FunctionConfig) -> FunctionConfig {
        let p = "function";
        let known = ["duration_ms", "timeout_s", "failure", "reserved_concurrency", "idempotent"];
        let Some(m) = self.object(p, v, &known) else { return d.clone() };
        let reserved_concurrency = match m.get("reserved_concurrency") {
            None | Some(Value::Null) => None,
            Some(rv) => match rv.as_u64() {
                Some(n) if n <= limits::RESERVED_CONCURRENCY.1 => Some(n as u32),
                _ => {
                    let why = format!(
                        "at most {}: the account keeps {} of its {} unreserved",
                        limits::RESERVED_CONCURRENCY.1,
                        MINIMUM_UNRESERVED_CONCURRENCY,
                        ACCOUNT_CONCURRENCY
                    );
                    self.err(
                        "function.reserved_concurrency",
                        format!("null or {} ({why})", range(limits::RESERVED_CONCURRENCY)),
                        show(rv),
                    );
                    d.reserved_concurrency
                }
            },
        };
        FunctionConfig {
            duration_ms: self.uint(m, p, "duration_ms", limits::DURATION_MS, u64::from(d.duration_ms)) as u32,
            timeout_s: self.uint(m, p, "timeout_s", limits::TIMEOUT_S, u64::from(d.timeout_s)) as u32,
            failure: m.get("failure").map_or(d.failure, |f| self.failure(f, d.failure)),
            reserved_concurrency,
            idempotent: self.bool(m, p, "idempotent", d.idempotent),
        }
    }

    fn failure(&mut self, v: &Value, d: FailureMode) -> FailureMode {
        let p = "function.failure";
        let Some(m) = self.object(p, v, &["mode", "error", "n", "p"]) else { return d };
        let errors = [("Error", ErrorKind::Error), ("Timeout", ErrorKind::Timeout)];
        let error = self.choice(m, p, "error", &errors, false, Some(ErrorKind::Error)).unwrap_or_default();
        let modes = [("never", 0u8), ("always", 1), ("first", 2), ("rate", 3)];
        let Some(mode) = (match m.get("mode") {
            None => {
                self.err("function.failure.mode", "\"never\", \"always\", \"first\", \"rate\"", "nothing");
                None
            }
            Some(_) => self.choice(m, p, "mode", &modes, false, None),
        }) else {
            return d;
        };
        let stray = |r: &mut Self, key: &str, mode: &str| {
            if m.contains_key(key) {
                r.err(&join(p, key), format!("absent when mode is \"{mode}\""), "a value");
            }
        };
        match mode {
            0 => {
                for k in ["error", "n", "p"] {
                    stray(self, k, "never");
                }
                FailureMode::Never
            }
            1 => {
                stray(self, "n", "always");
                stray(self, "p", "always");
                FailureMode::Always { error }
            }
            2 => {
                stray(self, "p", "first");
                if !m.contains_key("n") {
                    self.err("function.failure.n", range(limits::FIRST_N), "nothing");
                }
                FailureMode::First { n: self.uint(m, p, "n", limits::FIRST_N, 1) as u32, error }
            }
            _ => {
                stray(self, "n", "rate");
                if !m.contains_key("p") {
                    self.err("function.failure.p", "0.0 ..= 1.0", "nothing");
                }
                FailureMode::Rate { p: self.probability(m, p, "p", 0.5), error }
            }
        }
    }

    fn invoke_config(&mut self, v: &Value, d: InvokeConfig) -> InvokeConfig {
        let p = "invoke_config";
        let Some(m) = self.object(p, v, &["max_retry_attempts", "max_event_age_s"]) else { return d };
        InvokeConfig {
            max_retry_attempts: self.uint(
                m,
                p,
                "max_retry_attempts",
                limits::MAX_RETRY_ATTEMPTS,
                d.max_retry_attempts.into(),
            ) as u32,
            max_event_age_s: self.uint(m, p, "max_event_age_s", limits::MAX_EVENT_AGE_S, d.max_event_age_s.into())
                as u32,
        }
    }
}

fn join(path: &str, key: &str) -> String {
    if path.is_empty() {
        key.to_string()
    } else {
        format!("{path}.{key}")
    }
}

fn named(all: &[Destination]) -> Vec<(&'static str, Destination)> {
    all.iter().map(|d| (d.name(), *d)).collect()
}
