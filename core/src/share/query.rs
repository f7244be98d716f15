//! The share URL's query string: a whole scenario, and the page's viewing settings, in short keys a
//! person can read and edit, e.g.
//! `?v=1&retries=1&age=300&dlq=sns&fail=first:2&src=s3*3/10,sns*2@60&seed=7`.
//!
//! This is the one definition of the mapping; [`Key`] lists every key with the values it allows.
//! [`encode`] writes only what differs from the format's defaults (`scenario.md`), which never
//! change within a format version (`v`), so a short link stays exact. [`decode`] never fails: it
//! keeps every valid key, uses the default for each bad or missing one, and names each bad key in a
//! [`BadKey`] with what it allows, so a typo or a truncated link still opens a working lab.
//!
//! Values need no escaping: the encoder only writes characters that are legal in a query as they
//! are (`a-z 0-9 . * @ / : ,`). The decoder also accepts percent-escapes and `+` for a space, as
//! chat apps and mail clients tend to add them.
//!
//! Viewing settings (language, speed, the moment shown, embed mode) travel in the same query but
//! live apart, in [`View`]: they change how a run is shown, never what happens in it.

use std::fmt;

use crate::scenario::{
    limits, Destination, DlqTarget, ErrorKind, FailureMode, FieldError, Scenario, Service, Source, FORMAT_VERSION,
};
use crate::time::{seconds_to_ms, AwsMillis};

/// Every key of the query, in the order [`encode`] writes them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Key {
    /// Format version (`version`).
    Version,
    Seed,
    /// AWS seconds to simulate (`run_for_s`).
    RunFor,
    /// Every source, comma separated: `SERVICE*EVENTS[@START][/EVERY]` (seconds).
    Sources,
    /// `function.duration_ms`, in milliseconds.
    Duration,
    /// `function.timeout_s`.
    Timeout,
    /// `function.failure`: `never`, `always`, `first:N`, `rate:P`.
    Fail,
    /// The failing attempts' error: `error` (the default) or `timeout`.
    Error,
    /// `function.reserved_concurrency`.
    Reserved,
    /// `function.idempotent`.
    Idempotent,
    /// `invoke_config.max_retry_attempts`.
    Retries,
    /// `invoke_config.max_event_age_s`.
    Age,
    Dlq,
    OnSuccess,
    OnFailure,
    /// `duplicate_rate`.
    Duplicates,
    /// Viewing: the page's language.
    Lang,
    /// Viewing: real seconds one AWS minute takes on screen.
    Speed,
    /// Viewing: the AWS moment shown, in seconds; the page opens there, paused.
    At,
    /// Viewing: `1` shows only the stage and the essential controls, for an `<iframe>`.
    Embed,
}

impl Key {
    pub const ALL: [Key; 20] = [
        Key::Version,
        Key::Seed,
        Key::RunFor,
        Key::Sources,
        Key::Duration,
        Key::Timeout,
        Key::Fail,
        Key::Error,
        Key::Reserved,
        Key::Idempotent,
        Key::Retries,
        Key::Age,
        Key::Dlq,
        Key::OnSuccess,
        Key::OnFailure,
        Key::Duplicates,
        Key::Lang,
        Key::Speed,
        Key::At,
        Key::Embed,
    ];

    /// The key as written in the URL.
    pub fn name(self) -> &'static str {
        match self {
            Key::Version => "v",
            Key::Seed => "seed",
            Key::RunFor => "run",
            Key::Sources => "src",
            Key::Duration => "dur",
            Key::Timeout => "timeout",
            Key::Fail => "fail",
            Key::Error => "err",
            Key::Reserved => "reserved",
            Key::Idempotent => "idem",
            Key::Retries => "retries",
            Key::Age => "age",
            Key::Dlq => "dlq",
            Key::OnSuccess => "onsuccess",
            Key::OnFailure => "onfailure",
            Key::Duplicates => "dup",
            Key::Lang => "lang",
            Key::Speed => "speed",
            Key::At => "t",
            Key::Embed => "embed",
        }
    }

    /// Keys are matched without regard to case (`Retries=1` is `retries=1`).
    pub fn from_name(name: &str) -> Option<Key> {
        Key::ALL.into_iter().find(|k| k.name().eq_ignore_ascii_case(name))
    }

    /// A viewing setting: shown differently, same run.
    pub fn is_view(self) -> bool {
        matches!(self, Key::Lang | Key::Speed | Key::At | Key::Embed)
    }

    /// The values this key allows, as the error banner shows them (language-neutral notation).
    pub fn allowed(self) -> String {
        let range = |r: (u64, u64), unit: &str| format!("{} ..= {}{unit}", r.0, r.1);
        match self {
            Key::Version => FORMAT_VERSION.to_string(),
            Key::Seed => range((0, u64::MAX), ""),
            Key::RunFor => range(limits::RUN_FOR_S, " s"),
            Key::Sources => format!(
                "SERVICE*EVENTS@START/EVERY, … ({} ..= {} sources; SERVICE {}; EVENTS {}; START, EVERY 0 ..= {} s)",
                limits::SOURCES.0,
                limits::SOURCES.1,
                names(&Service::ALL.map(Service::name)),
                range(limits::EVENTS, ""),
                limits::SECONDS_MAX
            ),
            Key::Duration => range(limits::DURATION_MS, " ms"),
            Key::Timeout => range(limits::TIMEOUT_S, " s"),
            Key::Fail => format!("never | always | first:N (N {}) | rate:P (P 0 ..= 1)", range(limits::FIRST_N, "")),
            Key::Error => "error | timeout (with fail=always, first:N or rate:P)".into(),
            Key::Reserved => format!("none | {}", range(limits::RESERVED_CONCURRENCY, "")),
            Key::Idempotent => "0 | 1".into(),
            Key::Retries => range(limits::MAX_RETRY_ATTEMPTS, ""),
            Key::Age => range(limits::MAX_EVENT_AGE_S, " s"),
            Key::Dlq => format!("none | {}", names(&DlqTarget::ALL.map(DlqTarget::name))),
            Key::OnSuccess => format!("none | {}", names(&Destination::ON_SUCCESS.map(Destination::name))),
            Key::OnFailure => format!("none | {}", names(&Destination::ON_FAILURE.map(Destination::name))),
            Key::Duplicates => "0 ..= 1".into(),
            Key::Lang => names(&LANGS),
            Key::Speed => SPEEDS.map(|s| s.to_string()).join(" | "),
            Key::At => "0 ..= run s".into(),
            Key::Embed => "0 | 1".into(),
        }
    }
}

fn names(list: &[&str]) -> String {
    list.join(" | ")
}

/// The page's languages, as `lang` writes them.
pub const LANGS: [&str; 2] = ["en", "ko"];

/// The page's speeds, as `speed` writes them: real seconds one AWS minute takes on screen.
pub const SPEEDS: [u32; 4] = [1, 3, 10, 60];

/// How the page shows a run: never part of what happens in it.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct View {
    /// One of [`LANGS`].
    pub lang: Option<&'static str>,
    /// One of [`SPEEDS`].
    pub speed: Option<u32>,
    /// The AWS moment to open at (paused).
    pub at_ms: Option<AwsMillis>,
    pub embed: bool,
}

/// What is wrong with one key of a link.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Problem {
    /// Not a key of the format.
    Unknown,
    /// The key appears more than once; the first is used.
    Repeated,
    /// The value is not one the key allows.
    Invalid { found: String, allowed: String },
}

/// One bad key of a link (or one bad field of an imported file), for the error banner.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BadKey {
    /// The key as written (or the field's path, for an import).
    pub key: String,
    pub problem: Problem,
}

impl BadKey {
    fn invalid(key: Key, found: &str) -> Self {
        BadKey::invalid_with(key, found, key.allowed())
    }

    fn invalid_with(key: Key, found: &str, allowed: String) -> Self {
        BadKey { key: key.name().into(), problem: Problem::Invalid { found: shorten(found), allowed } }
    }
}

/// A field error of a JSON import, shown the same way as a bad key of a link.
impl From<FieldError> for BadKey {
    fn from(e: FieldError) -> Self {
        BadKey { key: e.field, problem: Problem::Invalid { found: e.found, allowed: e.allowed } }
    }
}

impl fmt::Display for BadKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.problem {
            Problem::Unknown => {
                let known: Vec<&str> = Key::ALL.iter().map(|k| k.name()).collect();
                write!(f, "{}: not a known key (known: {})", self.key, known.join(", "))
            }
            Problem::Repeated => write!(f, "{}: given more than once; the first is used", self.key),
            Problem::Invalid { found, allowed } => write!(f, "{}: allowed {allowed}, found {found:?}", self.key),
        }
    }
}

/// What a link says: the scenario (valid part + defaults), the viewing settings, and what was bad.
#[derive(Clone, Debug, PartialEq)]
pub struct Decoded {
    pub scenario: Scenario,
    pub view: View,
    pub problems: Vec<BadKey>,
    /// Whether the link names any scenario key at all: a link without one (an empty query, or
    /// only viewing settings) leaves the page on its own starting scenario.
    pub has_scenario: bool,
}

/// Found values are shown shortened: a pasted novel should not fill the banner.
const FOUND_MAX_CHARS: usize = 40;

fn shorten(s: &str) -> String {
    if s.chars().count() > FOUND_MAX_CHARS {
        let cut: String = s.chars().take(FOUND_MAX_CHARS - 1).collect();
        format!("{cut}…")
    } else {
        s.to_string()
    }
}

// ---------------------------------------------------------------------------------------------
// Writing

/// The scenario as a query string (without the `?`): the version, then each field that differs
/// from the format's default, in [`Key::ALL`] order.
pub fn encode(s: &Scenario) -> String {
    encode_with_view(s, &View::default())
}

/// [`encode`], followed by the viewing settings that are set.
pub fn encode_with_view(s: &Scenario, view: &View) -> String {
    let d = Scenario::default();
    let mut out = Query::default();
    out.push(Key::Version, FORMAT_VERSION.to_string());
    if s.seed != d.seed {
        out.push(Key::Seed, s.seed.to_string());
    }
    if s.run_for_s != d.run_for_s {
        out.push(Key::RunFor, s.run_for_s.to_string());
    }
    if s.sources != d.sources {
        out.push(Key::Sources, s.sources.iter().map(source_text).collect::<Vec<_>>().join(","));
    }
    let (f, df) = (&s.function, &d.function);
    if f.duration_ms != df.duration_ms {
        out.push(Key::Duration, f.duration_ms.to_string());
    }
    if f.timeout_s != df.timeout_s {
        out.push(Key::Timeout, f.timeout_s.to_string());
    }
    if f.failure != df.failure {
        out.push(Key::Fail, fail_text(&f.failure));
    }
    if let Some(ErrorKind::Timeout) = f.failure.error() {
        out.push(Key::Error, "timeout".into());
    }
    if let Some(n) = f.reserved_concurrency {
        out.push(Key::Reserved, n.to_string());
    }
    if f.idempotent {
        out.push(Key::Idempotent, "1".into());
    }
    if s.invoke_config.max_retry_attempts != d.invoke_config.max_retry_attempts {
        out.push(Key::Retries, s.invoke_config.max_retry_attempts.to_string());
    }
    if s.invoke_config.max_event_age_s != d.invoke_config.max_event_age_s {
        out.push(Key::Age, s.invoke_config.max_event_age_s.to_string());
    }
    if let Some(t) = s.dlq {
        out.push(Key::Dlq, t.name().into());
    }
    if let Some(t) = s.on_success {
        out.push(Key::OnSuccess, t.name().into());
    }
    if let Some(t) = s.on_failure {
        out.push(Key::OnFailure, t.name().into());
    }
    if s.duplicate_rate != d.duplicate_rate {
        out.push(Key::Duplicates, s.duplicate_rate.to_string());
    }
    if let Some(lang) = view.lang {
        out.push(Key::Lang, lang.into());
    }
    if let Some(speed) = view.speed {
        out.push(Key::Speed, speed.to_string());
    }
    if let Some(at) = view.at_ms {
        out.push(Key::At, seconds_text(at));
    }
    if view.embed {
        out.push(Key::Embed, "1".into());
    }
    out.0
}

#[derive(Default)]
struct Query(String);

impl Query {
    fn push(&mut self, key: Key, value: String) {
        if !self.0.is_empty() {
            self.0.push('&');
        }
        self.0.push_str(key.name());
        self.0.push('=');
        self.0.push_str(&value);
    }
}

/// `s3*3/10`, `sns*2@60`, `eventbridge*1@0.5/0.05`.
fn source_text(s: &Source) -> String {
    let mut t = format!("{}*{}", s.service.name(), s.events);
    if s.start_ms > 0 {
        t.push('@');
        t.push_str(&seconds_text(s.start_ms));
    }
    if s.every_ms > 0 {
        t.push('/');
        t.push_str(&seconds_text(s.every_ms));
    }
    t
}

fn fail_text(f: &FailureMode) -> String {
    match *f {
        FailureMode::Never => "never".into(),
        FailureMode::Always { .. } => "always".into(),
        FailureMode::First { n, .. } => format!("first:{n}"),
        FailureMode::Rate { p, .. } => format!("rate:{p}"),
    }
}

/// Whole milliseconds as seconds, without trailing zeros: `10`, `0.05`, `12.345`.
fn seconds_text(ms: AwsMillis) -> String {
    if ms.is_multiple_of(1000) {
        (ms / 1000).to_string()
    } else {
        let frac = format!("{:03}", ms % 1000);
        format!("{}.{}", ms / 1000, frac.trim_end_matches('0'))
    }
}

// ---------------------------------------------------------------------------------------------
// Reading

/// Reads a query string (with or without its `?`; anything from a `#` on is ignored). Never fails
/// and never panics, whatever the input: see the module's documentation.
pub fn decode(query: &str) -> Decoded {
    let query = query.strip_prefix('?').unwrap_or(query);
    let query = query.split('#').next().unwrap_or_default();
    let mut problems = Vec::new();
    let mut repeated = Vec::new();
    let mut values: Vec<(Key, String)> = Vec::new();
    for pair in query.split('&').filter(|p| !p.is_empty()) {
        let (raw_key, raw_value) = pair.split_once('=').unwrap_or((pair, ""));
        let name = percent_decode(raw_key);
        let name = name.trim();
        if name.is_empty() && raw_value.is_empty() {
            continue;
        }
        let Some(key) = Key::from_name(name) else {
            problems.push(BadKey { key: shorten(name), problem: Problem::Unknown });
            continue;
        };
        if values.iter().any(|(k, _)| *k == key) {
            if !repeated.iter().any(|p: &BadKey| p.key == key.name()) {
                repeated.push(BadKey { key: key.name().into(), problem: Problem::Repeated });
            }
            continue;
        }
        values.push((key, percent_decode(raw_value).trim().to_string()));
    }
    let mut r = Reader { values, problems };
    let has_scenario = r.values.iter().any(|(k, _)| !k.is_view());
    let scenario = r.scenario();
    let view = r.view(&scenario);
    // Report in the order the keys are defined, so the banner reads like the format.
    let mut problems = r.problems;
    problems.append(&mut repeated);
    problems.sort_by_key(|p| Key::from_name(&p.key).map_or(Key::ALL.len(), |k| k as usize));
    Decoded { scenario, view, problems, has_scenario }
}

struct Reader {
    values: Vec<(Key, String)>,
    problems: Vec<BadKey>,
}

impl Reader {
    fn get(&self, key: Key) -> Option<&str> {
        self.values.iter().find(|(k, _)| *k == key).map(|(_, v)| v.as_str())
    }

    /// Reads `key` with `parse`; a value it refuses is reported and the default used.
    fn read<T>(&mut self, key: Key, default: T, parse: impl FnOnce(&str) -> Option<T>) -> T {
        let Some(text) = self.get(key) else { return default };
        match parse(text) {
            Some(v) => v,
            None => {
                let bad = BadKey::invalid(key, text);
                self.problems.push(bad);
                default
            }
        }
    }

    fn scenario(&mut self) -> Scenario {
        let d = Scenario::default();
        self.read(Key::Version, (), |v| (v.parse::<u32>().ok() == Some(FORMAT_VERSION)).then_some(()));
        let seed = self.read(Key::Seed, d.seed, |v| v.parse::<u64>().ok());
        let run_for_s = self.read(Key::RunFor, d.run_for_s, |v| uint(v, limits::RUN_FOR_S).map(|n| n as u32));
        let sources = self.sources().unwrap_or(d.sources);
        let duration_ms =
            self.read(Key::Duration, d.function.duration_ms, |v| uint(v, limits::DURATION_MS).map(|n| n as u32));
        let timeout_s = self.read(Key::Timeout, d.function.timeout_s, |v| uint(v, limits::TIMEOUT_S).map(|n| n as u32));
        let failure = self.failure(d.function.failure);
        let reserved_concurrency = self.read(Key::Reserved, d.function.reserved_concurrency, |v| {
            if v.eq_ignore_ascii_case("none") {
                Some(None)
            } else {
                uint(v, limits::RESERVED_CONCURRENCY).map(|n| Some(n as u32))
            }
        });
        let idempotent = self.read(Key::Idempotent, d.function.idempotent, flag);
        let max_retry_attempts = self.read(Key::Retries, d.invoke_config.max_retry_attempts, |v| {
            uint(v, limits::MAX_RETRY_ATTEMPTS).map(|n| n as u32)
        });
        let max_event_age_s = self
            .read(Key::Age, d.invoke_config.max_event_age_s, |v| uint(v, limits::MAX_EVENT_AGE_S).map(|n| n as u32));
        let dlq = self.read(Key::Dlq, d.dlq, |v| none_or(v, &DlqTarget::ALL, |t| t.name()));
        let on_success =
            self.read(Key::OnSuccess, d.on_success, |v| none_or(v, &Destination::ON_SUCCESS, |t| t.name()));
        let on_failure =
            self.read(Key::OnFailure, d.on_failure, |v| none_or(v, &Destination::ON_FAILURE, |t| t.name()));
        let duplicate_rate = self.read(Key::Duplicates, d.duplicate_rate, probability);
        let mut function = d.function;
        function.duration_ms = duration_ms;
        function.timeout_s = timeout_s;
        function.failure = failure;
        function.reserved_concurrency = reserved_concurrency;
        function.idempotent = idempotent;
        Scenario {
            version: FORMAT_VERSION,
            seed,
            run_for_s,
            sources,
            function,
            invoke_config: crate::scenario::InvokeConfig { max_retry_attempts, max_event_age_s },
            dlq,
            on_success,
            on_failure,
            duplicate_rate,
            ..Scenario::default()
        }
    }

    /// The valid sources of `src` (at most the format's limit), or `None` when none is valid.
    /// Each bad entry is reported with the entry itself as what was found.
    fn sources(&mut self) -> Option<Vec<Source>> {
        let text = self.get(Key::Sources)?.to_string();
        let (lo, hi) = limits::SOURCES;
        let entries: Vec<&str> = text.split(',').collect();
        let mut out = Vec::new();
        for entry in &entries {
            match source(entry) {
                Some(s) if out.len() < hi => out.push(s),
                Some(_) => {}
                None => self.problems.push(BadKey::invalid(Key::Sources, entry)),
            }
        }
        if entries.len() > hi {
            let allowed = format!("{lo} ..= {hi} sources");
            self.problems.push(BadKey::invalid_with(Key::Sources, &format!("{} sources", entries.len()), allowed));
        }
        (!out.is_empty()).then_some(out)
    }

    fn failure(&mut self, default: FailureMode) -> FailureMode {
        let mode = self.read(Key::Fail, None, |v| fail_mode(v).map(Some));
        let error = self.read(Key::Error, None, |v| match v.to_ascii_lowercase().as_str() {
            "error" => Some(Some(ErrorKind::Error)),
            "timeout" => Some(Some(ErrorKind::Timeout)),
            _ => None,
        });
        let Some(mode) = mode else {
            if error.is_some() && self.get(Key::Fail).is_none() {
                let text = self.get(Key::Error).unwrap_or_default().to_string();
                self.problems.push(BadKey::invalid(Key::Error, &text));
            }
            return default;
        };
        let error = error.unwrap_or_default();
        match mode {
            FailureMode::Never => {
                if let Some(text) = self.get(Key::Error).map(str::to_string) {
                    self.problems.push(BadKey::invalid(Key::Error, &text));
                }
                FailureMode::Never
            }
            FailureMode::Always { .. } => FailureMode::Always { error },
            FailureMode::First { n, .. } => FailureMode::First { n, error },
            FailureMode::Rate { p, .. } => FailureMode::Rate { p, error },
        }
    }

    fn view(&mut self, s: &Scenario) -> View {
        let lang = self.read(Key::Lang, None, |v| {
            let v = v.to_ascii_lowercase();
            LANGS.into_iter().find(|l| *l == v).map(Some)
        });
        let speed = self.read(Key::Speed, None, |v| v.parse::<u32>().ok().filter(|n| SPEEDS.contains(n)).map(Some));
        let run_s = s.run_for_s;
        let at_ms = match self.get(Key::At).map(str::to_string) {
            None => None,
            Some(text) => match seconds(&text, f64::from(run_s)) {
                Some(ms) => Some(ms),
                None => {
                    self.problems.push(BadKey::invalid_with(Key::At, &text, format!("0 ..= {run_s} s")));
                    None
                }
            },
        };
        let embed = match self.get(Key::Embed) {
            // A bare `embed` means embed mode, as people write it by hand.
            Some("") => true,
            _ => self.read(Key::Embed, false, flag),
        };
        View { lang, speed, at_ms, embed }
    }
}

/// A whole number within `lim`.
fn uint(v: &str, lim: (u64, u64)) -> Option<u64> {
    v.parse::<u64>().ok().filter(|n| (lim.0..=lim.1).contains(n))
}

/// A finite decimal number in 0 ..= 1.
fn probability(v: &str) -> Option<f64> {
    decimal(v).filter(|p| (0.0..=1.0).contains(p))
}

/// Seconds in 0 ..= `max`, to whole milliseconds.
fn seconds(v: &str, max: f64) -> Option<AwsMillis> {
    decimal(v).filter(|s| (0.0..=max).contains(s)).map(seconds_to_ms)
}

/// A plain decimal number: digits with at most one point (no sign, exponent, `inf` or `NaN`).
fn decimal(v: &str) -> Option<f64> {
    let plain = !v.is_empty()
        && v.bytes().all(|b| b.is_ascii_digit() || b == b'.')
        && v.bytes().filter(|b| *b == b'.').count() <= 1
        && v.bytes().any(|b| b.is_ascii_digit());
    if !plain {
        return None;
    }
    v.parse::<f64>().ok().filter(|x| x.is_finite())
}

fn flag(v: &str) -> Option<bool> {
    match v.to_ascii_lowercase().as_str() {
        "1" | "true" | "yes" => Some(true),
        "0" | "false" | "no" => Some(false),
        _ => None,
    }
}

/// `none`, or one of `all` by name.
fn none_or<T: Copy>(v: &str, all: &[T], name: impl Fn(T) -> &'static str) -> Option<Option<T>> {
    let v = v.to_ascii_lowercase();
    if v == "none" {
        return Some(None);
    }
    all.iter().copied().find(|t| name(*t) == v).map(Some)
}

/// `never`, `always`, `first:N`, `rate:P` (the error kind comes from `err`).
fn fail_mode(v: &str) -> Option<FailureMode> {
    let v = v.to_ascii_lowercase();
    let (mode, arg) = match v.split_once(':') {
        Some((m, a)) => (m, Some(a)),
        None => (v.as_str(), None),
    };
    let error = ErrorKind::Error;
    match (mode, arg) {
        ("never", None) => Some(FailureMode::Never),
        ("always", None) => Some(FailureMode::Always { error }),
        ("first", Some(n)) => uint(n, limits::FIRST_N).map(|n| FailureMode::First { n: n as u32, error }),
        ("rate", Some(p)) => probability(p).map(|p| FailureMode::Rate { p, error }),
        _ => None,
    }
}

/// `SERVICE*EVENTS@START/EVERY`; each part after the service may be left out (1 event, at 0 s,
/// all at once), but those that are there come in this order.
fn source(entry: &str) -> Option<Source> {
    let entry = entry.to_ascii_lowercase();
    let (head, every) = match entry.split_once('/') {
        Some((h, e)) => (h, Some(e)),
        None => (entry.as_str(), None),
    };
    let (head, start) = match head.split_once('@') {
        Some((h, s)) => (h, Some(s)),
        None => (head, None),
    };
    let (service, events) = match head.split_once('*') {
        Some((s, n)) => (s, Some(n)),
        None => (head, None),
    };
    let secs = |t: Option<&str>| match t {
        None => Some(0),
        Some(t) => seconds(t, limits::SECONDS_MAX),
    };
    Some(Source {
        service: Service::from_name(service)?,
        events: match events {
            None => 1,
            Some(n) => uint(n, limits::EVENTS)? as u32,
        },
        start_ms: secs(start)?,
        every_ms: secs(every)?,
    })
}

/// Percent-decoding as browsers write queries (`%40` for `@`, `+` for a space); a stray `%` is
/// kept as it is and bytes that are not UTF-8 become U+FFFD.
fn percent_decode(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'+' => out.push(b' '),
            b'%' if i + 2 < b.len() && hex(b[i + 1]).is_some() && hex(b[i + 2]).is_some() => {
                out.push(hex(b[i + 1]).unwrap_or(0) << 4 | hex(b[i + 2]).unwrap_or(0));
                i += 2;
            }
            c => out.push(c),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn hex(c: u8) -> Option<u8> {
    (c as char).to_digit(16).map(|d| d as u8)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_format_default_is_just_the_version() {
        assert_eq!(encode(&Scenario::default()), "v=1");
        let d = decode("v=1");
        assert_eq!(d.scenario, Scenario::default());
        assert!(d.problems.is_empty() && d.has_scenario);
    }

    #[test]
    fn the_issue_example_reads_as_a_person_would_read_it() {
        let d = decode("?v=1&retries=1&age=300&dlq=sns&fail=first:2&src=s3*3,sns*2@10&seed=7");
        assert!(d.problems.is_empty(), "{:?}", d.problems);
        let s = &d.scenario;
        assert_eq!(s.invoke_config.max_retry_attempts, 1);
        assert_eq!(s.invoke_config.max_event_age_s, 300);
        assert_eq!(s.dlq, Some(DlqTarget::Sns));
        assert_eq!(s.function.failure, FailureMode::First { n: 2, error: ErrorKind::Error });
        assert_eq!(s.seed, 7);
        assert_eq!(
            s.sources,
            vec![
                Source { service: Service::S3, events: 3, start_ms: 0, every_ms: 0 },
                Source { service: Service::Sns, events: 2, start_ms: 10_000, every_ms: 0 },
            ]
        );
    }

    #[test]
    fn fractional_seconds_are_written_without_trailing_zeros() {
        assert_eq!(seconds_text(50), "0.05");
        assert_eq!(seconds_text(12_340), "12.34");
        assert_eq!(seconds_text(10_000), "10");
        assert_eq!(source("eventbridge*2@0.05/0.5").map(|s| (s.start_ms, s.every_ms)), Some((50, 500)));
    }

    #[test]
    fn escaped_links_from_chat_apps_still_read() {
        let d = decode("v=1&src=s3%2A2%4010%2F5%2Csns&dlq=%20sqs+");
        assert!(d.problems.is_empty(), "{:?}", d.problems);
        assert_eq!(d.scenario.sources.len(), 2);
        assert_eq!(d.scenario.sources[0].start_ms, 10_000);
        assert_eq!(d.scenario.dlq, Some(DlqTarget::Sqs));
        assert_eq!(percent_decode("%zz%4"), "%zz%4");
        assert_eq!(percent_decode("%ff"), "\u{fffd}");
    }

    #[test]
    fn each_bad_key_is_named_with_what_it_allows_and_the_rest_still_applies() {
        let d = decode("v=1&retries=7&colour=red&dlq=sns&fail=sometimes&retries=1&age=5");
        assert_eq!(d.scenario.dlq, Some(DlqTarget::Sns));
        assert_eq!(d.scenario.invoke_config, crate::scenario::InvokeConfig::default());
        let keys: Vec<&str> = d.problems.iter().map(|p| p.key.as_str()).collect();
        assert_eq!(keys, ["fail", "retries", "retries", "age", "colour"]);
        assert_eq!(d.problems[1].problem, Problem::Invalid { found: "7".into(), allowed: "0 ..= 2".into() });
        assert_eq!(d.problems[2].problem, Problem::Repeated);
        assert_eq!(d.problems[4].problem, Problem::Unknown);
        assert!(d.problems[0].to_string().contains("first:N"));
    }

    #[test]
    fn a_truncated_source_list_keeps_its_whole_entries() {
        let d = decode("v=1&src=s3*3/10,sns*2@6,event");
        assert_eq!(d.scenario.sources.len(), 2);
        assert_eq!(d.problems.len(), 1);
        assert_eq!(d.problems[0].key, "src");
    }

    #[test]
    fn err_needs_a_failing_mode() {
        let d = decode("fail=always&err=timeout");
        assert_eq!(d.scenario.function.failure, FailureMode::Always { error: ErrorKind::Timeout });
        assert!(d.problems.is_empty());
        assert_eq!(decode("err=timeout").problems.len(), 1);
        assert_eq!(decode("fail=never&err=timeout").problems.len(), 1);
    }

    #[test]
    fn viewing_settings_never_change_the_scenario() {
        let plain = decode("v=1&dlq=sqs");
        let viewed = decode("v=1&dlq=sqs&lang=ko&speed=10&t=120.5&embed");
        assert_eq!(plain.scenario, viewed.scenario);
        assert_eq!(viewed.view, View { lang: Some("ko"), speed: Some(10), at_ms: Some(120_500), embed: true });
        assert!(!decode("lang=en&embed=1").has_scenario);
        let late = decode("run=60&t=61");
        assert_eq!(late.view.at_ms, None);
        assert_eq!(late.problems[0].problem, Problem::Invalid { found: "61".into(), allowed: "0 ..= 60 s".into() });
    }

    #[test]
    fn numbers_are_plain_decimals() {
        for bad in ["inf", "NaN", "1e3", "-1", "+1", ".", "1.2.3", ""] {
            assert_eq!(decimal(bad), None, "{bad}");
        }
        assert_eq!(decimal("0.25"), Some(0.25));
        assert_eq!(decimal(".5"), Some(0.5));
    }
}
