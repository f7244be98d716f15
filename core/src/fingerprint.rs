//! A run's fingerprint: one number that changes if anything in the run's story changes.
//!
//! Used to show that the same scenario gives the same run natively and in the browser, and that a
//! shared link replays what its sender saw. FNV-1a over the run's records in a fixed byte order,
//! so it is the same on every platform.

use crate::engine::Run;
use crate::outcome::{AttemptResult, Outcome};
use crate::route::Endings;
use crate::scenario::{Destination, DlqTarget, Invocation};

const FNV_OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
const FNV_PRIME: u64 = 0x0000_0100_0000_01b3;

struct Fnv(u64);

impl Fnv {
    fn u64(&mut self, v: u64) {
        for b in v.to_le_bytes() {
            self.0 ^= u64::from(b);
            self.0 = self.0.wrapping_mul(FNV_PRIME);
        }
    }
}

fn outcome_code(o: Outcome) -> u64 {
    Outcome::ALL.iter().position(|x| *x == o).unwrap_or(0) as u64
}

fn result_code(r: AttemptResult) -> u64 {
    match r {
        AttemptResult::Success => 0,
        AttemptResult::Error => 1,
        AttemptResult::Timeout => 2,
    }
}

/// Where an event ended, as one number: a bit per kind of place and the targets' codes.
fn endings_code(e: Endings) -> u64 {
    let dlq = e.dlq.map_or(0, |t| 1 + DlqTarget::ALL.iter().position(|x| *x == t).unwrap_or(0) as u64);
    let dest = |d: Option<Destination>| {
        d.map_or(0, |d| 1 + Destination::ON_FAILURE.iter().position(|x| *x == d).unwrap_or(0) as u64)
    };
    u64::from(e.success)
        | u64::from(e.lost) << 1
        | u64::from(e.caller) << 2
        | dlq << 4
        | dest(e.on_success) << 8
        | dest(e.on_failure) << 12
}

/// The fingerprint of a run: its counts and every event's story (the metrics follow from those).
/// What only a deployment, a reprocessing or a synchronous run brings (an origin, a message that
/// left the DLQ, a synchronous call, their counts) is hashed when present.
pub fn fingerprint(run: &Run) -> u64 {
    let mut h = Fnv(FNV_OFFSET);
    let c = &run.counts;
    for v in [
        c.received,
        c.succeeded,
        c.retries_exhausted,
        c.event_age_exceeded,
        c.zero_reserved_concurrency,
        c.in_flight,
        c.attempts,
        c.throttles,
        c.side_effects,
        u64::from(c.max_concurrency),
        c.dlq_messages,
        c.on_success_records,
        c.on_failure_records,
    ] {
        h.u64(v);
    }
    for e in &run.events {
        h.u64(u64::from(e.key));
        h.u64(e.received_ms);
        for a in e.attempts.as_slice() {
            h.u64(a.start_ms);
            h.u64(a.end_ms);
            h.u64(result_code(a.result) | (u64::from(a.duplicate) << 8));
        }
        h.u64(u64::from(e.throttles));
        for &t in &e.throttle_times {
            h.u64(t);
        }
        h.u64(outcome_code(e.outcome));
        h.u64(e.ended_ms.map_or(u64::MAX, |t| t));
        h.u64(endings_code(e.endings));
        if e.invocation == Invocation::Sync {
            h.u64(u64::MAX - 1);
        }
        if let Some(o) = e.origin {
            h.u64(o.event as u64);
            h.u64(u64::from(o.payload_key));
        }
        if let Some(t) = e.reprocessed_ms {
            h.u64(t);
        }
    }
    for v in [c.error_to_caller, c.throttle_to_caller, c.reprocessed] {
        if v > 0 {
            h.u64(v);
        }
    }
    h.0
}

/// The fingerprint as 16 hex digits, for pages and fixtures.
pub fn fingerprint_hex(run: &Run) -> String {
    format!("{:016x}", fingerprint(run))
}
