//! "Check yourself": a course of exam-style questions, each answered by a run on the stage.
//!
//! The questions are data ([`QUESTIONS`], in `questions.rs`, both languages side by side): the
//! question, its choices, the right one, the reason, the AWS setting the answer rests on, the
//! scenario that shows it (a link's query string, read with [`super::decode`]) and what to read off
//! that run ([`Measure`]). The tests in `core/tests/course.rs` run every question's scenario and
//! check that it shows what the answer says.
//!
//! A learner's progress is a viewing setting ([`Progress`]): it travels in the link (`course=1`,
//! `q`, `ans`), so a reload, a shared link or a sandboxed `<iframe>` without storage keeps it.

mod questions;

pub use questions::QUESTIONS;

use crate::engine::Run;
use crate::service::Words;
use crate::time::AwsMillis;

/// One exam-style question.
#[derive(Clone, Copy, Debug)]
pub struct Question {
    /// Stable name (`data-q` on the page, the tests' handle on it).
    pub id: &'static str,
    /// The question.
    pub ask: Words,
    /// The choices, in the order shown (`a`, `b`, …).
    pub choices: &'static [Words],
    /// Which of `choices` is right.
    pub answer: usize,
    /// Why the answer is right, as AWS documents it (`docs/aws-async.md`).
    pub reason: Words,
    /// The AWS setting, API or field the answer rests on, as AWS spells it.
    pub setting: &'static str,
    /// The run that shows the answer: a link's query string.
    pub scenario: &'static str,
    /// What to read off that run.
    pub shows: &'static [Measure],
}

/// Something a run shows, read at its end.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Measure {
    /// Events handed to Lambda (each got `202` at once).
    Accepted,
    /// Regular attempts of every event (duplicate deliveries not counted).
    Attempts,
    /// For the first event, each wait from the end of a failed attempt to the start of the next.
    RetryWaits,
    /// Deliveries that found no free concurrency and went back to the queue.
    Throttles,
    /// Events that ended in success.
    Succeeded,
    /// Messages sent to the dead-letter queue.
    DlqMessages,
    /// Invocation records sent to the on-failure destination.
    OnFailureRecords,
    /// Deliveries of an event the queue had delivered already.
    Duplicates,
    /// Side effects the handler performed.
    SideEffects,
}

/// What a [`Measure`] reads in a run.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Reading {
    /// How many.
    Count(u64),
    /// Waits, in order.
    Waits(Vec<AwsMillis>),
}

impl Measure {
    /// This measure in `run`, at its end.
    pub fn read(self, run: &Run) -> Reading {
        let c = &run.counts;
        let attempts = || run.events.iter().flat_map(|e| e.attempts.as_slice());
        Reading::Count(match self {
            Measure::Accepted => c.received,
            Measure::Attempts => attempts().filter(|a| !a.duplicate).count() as u64,
            Measure::RetryWaits => {
                let first = run.events.first().map(|e| e.attempts.regular().collect::<Vec<_>>()).unwrap_or_default();
                return Reading::Waits(first.windows(2).map(|w| w[1].start_ms.saturating_sub(w[0].end_ms)).collect());
            }
            Measure::Throttles => c.throttles,
            Measure::Succeeded => c.succeeded,
            Measure::DlqMessages => c.dlq_messages,
            Measure::OnFailureRecords => c.on_failure_records,
            Measure::Duplicates => attempts().filter(|a| a.duplicate).count() as u64,
            Measure::SideEffects => c.side_effects,
        })
    }
}

/// How many questions the course has.
pub const QUESTION_COUNT: usize = QUESTIONS.len();

/// Where a learner is in the course: the question shown and each answer given.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Progress {
    /// The question shown, from 0.
    pub at: usize,
    /// Each question's chosen choice, once answered. The first answer stands, as in an exam.
    pub answers: [Option<usize>; QUESTION_COUNT],
}

impl Progress {
    /// Records `choice` for question `q`, unless it was answered already; says whether it took it.
    pub fn answer(&mut self, q: usize, choice: usize) -> bool {
        match self.answers.get_mut(q) {
            Some(slot @ None) if choice < QUESTIONS[q].choices.len() => {
                *slot = Some(choice);
                true
            }
            _ => false,
        }
    }

    /// Whether question `q` was answered right (`None` while unanswered).
    pub fn right(&self, q: usize) -> Option<bool> {
        self.answers.get(q).copied().flatten().map(|c| c == QUESTIONS[q].answer)
    }

    /// Answers given, and how many of them are right.
    pub fn score(&self) -> (usize, usize) {
        let answered = self.answers.iter().filter(|a| a.is_some()).count();
        (answered, (0..QUESTION_COUNT).filter(|&q| self.right(q) == Some(true)).count())
    }

    /// The answers as the link's `ans` writes them: a letter per question (`a` its first choice),
    /// `.` for one not answered, without the trailing dots; `None` when nothing is answered.
    pub fn answers_text(&self) -> Option<String> {
        let text: String = self.answers.iter().map(|a| a.map_or(UNANSWERED, |c| (b'a' + c as u8) as char)).collect();
        let text = text.trim_end_matches(UNANSWERED);
        (!text.is_empty()).then(|| text.to_string())
    }

    /// Reads `ans`: `None` for a letter that is no choice of its question, or more letters than
    /// questions.
    pub fn read_answers(text: &str) -> Option<[Option<usize>; QUESTION_COUNT]> {
        let mut answers = [None; QUESTION_COUNT];
        if text.chars().count() > QUESTION_COUNT {
            return None;
        }
        for (q, c) in text.chars().enumerate() {
            if c != UNANSWERED {
                let choice = (c.to_ascii_lowercase() as u32).checked_sub('a' as u32)? as usize;
                answers[q] = Some(choice).filter(|&c| c < QUESTIONS[q].choices.len());
                answers[q]?;
            }
        }
        Some(answers)
    }
}

/// `ans`'s mark for a question not answered.
pub const UNANSWERED: char = '.';

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn answers_read_back_from_their_text_and_the_first_answer_stands() {
        let mut p = Progress::default();
        assert_eq!(p.answers_text(), None);
        assert!(p.answer(0, 2));
        assert!(!p.answer(0, 1), "the first answer stands");
        assert!(p.answer(3, 0));
        assert!(!p.answer(1, 9), "no such choice");
        assert_eq!(p.answers_text().as_deref(), Some("c..a"));
        assert_eq!(Progress::read_answers("c..a"), Some(p.answers));
        assert_eq!(Progress::read_answers("z"), None);
        assert_eq!(Progress::read_answers(&"a".repeat(QUESTION_COUNT + 1)), None);
    }
}
