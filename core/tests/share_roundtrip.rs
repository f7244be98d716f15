//! The share URL holds every valid scenario exactly: scenario → query → scenario is the identity.
//! The JSON file holds every valid scenario exactly too.

use lab_core::scenario::{
    limits, CallerRetries, Change, Destination, DlqTarget, ErrorKind, FailureMode, FunctionConfig, FunctionPatch,
    Invocation, InvokeConfig, InvokeConfigPatch, Reprocess, Scenario, Service, Source,
};
use lab_core::share::course::{Progress, QUESTIONS, QUESTION_COUNT};
use lab_core::share::{decode, encode, encode_with_view, query, View};
use proptest::prelude::*;

fn error_kind() -> impl Strategy<Value = ErrorKind> {
    prop_oneof![Just(ErrorKind::Error), Just(ErrorKind::Timeout)]
}

/// Probabilities, with the edges and awkward decimals that a float printer can get wrong.
fn probability() -> BoxedStrategy<f64> {
    prop_oneof![
        Just(0.0),
        Just(1.0),
        Just(0.1),
        Just(1.0 / 3.0),
        Just(f64::MIN_POSITIVE),
        Just(5e-324),
        Just(1.0 - f64::EPSILON / 2.0),
        0.0..=1.0f64,
    ]
    .boxed()
}

/// Milliseconds the format can hold as seconds: whole seconds, round fractions and any ms.
fn seconds_ms() -> impl Strategy<Value = u64> {
    let max = (limits::SECONDS_MAX * 1000.0) as u64;
    prop_oneof![Just(0), Just(max), (0..=604_800u64).prop_map(|s| s * 1000), 0..=max, 0..=10_000u64]
}

fn source() -> impl Strategy<Value = Source> {
    let service = prop_oneof![Just(Service::S3), Just(Service::Sns), Just(Service::EventBridge)];
    (service, 0..=limits::EVENTS.1 as u32, seconds_ms(), seconds_ms())
        .prop_map(|(service, events, start_ms, every_ms)| Source { service, events, start_ms, every_ms })
}

fn failure(probability: fn() -> BoxedStrategy<f64>) -> impl Strategy<Value = FailureMode> {
    prop_oneof![
        Just(FailureMode::Never),
        error_kind().prop_map(|error| FailureMode::Always { error }),
        (0..=limits::FIRST_N.1 as u32, error_kind()).prop_map(|(n, error)| FailureMode::First { n, error }),
        (probability(), error_kind()).prop_map(|(p, error)| FailureMode::Rate { p, error }),
    ]
}

fn option_of<T: Clone + std::fmt::Debug + 'static>(all: &'static [T]) -> impl Strategy<Value = Option<T>> {
    prop_oneof![Just(None), proptest::sample::select(all).prop_map(Some)]
}

/// A setting a change may name, or leave out.
fn maybe<T: std::fmt::Debug + Clone + 'static>(v: impl Strategy<Value = T> + 'static) -> BoxedStrategy<Option<T>> {
    prop_oneof![Just(None), v.prop_map(Some)].boxed()
}

/// Deployments within a run of `run_ms`, in time order, each naming at least one setting.
fn changes(probability: fn() -> BoxedStrategy<f64>, run_ms: u64) -> impl Strategy<Value = Vec<Change>> {
    let function = (
        maybe(1..=limits::DURATION_MS.1 as u32),
        maybe(1..=limits::TIMEOUT_S.1 as u32),
        maybe(failure(probability)),
        maybe(prop_oneof![Just(None), (0..=limits::RESERVED_CONCURRENCY.1 as u32).prop_map(Some)]),
        maybe(any::<bool>()),
        maybe(any::<bool>()),
    )
        .prop_map(
            |(duration_ms, timeout_s, failure, reserved_concurrency, idempotent, fails_after_side_effect)| {
                FunctionPatch {
                    duration_ms,
                    timeout_s,
                    failure,
                    reserved_concurrency,
                    idempotent,
                    fails_after_side_effect,
                }
            },
        );
    let invoke = (maybe(0..=2u32), maybe(limits::MAX_EVENT_AGE_S.0 as u32..=limits::MAX_EVENT_AGE_S.1 as u32))
        .prop_map(|(max_retry_attempts, max_event_age_s)| InvokeConfigPatch { max_retry_attempts, max_event_age_s });
    let change = (
        prop_oneof![Just(0), Just(run_ms), 0..=run_ms],
        function,
        invoke,
        maybe(option_of(&DlqTarget::ALL)),
        maybe(option_of(&Destination::ON_SUCCESS)),
        maybe(option_of(&Destination::ON_FAILURE)),
    )
        .prop_map(|(at_ms, function, invoke_config, dlq, on_success, on_failure)| Change {
            at_ms,
            function,
            invoke_config,
            dlq,
            on_success,
            on_failure,
        })
        .prop_filter("a change names a setting", |c| !c.is_empty());
    proptest::collection::vec(change, 0..=4).prop_map(|mut l| {
        l.sort_by_key(|c| c.at_ms);
        l
    })
}

/// Reprocessings within a run of `run_ms`, in time order.
fn reprocessings(run_ms: u64) -> impl Strategy<Value = Vec<Reprocess>> {
    let event = prop_oneof![
        Just(None),
        Just(Some(0)),
        Just(Some(limits::EVENT_POSITION.1 as usize)),
        (0..50usize).prop_map(Some)
    ];
    let one =
        (prop_oneof![Just(0), Just(run_ms), 0..=run_ms], event).prop_map(|(at_ms, event)| Reprocess { at_ms, event });
    proptest::collection::vec(one, 0..=3).prop_map(|mut l| {
        l.sort_by_key(|r| r.at_ms);
        l
    })
}

/// Every scenario the format allows (`scenario.md`'s table), its probabilities drawn from `probability`.
fn scenario(probability: fn() -> BoxedStrategy<f64>) -> impl Strategy<Value = Scenario> {
    let function = (
        1..=limits::DURATION_MS.1 as u32,
        1..=limits::TIMEOUT_S.1 as u32,
        failure(probability),
        prop_oneof![Just(None), (0..=limits::RESERVED_CONCURRENCY.1 as u32).prop_map(Some)],
        any::<bool>(),
        any::<bool>(),
    )
        .prop_map(
            |(duration_ms, timeout_s, failure, reserved_concurrency, idempotent, fails_after_side_effect)| {
                FunctionConfig {
                    duration_ms,
                    timeout_s,
                    failure,
                    reserved_concurrency,
                    idempotent,
                    fails_after_side_effect,
                }
            },
        );
    let invoke = (0..=2u32, limits::MAX_EVENT_AGE_S.0 as u32..=limits::MAX_EVENT_AGE_S.1 as u32)
        .prop_map(|(max_retry_attempts, max_event_age_s)| InvokeConfig { max_retry_attempts, max_event_age_s });
    (
        any::<u64>(),
        1..=limits::RUN_FOR_S.1 as u32,
        proptest::collection::vec(source(), 1..=limits::SOURCES.1),
        function,
        invoke,
        option_of(&DlqTarget::ALL),
        option_of(&Destination::ON_SUCCESS),
        option_of(&Destination::ON_FAILURE),
        probability(),
        proptest::sample::select(&Invocation::ALL),
        proptest::sample::select(&CallerRetries::ALL),
    )
        .prop_map(
            |(
                seed,
                run_for_s,
                sources,
                function,
                invoke_config,
                dlq,
                on_success,
                on_failure,
                duplicate_rate,
                invocation,
                caller_retries,
            )| {
                Scenario {
                    version: 1,
                    seed,
                    run_for_s,
                    sources,
                    function,
                    invoke_config,
                    dlq,
                    on_success,
                    on_failure,
                    duplicate_rate,
                    invocation,
                    caller_retries,
                    ..Scenario::default()
                }
            },
        )
        .prop_flat_map(move |s| {
            let run_ms = s.run_for_ms();
            (Just(s), changes(probability, run_ms), reprocessings(run_ms))
        })
        .prop_map(|(s, changes, reprocess)| Scenario { changes, reprocess, ..s })
}

/// Half the generated scenarios stay close to the defaults, so omitted keys are exercised too.
fn mostly_default(probability: fn() -> BoxedStrategy<f64>) -> impl Strategy<Value = Scenario> {
    (scenario(probability), any::<[bool; 8]>()).prop_map(|(mut s, keep)| {
        let d = Scenario::default();
        if keep[0] {
            s.sources = d.sources.clone();
        }
        if keep[1] {
            s.function = d.function;
        }
        if keep[2] {
            s.invoke_config = d.invoke_config;
        }
        if keep[3] {
            s.seed = d.seed;
            // The default length when the timed entries fit in it.
            let latest = s.changes.iter().map(|c| c.at_ms).chain(s.reprocess.iter().map(|r| r.at_ms)).max();
            if latest.unwrap_or(0) <= d.run_for_ms() {
                s.run_for_s = d.run_for_s;
            }
        }
        if keep[4] {
            (s.dlq, s.on_success, s.on_failure) = (None, None, None);
        }
        if keep[5] {
            s.duplicate_rate = 0.0;
        }
        if keep[6] {
            (s.changes, s.reprocess) = (Vec::new(), Vec::new());
        }
        if keep[7] {
            (s.invocation, s.caller_retries) = (d.invocation, d.caller_retries);
        }
        s
    })
}

/// The course's progress: any question shown, each question unanswered or answered with any of
/// its choices.
fn progress() -> impl Strategy<Value = Progress> {
    let answers: Vec<_> = QUESTIONS.iter().map(|q| proptest::option::of(0..q.choices.len())).collect();
    (0..QUESTION_COUNT, answers)
        .prop_map(|(at, answers)| Progress { at, answers: answers.try_into().expect("one answer per question") })
}

fn view() -> impl Strategy<Value = View> {
    (
        option_of(&query::LANGS),
        option_of(&query::SPEEDS),
        proptest::option::of(0..=900_000u64),
        any::<bool>(),
        proptest::option::of(progress()),
        any::<bool>(),
    )
        .prop_map(|(lang, speed, at_ms, embed, course, compare)| View {
            lang,
            speed,
            at_ms,
            embed,
            course,
            compare,
        })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 3000, ..ProptestConfig::default() })]

    #[test]
    fn scenario_to_url_to_scenario_is_the_identity(
        s in prop_oneof![scenario(probability), mostly_default(probability)],
    ) {
        let q = encode(&s);
        let back = decode(&q);
        prop_assert!(back.problems.is_empty(), "{q}: {:?}", back.problems);
        prop_assert_eq!(&back.scenario, &s, "{}", q);
        // Only characters a query holds as they are: the link stays readable and copy-proof.
        prop_assert!(q.bytes().all(|b| b.is_ascii_alphanumeric() || b"=&.*@/:,_".contains(&b)), "{}", q);
    }

    /// The same scenario read from its JSON agrees: the link and the file are one format.
    #[test]
    fn scenario_to_json_to_scenario_is_the_identity(
        s in prop_oneof![scenario(probability), mostly_default(probability)],
    ) {
        let from_json = Scenario::from_json(&s.to_json_pretty());
        prop_assert_eq!(from_json.as_ref(), Ok(&s));
        prop_assert_eq!(&decode(&encode(&s)).scenario, &s);
    }

    #[test]
    fn viewing_settings_ride_along_without_touching_the_scenario(s in mostly_default(probability), v in view()) {
        let mut v = v;
        v.at_ms = v.at_ms.map(|t| t.min(s.run_for_ms()));
        let q = encode_with_view(&s, &v);
        let back = decode(&q);
        prop_assert!(back.problems.is_empty(), "{q}: {:?}", back.problems);
        prop_assert_eq!(&back.scenario, &s);
        prop_assert_eq!(&back.view, &v);
    }
}

#[test]
fn a_link_without_scenario_keys_leaves_the_page_its_own_start() {
    assert!(!decode("").has_scenario);
    assert!(!decode("?lang=ko&speed=10").has_scenario);
    assert!(decode("?v=1").has_scenario);
}
