// What the learner sees is what happened: the stage as a first-time viewer meets it. A preset
// opened from the bottom of the page plays where the learner looks, at a pace they can follow;
// every count equals the tokens drawn in its lane once the stage is at rest (after a pause, after a
// step); short attempts stay on screen long enough to see; duplicates cost a visible number; the
// stage's words are never cut or faint, in English and Korean, at 1280 × 800, 1024 × 700 and 360 × 740.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { serveDist, launch, openApp } from './lib/harness.mjs';

let server, browser;
before(async () => {
  server = await serveDist();
  browser = await launch();
});
after(async () => {
  await browser?.close();
  await server?.close();
});

const byId = (page, id) => page.getByTestId(id);
const SIZES = [
  { width: 1280, height: 800 },
  { width: 1024, height: 700 },
  { width: 360, height: 740 },
];
/** The lanes whose number counts the tokens standing in them. */
const LANES = ['queue', 'function', 'retry', 'success', 'destination-success', 'destination-failure', 'dlq-sqs', 'dlq-sns', 'lost'];

/** The canvas's summary of the frame it drew, as numbers. */
async function scene(page) {
  const raw = await byId(page, 'stage-canvas').getAttribute('data-scene');
  return Object.fromEntries(raw.split(';').map((kv) => kv.split('=')).map(([k, v]) => [k, k === 'hash' ? v : Number(v)]));
}

/** Two animation frames: whatever a change triggered has been drawn. */
const frames = (page) => page.evaluate(() => new Promise((ok) => requestAnimationFrame(() => requestAnimationFrame(ok))));

/** Waits until `f()` is truthy (polled from here: the page's CSP forbids string code in it). */
async function until(f, what, timeout = 5_000) {
  const end = Date.now() + timeout;
  for (;;) {
    const v = await f();
    if (v) return v;
    if (Date.now() > end) throw new Error(`still not ${what} after ${timeout} ms`);
    await new Promise((ok) => setTimeout(ok, 40));
  }
}

/** The link of a preset, as its card in the gallery gives it. */
async function presetLink(page, slug) {
  return new URL(await byId(page, `preset-${slug}`).getAttribute('href'), server.url).href;
}

/** Each lane's count and the tokens the last frame drew inside its box, read in one go. */
function countsAndDrawn(page) {
  return page.evaluate((lanes) => {
    const drawn = window.labHooks.drawnPerLane();
    const counts = {};
    for (const l of lanes) counts[l] = Number(document.querySelector(`[data-testid="count-${l}"]`).textContent);
    const subscribers = [...document.querySelectorAll('[data-testid="sns-subscriber-count"]')].map((e) => Number(e.textContent));
    const countdowns = document.querySelectorAll('[data-testid="countdown"]').length;
    return { counts, drawn: Object.fromEntries(lanes.map((l) => [l, drawn[l] ?? 0])), subscribers, countdowns };
  }, LANES);
}

/** Asserts that the stage, at rest, draws in each lane as many tokens as the lane counts. */
async function assertCountsAreDrawn(page, where) {
  await until(async () => (await scene(page)).rest === 1, `at rest (${where})`);
  await frames(page);
  const { counts, drawn, subscribers, countdowns } = await countsAndDrawn(page);
  assert.deepEqual(drawn, counts, `${where}: tokens drawn per lane = the lanes' counts`);
  assert.equal(countdowns, Math.min(counts.retry, 5), `${where}: a countdown for each event in the retry wait (five at most)`);
  assert.ok(subscribers.every((n) => n === counts['dlq-sns']), `${where}: each SNS subscriber has every message that reached the topic`);
  return counts;
}

test('a preset clicked at the bottom of the page brings the stage into view and plays it at its pace, what to notice above it', async () => {
  for (const reducedMotion of ['no-preference', 'reduce']) {
    const context = await browser.newContext({ viewport: { width: 1024, height: 700 }, reducedMotion });
    const page = await context.newPage();
    const errors = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    await page.goto(server.url);
    await byId(page, 'app-ready').waitFor();
    await page.evaluate(() => window.scrollTo(0, document.body.scrollHeight));
    const inView = async (id) => {
      const box = await byId(page, id).boundingBox();
      const h = await page.evaluate(() => window.innerHeight);
      return box && box.y >= -0.5 && box.y + box.height <= h + 0.5 ? box : null;
    };
    assert.equal(await inView('stage'), null, 'the stage is out of sight at the bottom of the page');
    await byId(page, 'preset-happy-path').click();
    // Scrolled, and still (a smooth scroll has ended).
    const settled = async () => {
      const y = await page.evaluate(() => window.scrollY);
      await page.waitForTimeout(120);
      return y === (await page.evaluate(() => window.scrollY)) && inView('stage');
    };
    const stage = await until(settled, `the stage in view (${reducedMotion})`, reducedMotion === 'reduce' ? 400 : 3_000);
    const notice = await inView('preset-notice');
    assert.ok(notice, 'what to notice is in view too');
    assert.ok(notice.y + notice.height <= stage.y + 1, 'just above the stage');
    assert.equal(await byId(page, 'preset-notice').getAttribute('data-preset'), 'happy-path');
    // The happy path's story is a few 800 ms runs: it plays at 1 AWS minute = 10 s.
    assert.match(await byId(page, 'speed').locator('option:checked').innerText(), /1 AWS minute = 10 s/);
    assert.match(page.url(), /speed=10/, 'the preset link carries its pace');
    // A short lead-in, then it plays from 0:00.
    await until(async () => (await byId(page, 'btn-play').getAttribute('aria-pressed')) === 'false', 'playing', 3_000);
    assert.match(await byId(page, 'aws-clock').innerText(), /0:0\d/);
    assert.deepEqual(errors, []);
    await context.close();
  }
});

test('at rest, after a pause and after each step, every lane draws as many tokens as it counts', async () => {
  const { page, context, errors } = await openApp(browser, server.url);
  const seen = Object.fromEntries(LANES.map((l) => [l, 0]));
  const note = (counts) => LANES.forEach((l) => (seen[l] = Math.max(seen[l], counts[l])));
  for (const slug of ['destinations', 'dlq-sns', 'throttling', 'duplicates', 'event-age']) {
    await page.goto(await presetLink(page, slug));
    await byId(page, 'app-ready').waitFor();
    await byId(page, 'speed').selectOption('0'); // 1 AWS minute = 1 s
    // Pauses while it plays: the tokens on their way finish their glides, then the numbers hold.
    for (const ms of [250, 450, 700, 1_100]) {
      if ((await byId(page, 'btn-play').getAttribute('aria-pressed')) === 'true') await byId(page, 'btn-play').click();
      await page.waitForTimeout(ms);
      await byId(page, 'btn-play').click();
      note(await assertCountsAreDrawn(page, `${slug}, paused at ${(await scene(page)).t} ms`));
    }
    // A jump to the end of the run, paused: every ending at rest.
    await page.evaluate(() => window.labHooks.seek(1e9));
    note(await assertCountsAreDrawn(page, `${slug}, at the end`));
    // Steps from the start: each shows what just happened, at rest.
    await byId(page, 'btn-reset').click();
    for (let i = 0; i < 14; i++) {
      await byId(page, 'btn-step').click();
      note(await assertCountsAreDrawn(page, `${slug}, step ${i + 1} at ${(await scene(page)).t} ms`));
    }
  }
  for (const l of ['queue', 'function', 'retry', 'success', 'destination-success', 'destination-failure', 'dlq-sqs', 'dlq-sns']) {
    assert.ok(seen[l] > 0, `the comparison saw tokens in ${l}`);
  }
  assert.deepEqual(errors, []);
  await context.close();
});

test('a token never flies through a lane it is not in (a success not through the retry wait), and each event pulses 202 at the gate', async () => {
  const { page, context, errors } = await openApp(browser, server.url);
  await page.goto(await presetLink(page, 'happy-path'));
  await byId(page, 'app-ready').waitFor();
  await byId(page, 'btn-play').click(); // pause
  await byId(page, 'btn-reset').click();
  await byId(page, 'stage-canvas').scrollIntoViewIfNeeded();
  // Every frame for 4 s: the tokens drawn and the scene's moment.
  const log = await page.evaluate(async () => {
    const canvas = document.querySelector('[data-testid="stage-canvas"]');
    const retry = document.querySelector('[data-lane="retry"]').getBoundingClientRect();
    const c = canvas.getBoundingClientRect();
    const box = { x: retry.left - c.left, y: retry.top - c.top, w: retry.width, h: retry.height };
    document.querySelector('[data-testid="btn-play"]').click();
    const out = [];
    const t0 = performance.now();
    while (performance.now() - t0 < 4_000) {
      await new Promise((ok) => requestAnimationFrame(ok));
      const s = Object.fromEntries(canvas.dataset.scene.split(';').map((kv) => kv.split('=')));
      const over = window.labHooks.hits().filter((h) => h.x >= box.x && h.x <= box.x + box.w && h.y >= box.y && h.y <= box.y + box.h);
      out.push({ t: Number(s.t), pulses: Number(s.pulses), tokens: Number(s.tokens), overRetry: over.length });
    }
    return out;
  });
  assert.ok(log.some((f) => f.tokens > 0), 'tokens were on the move');
  assert.deepEqual(log.filter((f) => f.overRetry > 0), [], 'no token over the retry wait lane');
  // At 1 AWS minute = 10 s a pulse lasts 2.7 AWS seconds; the events arrive 5 s apart.
  const pulsing = (a, b) => log.filter((f) => f.t >= a && f.t < b);
  for (const at of [0, 5_000, 10_000]) {
    const during = pulsing(at, at + 2_000);
    assert.ok(during.length > 0 && during.every((f) => f.pulses >= 1), `the 202 of the event at ${at} ms pulses`);
  }
  assert.ok(pulsing(3_200, 4_800).every((f) => f.pulses === 0), 'and stops between events');

  // Always failing: the last attempts end while the other event waits out its retry. The failed
  // event goes from its slot to the DLQ without crossing the retry wait (which holds only the
  // waiting one) or any other lane.
  await page.goto(await presetLink(page, 'dlq-sqs'));
  await byId(page, 'app-ready').waitFor();
  await byId(page, 'speed').selectOption('0');
  await byId(page, 'stage-canvas').scrollIntoViewIfNeeded();
  const crossings = await page.evaluate(async () => {
    const canvas = document.querySelector('[data-testid="stage-canvas"]');
    const c = canvas.getBoundingClientRect();
    const box = (lane) => {
      const r = document.querySelector(`[data-lane="${lane}"]`).getBoundingClientRect();
      return { lane, x: r.left - c.left, y: r.top - c.top, w: r.width, h: r.height };
    };
    const untouched = ['queue', 'success', 'destination-success', 'destination-failure', 'dlq-sns', 'lost'].map(box);
    const retry = box('retry');
    const inside = (h, b) => h.x >= b.x && h.x <= b.x + b.w && h.y >= b.y && h.y <= b.y + b.h;
    window.labHooks.seek(195_000);
    const out = [];
    let t = 0;
    while (t < 250_000) {
      await new Promise((ok) => requestAnimationFrame(ok));
      const s = Object.fromEntries(canvas.dataset.scene.split(';').map((kv) => kv.split('=')));
      t = Number(s.t);
      const hits = window.labHooks.hits();
      const overRetry = hits.filter((h) => inside(h, retry)).length;
      if (overRetry > Number(s.retry)) out.push(`${overRetry} tokens over the retry wait, which holds ${s.retry}, at ${t}`);
      for (const b of untouched) if (hits.some((h) => inside(h, b))) out.push(`a token over ${b.lane} at ${t}`);
    }
    return out;
  });
  assert.deepEqual(crossings, []);
  assert.equal(await byId(page, 'count-dlq-sqs').innerText(), '2', 'both landed in the DLQ');
  assert.deepEqual(errors, []);
  await context.close();
});

test('an 800 ms attempt stays on screen at least 0.6 s even at 1 AWS minute = 1 s, and the page says so', async () => {
  const { page, context, errors } = await openApp(browser, server.url);
  await page.goto(await presetLink(page, 'happy-path'));
  await byId(page, 'app-ready').waitFor();
  await byId(page, 'btn-play').click(); // pause
  await byId(page, 'speed').selectOption('0');
  await byId(page, 'btn-reset').click();
  assert.match(await byId(page, 'short-stays').innerText(), /at least 0\.6 s on screen/);
  const log = await page.evaluate(async () => {
    const canvas = document.querySelector('[data-testid="stage-canvas"]');
    document.querySelector('[data-testid="btn-play"]').click();
    const out = [[performance.now(), 0]];
    const t0 = performance.now();
    while (performance.now() - t0 < 2_000) {
      await new Promise((ok) => requestAnimationFrame(ok));
      out.push([performance.now(), Number(canvas.dataset.scene.split(';')[0].slice(2))]);
    }
    return out;
  });
  // How long the page showed AWS time from `a` to `b` (ms), at most: from the last frame before
  // `a` to the first frame at or past `b` (frames are the measure's grain).
  const shown = (a, b) => {
    const start = log.findLast(([, t]) => t <= a) ?? log[0];
    const end = log.find(([, t]) => t >= b) ?? log.at(-1);
    return (end[0] - start[0]) / 1000;
  };
  // The first event runs from 0 to 800 ms of AWS time (13 ms at this speed, unslowed).
  const attempt = shown(0, 800);
  assert.ok(attempt >= 0.55, `the attempt was on screen ${attempt.toFixed(2)} s`);
  // Nothing happens from 0.8 s to 5 s: that stretch keeps the chosen speed (70 ms).
  const gap = shown(1_000, 4_900);
  assert.ok(gap < 0.3, `the empty stretch took ${gap.toFixed(2)} s`);
  assert.deepEqual(errors, []);
  await context.close();
});

test('when duplicates can repeat work, the stage counts side effects against events', async () => {
  const { page, context, errors } = await openApp(browser, server.url);
  const effects = async () => {
    const el = byId(page, 'side-effects');
    return { n: Number(await el.getAttribute('data-side-effects')), events: Number(await el.getAttribute('data-events')), text: await el.innerText() };
  };
  const at = async (ms) => {
    await page.evaluate((t) => {
      window.labHooks.pause();
      window.labHooks.seek(t);
    }, ms);
    await frames(page);
  };
  for (const [slug, last] of [['duplicates', 'side effects 10 · events 8'], ['duplicates-idempotent', 'side effects 8 · events 8']]) {
    await page.goto(await presetLink(page, slug));
    await byId(page, 'app-ready').waitFor();
    await at(20_000); // four runs done, the fifth event just sent
    assert.deepEqual(await effects(), { n: 4, events: 5, text: 'side effects 4 · events 5' }, slug);
    await at(180_000);
    const [count, ...why] = (await effects()).text.split('\n');
    assert.equal(count, last, slug);
    // More side effects than events are explained beside the count; as many are not.
    assert.equal(why.some((l) => /not idempotent/.test(l)), slug === 'duplicates', `${slug}: ${why}`);
  }
  await page.goto(await presetLink(page, 'happy-path'));
  await byId(page, 'app-ready').waitFor();
  assert.equal(await byId(page, 'side-effects').count(), 0, 'no duplicates, no counter');
  assert.deepEqual(errors, []);
  await context.close();
});

test('the function lane draws the slots that matter, not an empty grid of fifty', async () => {
  const { page, context, errors } = await openApp(browser, server.url);
  await page.goto(await presetLink(page, 'happy-path'));
  await byId(page, 'app-ready').waitFor();
  await frames(page);
  assert.equal((await scene(page)).slots, 4, 'the run needs one slot: it and three spare');
  assert.match(await byId(page, 'function-slots').innerText(), /4 slots drawn/);
  await page.goto(await presetLink(page, 'throttling'));
  await byId(page, 'app-ready').waitFor();
  await frames(page);
  assert.equal((await scene(page)).slots, 1, 'reserved concurrency 1: one slot');
  assert.deepEqual(errors, []);
  await context.close();
});

test('at the end of a run the play button offers to replay, and the preset card says so', async () => {
  const { page, context, errors } = await openApp(browser, server.url);
  await byId(page, 'preset-flaky').click();
  const card = byId(page, 'preset-state');
  await until(async () => (await card.innerText()) === 'playing', 'playing');
  await byId(page, 'btn-play').click();
  assert.equal(await card.innerText(), 'paused');
  await page.evaluate(() => window.labHooks.seek(1e9));
  await frames(page);
  const play = byId(page, 'btn-play');
  assert.equal(await play.innerText(), 'Replay');
  assert.equal(await play.getAttribute('aria-label'), 'Replay the run from 0:00');
  assert.equal(await card.innerText(), 'ended · replay');
  await play.click();
  await until(async () => (await play.getAttribute('aria-pressed')) === 'false', 'playing again');
  assert.match(await byId(page, 'aws-clock').innerText(), /AWS time 0:0\d/);
  assert.equal(await play.innerText(), 'Pause');
  assert.equal(await card.innerText(), 'playing');
  await byId(page, 'lang-ko').click();
  await page.evaluate(() => window.labHooks.seek(1e9));
  await frames(page);
  assert.equal(await play.innerText(), '다시 재생');
  assert.equal(await card.innerText(), '끝남 · 다시 재생');
  assert.deepEqual(errors, []);
  await context.close();
});

/** What is wrong with the stage's words and tokens: cut text, faint text, tokens off their lane. */
function stageProblems(page) {
  return page.evaluate(() => {
    const out = [];
    const stage = document.querySelector('[data-testid="stage"]');
    const rgb = (c) => c.match(/[\d.]+/g).map(Number);
    const lum = (c) => {
      const [r, g, b] = rgb(c).slice(0, 3).map((v) => {
        v /= 255;
        return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
      });
      return 0.2126 * r + 0.7152 * g + 0.0722 * b;
    };
    const background = (el) => {
      for (let e = el; e; e = e.parentElement) {
        const c = rgb(getComputedStyle(e).backgroundColor);
        if (c.length < 4 || c[3] > 0.5) return getComputedStyle(e).backgroundColor;
      }
      return 'rgb(255, 255, 255)';
    };
    const words = '.lane-name, .lane-count, .lane-note, .lane-info, .countdowns li, .sub-count, .side-effects, .gate-label, .column-title, .throttled-badge, .legend li, .legend-title, .legend-hint';
    for (const el of stage.querySelectorAll(words)) {
      if (!el.textContent.trim() || el.getClientRects().length === 0) continue;
      const name = `${el.className} "${el.textContent.trim().slice(0, 50)}"`;
      if (el.clientWidth > 0 && (el.scrollWidth > el.clientWidth + 1 || el.scrollHeight > el.clientHeight + 1)) out.push(`cut: ${name}`);
      const lane = el.closest('.lane');
      if (lane) {
        const a = el.getBoundingClientRect();
        const b = lane.getBoundingClientRect();
        if (a.bottom > b.bottom + 0.5 || a.right > b.right + 0.5) out.push(`past its lane's edge: ${name}`);
      }
      let opacity = 1;
      for (let e = el; e && e !== stage; e = e.parentElement) opacity *= Number(getComputedStyle(e).opacity);
      const [l1, l2] = [lum(getComputedStyle(el).color), lum(background(el))];
      const ratio = (Math.max(l1, l2) + 0.05) / (Math.min(l1, l2) + 0.05);
      if (opacity < 1 || ratio < 4.5) out.push(`faint (${ratio.toFixed(2)}:1, opacity ${opacity}): ${name}`);
    }
    const gate = getComputedStyle(stage.querySelector('.gate-label'));
    if (gate.transform !== 'none' || gate.textOrientation !== 'mixed') out.push(`the 202 label is turned (${gate.transform}, ${gate.textOrientation})`);
    // Tokens at rest in an ending lane stay inside its box.
    const c = document.querySelector('[data-testid="stage-canvas"]').getBoundingClientRect();
    for (const h of window.labHooks.hits().filter((h) => h.lane)) {
      const r = document.querySelector(`[data-lane="${h.lane}"]`).getBoundingClientRect();
      const [x, y] = [c.left + h.x, c.top + h.y];
      if (x - 4.5 < r.left || x + 4.5 > r.right || y - 4.5 < r.top || y + 4.5 > r.bottom) out.push(`a ${h.lane} token spills over its lane at (${x}, ${y})`);
    }
    return out;
  });
}

test('no word on the stage is cut or faint, and no token spills, in English and Korean at 1280 × 800, 1024 × 700 and 360 × 740', async () => {
  for (const viewport of SIZES) {
    for (const locale of ['en-US', 'ko-KR']) {
      const { page, context, errors } = await openApp(browser, server.url, { viewport, locale });
      for (const [slug, moments] of [['destinations', [30_000, 600_000]], ['dlq-sns', [100_000, 600_000]], ['throttling', [20_000]], ['duplicates', [21_000]], ['event-age', [40_000]]]) {
        await page.goto(await presetLink(page, slug));
        await byId(page, 'app-ready').waitFor();
        for (const ms of moments) {
          await page.evaluate((t) => {
            window.labHooks.pause();
            window.labHooks.seek(t);
          }, ms);
          await frames(page);
          assert.deepEqual(await stageProblems(page), [], `${slug} at ${ms} ms, ${viewport.width}×${viewport.height} ${locale}`);
        }
      }
      assert.deepEqual(errors, []);
      await context.close();
    }
  }
});

test('a crowd of events in flight draws a bounded number of glyphs and adds no element per event', async (t) => {
  const { page, context, errors } = await openApp(browser, server.url, { viewport: { width: 1280, height: 900 } });
  const crowd = {
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
  const elements = () => page.evaluate(() => document.querySelectorAll('[data-testid="stage"] *').length);
  // Twice the crowd, seen at the same moment: not one element more.
  const twice = { ...crowd, sources: crowd.sources.map((s) => ({ ...s, events: 2 * s.events, every_s: s.every_s / 2 })) };
  await page.evaluate((json) => {
    window.labHooks.pause();
    window.labHooks.loadScenario(json);
    window.labHooks.seek(18_000);
  }, JSON.stringify(twice));
  await frames(page);
  const before = await elements();
  await page.evaluate((json) => {
    window.labHooks.pause();
    window.labHooks.loadScenario(json);
    window.labHooks.seek(18_000);
    window.labHooks.clearFrames();
  }, JSON.stringify(crowd));
  await byId(page, 'speed').selectOption('2');
  await byId(page, 'btn-play').click();
  await page.waitForTimeout(1_500);
  await byId(page, 'btn-play').click();
  const f = await page.evaluate(() => window.labHooks.frames());
  const inFlight = Math.max(...f.filter((_, i) => i % 3 === 1));
  const drawn = Math.max(...f.filter((_, i) => i % 3 === 2));
  t.diagnostic(`crowd: at most ${inFlight} events in flight, at most ${drawn} glyphs drawn in a frame`);
  assert.ok(inFlight >= 3_000, `a crowd: ${inFlight} events in flight`);
  assert.ok(drawn <= 2_200, `${drawn} glyphs drawn for ${inFlight} events in flight`);
  await page.evaluate(() => window.labHooks.seek(18_000));
  await frames(page);
  assert.equal(await elements(), before, 'the stage has the same elements for four thousand events as for eight');
  assert.deepEqual(errors, []);
  await context.close();
});
