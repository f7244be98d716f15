//! Reading a scenario from JSON, field by field, so that every problem names its field.

use std::fmt;

use serde_json::{Map, Value};

use super::timed::{Change, FunctionPatch, InvokeConfigPatch, Reprocess};
use super::types::{limits, *};
use crate::text::plain;
use crate::throttle::{ACCOUNT_CONCURRENCY, MINIMUM_UNRESERVED_CONCURRENCY};
use crate::time::{ms_to_seconds, seconds_to_ms, AwsMillis};

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
    /// A field error: the field's path, what it allows, what it holds.
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
    crate::text::quoted(&crate::json::compact(v))
}

/// An unknown key as a field error names it: shortened like any quoted value, and in quotes when
/// it is empty or blank, so that the message still shows which field it means (`"": allowed …`).
fn unknown_key_name(key: &str) -> String {
    if key.trim().is_empty() {
        format!("\"{key}\"")
    } else {
        crate::text::quoted(key)
    }
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
                let name = unknown_key_name(key);
                let field = if path == "(document)" { name } else { format!("{path}.{name}") };
                self.err(&field, format!("a known field ({})", known.join(", ")), "an unknown field");
            }
        }
        Some(map)
    }

    fn uint(&mut self, map: &Map<String, Value>, path: &str, key: &str, lim: (u64, u64), default: u64) -> u64 {
        self.given_uint(map, path, key, lim).unwrap_or(default)
    }

    /// The whole number at `key` when it is given and within `lim`; a bad one is reported.
    fn given_uint(&mut self, map: &Map<String, Value>, path: &str, key: &str, lim: (u64, u64)) -> Option<u64> {
        let v = map.get(key)?;
        match v.as_u64() {
            Some(n) if (lim.0..=lim.1).contains(&n) => Some(n),
            _ => {
                self.err(&join(path, key), range(lim), show(v));
                None
            }
        }
    }

    fn seconds(&mut self, map: &Map<String, Value>, path: &str, key: &str, default: u64) -> u64 {
        let field = join(path, key);
        match map.get(key) {
            None => default,
            Some(v) => match v.as_f64() {
                Some(s) if s.is_finite() && (0.0..=limits::SECONDS_MAX).contains(&s) => seconds_to_ms(s),
                _ => {
                    self.err(&field, format!("0 ..= {} seconds", plain(limits::SECONDS_MAX)), show(v));
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

    /// The boolean at `key` when it is given; a bad one is reported.
    fn given_bool(&mut self, map: &Map<String, Value>, path: &str, key: &str) -> Option<bool> {
        match map.get(key)? {
            Value::Bool(b) => Some(*b),
            v => {
                self.err(&join(path, key), "true or false", show(v));
                None
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
            "invocation",
            "caller_retries",
            "sources",
            "function",
            "invoke_config",
            "dlq",
            "on_success",
            "on_failure",
            "duplicate_rate",
            "changes",
            "reprocess",
        ];
        let Some(m) = self.object("(document)", v, &known) else { return d };
        let p = "";
        if let Some(ver) = m.get("version") {
            if ver.as_u64() != Some(u64::from(super::FORMAT_VERSION)) {
                self.err("version", super::FORMAT_VERSION.to_string(), show(ver));
            }
        }
        let seed = self.uint(m, p, "seed", (0, u64::MAX), d.seed);
        let run_for = self.given_uint(m, p, "run_for_s", limits::RUN_FOR_S);
        let run_for_s = run_for.unwrap_or(u64::from(d.run_for_s)) as u32;
        let invocations = Invocation::ALL.map(|i| (i.name(), i));
        let invocation = self.choice(m, p, "invocation", &invocations, false, Some(d.invocation)).unwrap_or_default();
        let retries = CallerRetries::ALL.map(|r| (r.name(), r));
        let caller_retries =
            self.choice(m, p, "caller_retries", &retries, false, Some(d.caller_retries)).unwrap_or_default();
        let sources = match m.get("sources") {
            None => d.sources.clone(),
            Some(v) => self.sources(v).unwrap_or_else(|| d.sources.clone()),
        };
        let mut function = d.function;
        if let Some(v) = m.get("function") {
            self.function_patch("function", v).apply(&mut function);
        }
        let mut invoke_config = d.invoke_config;
        if let Some(v) = m.get("invoke_config") {
            self.invoke_config_patch("invoke_config", v).apply(&mut invoke_config);
        }
        let dlq = self.choice(m, p, "dlq", &named_dlq(), true, d.dlq);
        let on_success = self.choice(m, p, "on_success", &named(&Destination::ON_SUCCESS), true, d.on_success);
        let on_failure = self.choice(m, p, "on_failure", &named(&Destination::ON_FAILURE), true, d.on_failure);
        let duplicate_rate = self.probability(m, p, "duplicate_rate", d.duplicate_rate);
        // Timed entries fall within the run; a run whose length is itself wrong (already reported)
        // bounds them by the longest run instead, so that one mistake is reported once.
        let run_for_ms = if run_for.is_some() || !m.contains_key("run_for_s") {
            u64::from(run_for_s) * 1000
        } else {
            limits::RUN_FOR_S.1 * 1000
        };
        let changes = m.get("changes").map_or_else(Vec::new, |v| self.changes(v, run_for_ms));
        let reprocess = m.get("reprocess").map_or_else(Vec::new, |v| self.reprocessings(v, run_for_ms));
        Scenario {
            version: super::FORMAT_VERSION,
            seed,
            run_for_s,
            invocation,
            caller_retries,
            sources,
            function,
            invoke_config,
            dlq,
            on_success,
            on_failure,
            duplicate_rate,
            changes,
            reprocess,
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

    /// The function settings the object at `p` names, each checked against its range. The
    /// scenario's `function` is such a patch over the defaults, a change's over the settings in
    /// force: one reader for both.
    fn function_patch(&mut self, p: &str, v: &Value) -> FunctionPatch {
        let known =
            ["duration_ms", "timeout_s", "failure", "reserved_concurrency", "idempotent", "fails_after_side_effect"];
        let Some(m) = self.object(p, v, &known) else { return FunctionPatch::default() };
        let reserved_concurrency = match m.get("reserved_concurrency") {
            None => None,
            Some(Value::Null) => Some(None),
            Some(rv) => match rv.as_u64() {
                Some(n) if n <= limits::RESERVED_CONCURRENCY.1 => Some(Some(n as u32)),
                _ => {
                    let why = format!(
                        "at most {}: the account keeps {} of its {} unreserved",
                        limits::RESERVED_CONCURRENCY.1,
                        MINIMUM_UNRESERVED_CONCURRENCY,
                        ACCOUNT_CONCURRENCY
                    );
                    self.err(
                        &join(p, "reserved_concurrency"),
                        format!("null or {} ({why})", range(limits::RESERVED_CONCURRENCY)),
                        show(rv),
                    );
                    None
                }
            },
        };
        FunctionPatch {
            duration_ms: self.given_uint(m, p, "duration_ms", limits::DURATION_MS).map(|n| n as u32),
            timeout_s: self.given_uint(m, p, "timeout_s", limits::TIMEOUT_S).map(|n| n as u32),
            failure: m.get("failure").and_then(|f| self.failure(&join(p, "failure"), f)),
            reserved_concurrency,
            idempotent: self.given_bool(m, p, "idempotent"),
            fails_after_side_effect: self.given_bool(m, p, "fails_after_side_effect"),
        }
    }

    /// The failure mode at `p`, or `None` when the object or its mode is unusable (the field then
    /// keeps its value). A bad `error`, `n` or `p` is reported and takes its default.
    fn failure(&mut self, p: &str, v: &Value) -> Option<FailureMode> {
        let m = self.object(p, v, &["mode", "error", "n", "p"])?;
        let errors = [("Error", ErrorKind::Error), ("Timeout", ErrorKind::Timeout)];
        let error = self.choice(m, p, "error", &errors, false, Some(ErrorKind::Error)).unwrap_or_default();
        let modes = [("never", 0u8), ("always", 1), ("first", 2), ("rate", 3)];
        let mode = match m.get("mode") {
            None => {
                self.err(&join(p, "mode"), "\"never\", \"always\", \"first\", \"rate\"", "nothing");
                None
            }
            Some(_) => self.choice(m, p, "mode", &modes, false, None),
        }?;
        let stray = |r: &mut Self, key: &str, mode: &str| {
            if m.contains_key(key) {
                r.err(&join(p, key), format!("absent when mode is \"{mode}\""), "a value");
            }
        };
        Some(match mode {
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
                    self.err(&join(p, "n"), range(limits::FIRST_N), "nothing");
                }
                FailureMode::First { n: self.uint(m, p, "n", limits::FIRST_N, 1) as u32, error }
            }
            _ => {
                stray(self, "n", "rate");
                if !m.contains_key("p") {
                    self.err(&join(p, "p"), "0.0 ..= 1.0", "nothing");
                }
                FailureMode::Rate { p: self.probability(m, p, "p", 0.5), error }
            }
        })
    }

    fn invoke_config_patch(&mut self, p: &str, v: &Value) -> InvokeConfigPatch {
        let Some(m) = self.object(p, v, &["max_retry_attempts", "max_event_age_s"]) else {
            return InvokeConfigPatch::default();
        };
        InvokeConfigPatch {
            max_retry_attempts: self
                .given_uint(m, p, "max_retry_attempts", limits::MAX_RETRY_ATTEMPTS)
                .map(|n| n as u32),
            max_event_age_s: self.given_uint(m, p, "max_event_age_s", limits::MAX_EVENT_AGE_S).map(|n| n as u32),
        }
    }

    /// A list of at most `lim.1` timed entries at `field`, each read by `entry`; `None` when the
    /// value is not a list.
    fn timed_list<'v>(&mut self, field: &str, v: &'v Value, lim: (usize, usize)) -> Option<&'v [Value]> {
        let Some(list) = v.as_array() else {
            self.err(field, format!("a list of {} ..= {} entries", lim.0, lim.1), show(v));
            return None;
        };
        if list.len() > lim.1 {
            self.err(field, format!("{} ..= {} entries", lim.0, lim.1), format!("{} entries", list.len()));
        }
        Some(&list[..list.len().min(lim.1)])
    }

    /// The moment `at_s` of a timed entry, within the run. Required.
    fn at(&mut self, m: &Map<String, Value>, path: &str, run_for_ms: AwsMillis) -> Option<AwsMillis> {
        let field = join(path, "at_s");
        let allowed = format!("0 ..= {} seconds (within the run)", plain(ms_to_seconds(run_for_ms)));
        let Some(v) = m.get("at_s") else {
            self.err(&field, allowed, "nothing");
            return None;
        };
        match v.as_f64() {
            Some(s) if s.is_finite() && (0.0..=limits::SECONDS_MAX).contains(&s) && seconds_to_ms(s) <= run_for_ms => {
                Some(seconds_to_ms(s))
            }
            _ => {
                self.err(&field, allowed, show(v));
                None
            }
        }
    }

    fn changes(&mut self, v: &Value, run_for_ms: AwsMillis) -> Vec<Change> {
        let Some(list) = self.timed_list("changes", v, limits::CHANGES) else { return Vec::new() };
        let known = ["at_s", "function", "invoke_config", "dlq", "on_success", "on_failure"];
        let mut out: Vec<Change> = Vec::new();
        for (i, entry) in list.iter().enumerate() {
            let path = format!("changes[{i}]");
            let Some(m) = self.object(&path, entry, &known) else { continue };
            let at = self.at(m, &path, run_for_ms);
            let change = Change {
                at_ms: at.unwrap_or_default(),
                function: m
                    .get("function")
                    .map_or_else(Default::default, |f| self.function_patch(&join(&path, "function"), f)),
                invoke_config: m
                    .get("invoke_config")
                    .map_or_else(Default::default, |c| self.invoke_config_patch(&join(&path, "invoke_config"), c)),
                dlq: self.setting(m, &path, "dlq", &named_dlq()),
                on_success: self.setting(m, &path, "on_success", &named(&Destination::ON_SUCCESS)),
                on_failure: self.setting(m, &path, "on_failure", &named(&Destination::ON_FAILURE)),
            };
            if at.is_none() {
                continue;
            }
            if change.is_empty() {
                if !known[1..].iter().any(|k| m.contains_key(*k)) {
                    self.err(&path, format!("at least one of {}", known[1..].join(", ")), "only at_s");
                }
                continue;
            }
            out.push(change);
        }
        // Deployed in time order; the entries at one moment in the order they are listed.
        crate::order::sort_by_key(&mut out, |c| c.at_ms.into());
        out
    }

    /// A nullable setting a change names: `Some(value)` when given and valid (the value itself may
    /// be `None`: the setting is removed), `None` when left out or bad (reported; the setting is
    /// left as it is).
    fn setting<T: Copy>(
        &mut self,
        m: &Map<String, Value>,
        path: &str,
        key: &str,
        choices: &[(&str, T)],
    ) -> Option<Option<T>> {
        m.get(key)?;
        let before = self.errors.len();
        let value = self.choice(m, path, key, choices, true, None);
        (self.errors.len() == before).then_some(value)
    }

    fn reprocessings(&mut self, v: &Value, run_for_ms: AwsMillis) -> Vec<Reprocess> {
        let Some(list) = self.timed_list("reprocess", v, limits::REPROCESS) else { return Vec::new() };
        let mut out: Vec<Reprocess> = Vec::new();
        for (i, entry) in list.iter().enumerate() {
            let path = format!("reprocess[{i}]");
            let Some(m) = self.object(&path, entry, &["at_s", "event"]) else { continue };
            let at = self.at(m, &path, run_for_ms);
            let event = match m.get("event") {
                None | Some(Value::Null) => Some(None),
                Some(ev) => match ev.as_u64() {
                    Some(n) if n <= limits::EVENT_POSITION.1 => Some(Some(n as usize)),
                    _ => {
                        let allowed =
                            format!("null (every message) or an event's position, {}", range(limits::EVENT_POSITION));
                        self.err(&join(&path, "event"), allowed, show(ev));
                        None
                    }
                },
            };
            if let (Some(at_ms), Some(event)) = (at, event) {
                out.push(Reprocess { at_ms, event });
            }
        }
        crate::order::sort_by_key(&mut out, |r| r.at_ms.into());
        out
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

fn named_dlq() -> Vec<(&'static str, DlqTarget)> {
    DlqTarget::ALL.iter().map(|d| (d.name(), *d)).collect()
}
