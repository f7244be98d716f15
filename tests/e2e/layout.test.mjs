// Phones and embeds (issue 15): at 360 × 740, in English and Korean (and up to 760 px wide), nothing
// scrolls sideways, every lane name shows whole, the tokens stand inside their lanes and each lane
// draws as many as it counts; the controls stay within the screen. The embed at 640 × 400 shows the whole stage,
// play, a send button and the failure mode without scrolling, and more only in a larger frame.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { serveDist, launch, openApp, atRest, openStill } from './lib/harness.mjs';
import { phoneFit, embedFit, EMBED_ESSENTIALS } from './lib/fit.mjs';

let server, browser;
before(async () => {
  server = await serveDist();
  browser = await launch();
});
after(async () => {
  await browser?.close();
  await server?.close();
});

const PHONE = { width: 360, height: 740 };
/** The lanes whose number counts the tokens standing in them. */
const COUNTED = ['queue', 'function', 'retry', 'success', 'destination-success', 'destination-failure', 'dlq-sqs', 'dlq-sns', 'lost'];

/** The link of a preset, as its card in the gallery gives it. */
async function presetLink(page, slug) {
  return new URL(await page.getByTestId(`preset-${slug}`).getAttribute('href'), server.url).href;
}

for (const locale of ['en-US', 'ko-KR']) {
  test(`at 360 × 740 (${locale}) nothing scrolls sideways, every lane name shows, and each lane draws its tokens inside it`, async () => {
    const { page, context, errors } = await openApp(browser, server.url, { viewport: PHONE, locale });
    let seen = 0;
    for (const [slug, moments] of [['destinations', [30_000, 600_000]], ['dlq-sns', [100_000, 600_000]], ['throttling', [20_000]], ['duplicates', [21_000]]]) {
      await page.goto(await presetLink(page, slug));
      await page.getByTestId('app-ready').waitFor();
      for (const ms of moments) {
        await page.evaluate((t) => {
          window.labHooks.pause();
          window.labHooks.seek(t);
        }, ms);
        await atRest(page);
        const where = `${slug} at ${ms} ms`;
        const fit = await phoneFit(page);
        assert.equal(fit.overflow, 0, `${where}: the page scrolls ${fit.overflow} px sideways`);
        assert.deepEqual(fit.names.filter((n) => !n.shown), [], `${where}: every lane name shows whole`);
        assert.equal(fit.names.length, 16, 'seven sources, the queue, the function, the retry wait, six endings');
        assert.deepEqual(fit.spills, [], `${where}: tokens inside their lanes`);
        const { counts, drawn } = await page.evaluate((lanes) => {
          const per = window.labHooks.drawnPerLane();
          const n = (l) => Number(document.querySelector(`[data-testid="count-${l}"]`).textContent);
          return { counts: Object.fromEntries(lanes.map((l) => [l, n(l)])), drawn: Object.fromEntries(lanes.map((l) => [l, per[l] ?? 0])) };
        }, COUNTED);
        assert.deepEqual(drawn, counts, `${where}: tokens drawn per lane = the lanes' counts`);
        seen += Object.values(counts).reduce((a, b) => a + b, 0);
      }
    }
    assert.ok(seen > 20, `the presets put tokens on the stage (${seen})`);
    // The controls stay on the screen: each one within its width.
    const off = await page.evaluate(() =>
      [...document.querySelectorAll('.controls button, .controls select, .controls input')]
        .filter((el) => el.getClientRects().length)
        .filter((el) => el.getBoundingClientRect().right > innerWidth + 0.5 || el.getBoundingClientRect().left < -0.5)
        .map((el) => el.dataset.testid ?? el.className),
    );
    assert.deepEqual(off, [], 'every control within the screen');
    assert.deepEqual(errors, []);
    await context.close();
  });
}

test('from 390 to 760 px wide too (English and Korean), every lane name shows, nothing scrolls sideways, no token spills', async () => {
  for (const width of [390, 600, 760]) {
    for (const lang of ['en', 'ko']) {
      const { page, context, errors } = await openStill(browser, `${server.url}?lang=${lang}`, { viewport: { width, height: 844 } });
      const fit = await phoneFit(page);
      const where = `${width} px, ${lang}`;
      assert.equal(fit.overflow, 0, `${where}: sideways`);
      assert.deepEqual(fit.names.filter((n) => !n.shown), [], `${where}: every lane name shows whole`);
      assert.deepEqual(fit.spills, [], `${where}: tokens inside their lanes`);
      assert.deepEqual(errors, []);
      await context.close();
    }
  }
});

test('a token leaving a source on a phone goes down the gap beside it to the gate, over no other source', async () => {
  const { page, context, errors } = await openApp(browser, server.url, { viewport: PHONE });
  await page.goto(await presetLink(page, 'happy-path'));
  await page.getByTestId('app-ready').waitFor();
  await page.getByTestId('btn-play').click(); // pause
  await page.getByTestId('btn-reset').click();
  await page.getByTestId('stage-canvas').scrollIntoViewIfNeeded();
  const over = await page.evaluate(async () => {
    const c = document.querySelector('[data-testid="stage-canvas"]').getBoundingClientRect();
    const sources = [...document.querySelectorAll('[data-lane^="source-"]')].map((el) => {
      const r = el.getBoundingClientRect();
      return { lane: el.dataset.lane, x: r.left - c.left, y: r.top - c.top, w: r.width, h: r.height };
    });
    const events = window.labHooks.events();
    document.querySelector('[data-testid="btn-play"]').click();
    const out = [];
    let moving = 0;
    const t0 = performance.now();
    while (performance.now() - t0 < 3_000) {
      await new Promise((ok) => requestAnimationFrame(ok));
      for (const h of window.labHooks.hits().filter((h) => h.event !== undefined)) {
        moving++;
        const own = `source-${events[h.event].service}`;
        for (const s of sources.filter((s) => s.lane !== own)) {
          if (h.x > s.x && h.x < s.x + s.w && h.y > s.y && h.y < s.y + s.h) out.push(`${s.lane} at (${h.x}, ${h.y})`);
        }
      }
    }
    return { out, moving };
  });
  assert.ok(over.moving > 0, 'tokens were on the move');
  assert.deepEqual(over.out, [], 'no token over a source it did not leave');
  assert.deepEqual(errors, []);
  await context.close();
});

/**
 * While the stage pulses `202`s, how many of the token canvas's pixels are drawn in the label's
 * ink (`--ok-ink`, used by nothing else on the canvas), and in how many frames a pulse showed.
 */
function pulseLabelPixels(page) {
  return page.evaluate(async () => {
    const canvas = document.querySelector('[data-testid="stage-canvas"]');
    const ink = getComputedStyle(canvas).getPropertyValue('--ok-ink').trim();
    const rgb = [1, 3, 5].map((i) => parseInt(ink.slice(i, i + 2), 16));
    document.querySelector('[data-testid="btn-play"]').click();
    let inked = 0;
    let pulsing = 0;
    const t0 = performance.now();
    while (performance.now() - t0 < 3_000) {
      await new Promise((ok) => requestAnimationFrame(ok));
      if (!/;pulses=[1-9]/.test(canvas.dataset.scene)) continue;
      pulsing++;
      const { data } = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height);
      for (let i = 0; i < data.length; i += 4) {
        if (data[i + 3] > 250 && Math.abs(data[i] - rgb[0]) + Math.abs(data[i + 1] - rgb[1]) + Math.abs(data[i + 2] - rgb[2]) < 24) inked++;
      }
    }
    return { inked, pulsing };
  });
}

test('a 202 pulse is labelled where the gate stands beside the sources, not over the gate laid across a phone', async () => {
  for (const [viewport, labelled] of [[{ width: 1280, height: 900 }, true], [PHONE, false]]) {
    const { page, context, errors } = await openApp(browser, server.url, { viewport });
    await page.goto(await presetLink(page, 'happy-path'));
    await page.getByTestId('app-ready').waitFor();
    await page.getByTestId('btn-play').click(); // pause
    await page.getByTestId('btn-reset').click();
    await page.getByTestId('stage-canvas').scrollIntoViewIfNeeded();
    const { inked, pulsing } = await pulseLabelPixels(page);
    assert.ok(pulsing > 0, `a 202 pulsed (${viewport.width} px)`);
    // On a phone the gate's own words, "202 Accepted", run where a pulse's label would print.
    assert.equal(inked > 0, labelled, `${inked} pixels of the 202 label's ink at ${viewport.width} px`);
    assert.deepEqual(errors, []);
    await context.close();
  }
});

test('the embed at 640 × 400 shows the whole stage, play, a send button and the failure mode without scrolling', async () => {
  for (const lang of ['en', 'ko']) {
    const { page, context, errors } = await openApp(browser, `${server.url}?embed=1&lang=${lang}`, { viewport: { width: 640, height: 400 } });
    const fit = await embedFit(page);
    assert.deepEqual(fit.inside, Object.fromEntries(Object.keys(EMBED_ESSENTIALS).map((k) => [k, true])), `${lang}: inside the frame`);
    assert.deepEqual([fit.down, fit.sideways], [0, 0], `${lang}: nothing to scroll`);
    // In a frame of 640 × 400 the stage is not squeezed: each ending lane keeps its name whole.
    const fitNames = await page.evaluate(() =>
      [...document.querySelectorAll('[data-testid="stage"] .ending .lane-name')].filter((el) => el.scrollHeight > el.clientHeight + 1 || el.scrollWidth > el.clientWidth + 1).map((el) => el.textContent),
    );
    assert.deepEqual(fitNames, [], `${lang}: ending names whole`);
    assert.deepEqual(errors, []);
    await context.close();
  }
  // A taller frame gives the stage the room first, then brings back the rest (the settings, the
  // legend), never squeezing the stage below what it has at 640 × 400.
  const heights = {};
  for (const height of [400, 700, 900]) {
    const { page, context } = await openApp(browser, `${server.url}?embed=1`, { viewport: { width: 640, height } });
    const fit = await embedFit(page);
    assert.deepEqual([fit.down, fit.sideways], [0, 0], `nothing to scroll at 640 × ${height}`);
    assert.equal(await page.locator('.settings').isVisible(), height >= 760, `the settings at 640 × ${height}`);
    heights[height] = (await page.locator('.stage-grid').boundingBox()).height;
    await context.close();
  }
  assert.ok(heights[700] > heights[400] && heights[900] >= heights[400], `the stage's lanes at 400, 700, 900 px: ${JSON.stringify(heights)}`);
});
