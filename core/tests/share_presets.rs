//! Each preset shows what its "what to notice" promises, and each is a clean link.

use std::io::Write;

use lab_core::engine::{Keep, Run};
use lab_core::outcome::Outcome;
use lab_core::share::{decode, PresetId};

fn run(p: PresetId) -> Run {
    lab_core::run(&p.scenario(), Keep::All)
}

fn regular_attempts(r: &Run) -> Vec<usize> {
    r.events.iter().map(|e| e.attempts.regular().count()).collect()
}

#[test]
fn every_preset_is_a_link_that_opens_exactly_its_scenario() {
    let mut longest = (0, "");
    for p in PresetId::ALL {
        let q = p.query();
        let d = decode(&q);
        assert!(d.problems.is_empty(), "{}: {:?}", p.slug(), d.problems);
        assert_eq!(d.scenario, p.scenario(), "{}", p.slug());
        assert_eq!(PresetId::matching(&d.scenario), Some(p));
        assert_eq!(PresetId::from_slug(p.slug()), Some(p));
        if q.len() > longest.0 {
            longest = (q.len(), p.slug());
        }
    }
    // Printed past the test harness's capture: the closing note quotes it.
    let _ = writeln!(
        std::io::stderr(),
        "share: longest preset link is {} ({} characters of query: ?{})",
        longest.1,
        longest.0 + 1,
        PresetId::from_slug(longest.1).map(PresetId::query).unwrap_or_default()
    );
    assert!(longest.0 < 200, "preset links stay short enough to read and to tweak by hand");
}

#[test]
fn every_preset_ends_every_event_within_its_run() {
    for p in PresetId::ALL {
        let r = run(p);
        assert!(r.counts.received > 0, "{}", p.slug());
        assert_eq!(r.counts.in_flight, 0, "{}: the story ends before the run does", p.slug());
    }
}

#[test]
fn happy_path_succeeds_first_time_from_two_sources() {
    let r = run(PresetId::HappyPath);
    assert_eq!(r.counts.succeeded, r.counts.received);
    assert!(regular_attempts(&r).iter().all(|&n| n == 1));
    assert_eq!(PresetId::HappyPath.scenario().sources.len(), 2);
}

#[test]
fn always_failing_function_reaches_its_dlq_after_three_attempts() {
    for p in [PresetId::AlwaysFailsSqsDlq, PresetId::AlwaysFailsSnsDlq] {
        let r = run(p);
        assert_eq!(r.counts.retries_exhausted, r.counts.received, "{}", p.slug());
        assert_eq!(r.counts.dlq_messages, r.counts.received, "{}", p.slug());
        assert!(regular_attempts(&r).iter().all(|&n| n == 3), "{}", p.slug());
    }
    assert_ne!(PresetId::AlwaysFailsSqsDlq.scenario().dlq, PresetId::AlwaysFailsSnsDlq.scenario().dlq);
}

#[test]
fn flaky_function_succeeds_on_its_second_attempt() {
    let r = run(PresetId::FlakySecondAttempt);
    assert_eq!(r.counts.succeeded, r.counts.received);
    assert!(regular_attempts(&r).iter().all(|&n| n == 2));
    assert_eq!(r.counts.dlq_messages, 0);
}

#[test]
fn throttling_returns_events_to_the_queue_without_using_retries() {
    let r = run(PresetId::Throttling);
    assert_eq!(r.counts.max_concurrency, 1);
    assert!(r.counts.throttles >= 5, "a burst on one slot throttles: {}", r.counts.throttles);
    assert_eq!(r.counts.succeeded, r.counts.received, "throttles are not failures");
    assert!(regular_attempts(&r).iter().all(|&n| n == 1));
}

#[test]
fn event_age_expiry_cuts_the_retries_short() {
    let r = run(PresetId::EventAgeExpiry);
    assert_eq!(r.counts.event_age_exceeded, r.counts.received);
    assert!(regular_attempts(&r).iter().all(|&n| n == 2), "{:?}", regular_attempts(&r));
    assert_eq!(r.counts.dlq_messages, r.counts.received);
}

#[test]
fn destinations_receive_both_endings_and_no_dlq_is_needed() {
    let r = run(PresetId::Destinations);
    assert!(r.counts.on_success_records > 0 && r.counts.on_failure_records > 0, "{:?}", r.counts);
    assert_eq!(r.counts.dlq_messages, 0);
    let r = run(PresetId::DestinationsAndDlq);
    assert_eq!(r.counts.on_failure_records, r.counts.received);
    assert_eq!(r.counts.dlq_messages, r.counts.received, "a DLQ and an on-failure destination both receive");
}

#[test]
fn duplicates_double_side_effects_unless_the_handler_is_idempotent() {
    let plain = run(PresetId::DuplicatesNotIdempotent);
    let idem = run(PresetId::DuplicatesIdempotent);
    let dups = |r: &Run| r.events.iter().flat_map(|e| e.attempts.as_slice()).filter(|a| a.duplicate).count();
    assert!(dups(&plain) > 0, "the queue delivers some events twice");
    assert_eq!(dups(&plain), dups(&idem), "same seed, same duplicates");
    assert!(plain.counts.side_effects > plain.counts.received);
    assert_eq!(idem.counts.side_effects, idem.counts.received);
    assert!(plain.events.iter().all(|e| e.outcome == Outcome::Succeeded));
}
