//! Every question of the course opens a clean link, and its run shows what its answer says.

use lab_core::engine::{Keep, Run};
use lab_core::service::Service;
use lab_core::share::course::{Measure, Question, Reading, QUESTIONS};
use lab_core::share::decode;
use lab_core::time::SECOND;

fn run(q: &Question) -> Run {
    let d = decode(q.scenario);
    assert!(d.problems.is_empty() && d.has_scenario, "{}: {:?}", q.id, d.problems);
    lab_core::run(&d.scenario, Keep::All)
}

fn count(r: &Run, m: Measure) -> u64 {
    match m.read(r) {
        Reading::Count(n) => n,
        Reading::Waits(w) => panic!("{m:?} reads waits: {w:?}"),
    }
}

fn question(id: &str) -> &'static Question {
    QUESTIONS.iter().find(|q| q.id == id).unwrap_or_else(|| panic!("no question {id}"))
}

#[test]
fn every_question_is_well_formed_and_its_run_ends_within_it() {
    assert!(QUESTIONS.len() >= 10);
    for (i, q) in QUESTIONS.iter().enumerate() {
        assert!(q.answer < q.choices.len() && q.choices.len() >= 2, "{}", q.id);
        assert!(QUESTIONS[..i].iter().all(|p| p.id != q.id), "{} is named once", q.id);
        for w in [q.ask, q.reason].iter().chain(q.choices) {
            assert!(!w.en.is_empty() && !w.ko.is_empty(), "{}: both languages", q.id);
        }
        assert!(!q.setting.is_empty() && !q.shows.is_empty(), "{}", q.id);
        let r = run(q);
        assert!(r.counts.received > 0, "{}", q.id);
        assert_eq!(r.counts.in_flight, 0, "{}: the story ends before the run does", q.id);
    }
}

#[test]
fn an_always_failing_s3_upload_runs_three_times_about_one_and_two_minutes_apart() {
    let r = run(question("s3-retries"));
    assert_eq!(count(&r, Measure::Attempts), 3);
    let Reading::Waits(waits) = Measure::RetryWaits.read(&r) else { panic!("waits") };
    assert_eq!(waits.len(), 2);
    assert!((60 * SECOND..75 * SECOND).contains(&waits[0]), "about a minute: {waits:?}");
    assert!((120 * SECOND..145 * SECOND).contains(&waits[1]), "about two minutes: {waits:?}");
    assert_eq!(count(&r, Measure::DlqMessages), 1);
}

#[test]
fn the_seven_asynchronous_services_each_get_202_and_run() {
    let r = run(question("who-async"));
    assert_eq!(count(&r, Measure::Accepted), Service::ALL.len() as u64);
    let services: std::collections::BTreeSet<_> = r.events.iter().filter_map(|e| e.service).collect();
    assert_eq!(services.len(), Service::ALL.len());
    assert_eq!(count(&r, Measure::Succeeded), count(&r, Measure::Accepted));
}

#[test]
fn reserved_concurrency_zero_sends_the_event_to_the_dlq_without_an_attempt() {
    let r = run(question("reserved-zero"));
    assert_eq!(count(&r, Measure::Attempts), 0);
    assert_eq!(count(&r, Measure::DlqMessages), 1);
    assert_eq!(r.counts.zero_reserved_concurrency, 1);
}

#[test]
fn a_dlq_and_an_on_failure_destination_both_receive_the_failed_event() {
    let r = run(question("dlq-and-destination"));
    assert_eq!((count(&r, Measure::DlqMessages), count(&r, Measure::OnFailureRecords)), (1, 1));
}

#[test]
fn the_caller_gets_202_while_the_function_fails_and_retries() {
    let r = run(question("caller-202"));
    assert_eq!(count(&r, Measure::Accepted), 2);
    assert_eq!(count(&r, Measure::Attempts), 6);
    assert_eq!(count(&r, Measure::DlqMessages), 2);
}

#[test]
fn a_throttled_asynchronous_event_goes_back_to_the_queue_without_using_a_retry() {
    let r = run(question("throttling"));
    assert!(count(&r, Measure::Throttles) > 0);
    assert_eq!(count(&r, Measure::Attempts), 5, "one attempt each");
    assert_eq!(count(&r, Measure::Succeeded), 5);
}

#[test]
fn a_sixty_second_event_age_allows_one_attempt_then_the_dlq() {
    let r = run(question("event-age-60"));
    assert_eq!(count(&r, Measure::Attempts), 1);
    assert_eq!(count(&r, Measure::DlqMessages), 1);
    assert_eq!(r.counts.event_age_exceeded, 1);
}

#[test]
fn duplicate_deliveries_repeat_a_handlers_side_effects() {
    let r = run(question("idempotency"));
    assert!(count(&r, Measure::Duplicates) > 0);
    assert_eq!(count(&r, Measure::SideEffects), count(&r, Measure::Accepted) + count(&r, Measure::Duplicates));
}

#[test]
fn the_event_shape_questions_run_the_service_they_name() {
    let first = |id| run(question(id)).events[0].service.map(|s| s.name());
    assert_eq!(first("ses-shape"), Some("ses"));
    assert_eq!(first("eventbridge-shape"), Some("eventbridge"));
    assert_eq!(first("codepipeline-job"), Some("codepipeline"));
    let rng = lab_core::rng::Rng::new(1);
    let shape = |s| lab_core::payload::event_payload(&rng, s, 0, 0, 0);
    assert!(shape(Service::Ses)["Records"][0]["ses"]["mail"].is_object());
    let eb = shape(Service::EventBridge);
    assert!(eb.get("Records").is_none() && eb["detail-type"].is_string() && eb["detail"].is_object(), "{eb}");
    assert!(shape(Service::CodePipeline)["CodePipeline.job"]["id"].is_string());
}
