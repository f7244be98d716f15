// The browser soak (run by `./x bench`): the page plays a long scenario at the fastest speed (an
// AWS minute a real second) for SOAK_SECONDS of real time (default 90), and its memory must be flat
// after warm-up.
//
// Every SAMPLE_SECONDS it collects garbage (CDP `HeapProfiler.collectGarbage`), then reads the JS
// heap in use, the DOM nodes and the event listeners (CDP `Performance.getMetrics`) and the size of
// the wasm instance's memory (which never shrinks: it shows the Rust heap's high-water mark). It
// prints the samples and, against the budget, how much each grew from the end of the warm-up to
// the end of the soak. A page built with the `heap-count` feature (`trunk build --release
// --features heap-count --dist DIR`, then `DIST=DIR/`) also has `labHooks.heap()`: the Rust heap's
// live bytes, printed beside the verdicts, tell a leak (live bytes grow) from a high-water mark.
import { serveDist, launch } from '../lib/harness.mjs';

const SOAK_SECONDS = Number(process.env.SOAK_SECONDS ?? 90);
const SAMPLE_SECONDS = 5;
/** The first samples are the warm-up: caches fill, the run's index is built, panels mount. */
const WARM_UP_SECONDS = 20;
/** Flat: at the end, at most this much above the end of the warm-up (JS heap, wasm memory). */
const FLAT_BUDGET = 1.1;
/** DOM nodes and listeners may change with what the panels show, by at most this many. */
const DOM_SLACK = 200;

/** Two hours of steady traffic, so the page keeps working the whole soak: 30 % of runs fail and
 *  retry, some events are too old and go to the DLQ, a small reserved concurrency throttles, and a
 *  few events are delivered twice. About 6,000 events. */
const LONG = {
  version: 1,
  seed: 15,
  run_for_s: 7200,
  sources: [
    { service: 's3', events: 3600, start_s: 0, every_s: 2 },
    { service: 'sns', events: 2400, start_s: 1, every_s: 3 },
  ],
  function: { duration_ms: 4000, timeout_s: 6, failure: { mode: 'rate', p: 0.3, error: 'Error' }, reserved_concurrency: 3, idempotent: false },
  invoke_config: { max_retry_attempts: 2, max_event_age_s: 900 },
  dlq: 'sqs',
  on_success: null,
  on_failure: null,
  duplicate_rate: 0.02,
};

const MIB = 1024 * 1024;
const f = (x, d = 1) => x.toFixed(d);

const server = await serveDist();
const browser = await launch();
try {
  const context = await browser.newContext({ viewport: { width: 1400, height: 1000 } });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  // The wasm instance's memory, handed over by Trunk's loader when the app starts.
  await page.addInitScript(() =>
    addEventListener('TrunkApplicationStarted', (e) => { window.soakWasmMemory = e.detail.wasm.memory; }),
  );
  await page.goto(`${server.url}?v=1&speed=1`);
  await page.getByTestId('app-ready').waitFor({ timeout: 30_000 });
  await page.evaluate((json) => window.labHooks.loadScenario(json), JSON.stringify(LONG));
  // The play button is pressed while paused (its label then says "Play").
  if ((await page.getByTestId('btn-play').getAttribute('aria-pressed')) === 'true') {
    await page.getByTestId('btn-play').click();
  }

  const cdp = await context.newCDPSession(page);
  await cdp.send('Performance.enable');
  const sample = async (second) => {
    await cdp.send('HeapProfiler.collectGarbage');
    const { metrics } = await cdp.send('Performance.getMetrics');
    const m = Object.fromEntries(metrics.map(({ name, value }) => [name, value]));
    const { aws, wasm, rust } = await page.evaluate(() => ({
      aws: window.labHooks.now(),
      wasm: window.soakWasmMemory?.buffer.byteLength ?? NaN,
      rust: window.labHooks.heap ? Array.from(window.labHooks.heap().slice(0, 3)) : null,
    }));
    return { second, aws, heap: m.JSHeapUsedSize, nodes: m.Nodes, listeners: m.JSEventListeners, wasm, rust };
  };

  console.log(`browser soak: ${SOAK_SECONDS} s of real time at an AWS minute a second, ${LONG.sources.reduce((n, s) => n + s.events, 0)} events over ${LONG.run_for_s / 3600} AWS hours`);
  console.log('   real s   AWS min   JS heap MiB   wasm MiB   DOM nodes   listeners');
  const samples = [];
  const start = Date.now();
  for (let s = 0; s <= SOAK_SECONDS; s += SAMPLE_SECONDS) {
    const wait = start + s * 1000 - Date.now();
    if (wait > 0) await page.waitForTimeout(wait);
    const x = await sample(s);
    samples.push(x);
    console.log(`   ${String(s).padStart(6)}   ${f(x.aws / 60_000).padStart(7)}   ${f(x.heap / MIB, 2).padStart(11)}   ${f(x.wasm / MIB).padStart(8)}   ${String(x.nodes).padStart(9)}   ${String(x.listeners).padStart(9)}`);
  }

  const warm = samples.find((x) => x.second >= WARM_UP_SECONDS) ?? samples[0];
  const end = samples.at(-1);
  const after = samples.filter((x) => x.second >= warm.second);
  const peak = (key) => Math.max(...after.map((x) => x[key]));
  const played = (end.aws - samples[0].aws) / 60_000;
  console.log(`  played ${f(played)} AWS minutes in ${end.second} s (${f(played / (end.second / 60), 0)}x an AWS minute a real minute; at most 60)`);
  const heapRatio = end.heap / warm.heap;
  const wasmRatio = end.wasm / warm.wasm;
  const verdict = (ok) => (ok ? 'holds' : 'OVER BUDGET');
  console.log(`  JS heap after GC: ${f(warm.heap / MIB, 2)} MiB at ${warm.second} s, ${f(end.heap / MIB, 2)} MiB at the end (x${f(heapRatio, 3)}), peak ${f(peak('heap') / MIB, 2)} MiB; budget x${FLAT_BUDGET}: ${verdict(heapRatio <= FLAT_BUDGET)}`);
  console.log(`  wasm memory: ${f(warm.wasm / MIB)} MiB at ${warm.second} s, ${f(end.wasm / MIB)} MiB at the end (x${f(wasmRatio, 3)}); budget x${FLAT_BUDGET}: ${verdict(wasmRatio <= FLAT_BUDGET)}`);
  const nodesGrew = end.nodes - warm.nodes;
  const listenersGrew = end.listeners - warm.listeners;
  console.log(`  DOM nodes ${warm.nodes} -> ${end.nodes} (${nodesGrew >= 0 ? '+' : ''}${nodesGrew}), listeners ${warm.listeners} -> ${end.listeners} (${listenersGrew >= 0 ? '+' : ''}${listenersGrew}); budget +${DOM_SLACK}: ${verdict(nodesGrew <= DOM_SLACK && listenersGrew <= DOM_SLACK)}`);
  if (end.rust) {
    const [live0, , peak0] = warm.rust;
    const [live1, , peak1] = end.rust;
    console.log(`  Rust heap (heap-count build): live ${f(live0 / MIB, 2)} -> ${f(live1 / MIB, 2)} MiB, peak live ${f(peak0 / MIB, 2)} -> ${f(peak1 / MIB, 2)} MiB`);
  }
  if (errors.length) console.log('page errors:', errors);
} finally {
  await browser.close();
  await server.close();
}
