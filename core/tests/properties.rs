//! Properties that hold for every valid scenario (issue 4): nothing is lost, no event runs more
//! often than AWS allows, concurrency stays under its limit, the stage agrees with the engine at
//! every moment, runs are deterministic, and no input makes the reader panic.

use std::collections::BTreeSet;

use lab_core::engine::{Keep, Run};
use lab_core::metrics::MetricName;
use lab_core::moment::{duplicate_run_at, lane_counts, place_at, Place};
use lab_core::report::report;
use lab_core::scenario::{
    Destination, DlqTarget, ErrorKind, FailureMode, FunctionConfig, InvokeConfig, Scenario, Service, Source,
};
use lab_core::throttle::Concurrency;
use lab_core::time::{AwsMillis, MINUTE};
use lab_core::{AttemptResult, Outcome};
use proptest::prelude::*;
use proptest::sample::Index;
use serde_json::{json, Value};

/// Random scenarios that the format accepts, sized so that 10,000 of them run in seconds while
/// still hitting throttles (reserved concurrency 1 to 4 against bursts), the event-age limit, runs
/// cut off by the end of the run, and every failure mode.
fn scenarios() -> impl Strategy<Value = Scenario> {
    let source = (0..3usize, 0..=12u32, 0..=120_000u64, prop_oneof![Just(0u64), 0..=40_000u64]).prop_map(
        |(service, events, start_ms, every_ms)| Source { service: Service::ALL[service], events, start_ms, every_ms },
    );
    let error = prop_oneof![Just(ErrorKind::Error), Just(ErrorKind::Timeout)];
    let failure = prop_oneof![
        Just(FailureMode::Never),
        error.clone().prop_map(|error| FailureMode::Always { error }),
        (0..=4u32, error.clone()).prop_map(|(n, error)| FailureMode::First { n, error }),
        (0.0..=1.0f64, error).prop_map(|(p, error)| FailureMode::Rate { p, error }),
    ];
    let reserved = prop_oneof![2 => Just(None), 1 => Just(Some(0)), 5 => (1..=4u32).prop_map(Some)];
    let function = (1..=20_000u32, 1..=10u32, failure, reserved, any::<bool>()).prop_map(
        |(duration_ms, timeout_s, failure, reserved_concurrency, idempotent)| FunctionConfig {
            duration_ms,
            timeout_s,
            failure,
            reserved_concurrency,
            idempotent,
            fails_after_side_effect: false,
        },
    );
    let invoke = (0..=2u32, prop_oneof![60..=400u32, 60..=21_600u32])
        .prop_map(|(max_retry_attempts, max_event_age_s)| InvokeConfig { max_retry_attempts, max_event_age_s });
    let dlq = prop::option::of(prop::sample::select(DlqTarget::ALL.to_vec()));
    let on_success = prop::option::of(prop::sample::select(Destination::ON_SUCCESS.to_vec()));
    let on_failure = prop::option::of(prop::sample::select(Destination::ON_FAILURE.to_vec()));
    let duplicate_rate = prop_oneof![2 => Just(0.0), 2 => 0.0..=1.0f64, 1 => Just(1.0)];
    let run_for_s = prop_oneof![60..=900u32, 900..=3600u32];
    (
        any::<u64>(),
        run_for_s,
        prop::collection::vec(source, 1..=3),
        function,
        invoke,
        (dlq, on_success, on_failure),
        duplicate_rate,
    )
        .prop_map(
            |(seed, run_for_s, sources, function, invoke_config, (dlq, on_success, on_failure), duplicate_rate)| {
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
                    ..Scenario::default()
                }
            },
        )
}

/// Every run of the handler, finished or cut off by the end of the run: (start, end).
fn runs(run: &Run) -> Vec<(AwsMillis, AwsMillis)> {
    run.events
        .iter()
        .flat_map(|e| {
            e.attempts
                .as_slice()
                .iter()
                .map(|a| (a.start_ms, a.end_ms))
                .chain(e.unfinished)
                .chain(e.unfinished_duplicate)
        })
        .collect()
}

/// Most runs overlapping at any instant; a run holds its slot over `[start, end)`.
fn peak_overlap(mut runs: Vec<(AwsMillis, AwsMillis)>) -> u32 {
    let mut edges: Vec<(AwsMillis, i32)> = runs.drain(..).flat_map(|(s, e)| [(s, 1), (e, -1)]).collect();
    edges.sort_unstable();
    let (mut now, mut peak) = (0i32, 0i32);
    for (_, d) in edges {
        now += d;
        peak = peak.max(now);
    }
    peak as u32
}

fn check_events(s: &Scenario, run: &Run) {
    let run_for = s.run_for_ms();
    let timeout = u64::from(s.function.timeout_s) * 1000;
    let max_age = u64::from(s.invoke_config.max_event_age_s) * 1000;
    let sent: u64 =
        s.sources.iter().map(|src| (0..src.events).filter(|&i| src.send_time(i) <= run_for).count() as u64).sum();
    let c = run.counts;
    assert_eq!(c.received, sent, "every event sent before the end is received");
    assert_eq!(run.events.len() as u64, c.received);
    assert_eq!(Outcome::ALL.iter().map(|&o| c.of(o)).sum::<u64>(), c.received, "conservation");
    for o in Outcome::ALL {
        assert_eq!(run.events.iter().filter(|e| e.outcome == o).count() as u64, c.of(o), "{o:?}");
    }
    assert!(run.events.windows(2).all(|w| w[0].received_ms <= w[1].received_ms), "arrival order");

    for e in &run.events {
        let regular: Vec<_> = e.attempts.regular().collect();
        let duplicates = e.attempts.len() - regular.len();
        assert_eq!(e.outcome == Outcome::InFlight, e.ended_ms.is_none());
        assert!(regular.len() as u32 + u32::from(e.unfinished.is_some()) <= 1 + s.invoke_config.max_retry_attempts);
        assert!(duplicates + usize::from(e.unfinished_duplicate.is_some()) <= 1);
        if let Some(end) = e.ended_ms {
            assert!(e.received_ms <= end && end <= run_for);
        }
        for a in e.attempts.as_slice() {
            assert!(e.received_ms <= a.start_ms && a.end_ms <= run_for);
            let length = a.end_ms - a.start_ms;
            match a.result {
                AttemptResult::Timeout => assert_eq!(length, timeout, "a timeout ends at exactly the timeout"),
                _ => assert!(
                    length == u64::from(s.function.duration_ms) && length < timeout,
                    "finished before the timeout"
                ),
            }
        }
        assert!(regular.iter().all(|a| a.start_ms - e.received_ms <= max_age), "no try starts past the maximum age");
        for w in regular.windows(2) {
            assert!(w[0].result.failed(), "only a failed attempt is retried");
            assert!(w[1].start_ms >= w[0].end_ms + 60_000, "a retry waits over a minute");
        }
        let ended_after_last = |e: &lab_core::EventRecord| e.ended_ms == regular.last().map(|a| a.end_ms);
        match e.outcome {
            Outcome::Succeeded => {
                assert_eq!(regular.last().unwrap().result, AttemptResult::Success);
                assert!(ended_after_last(e));
            }
            Outcome::RetriesExhausted => {
                assert_eq!(regular.len() as u32, 1 + s.invoke_config.max_retry_attempts);
                assert!(regular.iter().all(|a| a.result.failed()) && ended_after_last(e));
            }
            Outcome::EventAgeExceeded => {
                assert!(regular.iter().all(|a| a.result.failed()));
                // Given up right after a failed attempt, or at the throttle whose wait was too long.
                assert!(ended_after_last(e) || e.ended_ms == e.throttle_times.last().copied());
            }
            Outcome::ZeroReservedConcurrency => {
                assert!(e.attempts.is_empty() && e.throttles == 0 && e.ended_ms == Some(e.received_ms));
            }
            Outcome::InFlight => {}
            Outcome::ErrorToCaller | Outcome::ThrottleToCaller => {
                panic!("a synchronous outcome in an asynchronous run")
            }
        }
        assert_eq!(s.function.reserved_concurrency == Some(0), e.outcome == Outcome::ZeroReservedConcurrency);
        let successes = e.attempts.as_slice().iter().filter(|a| a.result == AttemptResult::Success).count() as u32;
        let want = if s.function.idempotent { successes.min(1) } else { successes };
        assert_eq!(e.side_effects, want, "side effects");
        assert!(e.throttle_times.len() as u32 <= e.throttles);
        assert!(e.throttle_times.iter().all(|&t| e.received_ms <= t && t <= run_for));
        assert!(e.unfinished.is_none() || e.outcome == Outcome::InFlight);
        for (start, end) in e.unfinished.into_iter().chain(e.unfinished_duplicate) {
            assert!(start <= run_for && run_for < end);
        }
    }

    let limit = Concurrency::of(s.function.reserved_concurrency).limit;
    let all_runs = runs(run);
    assert_eq!(all_runs.len() as u64, c.attempts, "every run started is accounted for");
    let peak = peak_overlap(all_runs);
    assert!(peak <= limit, "{peak} runs at once, limit {limit}");
    assert_eq!(peak, c.max_concurrency);
    assert_eq!(run.events.iter().map(|e| u64::from(e.throttles)).sum::<u64>(), c.throttles);
    assert_eq!(run.events.iter().map(|e| u64::from(e.side_effects)).sum::<u64>(), c.side_effects);
    let failures = c.retries_exhausted + c.event_age_exceeded + c.zero_reserved_concurrency;
    assert_eq!(c.dlq_messages, if s.dlq.is_some() { failures } else { 0 });
    assert_eq!(c.on_failure_records, if s.on_failure.is_some() { failures } else { 0 });
    assert_eq!(c.lost, if s.dlq.is_none() && s.on_failure.is_none() { failures } else { 0 });
    assert_eq!(c.on_success_records, if s.on_success.is_some() { c.succeeded } else { 0 });

    let m = &run.metrics.minutes;
    assert_eq!(m.len() as u64, run_for / MINUTE + 1);
    let total = |name| m.iter().map(|x| x.get(name)).sum::<u64>();
    assert_eq!(total(MetricName::Invocations), c.attempts);
    assert_eq!(total(MetricName::Throttles), c.throttles);
    assert_eq!(total(MetricName::AsyncEventsReceived), c.received);
    assert_eq!(total(MetricName::AsyncEventsDropped), failures);
    let failed_runs = run.events.iter().flat_map(|e| e.attempts.as_slice()).filter(|a| a.result.failed()).count();
    assert_eq!(total(MetricName::Errors), failed_runs as u64);
    assert_eq!(m.iter().map(|x| x.concurrent_executions).max().unwrap(), c.max_concurrency);
}

/// The instants at which the stage can change, the instants just before them, and every minute's
/// first and last instant: enough to see each lane's extremes.
fn moments(run: &Run) -> BTreeSet<AwsMillis> {
    let mut t = BTreeSet::new();
    for e in &run.events {
        let runs = e.attempts.as_slice().iter().map(|a| (a.start_ms, a.end_ms)).chain(e.unfinished);
        let points = runs
            .flat_map(|(a, b)| [a, b])
            .chain([e.received_ms])
            .chain(e.ended_ms)
            .chain(e.throttle_times.iter().copied());
        for p in points {
            t.insert(p);
            t.insert(p.saturating_sub(1));
        }
    }
    for i in 0..=run.run_for_ms / MINUTE {
        t.insert(i * MINUTE);
        t.insert((i * MINUTE + MINUTE - 1).min(run.run_for_ms));
    }
    t.retain(|&x| x <= run.run_for_ms);
    t
}

fn check_stage(s: &Scenario, run: &Run) {
    let limit = Concurrency::of(s.function.reserved_concurrency).limit;
    let minutes = &run.metrics.minutes;
    let mut depth = vec![0u64; minutes.len()];
    let mut oldest = vec![0u64; minutes.len()];
    for t in moments(run) {
        let lanes = lane_counts(run, t);
        let received: Vec<_> = run.events.iter().filter(|e| e.received_ms <= t).collect();
        assert_eq!(lanes.sent.iter().map(|(_, n)| n).sum::<u64>(), received.len() as u64);
        let ended = |o: Outcome| {
            received.iter().filter(|e| e.outcome == o && e.ended_ms.is_some_and(|x| x <= t)).count() as u64
        };
        let failed = ended(Outcome::RetriesExhausted)
            + ended(Outcome::EventAgeExceeded)
            + ended(Outcome::ZeroReservedConcurrency);
        assert_eq!(lanes.success, ended(Outcome::Succeeded));
        let failed_lane = match (s.dlq, s.on_failure) {
            (Some(DlqTarget::Sqs), _) => lanes.dlq_sqs,
            (Some(DlqTarget::Sns), _) => lanes.dlq_sns,
            (None, Some(_)) => lanes.destination_failure,
            (None, None) => lanes.lost,
        };
        assert_eq!(failed_lane, failed, "failed events at {t}");
        let duplicates_running = received.iter().filter(|e| duplicate_run_at(e, t).is_some()).count() as u64;
        let in_flight = received.len() as u64 - ended(Outcome::Succeeded) - failed;
        assert_eq!(
            lanes.queue + lanes.retry + (lanes.function - duplicates_running),
            in_flight,
            "received = succeeded + retries exhausted + age exceeded + zero reserved + in flight, at {t}"
        );
        assert!(lanes.function <= u64::from(limit));
        let regular_running = received.iter().filter(|e| matches!(place_at(e, t), Some(Place::Running { .. }))).count();
        assert_eq!(regular_running as u64 + duplicates_running, lanes.function);
        let i = run.metrics.index_of(t);
        depth[i] = depth[i].max(lanes.queue);
        oldest[i] = oldest[i].max(lanes.oldest_queued_ms);
    }
    for (i, m) in minutes.iter().enumerate() {
        assert_eq!(u64::from(m.queue_depth), depth[i], "QueueDepth of minute {i}");
        assert_eq!(m.oldest_queued_age, oldest[i], "OldestQueuedAge of minute {i}");
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 10_000, ..ProptestConfig::default() })]

    /// One case checks every property, so each of the 10,000 scenarios is tested against all.
    #[test]
    fn every_valid_scenario_keeps_the_rules_of_asynchronous_invocation(s in scenarios()) {
        let run = lab_core::run(&s, Keep::All);
        check_events(&s, &run);
        check_stage(&s, &run);

        let again = lab_core::run(&s, Keep::All);
        prop_assert_eq!(&again, &run, "same scenario and seed, same run");
        let text = |r: &Run| serde_json::to_string(&report(&s, r, false)).unwrap();
        prop_assert_eq!(text(&again), text(&run));

        let recent = lab_core::run(&s, Keep::Recent(3));
        prop_assert_eq!(recent.counts, run.counts);
        prop_assert_eq!(&recent.metrics, &run.metrics);
        prop_assert!(recent.events.len() <= 3);
    }
}

// ---- Bad input never panics ------------------------------------------------------------------

#[derive(Clone, Debug)]
enum Seg {
    Key(String),
    At(usize),
}

fn paths(v: &Value, here: &mut Vec<Seg>, out: &mut Vec<Vec<Seg>>) {
    out.push(here.clone());
    match v {
        Value::Object(m) => {
            for (k, x) in m {
                here.push(Seg::Key(k.clone()));
                paths(x, here, out);
                here.pop();
            }
        }
        Value::Array(a) => {
            for (i, x) in a.iter().enumerate() {
                here.push(Seg::At(i));
                paths(x, here, out);
                here.pop();
            }
        }
        _ => {}
    }
}

fn at_mut<'a>(v: &'a mut Value, path: &[Seg]) -> &'a mut Value {
    path.iter().fold(v, |v, seg| match seg {
        Seg::Key(k) => &mut v[k.as_str()],
        Seg::At(i) => &mut v[*i],
    })
}

/// The path as the reader names fields: `sources[1].every_s`.
fn name(path: &[Seg]) -> String {
    let mut s = String::new();
    for seg in path {
        match seg {
            Seg::Key(k) if s.is_empty() => s.push_str(k),
            Seg::Key(k) => s.push_str(&format!(".{k}")),
            Seg::At(i) => s.push_str(&format!("[{i}]")),
        }
    }
    s
}

fn odd_values() -> impl Strategy<Value = Value> {
    prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::from),
        any::<i64>().prop_map(Value::from),
        any::<u64>().prop_map(Value::from),
        (0u64..2_000).prop_map(Value::from),
        (-1e7f64..1e7).prop_map(|f| json!(f)),
        prop::sample::select(vec![1e300, -0.0, f64::MAX, f64::MIN_POSITIVE, 0.5, 604_800.000_1]).prop_map(|f| json!(f)),
        "[a-z$.\\[\\] ]{0,8}".prop_map(Value::from),
        prop::sample::select(vec![
            "s3",
            "sns",
            "eventbridge",
            "sqs",
            "lambda",
            "Error",
            "Timeout",
            "never",
            "rate",
            "first"
        ])
        .prop_map(Value::from),
        Just(json!([])),
        Just(json!({})),
        Just(json!([1, "two", null])),
        Just(json!({ "mode": "rate" })),
    ]
}

#[derive(Clone, Debug)]
enum Mutation {
    Replace(Index, Value),
    Insert(Index, String, Value),
    Remove(Index),
}

fn mutations() -> impl Strategy<Value = Vec<Mutation>> {
    let one = prop_oneof![
        3 => (any::<Index>(), odd_values()).prop_map(|(i, v)| Mutation::Replace(i, v)),
        1 => (any::<Index>(), "[a-z_]{1,10}", odd_values()).prop_map(|(i, k, v)| Mutation::Insert(i, k, v)),
        1 => any::<Index>().prop_map(Mutation::Remove),
    ];
    prop::collection::vec(one, 1..=3)
}

/// Applies a mutation; returns the mutated node's parent path (the region an error must name).
fn apply(doc: &mut Value, m: &Mutation) -> Option<String> {
    let mut all = Vec::new();
    paths(doc, &mut Vec::new(), &mut all);
    match m {
        Mutation::Replace(i, v) => {
            let path = i.get(&all).clone();
            *at_mut(doc, &path) = v.clone();
            Some(name(&path[..path.len().saturating_sub(1)]))
        }
        Mutation::Insert(i, k, v) => {
            let objects: Vec<_> = all.into_iter().filter(|p| at_mut(doc, p).is_object()).collect();
            if objects.is_empty() {
                return None;
            }
            let path = i.get(&objects).clone();
            at_mut(doc, &path).as_object_mut().unwrap().insert(k.clone(), v.clone());
            Some(name(&path))
        }
        Mutation::Remove(i) => {
            let path = i.get(&all).clone();
            let (last, parent) = path.split_last()?;
            match (at_mut(doc, parent), last) {
                (Value::Object(o), Seg::Key(k)) => {
                    o.remove(k);
                }
                (Value::Array(a), Seg::At(j)) => {
                    a.remove(*j);
                }
                _ => {}
            }
            Some(name(parent))
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 10_000, ..ProptestConfig::default() })]

    /// Any damage to a valid scenario gives a scenario or errors naming fields, never a panic;
    /// when a single change is refused, the errors point into the object that was changed.
    #[test]
    fn damaged_scenarios_are_refused_by_field_and_never_panic(s in scenarios(), changes in mutations()) {
        let mut doc: Value = serde_json::from_str(&s.to_json_pretty()).unwrap();
        let regions: Vec<Option<String>> = changes.iter().map(|m| apply(&mut doc, m)).collect();
        let single_region = match regions.as_slice() {
            [Some(region)] if !region.is_empty() => Some(region.clone()),
            _ => None,
        };
        match Scenario::from_json(&doc.to_string()) {
            Ok(read) => {
                if read.total_events() <= 100 {
                    let run = lab_core::run(&read, Keep::Recent(2));
                    prop_assert_eq!(Outcome::ALL.iter().map(|&o| run.counts.of(o)).sum::<u64>(), run.counts.received);
                }
            }
            Err(errors) => {
                prop_assert!(!errors.0.is_empty());
                for e in &errors.0 {
                    prop_assert!(!e.field.is_empty() && !e.allowed.is_empty(), "{:?}", e);
                    if let Some(region) = single_region.as_ref().filter(|_| e.field != "(document)") {
                        prop_assert!(e.field.starts_with(region.as_str()), "{} is outside {}", e.field, region);
                    }
                }
            }
        }
    }

    /// A value outside a field's range is refused, and the refusal names exactly that field.
    #[test]
    fn out_of_range_values_are_refused_naming_their_field(
        s in scenarios(),
        (field, bad) in prop_oneof![
            (Just("run_for_s"), prop_oneof![Just(json!(0)), (604_801..u64::MAX).prop_map(Value::from)]),
            (Just("seed"), prop_oneof![(i64::MIN..0).prop_map(Value::from), Just(json!(0.5))]),
            (Just("duplicate_rate"), prop_oneof![(1.000_001..1e9f64).prop_map(|f| json!(f)), (-1e9..-1e-9f64).prop_map(|f| json!(f))]),
            (Just("sources[0].events"), (1_000_001..u64::MAX).prop_map(Value::from)),
            (Just("sources[0].start_s"), prop_oneof![(-1e9..-1e-9f64).prop_map(|f| json!(f)), (604_800.001..1e12f64).prop_map(|f| json!(f))]),
            (Just("sources[0].every_s"), (-1e9..-1e-9f64).prop_map(|f| json!(f))),
            (Just("function.duration_ms"), prop_oneof![Just(json!(0)), (900_001..u64::MAX).prop_map(Value::from)]),
            (Just("function.timeout_s"), prop_oneof![Just(json!(0)), (901..u64::MAX).prop_map(Value::from)]),
            (Just("function.reserved_concurrency"), prop_oneof![(901..u64::MAX).prop_map(Value::from), (i64::MIN..0).prop_map(Value::from)]),
            (Just("invoke_config.max_retry_attempts"), (3..u64::MAX).prop_map(Value::from)),
            (Just("invoke_config.max_event_age_s"), prop_oneof![(0..60u64).prop_map(Value::from), (21_601..u64::MAX).prop_map(Value::from)]),
        ],
    ) {
        let mut doc: Value = serde_json::from_str(&s.to_json_pretty()).unwrap();
        let path: Vec<Seg> = field
            .split('.')
            .flat_map(|part| match part.split_once('[') {
                Some((k, i)) => vec![Seg::Key(k.into()), Seg::At(i.trim_end_matches(']').parse().unwrap())],
                None => vec![Seg::Key(part.into())],
            })
            .collect();
        *at_mut(&mut doc, &path) = bad.clone();
        let errors = Scenario::from_json(&doc.to_string()).expect_err("out of range");
        let fields: Vec<&str> = errors.0.iter().map(|e| e.field.as_str()).collect();
        prop_assert_eq!(fields, vec![field], "{} = {}", field, bad);
    }
}
