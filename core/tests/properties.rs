//! Properties that hold for every valid scenario (issue 4): nothing is lost, no event runs more
//! often than AWS allows, concurrency stays under its limit, the stage agrees with the engine at
//! every moment, runs are deterministic, and no input makes the reader panic. The scenarios deploy
//! changes and reprocess the SQS DLQ during the run, and a quarter of them are synchronous: each
//! rule is checked with the settings in force when it applied, nothing before the first timed
//! action differs from the same run without it, and a synchronous run never queues.

use std::collections::{BTreeMap, BTreeSet};

use lab_core::engine::{Keep, Run};
use lab_core::function::reaches_side_effect;
use lab_core::metrics::MetricName;
use lab_core::moment::{duplicate_run_at, happenings_of, lane_counts, left_dlq, place_at, Lane, Place, RunIndex};
use lab_core::report::report;
use lab_core::route::endings;
use lab_core::scenario::{
    CallerRetries, Change, Destination, DlqTarget, ErrorKind, FailureMode, FunctionConfig, FunctionPatch, Invocation,
    InvokeConfig, InvokeConfigPatch, Reprocess, Scenario, Service, Source,
};
use lab_core::throttle::Concurrency;
use lab_core::time::{AwsMillis, MINUTE};
use lab_core::{AttemptResult, Outcome};
use proptest::prelude::*;
use proptest::sample::Index;
use serde_json::{json, Value};

fn failures() -> impl Strategy<Value = FailureMode> + Clone {
    let error = prop_oneof![Just(ErrorKind::Error), Just(ErrorKind::Timeout)];
    prop_oneof![
        Just(FailureMode::Never),
        error.clone().prop_map(|error| FailureMode::Always { error }),
        (0..=4u32, error.clone()).prop_map(|(n, error)| FailureMode::First { n, error }),
        (0.0..=1.0f64, error).prop_map(|(p, error)| FailureMode::Rate { p, error }),
    ]
}

fn reserved() -> impl Strategy<Value = Option<u32>> + Clone {
    prop_oneof![2 => Just(None), 1 => Just(Some(0)), 5 => (1..=4u32).prop_map(Some)]
}

/// A deployment, at a share (per mille) of the run: each setting changed or left as it is.
fn change() -> impl Strategy<Value = (u64, Change)> {
    let function = (
        prop::option::of(1..=20_000u32),
        prop::option::of(1..=10u32),
        prop::option::of(failures()),
        prop::option::weighted(0.3, reserved()),
        prop::option::weighted(0.2, any::<bool>()),
        prop::option::weighted(0.2, any::<bool>()),
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
    let invoke = (prop::option::weighted(0.3, 0..=2u32), prop::option::weighted(0.3, 60..=400u32))
        .prop_map(|(max_retry_attempts, max_event_age_s)| InvokeConfigPatch { max_retry_attempts, max_event_age_s });
    let dlq = prop::option::weighted(0.3, prop::option::of(prop::sample::select(DlqTarget::ALL.to_vec())));
    let on_success =
        prop::option::weighted(0.2, prop::option::of(prop::sample::select(Destination::ON_SUCCESS.to_vec())));
    let on_failure =
        prop::option::weighted(0.2, prop::option::of(prop::sample::select(Destination::ON_FAILURE.to_vec())));
    (0..=1000u64, function, invoke, dlq, on_success, on_failure).prop_map(
        |(at, function, invoke_config, dlq, on_success, on_failure)| {
            (at, Change { at_ms: 0, function, invoke_config, dlq, on_success, on_failure })
        },
    )
}

/// Random scenarios that the format accepts, sized so that 10,000 of them run in seconds while
/// still hitting throttles (reserved concurrency 1 to 4 against bursts), the event-age limit, runs
/// cut off by the end of the run, every failure mode, deployments, reprocessings, and synchronous
/// calls with and without the SDK's retries.
fn scenarios() -> impl Strategy<Value = Scenario> {
    let source = (0..3usize, 0..=12u32, 0..=120_000u64, prop_oneof![Just(0u64), 0..=40_000u64]).prop_map(
        |(service, events, start_ms, every_ms)| Source { service: Service::ALL[service], events, start_ms, every_ms },
    );
    let function = (1..=20_000u32, 1..=10u32, failures(), reserved(), any::<bool>(), any::<bool>()).prop_map(
        |(duration_ms, timeout_s, failure, reserved_concurrency, idempotent, fails_after_side_effect)| FunctionConfig {
            duration_ms,
            timeout_s,
            failure,
            reserved_concurrency,
            idempotent,
            fails_after_side_effect,
        },
    );
    let invoke = (0..=2u32, prop_oneof![60..=400u32, 60..=21_600u32])
        .prop_map(|(max_retry_attempts, max_event_age_s)| InvokeConfig { max_retry_attempts, max_event_age_s });
    let dlq = prop::option::of(prop::sample::select(DlqTarget::ALL.to_vec()));
    let on_success = prop::option::of(prop::sample::select(Destination::ON_SUCCESS.to_vec()));
    let on_failure = prop::option::of(prop::sample::select(Destination::ON_FAILURE.to_vec()));
    let duplicate_rate = prop_oneof![2 => Just(0.0), 2 => 0.0..=1.0f64, 1 => Just(1.0)];
    let run_for_s = prop_oneof![60..=900u32, 900..=3600u32];
    let invocation = (prop_oneof![3 => Just(Invocation::Async), 1 => Just(Invocation::Sync)], any::<bool>());
    let changes = prop_oneof![1 => Just(Vec::new()), 2 => prop::collection::vec(change(), 1..=3)];
    let reprocess = prop_oneof![
        1 => Just(Vec::new()),
        2 => prop::collection::vec((0..=1000u64, prop::option::weighted(0.3, 0..12usize)), 1..=2),
    ];
    (
        (any::<u64>(), run_for_s, invocation),
        prop::collection::vec(source, 1..=3),
        function,
        invoke,
        (dlq, on_success, on_failure),
        duplicate_rate,
        (changes, reprocess),
    )
        .prop_map(
            |(
                (seed, run_for_s, (invocation, sdk)),
                sources,
                function,
                invoke_config,
                (dlq, on_success, on_failure),
                duplicate_rate,
                (changes, reprocess),
            )| {
                let at = |permille: u64| u64::from(run_for_s) * permille;
                // A change must change something (the format refuses one that does not).
                let mut changes: Vec<Change> =
                    changes.into_iter().map(|(p, c)| Change { at_ms: at(p), ..c }).filter(|c| !c.is_empty()).collect();
                changes.sort_by_key(|c| c.at_ms);
                let mut reprocess: Vec<Reprocess> =
                    reprocess.into_iter().map(|(p, event)| Reprocess { at_ms: at(p), event }).collect();
                reprocess.sort_by_key(|r| r.at_ms);
                Scenario {
                    version: 1,
                    seed,
                    run_for_s,
                    invocation,
                    caller_retries: if sdk { CallerRetries::SdkStandard } else { CallerRetries::None },
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

/// The highest concurrency limit the run ever had.
fn highest_limit(s: &Scenario) -> u32 {
    s.settings_over_run().map(|set| Concurrency::of(set.function.reserved_concurrency).limit).max().unwrap()
}

/// When the rules last decided about the regular attempt that started at `start`: the end of the
/// attempt before it or the latest throttle before it, whichever came last.
fn decided_at(e: &lab_core::EventRecord, previous_end: Option<AwsMillis>, start: AwsMillis) -> Option<AwsMillis> {
    let throttle = e.throttle_times.iter().copied().filter(|&t| t < start).max();
    previous_end.max(throttle)
}

fn check_events(s: &Scenario, run: &Run) {
    let run_for = s.run_for_ms();
    let sync = s.invocation == Invocation::Sync;
    let sent: u64 =
        s.sources.iter().map(|src| (0..src.events).filter(|&i| src.send_time(i) <= run_for).count() as u64).sum();
    let c = run.counts;
    assert_eq!(c.received, sent + c.reprocessed, "every event sent before the end is received, and each one sent back");
    assert_eq!(run.events.len() as u64, c.received);
    assert_eq!(Outcome::ALL.iter().map(|&o| c.of(o)).sum::<u64>(), c.received, "conservation");
    for o in Outcome::ALL {
        assert_eq!(run.events.iter().filter(|e| e.outcome == o).count() as u64, c.of(o), "{o:?}");
        if !o.occurs_in(s.invocation) {
            assert_eq!(c.of(o), 0, "{o:?} in a {:?} run", s.invocation);
        }
    }
    assert!(run.events.windows(2).all(|w| w[0].received_ms <= w[1].received_ms), "arrival order");
    let idempotent_somewhere = s.settings_over_run().any(|set| set.function.idempotent);
    let idempotent_always = s.settings_over_run().all(|set| set.function.idempotent);

    for (i, e) in run.events.iter().enumerate() {
        let regular: Vec<_> = e.attempts.regular().collect();
        let duplicates = e.attempts.len() - regular.len();
        assert_eq!(e.outcome == Outcome::InFlight, e.ended_ms.is_none());
        assert_eq!(e.invocation, if e.origin.is_some() { Invocation::Async } else { s.invocation });
        let most = if sync { 1 } else { 3 };
        assert!(regular.len() + usize::from(e.unfinished.is_some()) <= most, "at most {most} attempts");
        assert!(duplicates + usize::from(e.unfinished_duplicate.is_some()) <= usize::from(!sync), "duplicates");
        if let Some(end) = e.ended_ms {
            assert!(e.received_ms <= end && end <= run_for);
        }
        for a in e.attempts.as_slice() {
            assert!(e.received_ms <= a.start_ms && a.end_ms <= run_for);
            // Each run is the version in force when it started.
            let f = s.settings_at(a.start_ms).function;
            let timeout = u64::from(f.timeout_s) * 1000;
            let length = a.end_ms - a.start_ms;
            match a.result {
                AttemptResult::Timeout => assert_eq!(length, timeout, "a timeout ends at exactly the timeout"),
                _ => assert!(length == u64::from(f.duration_ms) && length < timeout, "finished before the timeout"),
            }
        }
        let mut previous_end = None;
        for (k, a) in regular.iter().enumerate() {
            match decided_at(e, previous_end, a.start_ms) {
                None => assert_eq!(a.start_ms, e.received_ms, "a first try that was never put off starts at once"),
                Some(d) if !sync => {
                    let max_age = u64::from(s.settings_at(d).invoke_config.max_event_age_s) * 1000;
                    assert!(a.start_ms - e.received_ms <= max_age, "no try starts past the maximum age of its time");
                }
                Some(_) => {}
            }
            if k + 1 < regular.len() {
                // A failure that was retried: retries remained when it ended.
                assert!(a.result.failed(), "only a failed attempt is retried");
                let max = s.settings_at(a.end_ms).invoke_config.max_retry_attempts;
                assert!((k as u32) < max, "retried within the retries in force when it failed");
                assert!(regular[k + 1].start_ms >= a.end_ms + 60_000, "a retry waits over a minute");
            }
            previous_end = Some(a.end_ms);
        }
        let ended_after_last = |e: &lab_core::EventRecord| e.ended_ms == regular.last().map(|a| a.end_ms);
        let at_end = e.ended_ms.map(|t| s.settings_at(t));
        match e.outcome {
            Outcome::Succeeded => {
                assert_eq!(regular.last().unwrap().result, AttemptResult::Success);
                assert!(ended_after_last(e));
            }
            Outcome::RetriesExhausted => {
                let max = at_end.unwrap().invoke_config.max_retry_attempts;
                assert!(regular.len() as u32 > max, "the retries in force when it last failed were used up");
                assert!(regular.iter().all(|a| a.result.failed()) && ended_after_last(e));
            }
            Outcome::EventAgeExceeded => {
                assert!(regular.iter().all(|a| a.result.failed()));
                // Given up right after a failed attempt, or at the throttle whose wait was too long.
                assert!(ended_after_last(e) || e.ended_ms == e.throttle_times.last().copied());
            }
            Outcome::ZeroReservedConcurrency => {
                assert_eq!(at_end.unwrap().function.reserved_concurrency, Some(0), "sent on while reserved is 0");
                assert!(regular.iter().all(|a| a.result.failed()));
            }
            Outcome::ErrorToCaller => {
                assert_eq!(regular.len(), 1);
                assert!(regular[0].result.failed() && ended_after_last(e));
            }
            Outcome::ThrottleToCaller => {
                assert!(e.attempts.is_empty() && e.ended_ms == e.throttle_times.last().copied());
                let most = if s.caller_retries == CallerRetries::SdkStandard { 3 } else { 1 };
                assert!((1..=most).contains(&e.throttles), "{} tries", e.throttles);
            }
            Outcome::InFlight => {}
        }
        if !sync && s.settings_at(e.received_ms).function.reserved_concurrency == Some(0) {
            assert_eq!(
                (e.outcome, e.ended_ms, e.attempts.len()),
                (Outcome::ZeroReservedConcurrency, Some(e.received_ms), 0)
            );
        }
        // Where it went is the route under the settings in force when it ended.
        let want = at_end.map(|set| endings(e.invocation, &set, e.outcome)).unwrap_or_default();
        assert_eq!(e.endings, want, "endings of event {i}");
        // Side effects: every run that got as far as its side effect, once per payload when
        // every version is idempotent.
        let reaching = e
            .attempts
            .as_slice()
            .iter()
            .filter(|a| reaches_side_effect(a.result, s.settings_at(a.start_ms).function.fails_after_side_effect))
            .count() as u32;
        assert!(e.side_effects <= reaching, "side effects");
        if !idempotent_somewhere {
            assert_eq!(e.side_effects, reaching, "a handler that is never idempotent acts every time");
        }
        assert!(e.throttle_times.len() as u32 <= e.throttles);
        assert!(e.throttle_times.iter().all(|&t| e.received_ms <= t && t <= run_for));
        assert!(e.unfinished.is_none() || e.outcome == Outcome::InFlight);
        for (start, end) in e.unfinished.into_iter().chain(e.unfinished_duplicate) {
            assert!(start <= run_for && run_for < end);
        }
        // A reprocessed event: a new invocation of the original payload, the instant its message
        // left the SQS DLQ.
        if let Some(origin) = e.origin {
            let from = &run.events[origin.event as usize];
            assert_eq!(from.endings.dlq, Some(DlqTarget::Sqs));
            assert_eq!(from.reprocessed_ms, Some(e.received_ms));
            assert_eq!((e.payload_key(), e.service()), (from.payload_key(), from.service()));
            assert!(s.reprocess.iter().any(|r| r.at_ms == e.received_ms));
            assert_ne!(e.key, from.key);
        }
        if let Some(at) = e.reprocessed_ms {
            assert!(e.ended_ms.is_some_and(|end| end <= at));
            assert_eq!(run.events.iter().filter(|x| x.origin.is_some_and(|o| o.event as usize == i)).count(), 1);
        }
    }
    if idempotent_always {
        let mut per_payload: BTreeMap<u32, (u32, u32)> = BTreeMap::new();
        for e in &run.events {
            let reached = e
                .attempts
                .as_slice()
                .iter()
                .any(|a| reaches_side_effect(a.result, s.settings_at(a.start_ms).function.fails_after_side_effect));
            let p = per_payload.entry(e.payload_key()).or_default();
            p.0 += e.side_effects;
            p.1 += u32::from(reached);
        }
        for (key, (done, reached)) in per_payload {
            assert_eq!(done, reached.min(1), "one side effect per payload {key} with an idempotent handler");
        }
    }

    let limit = highest_limit(s);
    let all_runs = runs(run);
    assert_eq!(all_runs.len() as u64, c.attempts, "every run started is accounted for");
    let peak = peak_overlap(all_runs);
    assert!(peak <= limit, "{peak} runs at once, limit {limit}");
    assert_eq!(peak, c.max_concurrency);
    assert_eq!(run.events.iter().map(|e| u64::from(e.throttles)).sum::<u64>(), c.throttles);
    assert_eq!(run.events.iter().map(|e| u64::from(e.side_effects)).sum::<u64>(), c.side_effects);
    let failures = c.retries_exhausted + c.event_age_exceeded + c.zero_reserved_concurrency;
    let ended_in = |f: fn(&lab_core::EventRecord) -> bool| run.events.iter().filter(|e| f(e)).count() as u64;
    assert_eq!(c.dlq_messages, ended_in(|e| e.endings.dlq.is_some()));
    assert_eq!(c.on_failure_records, ended_in(|e| e.endings.on_failure.is_some()));
    assert_eq!(c.on_success_records, ended_in(|e| e.endings.on_success.is_some()));
    assert_eq!(c.lost, ended_in(|e| e.endings.lost));
    assert_eq!(c.reprocessed, ended_in(|e| e.origin.is_some()));
    assert_eq!(run.reprocessing.len(), s.reprocess.len(), "each reprocessing says what it did");
    assert_eq!(run.reprocessing.iter().map(|r| u64::from(r.sent_back)).sum::<u64>(), c.reprocessed);
    if sync {
        assert_eq!(
            (c.dlq_messages, c.on_success_records, c.on_failure_records, c.lost, c.reprocessed),
            (0, 0, 0, 0, 0)
        );
    }

    let m = &run.metrics.minutes;
    assert_eq!(m.len() as u64, run_for / MINUTE + 1);
    let total = |name| m.iter().map(|x| x.get(name)).sum::<u64>();
    assert_eq!(total(MetricName::Invocations), c.attempts);
    assert_eq!(total(MetricName::Throttles), c.throttles);
    assert_eq!(total(MetricName::AsyncEventsReceived), if sync { 0 } else { c.received });
    assert_eq!(total(MetricName::AsyncEventsDropped), failures);
    let failed_runs = run.events.iter().flat_map(|e| e.attempts.as_slice()).filter(|a| a.result.failed()).count();
    assert_eq!(total(MetricName::Errors), failed_runs as u64);
    assert_eq!(m.iter().map(|x| x.concurrent_executions).max().unwrap(), c.max_concurrency);
}

/// The instants at which the stage can change, the instants just before them, and every minute's
/// first and last instant: enough to see each lane's extremes.
fn moments(s: &Scenario, run: &Run) -> BTreeSet<AwsMillis> {
    let mut t = BTreeSet::new();
    let actions = s.changes.iter().map(|c| c.at_ms).chain(s.reprocess.iter().map(|r| r.at_ms));
    for p in actions {
        t.insert(p);
        t.insert(p.saturating_sub(1));
    }
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
    let limit = highest_limit(s);
    let sync = s.invocation == Invocation::Sync;
    let index = RunIndex::new(run);
    let minutes = &run.metrics.minutes;
    let mut depth = vec![0u64; minutes.len()];
    let mut oldest = vec![0u64; minutes.len()];
    for t in moments(s, run) {
        let lanes = lane_counts(run, t);
        assert_eq!(index.lane_counts(run, t), lanes, "the index agrees with the full scan at {t}");
        let received: Vec<_> = run.events.iter().filter(|e| e.received_ms <= t).collect();
        assert_eq!(lanes.sent.iter().map(|(_, n)| n).sum::<u64>(), received.len() as u64);
        let ended: Vec<_> = received.iter().filter(|e| e.ended_ms.is_some_and(|x| x <= t)).collect();
        // Each ending lane holds the events that ended there, less the messages reprocessed since.
        let resting = |lane: Lane| {
            ended
                .iter()
                .filter(|e| {
                    let sent_there = e.endings.into_iter().any(|x| Lane::of(x) == lane);
                    sent_there && !(lane == Lane::Dlq(DlqTarget::Sqs) && left_dlq(e, t))
                })
                .count() as u64
        };
        for lane in [
            Lane::Success,
            Lane::DestinationSuccess,
            Lane::DestinationFailure,
            Lane::Dlq(DlqTarget::Sqs),
            Lane::Dlq(DlqTarget::Sns),
            Lane::Lost,
            Lane::Caller,
        ] {
            assert_eq!(lanes.get(lane), resting(lane), "{lane:?} at {t}");
        }
        let succeeded = ended.iter().filter(|e| e.outcome == Outcome::Succeeded).count() as u64;
        assert_eq!(lanes.success, succeeded);
        let duplicates_running = received.iter().filter(|e| duplicate_run_at(e, t).is_some()).count() as u64;
        let in_flight = (received.len() - ended.len()) as u64;
        assert_eq!(
            lanes.queue + lanes.retry + lanes.caller_backoff + (lanes.function - duplicates_running),
            in_flight,
            "received = ended + in flight, at {t}"
        );
        if sync {
            assert_eq!((lanes.queue, lanes.retry), (0, 0), "a synchronous call never queues");
            assert_eq!(lanes.callers_waiting, in_flight, "every call in flight has a caller waiting");
        } else {
            assert_eq!((lanes.caller_backoff, lanes.callers_waiting, lanes.caller), (0, 0, 0));
        }
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

/// Nothing before the scenario's first timed action differs from the same scenario without its
/// deployments and reprocessings: every fact before that moment, and every lane.
fn check_history_stays(s: &Scenario, run: &Run) {
    let first = s.changes.iter().map(|c| c.at_ms).chain(s.reprocess.iter().map(|r| r.at_ms)).min();
    let Some(first) = first.filter(|&t| t > 0) else { return };
    let plain = Scenario { changes: Vec::new(), reprocess: Vec::new(), ..s.clone() };
    let before = lab_core::run(&plain, Keep::All);
    let story = |r: &Run| {
        let mut out = Vec::new();
        for (i, rec) in r.events.iter().enumerate() {
            happenings_of(rec, i, None, first - 1, &mut out);
        }
        out.sort_by_key(|h| (h.at, h.event, format!("{:?}", h.fact)));
        out
    };
    assert_eq!(story(run), story(&before), "the story before {first} ms");
    for t in moments(s, run).into_iter().take_while(|&t| t < first) {
        assert_eq!(lane_counts(run, t), lane_counts(&before, t), "the lanes at {t} ms");
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
        check_history_stays(&s, &run);

        let again = lab_core::run(&s, Keep::All);
        prop_assert_eq!(&again, &run, "same scenario and seed, same run");
        let text = |r: &Run| serde_json::to_string(&report(&s, r, false)).unwrap();
        prop_assert_eq!(text(&again), text(&run));

        let recent = lab_core::run(&s, Keep::Recent(3));
        prop_assert_eq!(recent.counts, run.counts);
        prop_assert_eq!(&recent.metrics, &run.metrics);
        prop_assert_eq!(&recent.reprocessing, &run.reprocessing);
        prop_assert!(recent.events.len() <= 3);

        // `simulate --summary`'s run: the same totals and reprocessings, and nothing else.
        let counts = lab_core::run(&s, Keep::Counts);
        prop_assert_eq!(counts.counts, run.counts);
        prop_assert_eq!(&counts.reprocessing, &run.reprocessing);
        prop_assert!(counts.events.is_empty() && counts.metrics.minutes.is_empty());
        let summary = |r: &Run| serde_json::to_string(&report(&s, r, true)).unwrap();
        prop_assert_eq!(summary(&counts), summary(&run));
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
