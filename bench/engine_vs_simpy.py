"""The engine against the SimPy model of the same rules, as whole processes (issue 15, "Engine").

    python bench/engine_vs_simpy.py [--runs N] [--simulate PATH] [--python PATH] [SCENARIO.json]

Runs `simulate SCENARIO --summary` (the release build, built beforehand) and
`python bench/simpy_model.py SCENARIO` in turn, N times each (default 11), each a fresh process
timed from spawn to exit, after one untimed run of each (so that neither pays alone for a cold
page cache). Prints both medians (wall clock, and the CPU time the process used, which a busy
machine disturbs less) with the spread of the middle half of the runs, the ratios of the medians
against the budget (at least 100 times faster, wall and CPU alike), and
whether the two models agree: received, succeeded, failed (retries exhausted + event age exceeded),
attempts and DLQ messages within 3 % of each other, throttles within 15 % (throttles come in
chains of backoffs, so they swing with the random draws: the engine's count moves by ±7 % from one
seed of the yardstick to the next, and the two models draw different numbers).

Exits with status 1 when the models disagree (the timing would compare two different things).
`./x bench` runs it with the SimPy of `bench/requirements.txt`.
"""

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BUDGET = 100.0
# How far apart the two models' counts may be.
AGREE = {"received": 0.03, "succeeded": 0.03, "failed": 0.03, "attempts": 0.03, "dlq_messages": 0.03, "throttles": 0.15}


def timed(cmd):
    """(wall seconds, CPU seconds, parsed stdout) of one run of `cmd`."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    out = subprocess.run(cmd, check=True, capture_output=True, text=True).stdout
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu, json.loads(out)


def spread(values):
    """The middle half of `values` (ms), from the first quartile to the third."""
    q = statistics.quantiles(list(values), n=4)
    return f"middle half {q[0] * 1e3:.1f}-{q[2] * 1e3:.1f}"


def with_failed(counts):
    return {**counts, "failed": counts["retries_exhausted"] + counts["event_age_exceeded"]}


def main():
    target = os.environ.get("CARGO_TARGET_DIR", os.path.join(ROOT, "target"))
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("scenario", nargs="?", default=os.path.join(ROOT, "bench", "big-scenario.json"))
    p.add_argument("--runs", type=int, default=11)
    p.add_argument("--simulate", default=os.path.join(target, "release", "simulate"))
    p.add_argument("--python", default=sys.executable, help="a Python with SimPy")
    a = p.parse_args()
    engine_cmd = [a.simulate, a.scenario, "--summary"]
    simpy_cmd = [a.python, os.path.join(ROOT, "bench", "simpy_model.py"), a.scenario]

    timed(engine_cmd), timed(simpy_cmd)  # warm-up, untimed: the page cache and the CPU's caches
    engine, simpy = [], []
    for _ in range(a.runs):  # interleaved, so that a busy moment hits both alike
        engine.append(timed(engine_cmd))
        simpy.append(timed(simpy_cmd))
    e_wall, s_wall = (statistics.median(r[0] for r in runs) for runs in (engine, simpy))
    e_cpu, s_cpu = (statistics.median(r[1] for r in runs) for runs in (engine, simpy))
    e_counts, s_counts = with_failed(engine[-1][2]), with_failed(simpy[-1][2])

    name = os.path.relpath(a.scenario, ROOT)
    print(f"engine vs SimPy model, whole processes, {name}, median of {a.runs} runs each:")
    for label, runs, wall, cpu in (("engine (simulate --summary):", engine, e_wall, e_cpu), ("SimPy model:", simpy, s_wall, s_cpu)):
        print(
            f"  {label:<28} {wall * 1e3:8.1f} ms wall ({spread(r[0] for r in runs)}),"
            f" {cpu * 1e3:8.1f} ms CPU ({spread(r[1] for r in runs)})"
        )
    ratio, cpu_ratio = s_wall / e_wall, s_cpu / max(e_cpu, 1e-4)
    verdict = "holds" if min(ratio, cpu_ratio) >= BUDGET else "BELOW BUDGET"
    print(f"  engine is {ratio:.0f}x faster (CPU time: {cpu_ratio:.0f}x); budget at least {BUDGET:.0f}x: {verdict}")

    agree = True
    for key, tolerance in AGREE.items():
        e, s = e_counts[key], s_counts[key]
        diff = abs(e - s) / max(e, s, 1)
        agree &= diff <= tolerance
        note = f"within {tolerance:.0%}" if diff <= tolerance else f"DISAGREE, more than {tolerance:.0%}"
        print(f"  {key:>13}: engine {e:>8}  SimPy {s:>8}  ({diff:.1%} apart, {note})")
    if not agree:
        print("  the models disagree: fix the model before trusting the timing")
        sys.exit(1)


if __name__ == "__main__":
    main()
