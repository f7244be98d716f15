//! The share URL's query string: a whole scenario, and the page's viewing settings, in short keys a
//! person can read and edit, e.g.
//! `?v=1&retries=1&age=300&dlq=sns&fail=first:2&src=s3*3/10,sns*2@60&seed=7`.
//!
//! This is the one definition of the mapping, built the way ripgrep builds its flags: each key is
//! one [`Key`] holding its name, the values it allows (as the error banner says them), its reader
//! and its writer, and [`Key::ALL`] is the list of them, in the order links write them. A new
//! setting is one more entry in that list; nothing else here changes.
//!
//! [`encode`] writes only what differs from the format's defaults (`scenario.md`), which never
//! change within a format version (`v`), so a short link stays exact. [`decode`] never fails: it
//! keeps every valid key, uses the default for each bad or missing one, and names each bad key in a
//! [`BadKey`] with what it allows, so a typo or a truncated link still opens a working lab.
//!
//! Values need no escaping: the encoder only writes characters that are legal in a query as they
//! are (`a-z 0-9 . * @ / : ,`). The decoder also accepts percent-escapes and `+` for a space, as
//! chat apps and mail clients tend to add them.
//!
//! Viewing settings (language, speed, the moment shown, embed mode, the course) travel in the same query but
//! live apart, in [`View`]: they change how a run is shown, never what happens in it.

use std::fmt;

use super::course::{Progress, QUESTION_COUNT, UNANSWERED};
use crate::scenario::{
    limits, CallerRetries, Change, Destination, DlqTarget, ErrorKind, FailureMode, FieldError, Invocation, Reprocess,
    Scenario, Service, Source, FORMAT_VERSION,
};
use crate::text::quoted;
use crate::time::{seconds_to_ms, AwsMillis, MINUTE};

/// One key of the query: everything the format knows about it, side by side.
///
/// Keys are read in [`Key::ALL`]'s order, so a reader sees what the keys before it set: `err`
/// finds the failure `fail` chose, `t` the length `run` chose.
#[derive(Clone, Copy)]
pub struct Key {
    /// As written in the URL; read without regard to case (`Retries=1` is `retries=1`).
    name: &'static str,
    /// A viewing setting: shown differently, same run.
    viewing: bool,
    /// The values the key allows, in the language-neutral notation the error banner shows.
    allowed: fn() -> String,
    /// Takes the key's value into the link being read.
    read: fn(&str, &mut Decoded) -> Result<(), Refused>,
    /// The key's value for a scenario (compared with the format's default) and a view, or `None`
    /// when the link leaves the key out.
    write: fn(&Scenario, &View, &Scenario) -> Option<String>,
}

/// Why a key's reader did not take its value.
enum Refused {
    /// The value is not one the key allows.
    Value,
    /// What the reader could not take (it kept the rest), each with what is allowed in its place
    /// when that says more than the key's own list.
    Found(Vec<(String, String)>),
}

impl Key {
    /// Every key, in the order [`encode`] writes them and [`decode`] reads them.
    pub const ALL: &'static [Key] = &[
        Key::VERSION,
        Key::SEED,
        Key::RUN_FOR,
        Key::SOURCES,
        Key::DURATION,
        Key::TIMEOUT,
        Key::FAIL,
        Key::ERROR,
        Key::RESERVED,
        Key::IDEMPOTENT,
        Key::PARTIAL,
        Key::RETRIES,
        Key::AGE,
        Key::DLQ,
        Key::ON_SUCCESS,
        Key::ON_FAILURE,
        Key::DUPLICATES,
        Key::INVOCATION,
        Key::CALLER_RETRIES,
        Key::DEPLOY,
        Key::REPROCESS,
        Key::LANG,
        Key::SPEED,
        Key::AT,
        Key::EMBED,
        Key::COURSE,
        Key::QUESTION,
        Key::ANSWERS,
        Key::COMPARE,
    ];

    /// The format's version (`version`), always written first; a link of another version is refused.
    pub const VERSION: Key = Key {
        name: "v",
        viewing: false,
        allowed: || FORMAT_VERSION.to_string(),
        read: |v, _| if v.parse::<u32>() == Ok(FORMAT_VERSION) { Ok(()) } else { Err(Refused::Value) },
        write: |_, _, _| Some(FORMAT_VERSION.to_string()),
    };

    /// `seed`: where the run's random choices start.
    pub const SEED: Key = Key {
        name: "seed",
        viewing: false,
        allowed: || range((0, u64::MAX), ""),
        read: |v, to| set(&mut to.scenario.seed, v.parse().ok()),
        write: |s, _, d| changed(&s.seed, &d.seed),
    };

    /// AWS seconds to simulate (`run_for_s`).
    pub const RUN_FOR: Key = Key {
        name: "run",
        viewing: false,
        allowed: || range(limits::RUN_FOR_S, " s"),
        read: |v, to| set(&mut to.scenario.run_for_s, uint(v, limits::RUN_FOR_S)),
        write: |s, _, d| changed(&s.run_for_s, &d.run_for_s),
    };

    /// Every source, comma separated: `SERVICE*EVENTS@START/EVERY` (seconds). Each bad entry is
    /// named on its own; the good ones are kept.
    pub const SOURCES: Key = Key {
        name: "src",
        viewing: false,
        allowed: || {
            format!(
                "SERVICE*EVENTS@START/EVERY, … ({}; SERVICE {}; EVENTS {}; START, EVERY 0 ..= {} s)",
                range(limits::SOURCES, " sources"),
                names(&Service::ALL.map(Service::name)),
                range(limits::EVENTS, ""),
                crate::text::plain(limits::SECONDS_MAX)
            )
        },
        read: read_sources,
        write: |s, _, d| differs(&s.sources, &d.sources, |l| l.iter().map(source_text).collect::<Vec<_>>().join(",")),
    };

    /// `function.duration_ms`, in milliseconds.
    pub const DURATION: Key = Key {
        name: "dur",
        viewing: false,
        allowed: || range(limits::DURATION_MS, " ms"),
        read: |v, to| set(&mut to.scenario.function.duration_ms, uint(v, limits::DURATION_MS)),
        write: |s, _, d| changed(&s.function.duration_ms, &d.function.duration_ms),
    };

    /// `function.timeout_s`.
    pub const TIMEOUT: Key = Key {
        name: "timeout",
        viewing: false,
        allowed: || range(limits::TIMEOUT_S, " s"),
        read: |v, to| set(&mut to.scenario.function.timeout_s, uint(v, limits::TIMEOUT_S)),
        write: |s, _, d| changed(&s.function.timeout_s, &d.function.timeout_s),
    };

    /// `function.failure`: `never`, `always`, `first:N`, `rate:P` (the error kind is `err`'s).
    pub const FAIL: Key = Key {
        name: "fail",
        viewing: false,
        allowed: || format!("never | always | first:N (N {}) | rate:P (P 0 ..= 1)", range(limits::FIRST_N, "")),
        read: |v, to| set(&mut to.scenario.function.failure, fail_mode(v)),
        write: |s, _, d| differs(&s.function.failure, &d.function.failure, fail_text),
    };

    /// The failing attempts' error: `error` (the default) or `timeout`. Only a failing `fail` has
    /// one.
    pub const ERROR: Key = Key {
        name: "err",
        viewing: false,
        allowed: || format!("{} (with fail=always, first:N or rate:P)", names(&ERROR_KINDS.map(error_text))),
        read: read_error,
        write: |s, _, _| {
            differs(&s.function.failure.error().unwrap_or_default(), &ErrorKind::default(), |e| error_text(*e).into())
        },
    };

    /// `function.reserved_concurrency`; `none` is the account's pool.
    pub const RESERVED: Key = Key {
        name: "reserved",
        viewing: false,
        allowed: || format!("{NONE} | {}", range(limits::RESERVED_CONCURRENCY, "")),
        read: |v, to| {
            set(&mut to.scenario.function.reserved_concurrency, none_or(v, |v| uint(v, limits::RESERVED_CONCURRENCY)))
        },
        write: |s, _, d| {
            let (now, default) = (&s.function.reserved_concurrency, &d.function.reserved_concurrency);
            differs(now, default, |r| r.map_or(NONE.into(), |n| n.to_string()))
        },
    };

    /// `function.idempotent`.
    pub const IDEMPOTENT: Key = Key {
        name: "idem",
        viewing: false,
        allowed: || FLAG_ALLOWED.into(),
        read: |v, to| set(&mut to.scenario.function.idempotent, flag(v)),
        write: |s, _, d| differs(&s.function.idempotent, &d.function.idempotent, |b| flag_text(*b).into()),
    };

    /// `function.fails_after_side_effect`: a failing run has done its side effect (partial work).
    pub const PARTIAL: Key = Key {
        name: "partial",
        viewing: false,
        allowed: || FLAG_ALLOWED.into(),
        read: |v, to| set(&mut to.scenario.function.fails_after_side_effect, flag(v)),
        write: |s, _, d| {
            let (now, default) = (&s.function.fails_after_side_effect, &d.function.fails_after_side_effect);
            differs(now, default, |b| flag_text(*b).into())
        },
    };

    /// `invoke_config.max_retry_attempts`.
    pub const RETRIES: Key = Key {
        name: "retries",
        viewing: false,
        allowed: || range(limits::MAX_RETRY_ATTEMPTS, ""),
        read: |v, to| set(&mut to.scenario.invoke_config.max_retry_attempts, uint(v, limits::MAX_RETRY_ATTEMPTS)),
        write: |s, _, d| changed(&s.invoke_config.max_retry_attempts, &d.invoke_config.max_retry_attempts),
    };

    /// `invoke_config.max_event_age_s`.
    pub const AGE: Key = Key {
        name: "age",
        viewing: false,
        allowed: || range(limits::MAX_EVENT_AGE_S, " s"),
        read: |v, to| set(&mut to.scenario.invoke_config.max_event_age_s, uint(v, limits::MAX_EVENT_AGE_S)),
        write: |s, _, d| changed(&s.invoke_config.max_event_age_s, &d.invoke_config.max_event_age_s),
    };

    /// `dlq`: the dead-letter queue's kind, or `none`.
    pub const DLQ: Key = Key {
        name: "dlq",
        viewing: false,
        allowed: || format!("{NONE} | {}", names(&DlqTarget::ALL.map(DlqTarget::name))),
        read: |v, to| set(&mut to.scenario.dlq, none_or(v, |v| named(v, &DlqTarget::ALL, DlqTarget::name))),
        write: |s, _, d| differs(&s.dlq, &d.dlq, |t| t.map_or(NONE, DlqTarget::name).into()),
    };

    /// `on_success`: the on-success destination's kind, or `none`.
    pub const ON_SUCCESS: Key = Key {
        name: "onsuccess",
        viewing: false,
        allowed: || format!("{NONE} | {}", names(&Destination::ON_SUCCESS.map(Destination::name))),
        read: |v, to| {
            set(&mut to.scenario.on_success, none_or(v, |v| named(v, &Destination::ON_SUCCESS, Destination::name)))
        },
        write: |s, _, d| differs(&s.on_success, &d.on_success, |t| t.map_or(NONE, Destination::name).into()),
    };

    /// `on_failure`: the on-failure destination's kind, or `none`.
    pub const ON_FAILURE: Key = Key {
        name: "onfailure",
        viewing: false,
        allowed: || format!("{NONE} | {}", names(&Destination::ON_FAILURE.map(Destination::name))),
        read: |v, to| {
            set(&mut to.scenario.on_failure, none_or(v, |v| named(v, &Destination::ON_FAILURE, Destination::name)))
        },
        write: |s, _, d| differs(&s.on_failure, &d.on_failure, |t| t.map_or(NONE, Destination::name).into()),
    };

    /// `duplicate_rate`.
    pub const DUPLICATES: Key = Key {
        name: "dup",
        viewing: false,
        allowed: || PROBABILITY_ALLOWED.into(),
        read: |v, to| set(&mut to.scenario.duplicate_rate, probability(v)),
        write: |s, _, d| differs(&s.duplicate_rate, &d.duplicate_rate, |p| crate::text::plain(*p)),
    };

    /// `invocation`: `async` (the default, `InvocationType=Event`) or `sync` (`RequestResponse`).
    pub const INVOCATION: Key = Key {
        name: "inv",
        viewing: false,
        allowed: || names(&Invocation::ALL.map(Invocation::name)),
        read: |v, to| set(&mut to.scenario.invocation, named(v, &Invocation::ALL, Invocation::name)),
        write: |s, _, d| differs(&s.invocation, &d.invocation, |i| i.name().into()),
    };

    /// `caller_retries`: what a synchronous caller does after a throttle, `none` or `sdk_standard`
    /// (kept in an asynchronous link too, where it does nothing, as in the JSON).
    pub const CALLER_RETRIES: Key = Key {
        name: "caller",
        viewing: false,
        allowed: || names(&CallerRetries::ALL.map(CallerRetries::name)),
        read: |v, to| set(&mut to.scenario.caller_retries, named(v, &CallerRetries::ALL, CallerRetries::name)),
        write: |s, _, d| differs(&s.caller_retries, &d.caller_retries, |r| r.name().into()),
    };

    /// `changes`, comma separated: `AT/SETTING:VALUE/…`, a deployment at `AT` seconds setting each
    /// named setting, e.g. `120/fail:never,300/reserved:5/retries:0`. A setting is named and
    /// written as its own key ([`DEPLOYED`]). Each bad entry is named on its own; the good ones
    /// are kept.
    pub const DEPLOY: Key = Key {
        name: "deploy",
        viewing: false,
        allowed: || {
            let names: Vec<&str> = DEPLOYED.iter().map(|d| d.key.name).collect();
            format!(
                "AT/SETTING:VALUE/…, … (AT 0 ..= run s; SETTING {}, each with its own key's values; {})",
                names.join(" | "),
                range(limits::CHANGES, " deployments")
            )
        },
        read: read_deployments,
        write: |s, _, d| differs(&s.changes, &d.changes, |l| l.iter().map(change_text).collect::<Vec<_>>().join(",")),
    };

    /// `reprocess`, comma separated: `AT` (every message of the SQS DLQ at `AT` seconds) or
    /// `AT:N` (only the message of event #N, numbered from 1 as the page names events; the
    /// format's `event` is N − 1), e.g. `600,700:4`.
    pub const REPROCESS: Key = Key {
        name: "reprocess",
        viewing: false,
        allowed: || {
            format!(
                "AT | AT:N, … (AT 0 ..= run s; N the event's number, 1 ..= {}; {})",
                limits::EVENT_POSITION.1 + 1,
                range(limits::REPROCESS, " reprocessings")
            )
        },
        read: read_reprocessings,
        write: |s, _, d| {
            differs(&s.reprocess, &d.reprocess, |l| l.iter().map(reprocess_text).collect::<Vec<_>>().join(","))
        },
    };

    /// Viewing: the page's language, one of [`LANGS`].
    pub const LANG: Key = Key {
        name: "lang",
        viewing: true,
        allowed: || names(&LANGS),
        read: |v, to| set(&mut to.view.lang, LANGS.into_iter().find(|l| l.eq_ignore_ascii_case(v)).map(Some)),
        write: |_, view, _| view.lang.map(str::to_string),
    };

    /// Viewing: real seconds one AWS minute takes on screen, one of [`SPEEDS`].
    pub const SPEED: Key = Key {
        name: "speed",
        viewing: true,
        allowed: || SPEEDS.map(speed_text).join(" | "),
        read: |v, to| {
            let n = v.parse::<u32>().ok();
            set(&mut to.view.speed, SPEEDS.into_iter().find(|s| Some(s.real_seconds_per_aws_minute()) == n).map(Some))
        },
        write: |_, view, _| view.speed.map(speed_text),
    };

    /// Viewing: the AWS moment shown, in seconds; the page opens there, paused.
    pub const AT: Key = Key {
        name: "t",
        viewing: true,
        allowed: || "0 ..= run s".into(),
        read: |v, to| {
            let run_s = to.scenario.run_for_s;
            match seconds(v, f64::from(run_s)) {
                Some(ms) => set(&mut to.view.at_ms, Some(Some(ms))),
                None => Err(Refused::Found(vec![(v.into(), format!("0 ..= {run_s} s"))])),
            }
        },
        write: |_, view, _| view.at_ms.map(seconds_text),
    };

    /// Viewing: `1` shows only the stage and the essential controls, for an `<iframe>`.
    pub const EMBED: Key = Key {
        name: "embed",
        viewing: true,
        allowed: || FLAG_ALLOWED.into(),
        // A bare `embed` means embed mode, as people write it by hand.
        read: |v, to| set(&mut to.view.embed, if v.is_empty() { Some(true) } else { flag(v) }),
        write: |_, view, _| view.embed.then(|| flag_text(true).into()),
    };

    /// Viewing: `1` opens the course ("Check yourself") above the stage.
    pub const COURSE: Key = Key {
        name: "course",
        viewing: true,
        allowed: || FLAG_ALLOWED.into(),
        read: |v, to| set(&mut to.view.course, flag(v).map(|on| on.then(Progress::default))),
        write: |_, view, _| view.course.as_ref().map(|_| flag_text(true).into()),
    };

    /// Viewing: the course's question shown, from 1.
    pub const QUESTION: Key = Key {
        name: "q",
        viewing: true,
        allowed: || format!("{} (with course=1)", range((1, QUESTION_COUNT), "")),
        read: |v, to| {
            let at = uint::<usize>(v, (1, QUESTION_COUNT as u64)).map(|n| n - 1);
            set(&mut to.view.course.as_mut().ok_or(Refused::Value)?.at, at)
        },
        write: |_, view, _| view.course.as_ref().filter(|p| p.at > 0).map(|p| (p.at + 1).to_string()),
    };

    /// Viewing: the course's answers, a letter per question (`a` its first choice, `.` not
    /// answered).
    pub const ANSWERS: Key = Key {
        name: "ans",
        viewing: true,
        allowed: || format!("a letter per question or {UNANSWERED}, at most {QUESTION_COUNT} (with course=1)"),
        read: |v, to| set(&mut to.view.course.as_mut().ok_or(Refused::Value)?.answers, Progress::read_answers(v)),
        write: |_, view, _| view.course.as_ref().and_then(Progress::answers_text),
    };

    /// Viewing: `1` shows the run asynchronous and synchronous side by side, on one clock.
    pub const COMPARE: Key = Key {
        name: "compare",
        viewing: true,
        allowed: || FLAG_ALLOWED.into(),
        read: |v, to| set(&mut to.view.compare, if v.is_empty() { Some(true) } else { flag(v) }),
        write: |_, view, _| view.compare.then(|| flag_text(true).into()),
    };

    /// The key as written in the URL.
    pub fn name(&self) -> &'static str {
        self.name
    }

    /// The values this key allows, as the error banner shows them (language-neutral notation).
    pub fn allowed(&self) -> String {
        (self.allowed)()
    }

    /// Every key's name, for a message about a key that is none of them: `v, seed, run, …`.
    pub fn known() -> String {
        Key::ALL.iter().map(Key::name).collect::<Vec<_>>().join(", ")
    }

    /// The key named `name` (without regard to case), if the format has one.
    pub fn from_name(name: &str) -> Option<Key> {
        Key::position(name).map(|i| Key::ALL[i])
    }

    /// Where the key named `name` stands in [`Key::ALL`]; names are matched without regard to case
    /// (`Retries=1` is `retries=1`).
    fn position(name: &str) -> Option<usize> {
        Key::ALL.iter().position(|k| k.name.eq_ignore_ascii_case(name))
    }
}

impl fmt::Debug for Key {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Key({})", self.name)
    }
}

/// The page's languages, as `lang` writes them.
pub const LANGS: [&str; 2] = ["en", "ko"];

/// How fast the page plays AWS time. Teaching bends time here, and only here: AWS's minute-long
/// retry waits would be unwatchable in real time. Links name a speed by the real seconds one AWS
/// minute takes on screen ([`SPEEDS`]); the run never depends on it.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Speed {
    /// AWS milliseconds that pass in one real second: what the page's clock advances by.
    pub aws_ms_per_real_s: f64,
}

impl Speed {
    /// One AWS minute in three real seconds: a retry wait takes a few seconds to watch.
    pub const DEFAULT: Speed = Speed::aws_minute_in(3);
    /// AWS time as it passes.
    pub const REAL_TIME: Speed = Speed::aws_minute_in(60);

    /// The speed at which one AWS minute takes `real_s` seconds on screen.
    const fn aws_minute_in(real_s: u32) -> Speed {
        Speed { aws_ms_per_real_s: MINUTE as f64 / real_s as f64 }
    }

    /// Real seconds one AWS minute takes at this speed (what `speed` writes).
    pub fn real_seconds_per_aws_minute(self) -> u32 {
        (MINUTE as f64 / self.aws_ms_per_real_s).round() as u32
    }
}

/// The page's speeds, fastest first: the speed menu offers these, `+` and `-` step through them,
/// and `speed` names them by [`Speed::real_seconds_per_aws_minute`] (`1 | 3 | 10 | 60`).
pub const SPEEDS: [Speed; 4] = [Speed::aws_minute_in(1), Speed::DEFAULT, Speed::aws_minute_in(10), Speed::REAL_TIME];

/// How the page shows a run: never part of what happens in it.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct View {
    /// One of [`LANGS`].
    pub lang: Option<&'static str>,
    /// One of [`SPEEDS`].
    pub speed: Option<Speed>,
    /// The AWS moment to open at (paused).
    pub at_ms: Option<AwsMillis>,
    /// Embed mode: only the stage and the essential controls, for an `<iframe>`.
    pub embed: bool,
    /// The course, open, with the learner's progress.
    pub course: Option<Progress>,
    /// The compare view: the same sources and function invoked both ways, side by side.
    pub compare: bool,
}

/// What is wrong with one key of a link.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Problem {
    /// Not a key of the format.
    Unknown,
    /// The key appears more than once; the first is used.
    Repeated,
    /// The value is not one the key allows.
    Invalid {
        /// The value as written, quoted and shortened.
        found: String,
        /// The values the key allows.
        allowed: String,
    },
}

/// One bad key of a link (or one bad field of an imported file), for the error banner.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BadKey {
    /// The key as written (or the field's path, for an import).
    pub key: String,
    /// What is wrong with it.
    pub problem: Problem,
}

impl BadKey {
    fn invalid(key: &Key, found: &str, allowed: String) -> Self {
        BadKey { key: key.name.into(), problem: Problem::Invalid { found: quoted(found), allowed } }
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
            Problem::Unknown => write!(f, "{}: not a known key (known: {})", self.key, Key::known()),
            Problem::Repeated => write!(f, "{}: given more than once; the first is used", self.key),
            Problem::Invalid { found, allowed } => write!(f, "{}: allowed {allowed}, found {found:?}", self.key),
        }
    }
}

/// What a link says: the scenario (valid part + defaults), the viewing settings, and what was bad.
#[derive(Clone, Debug, PartialEq)]
pub struct Decoded {
    /// The scenario the link describes: its valid keys over the defaults.
    pub scenario: Scenario,
    /// How the page shows it.
    pub view: View,
    /// One entry per bad key.
    pub problems: Vec<BadKey>,
    /// Whether the link names any scenario key at all: a link without one (an empty query, or
    /// only viewing settings) leaves the page on its own starting scenario.
    pub has_scenario: bool,
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
    let pairs: Vec<String> =
        Key::ALL.iter().filter_map(|k| (k.write)(s, view, &d).map(|value| format!("{}={value}", k.name))).collect();
    pairs.join("&")
}

/// The text of `now` when it differs from `default`.
fn differs<T: PartialEq>(now: &T, default: &T, text: impl Fn(&T) -> String) -> Option<String> {
    (now != default).then(|| text(now))
}

/// [`differs`] for a value written as it prints.
fn changed<T: PartialEq + ToString>(now: &T, default: &T) -> Option<String> {
    differs(now, default, T::to_string)
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

/// `120/fail:never/retries:0`: the moment, then each setting the change names.
fn change_text(c: &Change) -> String {
    let mut t = seconds_text(c.at_ms);
    for (name, v) in deployed_settings(c) {
        t.push_str(&format!("/{name}:{v}"));
    }
    t
}

/// The settings a change names, each as its key and value in a link (`("fail", "never")`): how
/// the page's timeline and narration say what was deployed.
pub fn deployed_settings(c: &Change) -> Vec<(&'static str, String)> {
    DEPLOYED.iter().filter_map(|d| (d.write)(c).map(|v| (d.key.name, v))).collect()
}

/// `600` (every message) or `700:4` (event #4's message).
fn reprocess_text(r: &Reprocess) -> String {
    match r.event {
        None => seconds_text(r.at_ms),
        Some(p) => format!("{}:{}", seconds_text(r.at_ms), p as u64 + 1),
    }
}

/// A setting a deployment names in `deploy`: the key it is written as (its name, and the values
/// it allows) and how a change holds it.
struct Deployed {
    key: Key,
    /// Sets the setting in the change, or `None` when the value is not one the key allows.
    read: fn(&str, &mut Change) -> Option<()>,
    /// The setting's value in the change, when the change names it.
    write: fn(&Change) -> Option<String>,
}

/// The settings a deployment can change ([`Change`]), in the order a `deploy` entry writes them
/// (`err` after `fail`, whose error it sets).
const DEPLOYED: [Deployed; 12] = [
    Deployed {
        key: Key::DURATION,
        read: |v, c| put(&mut c.function.duration_ms, uint(v, limits::DURATION_MS)),
        write: |c| c.function.duration_ms.map(|v| v.to_string()),
    },
    Deployed {
        key: Key::TIMEOUT,
        read: |v, c| put(&mut c.function.timeout_s, uint(v, limits::TIMEOUT_S)),
        write: |c| c.function.timeout_s.map(|v| v.to_string()),
    },
    Deployed {
        key: Key::FAIL,
        read: |v, c| put(&mut c.function.failure, fail_mode(v)),
        write: |c| c.function.failure.as_ref().map(fail_text),
    },
    Deployed {
        key: Key::ERROR,
        // Only after a failing `fail` in the same entry: the error belongs to the failure mode.
        read: |v, c| {
            let error = ERROR_KINDS.into_iter().find(|e| error_text(*e).eq_ignore_ascii_case(v))?;
            c.function.failure = Some(failing_with(c.function.failure?, error)?);
            Some(())
        },
        write: |c| c.function.failure?.error().filter(|e| *e != ErrorKind::default()).map(|e| error_text(e).into()),
    },
    Deployed {
        key: Key::RESERVED,
        read: |v, c| put(&mut c.function.reserved_concurrency, none_or(v, |v| uint(v, limits::RESERVED_CONCURRENCY))),
        write: |c| c.function.reserved_concurrency.map(|r| r.map_or(NONE.into(), |n| n.to_string())),
    },
    Deployed {
        key: Key::IDEMPOTENT,
        read: |v, c| put(&mut c.function.idempotent, flag(v)),
        write: |c| c.function.idempotent.map(|b| flag_text(b).into()),
    },
    Deployed {
        key: Key::PARTIAL,
        read: |v, c| put(&mut c.function.fails_after_side_effect, flag(v)),
        write: |c| c.function.fails_after_side_effect.map(|b| flag_text(b).into()),
    },
    Deployed {
        key: Key::RETRIES,
        read: |v, c| put(&mut c.invoke_config.max_retry_attempts, uint(v, limits::MAX_RETRY_ATTEMPTS)),
        write: |c| c.invoke_config.max_retry_attempts.map(|v| v.to_string()),
    },
    Deployed {
        key: Key::AGE,
        read: |v, c| put(&mut c.invoke_config.max_event_age_s, uint(v, limits::MAX_EVENT_AGE_S)),
        write: |c| c.invoke_config.max_event_age_s.map(|v| v.to_string()),
    },
    Deployed {
        key: Key::DLQ,
        read: |v, c| put(&mut c.dlq, none_or(v, |v| named(v, &DlqTarget::ALL, DlqTarget::name))),
        write: |c| c.dlq.map(|t| t.map_or(NONE, DlqTarget::name).into()),
    },
    Deployed {
        key: Key::ON_SUCCESS,
        read: |v, c| put(&mut c.on_success, none_or(v, |v| named(v, &Destination::ON_SUCCESS, Destination::name))),
        write: |c| c.on_success.map(|t| t.map_or(NONE, Destination::name).into()),
    },
    Deployed {
        key: Key::ON_FAILURE,
        read: |v, c| put(&mut c.on_failure, none_or(v, |v| named(v, &Destination::ON_FAILURE, Destination::name))),
        write: |c| c.on_failure.map(|t| t.map_or(NONE, Destination::name).into()),
    },
];

fn fail_text(f: &FailureMode) -> String {
    match *f {
        FailureMode::Never | FailureMode::Always { .. } => f.name().into(),
        FailureMode::First { n, .. } => format!("{}:{n}", f.name()),
        FailureMode::Rate { p, .. } => format!("{}:{}", f.name(), crate::text::plain(p)),
    }
}

/// The error kinds `err` names.
const ERROR_KINDS: [ErrorKind; 2] = [ErrorKind::Error, ErrorKind::Timeout];

fn error_text(e: ErrorKind) -> &'static str {
    match e {
        ErrorKind::Error => "error",
        ErrorKind::Timeout => "timeout",
    }
}

fn speed_text(s: Speed) -> String {
    s.real_seconds_per_aws_minute().to_string()
}

fn flag_text(on: bool) -> &'static str {
    if on {
        "1"
    } else {
        "0"
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

/// `lo ..= hi` and a unit, as the messages write a range.
fn range<T: fmt::Display>(r: (T, T), unit: &str) -> String {
    format!("{} ..= {}{unit}", r.0, r.1)
}

fn names(list: &[&str]) -> String {
    list.join(" | ")
}

/// The word for "no target" in `reserved`, `dlq`, `onsuccess` and `onfailure`.
const NONE: &str = "none";
const FLAG_ALLOWED: &str = "0 | 1";
const PROBABILITY_ALLOWED: &str = "0 ..= 1";

// ---------------------------------------------------------------------------------------------
// Reading

/// Reads a query string (with or without its `?`; anything from a `#` on is ignored). Never fails
/// and never panics, whatever the input: see the module's documentation.
pub fn decode(query: &str) -> Decoded {
    let query = query.strip_prefix('?').unwrap_or(query);
    let query = query.split('#').next().unwrap_or_default();
    let mut problems = Vec::new();
    let mut repeated = Vec::new();
    // Each key given, by its place in `Key::ALL`, with its value.
    let mut given: Vec<(usize, String)> = Vec::new();
    for pair in query.split('&').filter(|p| !p.is_empty()) {
        let (raw_key, raw_value) = pair.split_once('=').unwrap_or((pair, ""));
        let name = percent_decode(raw_key);
        let name = name.trim();
        if name.is_empty() && raw_value.is_empty() {
            continue;
        }
        let Some(i) = Key::position(name) else {
            problems.push(BadKey { key: quoted(name), problem: Problem::Unknown });
            continue;
        };
        if given.iter().any(|(j, _)| *j == i) {
            if !repeated.iter().any(|p: &BadKey| p.key == Key::ALL[i].name) {
                repeated.push(BadKey { key: Key::ALL[i].name.into(), problem: Problem::Repeated });
            }
            continue;
        }
        given.push((i, percent_decode(raw_value).trim().to_string()));
    }
    crate::order::sort_by_key(&mut given, |(i, _)| *i as u128);
    let has_scenario = given.iter().any(|(i, _)| !Key::ALL[*i].viewing);
    let mut d = Decoded { scenario: Scenario::default(), view: View::default(), problems, has_scenario };
    for (i, value) in &given {
        let key = &Key::ALL[*i];
        match (key.read)(value, &mut d) {
            Ok(()) => {}
            Err(Refused::Value) => d.problems.push(BadKey::invalid(key, value, key.allowed())),
            Err(Refused::Found(parts)) => {
                d.problems.extend(parts.into_iter().map(|(found, allowed)| BadKey::invalid(key, &found, allowed)))
            }
        }
    }
    // Report in the order the keys are defined, so the banner reads like the format.
    d.problems.append(&mut repeated);
    crate::order::sort_by_key(&mut d.problems, |p| Key::position(&p.key).unwrap_or(Key::ALL.len()) as u128);
    d
}

/// Sets `field` to the value a reader found, or refuses the value.
fn set<T>(field: &mut T, value: Option<T>) -> Result<(), Refused> {
    *field = value.ok_or(Refused::Value)?;
    Ok(())
}

/// The valid sources of `src` (at most the format's limit); the defaults stay when none is valid.
fn read_sources(text: &str, to: &mut Decoded) -> Result<(), Refused> {
    let (lo, hi) = limits::SOURCES;
    let entries: Vec<&str> = text.split(',').collect();
    let mut kept = Vec::new();
    let mut bad = Vec::new();
    for entry in &entries {
        match source(entry) {
            Some(s) if kept.len() < hi => kept.push(s),
            Some(_) => {}
            None => bad.push((entry.to_string(), Key::SOURCES.allowed())),
        }
    }
    if entries.len() > hi {
        bad.push((format!("{} sources", entries.len()), range((lo, hi), " sources")));
    }
    if !kept.is_empty() {
        to.scenario.sources = kept;
    }
    if bad.is_empty() {
        Ok(())
    } else {
        Err(Refused::Found(bad))
    }
}

/// Entries of a timed list (`deploy`, `reprocess`): each read by `entry`, the valid ones kept (at
/// most `lim`'s upper end), each bad one named with what the key allows.
fn read_timed<T>(
    text: &str,
    key: &Key,
    lim: (usize, usize),
    entry: impl Fn(&str) -> Option<T>,
) -> (Vec<T>, Result<(), Refused>) {
    let entries: Vec<&str> = text.split(',').collect();
    let mut kept = Vec::new();
    let mut bad = Vec::new();
    for e in &entries {
        match entry(e) {
            Some(x) if kept.len() < lim.1 => kept.push(x),
            Some(_) => {}
            None => bad.push((e.to_string(), key.allowed())),
        }
    }
    if entries.len() > lim.1 {
        bad.push((format!("{} entries", entries.len()), range(lim, " entries")));
    }
    (kept, if bad.is_empty() { Ok(()) } else { Err(Refused::Found(bad)) })
}

/// `deploy`: each entry `AT/SETTING:VALUE/…`, at least one setting, each named once; deployed in
/// time order, entries at one moment in the order written (as the JSON reader does).
fn read_deployments(text: &str, to: &mut Decoded) -> Result<(), Refused> {
    let run_s = f64::from(to.scenario.run_for_s);
    let (mut kept, result) = read_timed(text, &Key::DEPLOY, limits::CHANGES, |entry| {
        let mut parts = entry.split('/');
        let at_ms = seconds(parts.next()?, run_s)?;
        let mut named: Vec<(usize, &str)> = Vec::new();
        for part in parts {
            let (name, value) = part.split_once(':')?;
            let i = DEPLOYED.iter().position(|d| d.key.name.eq_ignore_ascii_case(name))?;
            if named.iter().any(|(j, _)| *j == i) {
                return None;
            }
            named.push((i, value));
        }
        // `err` after `fail`, whatever order the entry names them in.
        crate::order::sort_by_key(&mut named, |(i, _)| *i as u128);
        let mut change = Change { at_ms, ..Change::default() };
        for (i, value) in named {
            (DEPLOYED[i].read)(value, &mut change)?;
        }
        (!change.is_empty()).then_some(change)
    });
    crate::order::sort_by_key(&mut kept, |c| c.at_ms.into());
    to.scenario.changes = kept;
    result
}

/// `reprocess`: each entry `AT` or `AT:N`, in time order.
fn read_reprocessings(text: &str, to: &mut Decoded) -> Result<(), Refused> {
    let run_s = f64::from(to.scenario.run_for_s);
    let (mut kept, result) = read_timed(text, &Key::REPROCESS, limits::REPROCESS, |entry| {
        let (at, n) = match entry.split_once(':') {
            Some((at, n)) => (at, Some(n)),
            None => (entry, None),
        };
        let event = match n {
            None => None,
            Some(n) => Some(uint::<u64>(n, (1, limits::EVENT_POSITION.1 + 1))? - 1),
        };
        Some(Reprocess { at_ms: seconds(at, run_s)?, event: event.map(|p| p as usize) })
    });
    crate::order::sort_by_key(&mut kept, |r| r.at_ms.into());
    to.scenario.reprocess = kept;
    result
}

/// Sets a change's `slot` to what a reader found, or refuses the value.
fn put<T>(slot: &mut Option<T>, value: Option<T>) -> Option<()> {
    *slot = Some(value?);
    Some(())
}

/// `mode` failing with `error`; `None` for `never`, which has no error.
fn failing_with(mode: FailureMode, error: ErrorKind) -> Option<FailureMode> {
    match mode {
        FailureMode::Never => None,
        FailureMode::Always { .. } => Some(FailureMode::Always { error }),
        FailureMode::First { n, .. } => Some(FailureMode::First { n, error }),
        FailureMode::Rate { p, .. } => Some(FailureMode::Rate { p, error }),
    }
}

/// `err` sets the error of the failing mode `fail` chose; with no failing mode it is refused.
fn read_error(v: &str, to: &mut Decoded) -> Result<(), Refused> {
    let error = ERROR_KINDS.into_iter().find(|e| error_text(*e).eq_ignore_ascii_case(v)).ok_or(Refused::Value)?;
    let failure = &mut to.scenario.function.failure;
    *failure = match *failure {
        // A bad `fail` is reported on its own: `err` is not blamed for it.
        FailureMode::Never if to.problems.iter().any(|p| p.key == Key::FAIL.name) => return Ok(()),
        mode => failing_with(mode, error).ok_or(Refused::Value)?,
    };
    Ok(())
}

/// A whole number within `lim`, of the field's type.
fn uint<T: TryFrom<u64>>(v: &str, lim: (u64, u64)) -> Option<T> {
    v.parse::<u64>().ok().filter(|n| (lim.0..=lim.1).contains(n)).and_then(|n| T::try_from(n).ok())
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
    crate::decimal::parse(v).filter(|x| x.is_finite())
}

fn flag(v: &str) -> Option<bool> {
    match v.to_ascii_lowercase().as_str() {
        "1" | "true" | "yes" => Some(true),
        "0" | "false" | "no" => Some(false),
        _ => None,
    }
}

/// `none`, or what `some` reads.
fn none_or<T>(v: &str, some: impl FnOnce(&str) -> Option<T>) -> Option<Option<T>> {
    if v.eq_ignore_ascii_case(NONE) {
        Some(None)
    } else {
        some(v).map(Some)
    }
}

/// The one of `all` whose name is `v`.
fn named<T: Copy>(v: &str, all: &[T], name: fn(T) -> &'static str) -> Option<T> {
    all.iter().copied().find(|t| name(*t).eq_ignore_ascii_case(v))
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
        ("first", Some(n)) => uint(n, limits::FIRST_N).map(|n| FailureMode::First { n, error }),
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
            Some(n) => uint(n, limits::EVENTS)?,
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
        assert_eq!(decode("fail=never&err=sometimes").problems.len(), 1, "a bad err is named once");
        assert!(decode("fail=sometimes&err=timeout").problems.iter().all(|p| p.key == "fail"));
    }

    #[test]
    fn each_speed_reads_back_from_the_value_it_writes() {
        for speed in SPEEDS {
            let view = View { speed: Some(speed), ..View::default() };
            assert_eq!(decode(&encode_with_view(&Scenario::default(), &view)).view, view);
        }
        assert_eq!(Speed::REAL_TIME.aws_ms_per_real_s, 1000.0);
        assert_eq!(
            decode("speed=2").problems[0].problem,
            Problem::Invalid { found: "2".into(), allowed: "1 | 3 | 10 | 60".into() }
        );
    }

    /// The default (asynchronous, no caller retries) is written nowhere; the synchronous run and
    /// the compare view are one short key each, and a bad value names what the key allows.
    #[test]
    fn a_synchronous_link_names_its_invocation_and_its_callers_retries() {
        assert!(!encode(&Scenario::default()).contains("inv="));
        let s = Scenario {
            invocation: Invocation::Sync,
            caller_retries: CallerRetries::SdkStandard,
            ..Scenario::default()
        };
        let q = encode_with_view(&s, &View { compare: true, ..View::default() });
        assert_eq!(q, "v=1&inv=sync&caller=sdk_standard&compare=1");
        let back = decode(&q);
        assert_eq!((back.scenario, back.view.compare, back.problems), (s, true, vec![]));
        assert!(!decode("compare=1").has_scenario);
        assert_eq!(
            decode("inv=requestresponse").problems[0].problem,
            Problem::Invalid { found: "requestresponse".into(), allowed: "async | sync".into() }
        );
    }

    #[test]
    fn viewing_settings_never_change_the_scenario() {
        let plain = decode("v=1&dlq=sqs");
        let viewed = decode("v=1&dlq=sqs&lang=ko&speed=10&t=120.5&embed");
        assert_eq!(plain.scenario, viewed.scenario);
        let speed = Some(Speed::aws_minute_in(10));
        assert_eq!(
            viewed.view,
            View { lang: Some("ko"), speed, at_ms: Some(120_500), embed: true, course: None, compare: false }
        );
        assert!(!decode("lang=en&embed=1").has_scenario);
        let late = decode("run=60&t=61");
        assert_eq!(late.view.at_ms, None);
        assert_eq!(late.problems[0].problem, Problem::Invalid { found: "61".into(), allowed: "0 ..= 60 s".into() });
    }

    #[test]
    fn the_course_and_its_progress_are_viewing_keys_that_need_course_1() {
        let d = decode("course=1&q=4&ans=c.b");
        assert!(d.problems.is_empty() && !d.has_scenario, "{:?}", d.problems);
        let p = d.view.course.clone().expect("the course is open");
        assert_eq!((p.at, p.answers[0], p.answers[1], p.answers[2]), (3, Some(2), None, Some(1)));
        assert_eq!(encode_with_view(&Scenario::default(), &d.view), "v=1&course=1&q=4&ans=c.b");
        assert_eq!(decode("course=0").view.course, None);
        let keys = |q: &str| decode(q).problems.into_iter().map(|p| p.key).collect::<Vec<_>>();
        assert_eq!(keys("q=2&ans=a"), ["q", "ans"], "no progress without the course");
        assert_eq!(keys("course=1&q=0&ans=z"), ["q", "ans"]);
    }

    #[test]
    fn a_fix_deployed_mid_run_and_the_dlq_reprocessed_read_as_written() {
        let q = "v=1&fail=always&deploy=300/reserved:5/retries:0,120/err:timeout/fail:first:2&reprocess=600,700:4";
        let d = decode(q);
        assert!(d.problems.is_empty(), "{:?}", d.problems);
        let s = &d.scenario;
        assert_eq!(s.changes.len(), 2);
        assert_eq!(s.changes[0].at_ms, 120_000, "in time order");
        assert_eq!(s.changes[0].function.failure, Some(FailureMode::First { n: 2, error: ErrorKind::Timeout }));
        assert_eq!(s.changes[1].function.reserved_concurrency, Some(Some(5)));
        assert_eq!(s.changes[1].invoke_config.max_retry_attempts, Some(0));
        assert_eq!(
            s.reprocess,
            [Reprocess { at_ms: 600_000, event: None }, Reprocess { at_ms: 700_000, event: Some(3) }]
        );
        assert_eq!(
            encode(s),
            "v=1&fail=always&deploy=120/fail:first:2/err:timeout,300/reserved:5/retries:0&reprocess=600,700:4"
        );
    }

    #[test]
    fn each_bad_deployment_or_reprocessing_is_named_and_the_good_ones_kept() {
        let d = decode("run=600&deploy=60/fail:never,700/fail:never,90,100/err:timeout,110/fail:never/fail:always,120/color:red&reprocess=30:0,60");
        assert_eq!(d.scenario.changes.len(), 1);
        assert_eq!(d.scenario.reprocess, [Reprocess { at_ms: 60_000, event: None }]);
        let found: Vec<(&str, String)> = d
            .problems
            .iter()
            .map(|p| match &p.problem {
                Problem::Invalid { found, .. } => (p.key.as_str(), found.clone()),
                other => panic!("{other:?}"),
            })
            .collect();
        let want = [
            ("deploy", "700/fail:never"),
            ("deploy", "90"),
            ("deploy", "100/err:timeout"),
            ("deploy", "110/fail:never/fail:always"),
            ("deploy", "120/color:red"),
            ("reprocess", "30:0"),
        ];
        assert_eq!(found, want.map(|(k, f)| (k, f.to_string())));
        assert!(d.problems[0].to_string().contains("SETTING dur | timeout | fail"));
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
