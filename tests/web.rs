//! Components mounted in headless Chromium (`wasm-bindgen-test`), checked through the DOM.
#![cfg(target_arch = "wasm32")]

use lab_core::scenario::{ErrorKind, FailureMode};
use lab_core::time::MINUTE;
use lambda_async_lab::i18n::{I18n, Lang};
use lambda_async_lab::state::{page_default_scenario, Lab};
use leptos::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn container() -> web_sys::HtmlElement {
    let doc = document();
    let div = doc.create_element("div").unwrap();
    doc.body().unwrap().append_child(&div).unwrap();
    div.unchecked_into()
}

fn text(root: &web_sys::HtmlElement, testid: &str) -> String {
    root.query_selector(&format!("[data-testid=\"{testid}\"]"))
        .unwrap()
        .unwrap_or_else(|| panic!("{testid} is rendered"))
        .text_content()
        .unwrap_or_default()
}

async fn next_frame() {
    gloo_timers::future::TimeoutFuture::new(30).await;
}

/// Mounts the page with a given lab, paused, so the test decides the time.
fn mount_lab(lang: Lang, setup: impl FnOnce(&Lab) + 'static) -> (web_sys::HtmlElement, Lab) {
    let root = container();
    let slot: std::rc::Rc<std::cell::RefCell<Option<Lab>>> = Default::default();
    let out = slot.clone();
    let handle = leptos::mount::mount_to(root.clone(), move || {
        provide_context(I18n { lang: RwSignal::new(lang) });
        let lab = Lab::new(page_default_scenario());
        lab.clock.playing.set(false);
        setup(&lab);
        provide_context(lab);
        *out.borrow_mut() = Some(lab);
        view! { <lambda_async_lab::app::Lab_ /> }
    });
    handle.forget();
    let lab = slot.borrow().expect("mounted");
    (root, lab)
}

#[wasm_bindgen_test]
async fn stage_shows_every_skeleton_lane_with_digits() {
    let (root, _) = mount_lab(Lang::En, |_| {});
    next_frame().await;
    for lane in ["queue", "function", "success", "dlq-sqs", "source-s3"] {
        let n = text(&root, &format!("count-{lane}"));
        assert!(n.chars().all(|c| c.is_ascii_digit()) && !n.is_empty(), "count-{lane} is digits: {n:?}");
    }
}

#[wasm_bindgen_test]
async fn always_failing_events_are_in_the_dlq_lane_after_the_retries() {
    let (root, lab) = mount_lab(Lang::En, |lab| {
        lab.scenario.update(|s| s.function.failure = FailureMode::Always { error: ErrorKind::Error });
    });
    next_frame().await;
    assert_eq!(text(&root, "count-dlq-sqs"), "0");
    // The default scenario sends 3 events 10 s apart; after ~3.3 AWS minutes all three are done.
    lab.clock.seek(5 * MINUTE);
    next_frame().await;
    assert_eq!(text(&root, "count-dlq-sqs"), "3");
    assert_eq!(text(&root, "count-success"), "0");
    // Scrubbing back puts them back where they were.
    lab.clock.seek(70_000);
    next_frame().await;
    assert_eq!(text(&root, "count-dlq-sqs"), "0");
    assert_eq!(
        text(&root, "count-retry").parse::<u32>().unwrap() + text(&root, "count-function").parse::<u32>().unwrap(),
        3
    );
}

#[wasm_bindgen_test]
async fn korean_labels_replace_english_ones() {
    let (root, _) = mount_lab(Lang::Ko, |_| {});
    next_frame().await;
    let stage = text(&root, "lane-queue");
    assert!(stage.contains("대기열"), "queue lane in Korean: {stage}");
}

/// The browser runs the same scenarios to the same fingerprints as the native build
/// (`core/tests/fingerprint.rs` records them): same scenario + seed ⇒ same run, everywhere.
#[wasm_bindgen_test]
fn wasm_runs_match_the_native_fingerprints() {
    const SCENARIOS: &str = include_str!("../core/tests/fixtures/fingerprint-scenarios.json");
    const EXPECTED: &str = include_str!("../core/tests/fixtures/fingerprints.txt");
    const BIG: &str = include_str!("../bench/big-scenario.json");
    let list: Vec<serde_json::Value> = serde_json::from_str(SCENARIOS).unwrap();
    let mut got = String::new();
    for entry in &list {
        let name = entry["name"].as_str().unwrap();
        let text = if entry.get("file").is_some() { BIG.to_string() } else { entry["scenario"].to_string() };
        let s = lab_core::Scenario::from_json(&text).unwrap();
        let run = lab_core::run(&s, lab_core::Keep::All);
        got.push_str(&format!("{name} {}\n", lab_core::fingerprint::fingerprint_hex(&run)));
    }
    assert_eq!(got, EXPECTED);
}

// ---- Sharing (src/share): links, the banner, presets, embed mode ----

/// Mounts the page as a link would open it (without touching this page's own address).
fn mount_link(lang: Lang, query: &str) -> (web_sys::HtmlElement, Lab) {
    use lambda_async_lab::share::{Boot, Share};
    let root = container();
    let slot: std::rc::Rc<std::cell::RefCell<Option<Lab>>> = Default::default();
    let out = slot.clone();
    let boot = Boot::from_query(query);
    let handle = leptos::mount::mount_to(root.clone(), move || {
        provide_context(I18n { lang: RwSignal::new(boot.lang().unwrap_or(lang)) });
        let lab = Lab::new(boot.scenario());
        lab.clock.playing.set(false);
        provide_context(lab);
        let share = Share::new(boot.embed(), boot.lang().is_some());
        share.notice.set(boot.notice());
        share.course.set(boot.course());
        provide_context(share);
        *out.borrow_mut() = Some(lab);
        view! { <lambda_async_lab::app::Lab_ /> }
    });
    handle.forget();
    let lab = slot.borrow().expect("mounted");
    (root, lab)
}

fn click(root: &web_sys::HtmlElement, testid: &str) {
    root.query_selector(&format!("[data-testid=\"{testid}\"]"))
        .unwrap()
        .unwrap_or_else(|| panic!("{testid} is rendered"))
        .unchecked_into::<web_sys::HtmlElement>()
        .click();
}

fn has(root: &web_sys::HtmlElement, selector: &str) -> bool {
    root.query_selector(selector).unwrap().is_some()
}

#[wasm_bindgen_test]
async fn a_link_with_bad_keys_names_them_in_the_banner_and_runs_the_rest() {
    let (root, lab) = mount_link(Lang::En, "?v=1&retries=9&dlq=sns&colour=red");
    next_frame().await;
    let banner = text(&root, "error-banner");
    assert!(banner.contains("retries") && banner.contains("0 ..= 2"), "{banner}");
    assert!(banner.contains("colour") && banner.contains("not a setting"), "{banner}");
    assert_eq!(lab.scenario.with_untracked(|s| s.dlq), Some(lab_core::scenario::DlqTarget::Sns));
    assert_eq!(lab.scenario.with_untracked(|s| s.invoke_config.max_retry_attempts), 2, "the default stands in");
    click(&root, "btn-dismiss-error");
    next_frame().await;
    assert!(!has(&root, "[data-testid=\"error-banner\"]"));
}

#[wasm_bindgen_test]
async fn the_presets_gallery_lists_every_preset_and_explains_the_one_playing() {
    use lab_core::share::PresetId;
    let (root, lab) = mount_link(Lang::Ko, "");
    next_frame().await;
    assert_eq!(root.query_selector_all("a.preset").unwrap().length() as usize, PresetId::ALL.len());
    assert!(!has(&root, "[data-testid=\"preset-notice\"]"), "the page's own start is no preset");
    lab.scenario.set(PresetId::Throttling.scenario());
    next_frame().await;
    let notice = root.query_selector("[data-testid=\"preset-notice\"]").unwrap().expect("a preset plays");
    assert_eq!(notice.get_attribute("data-preset").as_deref(), Some("throttling"));
    assert!(notice.text_content().unwrap_or_default().contains("스로틀링"));
    assert!(text(&root, "btn-copy-link").contains("링크 복사"));
}

#[wasm_bindgen_test]
async fn embed_mode_keeps_the_stage_and_the_transport_and_drops_the_rest() {
    let (root, _) = mount_link(Lang::En, "?v=1&fail=always&embed=1");
    next_frame().await;
    assert!(has(&root, "[data-embed=\"1\"]"));
    for kept in ["stage", "btn-play", "btn-open-full"] {
        assert!(has(&root, &format!("[data-testid=\"{kept}\"]")), "{kept} in the embed");
    }
    for gone in ["share", "presets"] {
        assert!(!has(&root, &format!("[data-testid=\"{gone}\"]")), "{gone} is not in the embed");
    }
}

#[wasm_bindgen_test]
async fn the_speed_menu_offers_each_speed_a_link_can_name() {
    use lab_core::share::SPEEDS;
    let (root, lab) = mount_lab(Lang::En, |_| {});
    next_frame().await;
    let menu: web_sys::HtmlSelectElement =
        root.query_selector("[data-testid=\"speed\"]").unwrap().expect("the speed menu").unchecked_into();
    assert_eq!(menu.length() as usize, SPEEDS.len());
    for (i, speed) in SPEEDS.into_iter().enumerate() {
        menu.set_selected_index(i as i32);
        menu.dispatch_event(&web_sys::Event::new("change").unwrap()).unwrap();
        next_frame().await;
        assert_eq!(lab.clock.speed.get_untracked(), speed, "option {i}");
    }
}

/// Types `text` into the settings field `testid` and commits it, as leaving the field does.
fn enter(root: &web_sys::HtmlElement, testid: &str, text: &str) {
    let input: web_sys::HtmlInputElement =
        root.query_selector(&format!("[data-testid=\"{testid}\"]")).unwrap().expect(testid).unchecked_into();
    input.set_value(text);
    input.dispatch_event(&web_sys::Event::new("change").unwrap()).unwrap();
}

fn input_value(root: &web_sys::HtmlElement, testid: &str) -> String {
    root.query_selector(&format!("[data-testid=\"{testid}\"]"))
        .unwrap()
        .expect(testid)
        .unchecked_into::<web_sys::HtmlInputElement>()
        .value()
}

#[wasm_bindgen_test]
async fn a_settings_field_refuses_a_value_out_of_range_and_an_emptied_one_takes_the_default() {
    use lab_core::scenario::Scenario;
    let (root, lab) = mount_lab(Lang::En, |lab| lab.scenario.update(|s| s.function.reserved_concurrency = Some(5)));
    next_frame().await;
    let before = lab.scenario.get_untracked();
    enter(&root, "set-timeout", "5000");
    enter(&root, "set-duration", "");
    enter(&root, "set-reserved", "");
    next_frame().await;
    let s = lab.scenario.get_untracked();
    assert_eq!(s.function.timeout_s, before.function.timeout_s, "an entry out of range changes nothing");
    assert_eq!(input_value(&root, "set-timeout"), "5000", "the field keeps what was typed");
    assert_eq!(s.function.duration_ms, Scenario::default().function.duration_ms, "the format's default");
    assert_eq!(s.function.reserved_concurrency, None, "an empty reserved concurrency is the account pool");
}

#[wasm_bindgen_test]
async fn an_out_of_range_setting_is_named_beside_its_field_until_a_valid_one_is_typed() {
    let (root, lab) = mount_lab(Lang::En, |_| {});
    next_frame().await;
    let kept = lab.scenario.with_untracked(|s| s.invoke_config.max_event_age_s);
    enter(&root, "set-max-age", "30");
    next_frame().await;
    let error = text(&root, "field-error");
    assert!(error.contains("30") && error.contains("60 ..= 21600 s"), "{error}");
    assert!(error.contains(&kept.to_string()), "says what the scenario keeps: {error}");
    assert_eq!(lab.scenario.with_untracked(|s| s.invoke_config.max_event_age_s), kept);
    assert_eq!(input_value(&root, "set-max-age"), "30");
    enter(&root, "set-max-age", "120");
    next_frame().await;
    assert!(!has(&root, "[data-testid=\"field-error\"]"), "a valid entry clears the message");
    assert_eq!(lab.scenario.with_untracked(|s| s.invoke_config.max_event_age_s), 120);
}

fn all_texts(root: &web_sys::HtmlElement, testid: &str) -> Vec<String> {
    let list = root.query_selector_all(&format!("[data-testid=\"{testid}\"]")).unwrap();
    (0..list.length()).filter_map(|i| list.item(i)).map(|n| n.text_content().unwrap_or_default()).collect()
}

#[wasm_bindgen_test]
async fn retry_waits_count_down_and_the_narration_tells_the_next_try() {
    let (root, lab) = mount_lab(Lang::En, |lab| {
        lab.scenario.update(|s| s.function.failure = FailureMode::Always { error: ErrorKind::Error });
    });
    // 30 s in: the three events (sent at 0, 10 and 20 s) all failed once and wait for retry 1.
    lab.clock.seek(30_000);
    next_frame().await;
    assert_eq!(text(&root, "count-retry"), "3");
    let rows = all_texts(&root, "countdown");
    assert_eq!(rows.len(), 3, "{rows:?}");
    assert!(rows.iter().all(|r| r.contains("retry 1 of 2 in 0:")), "{rows:?}");
    assert!(rows[0].starts_with("S3 event #1"), "soonest first: {rows:?}");
    let said = text(&root, "narration");
    assert!(said.contains("S3 event #3 failed (attempt 1 of 3); next try in 1:0"), "{said}");
    assert_eq!(
        root.query_selector("[data-testid=\"why\"]").unwrap().unwrap().get_attribute("data-topic").as_deref(),
        Some("retry")
    );
    // The myth and the correction stand beside the stage.
    assert!(text(&root, "myth").contains("There is no immediate retry"));
}

#[wasm_bindgen_test]
async fn choosing_a_timeline_row_opens_the_event_in_the_inspector() {
    let (root, lab) = mount_lab(Lang::En, |lab| {
        lab.scenario.update(|s| s.function.failure = FailureMode::Always { error: ErrorKind::Error });
    });
    lab.clock.seek(5 * MINUTE);
    next_frame().await;
    assert!(text(&root, "inspector").contains("Click a token"));
    let row: web_sys::HtmlElement = root
        .query_selector("[data-testid=\"event-row\"][data-event=\"1\"]")
        .unwrap()
        .expect("a row per event")
        .unchecked_into();
    row.click();
    next_frame().await;
    let story = text(&root, "inspector-story");
    assert!(story.contains("S3 event #2"), "{story}");
    assert_eq!(all_texts(&root, "inspector-attempt").len(), 3);
    assert!(text(&root, "dlq-attr-ErrorCode").contains("200"));
    // Scrubbing back hides what had not happened yet.
    lab.clock.seek(30_000);
    next_frame().await;
    assert_eq!(all_texts(&root, "inspector-attempt").len(), 1);
    assert!(root.query_selector("[data-testid=\"dlq-attributes\"]").unwrap().is_none());
}

// ---- The panels (issue 14): the whole story, the latest rule, the exact failure mode, the metrics' figures ----

fn always_failing(lab: &Lab) {
    lab.scenario.update(|s| s.function.failure = FailureMode::Always { error: ErrorKind::Error });
}

#[wasm_bindgen_test]
async fn the_narration_keeps_the_whole_story_up_to_the_shown_moment_in_both_directions() {
    let (root, lab) = mount_lab(Lang::En, always_failing);
    lab.clock.seek(10 * MINUTE);
    next_frame().await;
    let told = text(&root, "narration");
    for said in [
        "S3 event #1 failed (attempt 3 of 3); retries exhausted → DLQ (SQS queue)",
        "S3 event #3 failed (attempt 3 of 3); retries exhausted → DLQ (SQS queue)",
        "S3 event #1: S3 got 202 Accepted",
    ] {
        assert!(told.contains(said), "{said:?} in {told}");
    }
    assert!(!told.contains("Nothing has happened yet"), "{told}");
    // Scrubbing back drops what happened after the moment; forward brings it back.
    lab.clock.seek(90_000);
    next_frame().await;
    let back = text(&root, "narration");
    assert!(!back.contains("attempt 3 of 3"), "{back}");
    assert!(
        back.contains("S3 event #1 failed (attempt 2 of 3)") || back.contains("S3 event #1: attempt 2 of 3 started"),
        "{back}"
    );
    lab.clock.seek(10 * MINUTE);
    next_frame().await;
    assert_eq!(text(&root, "narration"), told);
    // Each line takes the clock to its moment.
    let lines = root.query_selector_all("[data-testid=\"narration-line\"]").unwrap();
    let oldest: web_sys::HtmlElement = lines.item(lines.length() - 1).unwrap().unchecked_into();
    let at: u64 = oldest.get_attribute("data-at").unwrap().parse().unwrap();
    oldest.click();
    next_frame().await;
    assert_eq!(lab.clock.now.get_untracked(), at);
    assert!(!lab.clock.playing.get_untracked(), "a line pauses the clock at its moment");
}

/// The page with a story longer than the narration keeps: an event a second for 400 seconds.
fn mount_long_story() -> (web_sys::HtmlElement, Lab) {
    mount_lab(Lang::En, |lab| {
        lab.scenario.update(|s| {
            s.sources[0].events = 400;
            s.sources[0].every_ms = 1_000;
            s.run_for_s = 900;
        })
    })
}

#[wasm_bindgen_test]
async fn a_long_story_keeps_its_newest_lines_and_counts_the_earlier_ones() {
    use lambda_async_lab::narration::LOG_MAX;
    let (root, lab) = mount_long_story();
    lab.clock.seek(15 * MINUTE);
    next_frame().await;
    let shown = all_texts(&root, "narration-line");
    assert_eq!(shown.len(), LOG_MAX);
    // Every happening of the run is either on a line or counted: a success and the event's end
    // share a line.
    let all = lab.run.with_untracked(|r| run_index(r).happenings(r, None, 15 * MINUTE, usize::MAX).len());
    let on_lines = shown.len() + shown.iter().filter(|l| l.contains("succeeded")).count();
    let earlier = text(&root, "narration-earlier");
    let n: usize = earlier.split_whitespace().find_map(|w| w.parse().ok()).expect("a count");
    assert_eq!(n, all - on_lines, "{earlier}");
    assert_eq!(all, 400 * 4, "received, started, finished, ended: four happenings an event");
}

fn run_index(run: &lab_core::Run) -> lab_core::moment::RunIndex {
    lab_core::moment::RunIndex::new(run)
}

fn topic(root: &web_sys::HtmlElement) -> String {
    root.query_selector("[data-testid=\"why\"]").unwrap().unwrap().get_attribute("data-topic").unwrap_or_default()
}

#[wasm_bindgen_test]
async fn the_why_panel_follows_the_latest_happening_or_the_selected_event() {
    use lab_core::scenario::{Service, Source};
    let (root, lab) = mount_lab(Lang::En, |lab| {
        always_failing(lab);
        lab.scenario.update(|s| s.sources[0].events = 1);
    });
    let end1 = lab.run.with_untracked(|r| r.events[0].ended_ms.expect("gives up within the run"));
    // A second event arrives ten seconds after the first one gave up.
    lab.scenario
        .update(|s| s.sources.push(Source { service: Service::S3, events: 1, start_ms: end1 + 10_000, every_ms: 0 }));
    assert_eq!(lab.run.with_untracked(|r| r.events[0].ended_ms), Some(end1));
    lab.clock.seek(end1);
    next_frame().await;
    assert_eq!(topic(&root), "dlq-sqs", "the first event has just gone to the DLQ");
    lab.clock.seek(end1 + 10_000);
    next_frame().await;
    assert_eq!(topic(&root), "running", "what just happened is the second event's first run");
    let row: web_sys::HtmlElement =
        root.query_selector("[data-testid=\"event-row\"][data-event=\"0\"]").unwrap().expect("row").unchecked_into();
    row.click();
    next_frame().await;
    assert_eq!(topic(&root), "dlq-sqs", "the selected event's rule");
}

fn selected_option(root: &web_sys::HtmlElement, testid: &str) -> String {
    let select: web_sys::HtmlSelectElement =
        root.query_selector(&format!("[data-testid=\"{testid}\"]")).unwrap().expect(testid).unchecked_into();
    select.selected_options().item(0).and_then(|o| o.text_content()).unwrap_or_default()
}

#[wasm_bindgen_test]
async fn the_toolbar_names_exactly_the_scenarios_failure_mode() {
    use lab_core::share::PresetId;
    let (root, lab) = mount_lab(Lang::En, |lab| lab.scenario.set(PresetId::Destinations.scenario()));
    next_frame().await;
    assert_eq!(selected_option(&root, "fail-mode"), "50 % of attempts");
    lab.scenario.update(|s| s.function.failure = FailureMode::First { n: 2, error: ErrorKind::Error });
    next_frame().await;
    assert_eq!(selected_option(&root, "fail-mode"), "first 2 attempts");
    lab.scenario.update(|s| s.function.failure = FailureMode::Rate { p: 0.3, error: ErrorKind::Timeout });
    next_frame().await;
    assert_eq!(selected_option(&root, "fail-mode"), "30 % of attempts");
    assert_eq!(root.query_selector_all("[data-testid=\"fail-mode\"] option").unwrap().length(), 4, "no extra choice");
    let (ko, _) = mount_lab(Lang::Ko, |lab| lab.scenario.set(PresetId::Destinations.scenario()));
    next_frame().await;
    assert_eq!(selected_option(&ko, "fail-mode"), "시도의 50 %");
}

#[wasm_bindgen_test]
async fn each_metric_headline_is_the_runs_figure_under_its_statistic() {
    use lab_core::metrics::MetricName;
    use lab_core::share::PresetId;
    let (root, lab) = mount_lab(Lang::En, |lab| lab.scenario.set(PresetId::Throttling.scenario()));
    lab.clock.seek(lab.clock.end.get_untracked());
    next_frame().await;
    let (throttles, peak) = lab.run.with_untracked(|r| {
        let m = &r.metrics.minutes;
        (
            m.iter().map(|x| x.get(MetricName::Throttles)).sum::<u64>(),
            m.iter().map(|x| x.get(MetricName::ConcurrentExecutions)).max().unwrap_or(0),
        )
    });
    assert!(throttles > 0);
    assert_eq!(text(&root, "metric-Throttles"), throttles.to_string());
    assert_eq!(text(&root, "metric-stat-Throttles"), "Sum");
    assert_eq!(text(&root, "metric-ConcurrentExecutions"), peak.to_string());
    assert_eq!(text(&root, "metric-stat-ConcurrentExecutions"), "Maximum");
    assert_eq!(text(&root, "metric-stat-AsyncEventAge"), "Maximum");
}

// ---- The course (src/course.rs) ----

#[wasm_bindgen_test]
async fn answering_a_course_question_records_the_answer_and_plays_its_scenario() {
    use lab_core::share::course::QUESTIONS;
    let (root, lab) = mount_link(Lang::En, "?course=1&q=3");
    next_frame().await;
    assert_eq!(
        root.query_selector_all("[data-testid=\"course-question\"]").unwrap().length() as usize,
        QUESTIONS.len()
    );
    let shown = "[data-testid=\"course-question\"]:not([hidden])";
    let question = root.query_selector(shown).unwrap().expect("one question shown");
    assert_eq!(question.get_attribute("data-q").as_deref(), Some(QUESTIONS[2].id));
    assert!(!has(&root, "[data-testid=\"course-evidence\"]"), "its run is not on the stage yet");
    let right = format!(
        "{shown} [data-testid=\"course-choice\"][data-choice=\"{}\"]",
        (b'a' + QUESTIONS[2].answer as u8) as char
    );
    root.query_selector(&right).unwrap().expect("the right choice").unchecked_into::<web_sys::HtmlElement>().click();
    next_frame().await;
    assert_eq!(lab.scenario.get_untracked(), lab_core::share::decode(QUESTIONS[2].scenario).scenario);
    assert!(text(&root, "course-feedback").contains("Right"));
    let evidence =
        root.query_selector(&format!("{shown} [data-testid=\"course-evidence\"]")).unwrap().expect("the run's figures");
    assert!(evidence.text_content().unwrap_or_default().contains("attempts: 0"), "reserved concurrency 0 runs nothing");
    assert!(text(&root, "course-score").contains("1 right of 1 answered"));
}

// ---- Synchronous beside asynchronous (src/compare.rs) ----

fn text_in(root: &web_sys::HtmlElement, within: &str, testid: &str) -> String {
    text(
        &root.query_selector(&format!("[data-testid=\"{within}\"]")).unwrap().expect("rendered").unchecked_into(),
        testid,
    )
}

#[wasm_bindgen_test]
async fn the_compare_button_opens_both_runs_an_always_failing_function_fills_the_dlq_on_one_side_and_answers_unhandled_on_the_other(
) {
    let (root, lab) = mount_lab(Lang::En, always_failing);
    lab.clock.seek(lab.scenario.with_untracked(|s| s.run_for_ms()));
    next_frame().await;
    assert!(!has(&root, "[data-testid=\"compare\"]"));
    click(&root, "btn-compare");
    next_frame().await;
    assert_eq!(text_in(&root, "compare-async", "cmp-dlq"), "3");
    assert_eq!(text_in(&root, "compare-async", "cmp-accepted"), "3");
    assert_eq!(text_in(&root, "compare-sync", "cmp-unhandled"), "3");
    assert_eq!(text_in(&root, "compare-sync", "cmp-blocked"), "0");
    assert!(has(&root, "[data-testid=\"compare-sync\"] [data-status=\"200 Unhandled\"]"));
    click(&root, "btn-compare");
    next_frame().await;
    assert!(!has(&root, "[data-testid=\"compare\"]"));
}

/// Chooses the option valued `value` of the select `testid`, as a person would.
fn choose(root: &web_sys::HtmlElement, testid: &str, value: &str) {
    let select: web_sys::HtmlSelectElement =
        root.query_selector(&format!("[data-testid=\"{testid}\"]")).unwrap().expect(testid).unchecked_into();
    select.set_value(value);
    select.dispatch_event(&web_sys::Event::new("change").unwrap()).unwrap();
}

#[wasm_bindgen_test]
async fn a_fix_made_mid_run_is_a_deployment_and_the_dlq_lane_sends_its_messages_back() {
    let (root, lab) = mount_lab(Lang::En, always_failing);
    lab.clock.step_to(10 * MINUTE);
    next_frame().await;
    assert_eq!(text(&root, "count-dlq-sqs"), "3");
    assert!(!has(&root, "[data-testid=\"btn-start-over\"]"), "nothing deployed yet");
    choose(&root, "fail-mode", "never");
    next_frame().await;
    let s = lab.scenario.get_untracked();
    assert_eq!(s.function.failure, FailureMode::Always { error: ErrorKind::Error }, "the start stays");
    assert_eq!(s.changes.iter().map(|c| c.at_ms).collect::<Vec<_>>(), [10 * MINUTE]);
    assert_eq!(text(&root, "count-dlq-sqs"), "3", "what happened before the fix stays");
    assert_eq!(selected_option(&root, "fail-mode"), "never", "the toolbar shows what is in force");
    assert!(has(&root, "[data-testid=\"timeline-deploy\"]"));
    click(&root, "btn-reprocess");
    next_frame().await;
    assert_eq!(text(&root, "count-dlq-sqs"), "0");
    assert_eq!(lab.scenario.with_untracked(|s| s.reprocess.len()), 1);
    click(&root, "btn-start-over");
    next_frame().await;
    let s = lab.scenario.get_untracked();
    assert_eq!((s.function.failure, s.changes.len(), s.reprocess.len()), (FailureMode::Never, 0, 0));
    assert_eq!(lab.clock.now.get_untracked(), 0);
}

// ---- Memory (issue 15): playing on leaves the heap as it was ----

/// The browser soak's scenario (`tests/e2e/bench/soak.bench.mjs`): steady traffic, 30 % of runs
/// failing and retrying, a reserved concurrency of 3 that throttles, a few duplicates.
const SOAK: &str = r#"{"version": 1, "seed": 15, "run_for_s": 7200,
  "sources": [{"service": "s3", "events": 3600, "start_s": 0, "every_s": 2}, {"service": "sns", "events": 2400, "start_s": 1, "every_s": 3}],
  "function": {"duration_ms": 4000, "timeout_s": 6, "failure": {"mode": "rate", "p": 0.3, "error": "Error"}, "reserved_concurrency": 3, "idempotent": false},
  "invoke_config": {"max_retry_attempts": 2, "max_event_age_s": 900}, "dlq": "sqs", "duplicate_rate": 0.02}"#;

/// Live bytes the heap may gain over the second stretch: the lists' dead row owners, at most
/// `rows::FRESH_AFTER` of each list's (a few hundred bytes each), and buffers reaching their size.
const FLAT_SLACK_BYTES: usize = 128 * 1024;

#[wasm_bindgen_test]
async fn the_heap_stays_flat_while_the_page_plays_on() {
    use lambda_async_lab::heap_count::snapshot;
    let (root, lab) =
        mount_lab(Lang::En, |lab| lab.scenario.set(lab_core::scenario::Scenario::from_json(SOAK).unwrap()));
    // The clock moves on 10 AWS seconds at a time, as playing does a frame at a time: rows and
    // lines come and go in every panel.
    let mut t = 0;
    let mut play = async |minutes: u64| {
        for _ in 0..minutes * 6 {
            t += 10_000;
            lab.clock.seek(t);
            next_frame().await;
        }
    };
    play(20).await;
    let warm = snapshot();
    play(60).await;
    let end = snapshot();
    // Rows and lines came and went: the newest are of the moment shown.
    let newest = |selector: &str, attribute: &str| -> u64 {
        let first = root.query_selector(selector).unwrap().expect(selector);
        first.get_attribute(attribute).and_then(|a| a.parse().ok()).expect(attribute)
    };
    let sent = lab.run.with_untracked(|r| r.events.partition_point(|e| e.received_ms <= t)) as u64;
    assert_eq!(newest("[data-testid=\"event-row\"]", "data-event"), sent - 1, "the timeline's newest row");
    assert!(newest("[data-testid=\"narration-line\"]", "data-at") + MINUTE >= t, "the narration's newest line");
    let grew = end.live_bytes.saturating_sub(warm.live_bytes);
    console_log!("heap after 20 AWS minutes {warm:?}, after 80 {end:?}: +{grew} bytes");
    assert!(grew <= FLAT_SLACK_BYTES, "the heap grew by {grew} bytes in 60 AWS minutes (at most {FLAT_SLACK_BYTES})");
}

#[wasm_bindgen_test]
async fn what_a_show_makes_again_and_again_leaves_nothing_behind_in_what_it_read() {
    use lambda_async_lab::heap_count::snapshot;
    use lambda_async_lab::rows::row_memo;
    // Outlives what reads it, as the clock and the lanes' numbers outlive a row or a badge.
    let page_wide = RwSignal::new(7u32);
    let shown = RwSignal::new(false);
    let root = container();
    leptos::mount::mount_to(root.clone(), move || {
        view! {
            <Show when=move || shown.get()>
                {
                    let n = row_memo(move |_| page_wide.get());
                    view! { <b data-testid="shown">{n}</b> }
                }
            </Show>
        }
    })
    .forget();
    let come_and_go = async |times: usize| {
        for _ in 0..times {
            shown.set(true);
            gloo_timers::future::TimeoutFuture::new(0).await;
            shown.set(false);
            gloo_timers::future::TimeoutFuture::new(0).await;
        }
    };
    come_and_go(20).await;
    let before = snapshot();
    come_and_go(400).await;
    let after = snapshot();
    shown.set(true);
    page_wide.set(8);
    next_frame().await;
    assert_eq!(text(&root, "shown"), "8", "the memo follows what it read while shown");
    let kept = after.live_allocations.saturating_sub(before.live_allocations);
    assert!(kept < 40, "400 showings left {kept} allocations behind ({before:?} -> {after:?})");
}

#[wasm_bindgen_test]
async fn while_playing_a_list_makes_a_few_new_rows_a_frame_and_paused_it_is_whole() {
    use lambda_async_lab::narration::LOG_MAX;
    use lambda_async_lab::rows::NEW_PER_FRAME;
    let (root, lab) = mount_long_story();
    next_frame().await;
    // Past the narration's catch-up interval, so that the jump below is told at once.
    gloo_timers::future::TimeoutFuture::new(250).await;
    // Playing, a jump to a moment whose lines are all new to the list: the newest come first.
    lab.clock.playing.set(true);
    lab.clock.seek(14 * MINUTE);
    gloo_timers::future::TimeoutFuture::new(0).await;
    let shown = all_texts(&root, "narration-line").len();
    // One frame may have passed while waiting: at most two frames' rows.
    assert!(shown > 0 && shown <= 2 * NEW_PER_FRAME, "{shown} lines in the first frame");
    // Paused, the list is whole at once.
    lab.clock.playing.set(false);
    next_frame().await;
    assert_eq!(all_texts(&root, "narration-line").len(), LOG_MAX);
}
