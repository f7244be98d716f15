"""The lab's rules of Lambda asynchronous invocation as a SimPy model: the yardstick the engine is
measured against (issue 15, "Engine": at least 100 times faster, whole process against whole
process). `bench/engine_vs_simpy.py` runs both and compares.

    python bench/simpy_model.py SCENARIO.json      # prints the counts as JSON, like `simulate --summary`

The same rules as the engine (`core/src`), written the way SimPy is meant to be used: one process
per source and one per event, `yield env.timeout(...)` for every wait.

- A source sends `events` events, the first at `start_s`, then one every `every_s`.
- Lambda hands each event to the function at once if a concurrency slot is free (reserved
  concurrency, or the account's 1,000); otherwise the event is throttled and goes back to the
  internal queue, trying again after a backoff that doubles from 1 s up to 5 min (plus up to a
  quarter more, at most 5 min), a streak that starts again when the event runs.
- A run lasts `duration_ms`, or the timeout when the work needs that long or the error is a timeout;
  it fails per the failure mode (`rate`: each run fails with probability p).
- After a failed run Lambda waits about one minute (60 s + up to 12 s) before the second attempt
  and about two (120 s + up to 20 s) before the third, until `max_retry_attempts` retries are made
  (retries exhausted).
- Maximum event age looks ahead: when the next try (a retry or the end of a backoff) would start
  more than `max_event_age_s` after the event was received, the event is given up at once (event
  age exceeded).
- A given-up event goes to the DLQ and the on-failure destination when set; a success to the
  on-success destination.
- A share `duplicate_rate` of events is delivered a second time, up to 2 s after its first run
  started; the duplicate runs (or is throttled and backs off on its own streak) but never changes
  the event's outcome.

The random draws come from Python's generator seeded with the scenario's seed, not from the
engine's counter-based one, so the two agree on the counts only roughly (within a few per cent),
not event for event.

It is written to be fast in SimPy terms rather than to flatter the engine: concurrency is a plain
counter (a `simpy.Resource` would add two events per run), and no per-event record is kept.
"""

import json
import random
import sys

import simpy

SECOND = 1000
ACCOUNT_CONCURRENCY = 1000
THROTTLE_BACKOFF_MIN_MS = SECOND
THROTTLE_BACKOFF_MAX_MS = 300 * SECOND
RETRY_BASE_MS = (60 * SECOND, 120 * SECOND)
RETRY_JITTER_MS = (12 * SECOND, 20 * SECOND)
DUPLICATE_DELAY_MAX_MS = 2 * SECOND

# The scenario format's defaults (`docs/scenario.md`), for keys a file leaves out.
DEFAULTS = {
    "seed": 42,
    "run_for_s": 900,
    "function": {"duration_ms": 800, "timeout_s": 3, "failure": {"mode": "never"}, "reserved_concurrency": None},
    "invoke_config": {"max_retry_attempts": 2, "max_event_age_s": 21600},
    "dlq": None,
    "on_success": None,
    "on_failure": None,
    "duplicate_rate": 0.0,
}


class Lab:
    """The function, its configuration and what the run counts."""

    def __init__(self, env, scenario):
        self.env = env
        s = {**DEFAULTS, **scenario}
        f = {**DEFAULTS["function"], **s["function"]}
        ic = {**DEFAULTS["invoke_config"], **s["invoke_config"]}
        self.rng = random.Random(s["seed"])
        self.run_for_ms = s["run_for_s"] * SECOND
        reserved = f["reserved_concurrency"]
        self.limit = ACCOUNT_CONCURRENCY if reserved is None else reserved
        self.duration_ms = f["duration_ms"]
        self.timeout_ms = f["timeout_s"] * SECOND
        failure = f["failure"]
        self.mode = failure["mode"]
        self.p = failure.get("p", 0.0)
        self.first_n = failure.get("n", 0)
        self.timeout_error = failure.get("error") == "Timeout"
        self.max_retries = ic["max_retry_attempts"]
        self.max_age_ms = ic["max_event_age_s"] * SECOND
        self.dlq = s["dlq"] is not None
        self.on_success = s["on_success"] is not None
        self.on_failure = s["on_failure"] is not None
        self.duplicate_rate = s["duplicate_rate"]
        self.running = 0
        self.counts = dict.fromkeys(
            [
                "received", "succeeded", "retries_exhausted", "event_age_exceeded", "zero_reserved_concurrency",
                "in_flight", "attempts", "throttles", "max_concurrency", "dlq_messages", "on_success_records",
                "on_failure_records", "lost",
            ],
            0,
        )
        self.sources = s["sources"]

    def fails(self, run):
        if self.mode == "never":
            return False
        if self.mode == "always":
            return True
        if self.mode == "first":
            return run <= self.first_n
        return self.rng.random() < self.p

    def run_time(self, fails):
        times_out = (fails and self.timeout_error) or self.duration_ms >= self.timeout_ms
        return self.timeout_ms if times_out else self.duration_ms

    def backoff(self, streak):
        nominal = min(THROTTLE_BACKOFF_MIN_MS << min(streak - 1, 20), THROTTLE_BACKOFF_MAX_MS)
        jitter = self.rng.randrange(nominal // 4) if nominal >= 4 else 0
        return min(nominal + jitter, THROTTLE_BACKOFF_MAX_MS)

    def retry_wait(self, failed):
        i = min(failed, 2) - 1
        return RETRY_BASE_MS[i] + self.rng.randrange(RETRY_JITTER_MS[i])

    def too_old(self, received, next_try):
        return next_try - received > self.max_age_ms

    def end(self, outcome):
        c = self.counts
        c[outcome] += 1
        c["in_flight"] -= 1
        if outcome == "succeeded":
            c["on_success_records"] += self.on_success
            return
        c["dlq_messages"] += self.dlq
        c["on_failure_records"] += self.on_failure
        c["lost"] += not (self.dlq or self.on_failure)

    def start_run(self):
        self.running += 1
        c = self.counts
        c["attempts"] += 1
        if self.running > c["max_concurrency"]:
            c["max_concurrency"] = self.running


def source(env, lab, src):
    every_ms = round(src["every_s"] * SECOND)
    yield env.timeout(round(src["start_s"] * SECOND))
    for i in range(src["events"]):
        if i:
            yield env.timeout(every_ms)
        env.process(event(env, lab))


def event(env, lab):
    """One event from its arrival to its outcome."""
    received = env.now
    c = lab.counts
    c["received"] += 1
    c["in_flight"] += 1
    if lab.limit == 0:
        lab.end("zero_reserved_concurrency")
        return
    failed = runs = streak = 0
    while True:
        if lab.running >= lab.limit:
            c["throttles"] += 1
            streak += 1
            wait = lab.backoff(streak)
            if lab.too_old(received, env.now + wait):
                lab.end("event_age_exceeded")
                return
            yield env.timeout(wait)
            continue
        streak = 0
        runs += 1
        if runs == 1 and lab.duplicate_rate > 0 and lab.rng.random() < lab.duplicate_rate:
            env.process(duplicate(env, lab, received, 1 + lab.rng.randrange(DUPLICATE_DELAY_MAX_MS)))
        lab.start_run()
        fails = lab.fails(runs)
        yield env.timeout(lab.run_time(fails))
        lab.running -= 1
        if not fails:
            lab.end("succeeded")
            return
        failed += 1
        if failed > lab.max_retries:
            lab.end("retries_exhausted")
            return
        wait = lab.retry_wait(failed)
        if lab.too_old(received, env.now + wait):
            lab.end("event_age_exceeded")
            return
        yield env.timeout(wait)


def duplicate(env, lab, received, delay):
    """The queue delivers the event a second time; the run changes nothing of its outcome."""
    yield env.timeout(delay)
    streak = 0
    c = lab.counts
    while lab.running >= lab.limit:
        c["throttles"] += 1
        streak += 1
        wait = lab.backoff(streak)
        if lab.too_old(received, env.now + wait):
            return
        yield env.timeout(wait)
    lab.start_run()
    yield env.timeout(lab.run_time(lab.fails(2)))
    lab.running -= 1


def simulate(scenario):
    env = simpy.Environment()
    lab = Lab(env, scenario)
    for src in lab.sources:
        env.process(source(env, lab, src))
    # The engine handles happenings up to and including the run's last instant.
    env.run(until=lab.run_for_ms + 1)
    return lab.counts


def main():
    if len(sys.argv) != 2:
        sys.exit("usage: simpy_model.py SCENARIO.json")
    with open(sys.argv[1]) as f:
        scenario = json.load(f)
    print(json.dumps(simulate(scenario), indent=2))


if __name__ == "__main__":
    main()
