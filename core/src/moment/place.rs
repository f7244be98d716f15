//! Where an event is at a moment: its place ([`place_at`]), a duplicate run in progress
//! ([`duplicate_run_at`]), what its caller has ([`caller_at`]), its runs of the handler
//! ([`runs_of`]) and from when nothing more happens to it ([`settled_at`]). Each answer reads the
//! event's recorded story, never the engine.

use crate::caller::CallerStatus;
use crate::engine::EventRecord;
use crate::outcome::{AttemptResult, Outcome};
use crate::scenario::Invocation;
use crate::time::AwsMillis;

/// Where an event stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Place {
    /// In the internal queue, waiting for the poller; `throttled` once a delivery found no free
    /// concurrency. `until` is the next delivery, if known.
    Queue {
        /// When it went (back) into the queue.
        since: AwsMillis,
        /// When its next delivery is due, if known.
        until: Option<AwsMillis>,
        /// Whether a delivery found no free concurrency.
        throttled: bool,
    },
    /// A run of the handler. `attempt` counts regular attempts from 1.
    Running {
        /// Which regular attempt, counting from 1.
        attempt: u32,
        /// When the run started.
        since: AwsMillis,
        /// When it ends (or would have, for a run still going at the end).
        until: AwsMillis,
    },
    /// Waiting out the wait before retry number `retry` (1-based).
    RetryWait {
        /// Which retry it waits for, counting from 1.
        retry: u32,
        /// When the failed attempt ended.
        since: AwsMillis,
        /// When the retry is due, if known.
        until: Option<AwsMillis>,
    },
    /// A synchronous call that was throttled, back with its caller, whose SDK waits before trying
    /// again (retry number `retry`, 1-based). Not in Lambda: a synchronous call is never queued.
    CallerBackoff {
        /// Which retry the caller's SDK waits for, counting from 1.
        retry: u32,
        /// When the call was throttled.
        since: AwsMillis,
        /// When the caller tries again, if known.
        until: Option<AwsMillis>,
    },
    /// The event reached its outcome.
    Ended {
        /// Where its story ended.
        outcome: Outcome,
        /// When it ended.
        at: AwsMillis,
    },
}

/// Where an event is at `t`, or `None` before it was sent.
pub fn place_at(rec: &EventRecord, t: AwsMillis) -> Option<Place> {
    if t < rec.received_ms {
        return None;
    }
    if let Some(at) = rec.ended_ms.filter(|&e| e <= t) {
        return Some(Place::Ended { outcome: rec.outcome, at });
    }
    // The latest happening at or before t decides: sent, throttled, or an attempt.
    let mut last_kind = 0u8; // 0 received, 1 throttled, 2 attempt ended (failed)
    let mut last_at = rec.received_ms;
    let mut failed = 0;
    let mut next_delivery: Option<AwsMillis> = None;
    let runs = rec.attempts.regular().map(|a| (a.start_ms, a.end_ms)).chain(rec.unfinished);
    for (start, end) in runs {
        if start > t {
            next_delivery = Some(start);
            break;
        }
        if t < end {
            return Some(Place::Running { attempt: failed + 1, since: start, until: end });
        }
        failed += 1;
        if end >= last_at {
            last_kind = 2;
            last_at = end;
        }
    }
    for &th in &rec.throttle_times {
        if th > t {
            next_delivery = Some(next_delivery.map_or(th, |n| n.min(th)));
            break;
        }
        if th >= last_at {
            last_kind = 1;
            last_at = th;
        }
    }
    let until = next_delivery.or(rec.next_try_ms).or(rec.ended_ms);
    Some(match (last_kind, rec.invocation) {
        (2, _) => Place::RetryWait { retry: failed, since: last_at, until },
        (1, Invocation::Sync) => {
            let retry = rec.throttle_times.partition_point(|&x| x <= t) as u32;
            Place::CallerBackoff { retry, since: last_at, until }
        }
        (k, _) => Place::Queue { since: last_at, until, throttled: k == 1 },
    })
}

/// What the caller of an event has at a moment.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Caller {
    /// A synchronous caller, blocked since `since` (when it called): its call is running, or it
    /// is backing off before trying again.
    Waiting {
        /// When it called.
        since: AwsMillis,
    },
    /// The caller has its answer, since `at`: `202` at once for an asynchronous event; for a
    /// synchronous call, the function's result or the throttle.
    Answered {
        /// What it got back.
        status: CallerStatus,
        /// When it got it.
        at: AwsMillis,
    },
}

/// What the event's caller has at `t`, or `None` before it called.
/// <https://docs.aws.amazon.com/lambda/latest/dg/invocation-sync.html>
pub fn caller_at(rec: &EventRecord, t: AwsMillis) -> Option<Caller> {
    if t < rec.received_ms {
        return None;
    }
    Some(match rec.invocation {
        Invocation::Async => Caller::Answered { status: CallerStatus::Accepted, at: rec.received_ms },
        Invocation::Sync => match (rec.ended_ms, CallerStatus::of_sync(rec.outcome)) {
            (Some(at), Some(status)) if at <= t => Caller::Answered { status, at },
            _ => Caller::Waiting { since: rec.received_ms },
        },
    })
}

/// How long the caller of a synchronous call waited for its answer (ms), from its first try to
/// the answer, its own backoffs included; `None` for an asynchronous event (its caller never
/// waits) and for a call still unanswered when the run stopped.
pub fn caller_wait_ms(rec: &EventRecord) -> Option<AwsMillis> {
    match rec.invocation {
        Invocation::Async => None,
        Invocation::Sync => rec.ended_ms.map(|end| end - rec.received_ms),
    }
}

/// A duplicate run of the event in progress at `t`: (since, until).
pub fn duplicate_run_at(rec: &EventRecord, t: AwsMillis) -> Option<(AwsMillis, AwsMillis)> {
    rec.attempts
        .as_slice()
        .iter()
        .filter(|a| a.duplicate)
        .map(|a| (a.start_ms, a.end_ms))
        .chain(rec.unfinished_duplicate)
        .find(|&(start, end)| start <= t && t < end)
}

/// One run of the handler for an event, known or still going when the run stopped.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RunSpan {
    /// When the run started.
    pub start: AwsMillis,
    /// When it ended (or, for a run still going at the end of the run, when it would have).
    pub end: AwsMillis,
    /// `None` while unknown: the run was still going when the simulation stopped.
    pub result: Option<AttemptResult>,
    /// Whether it is a duplicate delivery's run rather than a regular attempt.
    pub duplicate: bool,
}

/// Every run of an event: its finished attempts and duplicate runs in the order they ended, then
/// the runs still going when the simulation stopped.
pub fn runs_of(rec: &EventRecord) -> impl Iterator<Item = RunSpan> + '_ {
    let done = rec.attempts.as_slice().iter().map(|a| RunSpan {
        start: a.start_ms,
        end: a.end_ms,
        result: Some(a.result),
        duplicate: a.duplicate,
    });
    let open = rec
        .unfinished
        .map(|(start, end)| RunSpan { start, end, result: None, duplicate: false })
        .into_iter()
        .chain(rec.unfinished_duplicate.map(|(start, end)| RunSpan { start, end, result: None, duplicate: true }));
    done.chain(open)
}

/// From when nothing more happens to an event: its end, or the end of a duplicate run that
/// outlasts it; `AwsMillis::MAX` for an event still in flight when the run stopped.
pub fn settled_at(rec: &EventRecord) -> AwsMillis {
    match rec.ended_ms {
        None => AwsMillis::MAX,
        Some(end) => runs_of(rec).fold(end, |m, r| m.max(r.end)),
    }
}
