// In-browser benchmark of the stage (run by `./x bench`, not by the tests): frame times with
// thousands of tokens in flight, and what a scrub costs on the 100,000-event yardstick.
//
// Prints:
// - frame interval p50/p95 (requestAnimationFrame deltas, Performance API clock) while the page
//   plays a scenario with ≥ 2,000 events in flight, and the stage's own work per frame (scene +
//   drawing, measured around it with performance.now()), with the events in flight and the glyphs
//   drawn;
// - re-simulating bench/big-scenario.json in the page (wasm, every event kept, as the page does on
//   a settings change);
// - the stage at a seek point of that run: building the run's index (once per run), the lane counts
//   and the scene at the point, and a whole seek in the page (scrub → next frame drawn).
//
// The page is driven through `window.labHooks` (src/stage/bench.rs).
import { readFile } from 'node:fs/promises';
import { loadavg } from 'node:os';
import { serveDist, launch, openApp } from '../lib/harness.mjs';

const BIG = new URL('../../../bench/big-scenario.json', import.meta.url);
const SECONDS_MEASURED = Number(process.env.BENCH_SECONDS ?? 6);

/** A burst that keeps thousands of events in flight: 4,000 events in 20 s, runs of 45 s on the
 *  account's 1,000 slots, 30 % failing into retry waits, the rest queued and throttled. */
const CROWD = {
  version: 1,
  seed: 7,
  run_for_s: 1800,
  sources: [
    { service: 's3', events: 2500, start_s: 0, every_s: 0.008 },
    { service: 'sns', events: 1500, start_s: 2, every_s: 0.012 },
  ],
  function: { duration_ms: 45000, timeout_s: 60, failure: { mode: 'rate', p: 0.3, error: 'Error' }, reserved_concurrency: null, idempotent: false },
  invoke_config: { max_retry_attempts: 2, max_event_age_s: 21600 },
  dlq: 'sqs',
  on_success: null,
  on_failure: null,
  duplicate_rate: 0.05,
};

const pct = (xs, p) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
};
const med = (xs) => pct(xs, 50);
const f = (x, d = 2) => x.toFixed(d);

const server = await serveDist();
const browser = await launch();
try {
  console.log(`machine load average (1 min): ${f(loadavg()[0])} on this machine's cores`);
  const { page, errors } = await openApp(browser, server.url, { viewport: { width: 1400, height: 1000 } });
  await page.evaluate(() => window.labHooks.pause());

  // --- Frames with a crowd in flight ---------------------------------------------------------
  await page.evaluate((json) => window.labHooks.loadScenario(json), JSON.stringify(CROWD));
  await page.getByTestId('speed').selectOption(process.env.BENCH_SPEED ?? '2'); // preset 2: 1 AWS minute = 10 s
  await page.evaluate(() => window.labHooks.seek(18_000));
  await page.evaluate(() => window.labHooks.clearFrames());
  await page.getByTestId('btn-play').click();
  const deltas = await page.evaluate(
    (seconds) =>
      new Promise((done) => {
        const out = [];
        let last = null;
        const end = performance.now() + seconds * 1000;
        const tick = (ts) => {
          if (last !== null) out.push(ts - last);
          last = ts;
          if (ts < end) requestAnimationFrame(tick);
          else done(out);
        };
        requestAnimationFrame(tick);
      }),
    SECONDS_MEASURED,
  );
  await page.evaluate(() => window.labHooks.pause());
  const flat = await page.evaluate(() => window.labHooks.frames());
  const work = [], inFlight = [], drawn = [];
  for (let i = 0; i + 2 < flat.length; i += 3) {
    work.push(flat[i]);
    inFlight.push(flat[i + 1]);
    drawn.push(flat[i + 2]);
  }
  const scene = await page.getByTestId('stage-canvas').getAttribute('data-scene');
  console.log(`stage frames: ${deltas.length} frames over ${SECONDS_MEASURED} s, ${med(inFlight)} events in flight (min ${Math.min(...inFlight)}), ${med(drawn)} glyphs drawn (median)`);
  const dropped = deltas.filter((d) => d > 16.7 * 1.5).length;
  console.log(`  frame interval (rAF deltas; 16.7 ms is one vsync, timestamps have 0.1-ms resolution): p50 ${f(med(deltas), 1)} ms, p95 ${f(pct(deltas, 95), 1)} ms, max ${f(Math.max(...deltas), 1)} ms; ${dropped} of ${deltas.length} frames late (${f((100 * dropped) / deltas.length, 1)} %)`);
  console.log(`  stage work per frame (scene + drawing): p50 ${f(med(work))} ms, p95 ${f(pct(work, 95))} ms, max ${f(Math.max(...work))} ms`);
  console.log(`  last frame: ${scene}`);

  // --- The 100k-event yardstick --------------------------------------------------------------
  const big = await readFile(BIG, 'utf8');
  const sim = [];
  for (let i = 0; i < 5; i++) sim.push(await page.evaluate((json) => window.labHooks.benchSimulate(json), big));
  console.log(`re-simulate big-scenario.json (100,000 events, Keep::All) in the page: median ${f(med(sim), 1)} ms, best ${f(Math.min(...sim), 1)} ms (of ${sim.map((x) => f(x, 1)).join(', ')})`);
  for (const at of [5 * 60_000, 20 * 60_000, 45 * 60_000, 23 * 3_600_000]) {
    const [index, counts, sceneMs] = await page.evaluate(([json, t]) => window.labHooks.benchSeek(json, t, 50), [big, at]);
    console.log(`  stage at ${at / 60_000} min: index (once per run) ${f(index, 1)} ms, lane counts ${f(counts, 3)} ms, scene (every token placed) ${f(sceneMs, 3)} ms`);
  }

  // Loaded in the page: a scrub is a seek, then the frame it draws.
  const loadMs = await page.evaluate(async (json) => {
    const t0 = performance.now();
    window.labHooks.loadScenario(json);
    window.labHooks.seek(1);
    await new Promise((ok) => { const c = new MessageChannel(); c.port1.onmessage = ok; c.port2.postMessage(0); });
    return performance.now() - t0;
  }, big);
  console.log(`  load into the page (simulate, index, first scene, DOM): ${f(loadMs, 1)} ms`);
  const seeks = await page.evaluate(async () => {
    const out = [];
    const end = 86_400_000;
    for (let i = 0; i < 40; i++) {
      const t = Math.floor(((i * 7919) % 40) / 40 * end);
      const t0 = performance.now();
      window.labHooks.seek(t);
      // Effects (scene, drawing, counts, rows) run in microtasks: a message fires after them.
      await new Promise((ok) => { const c = new MessageChannel(); c.port1.onmessage = ok; c.port2.postMessage(0); });
      out.push(performance.now() - t0);
    }
    return out;
  });
  console.log(`  scrub in the page (seek → stage, counts, timeline, narration, metrics updated): p50 ${f(med(seeks))} ms, p95 ${f(pct(seeks, 95))} ms, max ${f(Math.max(...seeks))} ms`);
  if (errors.length) console.log('page errors:', errors);
} finally {
  await browser.close();
  await server.close();
}
