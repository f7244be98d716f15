// In-browser benchmark of the stage (run by `./x bench`, not by the tests): frame times with
// thousands of tokens in flight, and what a scrub costs on the 100,000-event yardstick.
//
// Prints, each verdict line ending in `holds` or `OVER BUDGET` (issue 15's budgets):
// - the p95 rAF frame interval of a bare page (an empty page drawing nothing, in the same browser)
//   and of the lab playing with about 2,000, 20,000 and 100,000 events in flight (the last is the
//   100k link, LINK_100K), each against the bare page's p95 + 5 %, with the events in flight
//   actually measured (the median of the frames recorded);
// - a scrub of the 100k link's run (seek → next frame drawn), p50/p95, against one frame (16.7 ms);
// - navigation to `app-ready` (the time the marker appears, from navigation start), p50 of
//   NAV_RUNS fresh pages, for the default page (300 ms) and the 100k link (1 s);
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
/** 100,000 S3 events within a second, every run failing: about 100,000 events in flight. */
const LINK_100K = '?fail=always&src=s3*100000/0.00001&run=3600';
/** A frame at 60 Hz. */
const FRAME_MS = 16.7;
/** A p95 frame interval may exceed the bare page's by this share. */
const FRAME_SLACK = 0.05;
const NAV_RUNS = Number(process.env.BENCH_NAV_RUNS ?? 5);
const NAV_BUDGET_MS = { default: 300, link100k: 1000 };

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

/** CROWD with `k` times the events at `k` times the rate: at 18 s, about 4,000 × k in flight. */
const crowd = (k) => ({
  ...CROWD,
  sources: CROWD.sources.map((x) => ({ ...x, events: Math.round(x.events * k), every_s: x.every_s / k })),
});

const pct = (xs, p) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
};
const med = (xs) => pct(xs, 50);
const f = (x, d = 2) => x.toFixed(d);

const verdict = (ok) => (ok ? 'holds' : 'OVER BUDGET');

/** rAF intervals (ms) over `seconds` of the page's own clock. */
const rafDeltas = (page, seconds) =>
  page.evaluate(
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
    seconds,
  );

/** The frames the stage recorded: work ms, events in flight, glyphs drawn. */
const recordedFrames = async (page) => {
  const flat = await page.evaluate(() => window.labHooks.frames());
  const work = [], inFlight = [], drawn = [];
  for (let i = 0; i + 2 < flat.length; i += 3) {
    work.push(flat[i]);
    inFlight.push(flat[i + 1]);
    drawn.push(flat[i + 2]);
  }
  return { work, inFlight, drawn };
};

/** Milliseconds from navigation start to the `app-ready` marker, for a fresh page at `url`. */
async function navigation(browser, url) {
  const context = await browser.newContext({ viewport: { width: 1400, height: 1000 } });
  const page = await context.newPage();
  await page.addInitScript(() => {
    new MutationObserver((_, obs) => {
      if (document.querySelector('[data-testid="app-ready"]')) {
        window.benchReadyAt = performance.now();
        obs.disconnect();
      }
    }).observe(document, { childList: true, subtree: true });
  });
  await page.goto(url);
  await page.getByTestId('app-ready').waitFor({ timeout: 30_000 });
  const ms = await page.evaluate(() => window.benchReadyAt);
  await context.close();
  return ms;
}

const server = await serveDist({ extraPages: { '/bare.html': '<!doctype html><title>bare</title><body></body>' } });
const browser = await launch();
try {
  console.log(`machine load average (1 min): ${f(loadavg()[0])} on this machine's cores`);
  // --- Frames: a bare page, then the lab with ~2,000, ~20,000 and ~100,000 events in flight ----
  const bareContext = await browser.newContext({ viewport: { width: 1400, height: 1000 } });
  const bare = await bareContext.newPage();
  await bare.goto(`${server.origin}/bare.html`);
  const bareDeltas = await rafDeltas(bare, SECONDS_MEASURED);
  await bareContext.close();
  const bareP95 = pct(bareDeltas, 95);
  const frameBudget = bareP95 * (1 + FRAME_SLACK);
  console.log(`bare page (nothing drawn): rAF interval p50 ${f(med(bareDeltas), 1)} ms, p95 ${f(bareP95, 1)} ms over ${bareDeltas.length} frames; frame budget p95 <= ${f(frameBudget, 1)} ms`);

  const { page, errors } = await openApp(browser, server.url, { viewport: { width: 1400, height: 1000 } });
  await page.evaluate(() => window.labHooks.pause());
  /** Plays the page's scenario from `fromMs` for SECONDS_MEASURED and prints its frame row. */
  const frameRow = async (page, label, fromMs) => {
    await page.getByTestId('speed').selectOption(process.env.BENCH_SPEED ?? '2'); // preset 2: 1 AWS minute = 10 s
    await page.evaluate((t) => window.labHooks.seek(t), fromMs);
    await page.evaluate(() => window.labHooks.clearFrames());
    await page.getByTestId('btn-play').click();
    const deltas = await rafDeltas(page, SECONDS_MEASURED);
    await page.evaluate(() => window.labHooks.pause());
    const { work, inFlight, drawn } = await recordedFrames(page);
    const scene = await page.getByTestId('stage-canvas').getAttribute('data-scene');
    const p95 = pct(deltas, 95);
    const late = deltas.filter((d) => d > FRAME_MS * 1.5).length;
    console.log(`${label}: ${med(inFlight)} events in flight (median; min ${Math.min(...inFlight)}, max ${Math.max(...inFlight)}), ${med(drawn)} glyphs drawn (median), ${deltas.length} frames over ${SECONDS_MEASURED} s`);
    console.log(`  frame interval (rAF deltas; 16.7 ms is one vsync, timestamps have 0.1-ms resolution): p50 ${f(med(deltas), 1)} ms, p95 ${f(p95, 1)} ms, max ${f(Math.max(...deltas), 1)} ms; ${late} of ${deltas.length} frames late (${f((100 * late) / deltas.length, 1)} %)`);
    console.log(`  stage work per frame (scene + drawing): p50 ${f(med(work))} ms, p95 ${f(pct(work, 95))} ms, max ${f(Math.max(...work))} ms`);
    console.log(`  last frame: ${scene}`);
    console.log(`  p95 frame with ${med(inFlight)} events in flight: ${f(p95, 1)} ms against ${f(frameBudget, 1)} ms (bare page ${f(bareP95, 1)} ms + 5 %): ${verdict(p95 <= frameBudget)}`);
  };
  await page.evaluate((json) => window.labHooks.loadScenario(json), JSON.stringify(crowd(0.5)));
  await frameRow(page, 'stage frames, ~2,000 in flight (CROWD x0.5)', 18_000);
  await page.evaluate((json) => window.labHooks.loadScenario(json), JSON.stringify(crowd(5)));
  await frameRow(page, 'stage frames, ~20,000 in flight (CROWD x5)', 18_000);
  const big100k = await openApp(browser, `${server.url}${LINK_100K}`, { viewport: { width: 1400, height: 1000 } });
  await big100k.page.evaluate(() => window.labHooks.pause());
  await frameRow(big100k.page, `stage frames, ~100,000 in flight (${LINK_100K})`, 2_000);
  const scrub100k = await big100k.page.evaluate(async () => {
    // Effects (scene, drawing, counts, rows) run in microtasks: a message fires after them.
    const settled = () => new Promise((ok) => { const c = new MessageChannel(); c.port1.onmessage = ok; c.port2.postMessage(0); });
    const out = [];
    const end = 3_600_000;
    for (let i = 0; i < 40; i++) {
      const t = Math.floor((((i * 7919) % 40) / 40) * end);
      const t0 = performance.now();
      window.labHooks.seek(t);
      await settled();
      out.push(performance.now() - t0);
    }
    return out;
  });
  console.log(`scrub of the 100k link's run (seek → stage, counts, timeline, narration, metrics updated, 40 seeks over the hour): p50 ${f(med(scrub100k))} ms, p95 ${f(pct(scrub100k, 95))} ms, max ${f(Math.max(...scrub100k))} ms; p95 against one frame (${FRAME_MS} ms): ${verdict(pct(scrub100k, 95) <= FRAME_MS)}`);
  if (big100k.errors.length) console.log('page errors (100k link):', big100k.errors);
  await big100k.context.close();

  // --- Navigation to app-ready -----------------------------------------------------------------
  const nav = { default: [], link100k: [] };
  for (let i = 0; i < NAV_RUNS; i++) {
    nav.default.push(await navigation(browser, server.url));
    nav.link100k.push(await navigation(browser, `${server.url}${LINK_100K}`));
  }
  for (const [key, label] of [['default', 'the default page'], ['link100k', `the 100k link (${LINK_100K})`]]) {
    const p50 = med(nav[key]);
    console.log(`navigation to app-ready, ${label}: p50 ${f(p50, 0)} ms (of ${nav[key].map((x) => f(x, 0)).join(', ')}) against ${NAV_BUDGET_MS[key]} ms: ${verdict(p50 <= NAV_BUDGET_MS[key])}`);
  }

  // --- The 100k-event yardstick --------------------------------------------------------------
  const big = await readFile(BIG, 'utf8');
  const sim = [];
  for (let i = 0; i < 5; i++) sim.push(await page.evaluate((json) => window.labHooks.benchSimulate(json), big));
  console.log(`re-simulate big-scenario.json (100,000 events, Keep::All) in the page: median ${f(med(sim), 1)} ms, best ${f(Math.min(...sim), 1)} ms (of ${sim.map((x) => f(x, 1)).join(', ')})`);
  for (const at of [5 * 60_000, 20 * 60_000, 45 * 60_000, 23 * 3_600_000]) {
    const [index, counts, sceneMs] = await page.evaluate(([json, t]) => window.labHooks.benchSeek(json, t, 50), [big, at]);
    console.log(`  stage at ${at / 60_000} min: index (once per run) ${f(index, 1)} ms, lane counts ${f(counts, 3)} ms, scene from a fresh flight (a scrub) ${f(sceneMs, 3)} ms`);
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
