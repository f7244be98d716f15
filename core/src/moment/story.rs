//! An event's story as the narration tells it: the facts ([`Fact`]) of each event between two
//! moments ([`happenings_of`]), each at its moment ([`Happening`]).

use super::place::{runs_of, RunSpan};
use crate::engine::EventRecord;
use crate::outcome::{AttemptResult, Outcome, MAX_RUNS};
use crate::scenario::Invocation;
use crate::time::AwsMillis;

/// A fact of an event's story, as the narration tells it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Fact {
    /// The source handed the event over and got `202 Accepted`; it is in the internal queue. (A
    /// reprocessed event is accepted too: its [`EventRecord::origin`] says where it came from.)
    Accepted,
    /// A synchronous caller invoked the function (`RequestResponse`) and waits for the answer.
    Called,
    /// A delivery found no free concurrency (429): back in the queue until `next_try`, if known.
    /// For a synchronous call the 429 goes to the caller, whose SDK tries again at `next_try`, or
    /// who keeps the 429 (an [`Fact::Ended`] follows at the same moment).
    Throttled {
        /// When the next try is due, if there is one.
        next_try: Option<AwsMillis>,
    },
    /// A run started: regular attempt number `attempt` (1-based), or a duplicate delivery.
    Started {
        /// Which regular attempt, counting from 1 (a duplicate run takes the latest regular attempt's).
        attempt: u32,
        /// Whether it is a duplicate delivery's run.
        duplicate: bool,
    },
    /// A run ended. After a failed regular attempt, `next_try` is when the retry is due; `None`
    /// when the event gives up (an [`Fact::Ended`] follows at the same moment).
    Finished {
        /// Which regular attempt, counting from 1 (a duplicate run takes the latest regular attempt's).
        attempt: u32,
        /// Whether it was a duplicate delivery's run.
        duplicate: bool,
        /// How the run ended.
        result: AttemptResult,
        /// When the retry is due, after a failed regular attempt that is retried.
        next_try: Option<AwsMillis>,
    },
    /// The event reached its outcome (and its DLQ message / destination record was sent).
    Ended {
        /// Where its story ended.
        outcome: Outcome,
    },
}

impl Fact {
    /// Order of facts of one event at one moment.
    pub(super) fn order(&self) -> u8 {
        match self {
            Fact::Accepted | Fact::Called => 0,
            Fact::Finished { .. } => 1,
            Fact::Throttled { .. } => 2,
            Fact::Started { .. } => 3,
            // Last: a throttle that finds the event too old ends it at the same moment.
            Fact::Ended { .. } => 4,
        }
    }
}

/// A fact about event number `event` (its position in the run's arrival-ordered events).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Happening {
    /// When it happened.
    pub at: AwsMillis,
    /// The event's position in the run's events.
    pub event: usize,
    /// What happened.
    pub fact: Fact,
}

/// The facts of one event in `(from, to]` (from its start when `from` is `None`), appended to
/// `out` unordered. Costs the event's runs plus its throttles inside the window, whatever its
/// story's length: the narration asks this every frame.
pub fn happenings_of(
    rec: &EventRecord,
    event: usize,
    from: Option<AwsMillis>,
    to: AwsMillis,
    out: &mut Vec<Happening>,
) {
    if rec.received_ms > to {
        return;
    }
    let inside = |at: AwsMillis| at <= to && from.is_none_or(|f| at > f);
    let mut push = |at: AwsMillis, fact: Fact| {
        if inside(at) {
            out.push(Happening { at, event, fact });
        }
    };
    push(rec.received_ms, if rec.invocation == Invocation::Sync { Fact::Called } else { Fact::Accepted });
    let mut runs = [RunSpan { start: 0, end: 0, result: None, duplicate: false }; MAX_RUNS];
    let mut n = 0;
    for r in runs_of(rec).take(MAX_RUNS) {
        runs[n] = r;
        n += 1;
    }
    let runs = &mut runs[..n];
    crate::order::sort_by_key(runs, |r| r.start.into());
    // The next delivery after `t` (what `place_at` calls `until`): the next regular run or
    // throttled delivery, else the try still pending when the run stopped, else the end.
    let next_delivery = |t: AwsMillis| -> Option<AwsMillis> {
        if rec.ended_ms.is_some_and(|e| e <= t) {
            return None;
        }
        let start = runs.iter().filter(|r| !r.duplicate && r.start > t).map(|r| r.start).next();
        let throttle = rec.throttle_times.get(rec.throttle_times.partition_point(|&x| x <= t)).copied();
        let next = match (start, throttle) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        };
        next.or(rec.next_try_ms).or(rec.ended_ms)
    };
    let mut attempt = 0;
    for r in runs.iter() {
        let number = if r.duplicate { attempt.max(1) } else { attempt + 1 };
        if !r.duplicate {
            attempt += 1;
        }
        push(r.start, Fact::Started { attempt: number, duplicate: r.duplicate });
        if let Some(result) = r.result {
            let next_try = if !r.duplicate && result.failed() && inside(r.end) { next_delivery(r.end) } else { None };
            push(r.end, Fact::Finished { attempt: number, duplicate: r.duplicate, result, next_try });
        }
    }
    let first = from.map_or(0, |f| rec.throttle_times.partition_point(|&x| x <= f));
    let last = rec.throttle_times.partition_point(|&x| x <= to);
    for &th in &rec.throttle_times[first..last.max(first)] {
        push(th, Fact::Throttled { next_try: next_delivery(th) });
    }
    if let Some(at) = rec.ended_ms {
        push(at, Fact::Ended { outcome: rec.outcome });
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::{run, Keep};
    use crate::moment::busy_scenario;
    use crate::moment::index::RunIndex;
    use crate::moment::place::{place_at, Place};
    use crate::scenario::{DlqTarget, ErrorKind, FailureMode, Scenario};

    #[test]
    fn an_always_failing_event_is_told_as_three_attempts_two_retry_waits_and_the_dlq() {
        let mut s = Scenario { dlq: Some(DlqTarget::Sqs), ..Scenario::default() };
        s.sources[0].events = 1;
        s.function.failure = FailureMode::Always { error: ErrorKind::Error };
        let r = run(&s, Keep::All);
        let index = RunIndex::new(&r);
        let story = index.happenings(&r, None, r.run_for_ms, 100);
        let kinds: Vec<_> = story.iter().map(|h| std::mem::discriminant(&h.fact)).collect();
        assert_eq!(story.len(), 8, "{story:?}");
        assert_eq!(story[0].fact, Fact::Accepted);
        assert_eq!(kinds[1], std::mem::discriminant(&Fact::Started { attempt: 1, duplicate: false }));
        let waits: Vec<_> = story
            .iter()
            .filter_map(|h| match h.fact {
                Fact::Finished { next_try: Some(n), .. } => Some(n - h.at),
                _ => None,
            })
            .collect();
        assert_eq!(waits.len(), 2);
        assert!((60_000..72_000).contains(&waits[0]) && (120_000..140_000).contains(&waits[1]), "{waits:?}");
        assert!(matches!(story[6].fact, Fact::Finished { attempt: 3, next_try: None, .. }));
        assert_eq!(story[7].fact, Fact::Ended { outcome: Outcome::RetriesExhausted });
        // A window keeps only what happened inside it, and the limit keeps the latest.
        let late = index.happenings(&r, Some(story[5].at), r.run_for_ms, 1);
        assert_eq!(late, vec![story[7]]);
    }

    /// The next tries the narration tells are where `place_at` says the event waits.
    #[test]
    fn next_tries_agree_with_the_places() {
        let mut s = busy_scenario();
        s.function.reserved_concurrency = Some(1);
        s.invoke_config.max_event_age_s = 300;
        let r = run(&s, Keep::All);
        assert!(r.counts.event_age_exceeded > 0, "some events are throttled until too old");
        let mut facts = Vec::new();
        for (i, rec) in r.events.iter().enumerate() {
            happenings_of(rec, i, None, r.run_for_ms, &mut facts);
        }
        let mut checked = 0;
        for h in facts {
            let rec = &r.events[h.event];
            let expected = match (h.fact, place_at(rec, h.at)) {
                (Fact::Throttled { .. }, Some(Place::Queue { until, .. })) => until,
                (Fact::Finished { duplicate: false, result, .. }, Some(Place::RetryWait { until, .. }))
                    if result.failed() =>
                {
                    until
                }
                (Fact::Throttled { .. } | Fact::Finished { .. }, _) => None,
                _ => continue,
            };
            let told = match h.fact {
                Fact::Throttled { next_try } | Fact::Finished { next_try, .. } => next_try,
                _ => unreachable!(),
            };
            assert_eq!(told, expected, "{h:?}");
            checked += 1;
        }
        assert!(checked > 100);
    }
}
