//! "Check yourself" (`?course=1`): the core's exam-style questions above the stage. Answering one,
//! or asking to see it, plays its scenario on the stage, and the figures of that run show the
//! answer. The progress is the link's (`q`, `ans`): nothing is stored in the browser, so the
//! course works in a sandboxed `<iframe>` too.

use lab_core::share::course::{Question, Reading, QUESTIONS, QUESTION_COUNT};
use lab_core::share::decode;
use lab_core::Scenario;
use leptos::prelude::*;

use crate::i18n::use_i18n;
use crate::share::use_share;
use crate::state::{use_lab, Lab};

/// The course, when the link opened it.
#[component]
pub fn Course() -> impl IntoView {
    let share = use_share();
    let open = Memo::new(move |_| share.course.with(Option::is_some));
    move || open.get().then(|| view! { <CoursePanel /> })
}

/// The letter of choice `c` (`a` for the first), as `ans` writes it.
fn letter(c: usize) -> char {
    (b'a' + c as u8) as char
}

/// Plays `scenario` on the stage from its start.
fn play(lab: Lab, scenario: &Scenario) {
    lab.scenario.set(scenario.clone());
    lab.clock.seek(0);
    lab.clock.playing.set(true);
}

#[component]
fn CoursePanel() -> impl IntoView {
    let share = use_share();
    let i18n = use_i18n();
    let at = Memo::new(move |_| share.course.with(|c| c.as_ref().map_or(0, |p| p.at)));
    let go = move |q: usize| share.course.update(|c| c.iter_mut().for_each(|p| p.at = q));
    let score = move || {
        let (answered, right) = share.course.with(|c| c.as_ref().map(|p| p.score()).unwrap_or_default());
        i18n.t(|t| (t.course.score)(answered, right, QUESTION_COUNT))
    };
    view! {
        <section class="course panel" data-testid="course" aria-labelledby="course-heading">
            <header class="course-head">
                <h2 id="course-heading">{move || i18n.t(|t| t.course.heading)}</h2>
                <span class="course-score" data-testid="course-score">{score}</span>
            </header>
            <nav class="course-steps" aria-label=move || i18n.t(|t| t.course.go_to)>
                {(0..QUESTION_COUNT)
                    .map(|q| {
                        let state = move || share.course.with(|c| verdict(c.as_ref().and_then(|p| p.right(q))));
                        view! {
                            <button
                                class="course-step"
                                data-testid="course-step"
                                data-state=state
                                aria-current=move || (at.get() == q).then_some("step")
                                on:click=move |_| go(q)
                            >
                                {q + 1}
                            </button>
                        }
                    })
                    .collect_view()}
            </nav>
            {QUESTIONS.iter().enumerate().map(|(index, question)| view! { <QuestionCard index question /> }).collect_view()}
            <nav class="course-nav">
                <button data-testid="course-prev" disabled=move || at.get() == 0 on:click=move |_| go(at.get_untracked().saturating_sub(1))>
                    {move || i18n.t(|t| t.course.previous)}
                </button>
                <button
                    data-testid="course-next"
                    disabled=move || { at.get() + 1 >= QUESTION_COUNT }
                    on:click=move |_| go((at.get_untracked() + 1).min(QUESTION_COUNT - 1))
                >
                    {move || i18n.t(|t| t.course.next)}
                </button>
            </nav>
        </section>
    }
}

/// `right`, `wrong` or `open`, for a question's state attribute.
fn verdict(right: Option<bool>) -> &'static str {
    match right {
        Some(true) => "right",
        Some(false) => "wrong",
        None => "open",
    }
}

/// One question: shown when it is the current one, its feedback once answered, and the figures of
/// its run once that run is on the stage.
#[component]
fn QuestionCard(index: usize, question: &'static Question) -> impl IntoView {
    let share = use_share();
    let i18n = use_i18n();
    let lab = use_lab();
    let scenario = decode(question.scenario).scenario;
    let on_stage = {
        let scenario = scenario.clone();
        Memo::new(move |_| lab.scenario.with(|s| *s == scenario))
    };
    let show = move || play(lab, &scenario);
    let chosen = Memo::new(move |_| share.course.with(|c| c.as_ref().and_then(|p| p.answers[index])));
    let current = move || share.course.with(|c| c.as_ref().is_some_and(|p| p.at == index));
    let answer = {
        let show = show.clone();
        move |choice: usize| {
            share.course.update(|c| {
                c.iter_mut().for_each(|p| {
                    p.answer(index, choice);
                })
            });
            show();
        }
    };
    let words = move |w| i18n.t(|t| (t.words)(w));
    let choices = question
        .choices
        .iter()
        .enumerate()
        .map(|(c, &w)| {
            let answer = answer.clone();
            view! {
                <li>
                    <button
                        class="course-choice"
                        data-testid="course-choice"
                        data-choice=letter(c).to_string()
                        class:chosen=move || chosen.get() == Some(c)
                        class:right=move || chosen.get().is_some() && c == question.answer
                        disabled=move || chosen.get().is_some()
                        on:click=move |_| answer(c)
                    >
                        <span class="letter">{letter(c).to_ascii_uppercase()}</span>
                        " "
                        {move || words(w)}
                    </button>
                </li>
            }
        })
        .collect_view();
    let feedback = move || {
        chosen.get().map(|c| {
            let right = c == question.answer;
            view! {
                <div class="course-feedback" data-testid="course-feedback" data-verdict=verdict(Some(right))>
                    <p class="verdict">
                        {move || i18n.t(|t| if right { t.course.right.to_string() } else { (t.course.wrong)(letter(question.answer)) })}
                    </p>
                    <p data-testid="course-reason">{move || words(question.reason)}</p>
                    <p>
                        {move || i18n.t(|t| t.course.setting)}
                        " "
                        <code data-testid="course-setting">{question.setting}</code>
                    </p>
                </div>
            }
        })
    };
    let evidence = move || {
        on_stage.get().then(|| {
            let run = lab.run.get();
            let rows = question
                .shows
                .iter()
                .map(|&m| {
                    let value = match m.read(&run) {
                        Reading::Count(n) => n.to_string(),
                        Reading::Waits(w) => i18n.t(|t| (t.course.waits)(&w)),
                    };
                    view! {
                        <li data-measure=format!("{m:?}")>
                            {move || i18n.t(|t| (t.course.measure)(m))}
                            ": "
                            <strong>{value}</strong>
                        </li>
                    }
                })
                .collect_view();
            view! {
                <div class="course-evidence" data-testid="course-evidence">
                    <p>{move || i18n.t(|t| t.course.on_stage)}</p>
                    <ul>{rows}</ul>
                </div>
            }
        })
    };
    view! {
        <article
            class="course-question"
            data-testid="course-question"
            data-q=question.id
            data-state=move || share.course.with(|c| verdict(c.as_ref().and_then(|p| p.right(index))))
            hidden=move || !current()
        >
            <h3>
                <span class="kicker">{move || i18n.t(|t| (t.course.number)(index + 1, QUESTION_COUNT))}</span>
                " "
                {move || words(question.ask)}
            </h3>
            <ol class="course-choices">{choices}</ol>
            {feedback}
            <button class="course-show" data-testid="course-show" on:click=move |_| show()>
                {move || i18n.t(|t| t.course.show)}
            </button>
            {evidence}
        </article>
    }
}
