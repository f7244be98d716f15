// The panels around the stage, end to end (issue 14): the narration keeps the whole story, the
// toolbar says the scenario's own failure mode, a setting out of range is named and not changed,
// the metrics give the run's figures, the inspector opens in view with its key fields first, the
// timeline's marks are all in its legend, the page has a dark mode with readable contrast, and no
// panel text is cut, in either language.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
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

const MINUTE = 60_000;
const byId = (page, id) => page.getByTestId(id);

/** Two animation frames: whatever a change triggered has been drawn. */
const frames = (page) => page.evaluate(() => new Promise((ok) => requestAnimationFrame(() => requestAnimationFrame(ok))));

/** Pauses the clock and moves it to `ms`, as the scrubber does. */
async function seek(page, ms) {
  await page.evaluate((t) => {
    window.labHooks.pause();
    window.labHooks.seek(t);
  }, ms);
  await frames(page);
}

/** Opens a preset as a learner does, from its card, and pauses it at `ms`. */
async function preset(page, slug, ms) {
  await byId(page, `preset-${slug}`).click();
  await page.waitForFunction((s) => document.querySelector('[data-testid="preset-notice"]')?.dataset.preset === s, slug);
  if (ms !== undefined) await seek(page, ms);
}

const narration = (page) => byId(page, 'narration').innerText();

test('after the DLQ preset has run, the narration still tells the failures and the DLQ, in both directions of the scrubber', async () => {
  const { page, context, errors } = await openApp(browser, server.url);
  await preset(page, 'dlq-sqs', 10 * MINUTE);
  const told = await narration(page);
  assert.doesNotMatch(told, /Nothing has happened yet/);
  assert.match(told, /S3 event #1 failed \(attempt 3 of 3\); retries exhausted → DLQ \(SQS queue\)/);
  assert.match(told, /S3 event #2 failed \(attempt 3 of 3\); retries exhausted → DLQ \(SQS queue\)/);
  assert.match(told, /S3 event #1 failed \(attempt 1 of 3\); next try in 1:0\d/);
  // Newest first: the last line is the first thing that happened.
  const lines = await byId(page, 'narration-line').allInnerTexts();
  assert.match(lines.at(-1), /^0:00\s+S3 event #1: S3 got 202 Accepted/);
  // Back in time the later lines are gone; forward again they are back.
  await seek(page, 90_000);
  assert.doesNotMatch(await narration(page), /attempt 3 of 3/);
  assert.match(await narration(page), /S3 event #1 failed \(attempt 2 of 3\)|S3 event #1: attempt 2 of 3 started/);
  await seek(page, 10 * MINUTE);
  assert.equal(await narration(page), told);
  // A line is a link to its moment.
  const first = byId(page, 'narration-line').filter({ hasText: 'S3 event #1 failed (attempt 1 of 3)' });
  const at = Number(await first.getAttribute('data-at'));
  await first.click();
  await frames(page);
  assert.equal(await byId(page, 'scrubber').inputValue(), String(at));
  assert.equal(await byId(page, 'btn-play').getAttribute('aria-pressed'), 'true', 'paused at that moment');
  assert.deepEqual(errors, []);
  await context.close();
});

test('the narration of 100 000 events keeps its newest lines and counts the rest', async (t) => {
  const { page, context, errors } = await openApp(browser, server.url);
  const big = await readFile(new URL('../../bench/big-scenario.json', import.meta.url), 'utf8');
  await page.evaluate((json) => window.labHooks.loadScenario(json), big);
  await seek(page, 0);
  for (const at of [30 * MINUTE, 3 * 60 * MINUTE, 24 * 60 * MINUTE]) {
    const started = Date.now();
    await seek(page, at);
    const took = Date.now() - started;
    const shown = await byId(page, 'narration-line').count();
    assert.ok(shown > 0 && shown <= 200, `${shown} lines at ${at}`);
    const earlier = await byId(page, 'narration-earlier').innerText();
    assert.match(earlier, /and \d{4,} earlier happenings/);
    t.diagnostic(`panels: a seek to ${at / MINUTE} min of 100k events, narration included, took ${took} ms`);
  }
  assert.deepEqual(errors, []);
  await context.close();
});

test("the destinations preset's toolbar says 50 %, in both languages", async () => {
  const { page, context, errors } = await openApp(browser, server.url);
  await preset(page, 'destinations');
  const shown = () => byId(page, 'fail-mode').evaluate((s) => s.selectedOptions[0].textContent);
  assert.equal(await shown(), '50 % of attempts');
  await byId(page, 'lang-ko').click();
  assert.equal(await shown(), '시도의 50 %');
  // Choosing a quick mode replaces it, and the scenario's own mode leaves the list.
  await byId(page, 'fail-mode').selectOption('always');
  assert.deepEqual(await byId(page, 'fail-mode').locator('option').evaluateAll((os) => os.map((o) => o.value)), ['never', 'always', 'first', 'rate']);
  assert.deepEqual(errors, []);
  await context.close();
});

test('a setting out of range is named beside its field and the scenario keeps its value', async () => {
  const { page, context, errors } = await openApp(browser, server.url);
  await preset(page, 'dlq-sqs');
  await byId(page, 'settings').evaluate((d) => { d.open = true; });
  const age = byId(page, 'set-max-age');
  await age.fill('30');
  await age.dispatchEvent('change');
  const error = byId(page, 'field-error');
  await error.waitFor();
  assert.match(await error.innerText(), /30 is out of range: this setting takes 60 \.\.= 21600 s\. The scenario keeps 21600/);
  assert.equal(await age.inputValue(), '30', 'the field keeps what was typed');
  assert.equal(await age.getAttribute('aria-invalid'), 'true');
  assert.equal(await byId(page, 'preset-notice').getAttribute('data-preset'), 'dlq-sqs', 'the scenario is still the preset');
  await age.fill('120');
  await age.dispatchEvent('change');
  await page.waitForFunction(() => !document.querySelector('[data-testid="field-error"]'));
  await page.waitForFunction(() => !document.querySelector('[data-testid="preset-notice"]'), null, { timeout: 5_000 });
  assert.equal(await age.inputValue(), '120');
  assert.deepEqual(errors, []);
  await context.close();
});

test('the metrics give the run its CloudWatch figures, on a time axis the length of the run', async () => {
  const { page, context, errors } = await openApp(browser, server.url);
  await preset(page, 'throttling', 5 * MINUTE);
  const card = page.locator('[data-metric="Throttles"]');
  assert.ok(Number(await byId(page, 'metric-Throttles').innerText()) > 40, 'every throttle of the run');
  assert.equal(await byId(page, 'metric-stat-Throttles').innerText(), 'Sum');
  assert.equal(await byId(page, 'metric-stat-ConcurrentExecutions').innerText(), 'Maximum');
  assert.equal(await byId(page, 'metric-ConcurrentExecutions').innerText(), '1', 'reserved concurrency 1');
  assert.deepEqual(await card.locator('.metric-axis span').allInnerTexts(), ['0:00', '2:30', '5:00']);
  // The bars fill the plot: the last minute's bar ends near its right edge.
  await card.scrollIntoViewIfNeeded();
  const plot = await card.locator('svg.plot').boundingBox();
  const bars = await page.locator('[data-metric="Invocations"] path.bars').boundingBox();
  const invocations = await page.locator('[data-metric="Invocations"] svg.plot').boundingBox();
  assert.ok(bars.x + bars.width > invocations.x + invocations.width * 0.9, JSON.stringify({ bars, invocations }));
  // The tooltip opens without covering the metric's name.
  await page.mouse.move(plot.x + 3, plot.y + plot.height / 2);
  const tip = await card.locator('.metric-tip').boundingBox();
  const name = await card.locator('.metric-name').boundingBox();
  assert.match(await card.locator('.metric-tip').innerText(), /^0:00–1:00: [1-9]\d*$/);
  assert.ok(tip.y >= name.y + name.height || tip.y + tip.height <= name.y, JSON.stringify({ tip, name }));
  assert.deepEqual(errors, []);
  await context.close();
});

test('at 1024 × 700 the inspector opens in view, key fields first, the payload folded, nothing cut', async () => {
  const { page, context, errors } = await openApp(browser, server.url, { viewport: { width: 1024, height: 700 } });
  await preset(page, 'destinations-and-dlq', 10 * MINUTE);
  // Chosen from the top of the page (as a token on the stage would be), the inspector is below the fold.
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.locator('[data-testid="event-row"][data-event="0"]').evaluate((row) => row.click());
  const inspector = byId(page, 'inspector');
  await byId(page, 'inspector-story').waitFor();
  await page.waitForTimeout(200);
  const box = await inspector.boundingBox();
  assert.ok(box.y >= 0 && box.y < 700 - 100, `the inspector starts in view: ${JSON.stringify(box)}`);
  // The fields that matter come before the attempts.
  const order = await byId(page, 'inspector-story').evaluate((story) => {
    const at = (sel) => [...story.querySelectorAll('*')].indexOf(story.querySelector(sel));
    return { record: at('[data-testid="inspector-key-fields"]'), dlq: at('[data-testid="dlq-attributes"]'), attempts: at('table.attempts'), payload: at('[data-testid="inspector-payload"]') };
  });
  assert.ok(order.record < order.attempts && order.dlq < order.attempts && order.attempts < order.payload, JSON.stringify(order));
  assert.equal(await byId(page, 'record-condition').innerText(), 'RetriesExhausted');
  assert.equal(await byId(page, 'record-approximateInvokeCount').innerText(), '3');
  assert.equal(await byId(page, 'record-functionError').innerText(), 'Unhandled');
  assert.equal(await page.locator('details:has([data-testid="inspector-payload"])').getAttribute('open'), null, 'the payload is folded');
  // "1 / 3" stays on one line, and nothing reaches past the panel's edge.
  const cut = await inspector.evaluate((panel) => {
    const nr = panel.querySelector('[data-testid="inspector-attempt"] td');
    const range = document.createRange();
    range.selectNodeContents(nr);
    const right = panel.getBoundingClientRect().right;
    const past = [...panel.querySelectorAll('*')].filter((el) => el.getBoundingClientRect().right > right + 1).map((el) => el.tagName + '.' + el.className);
    return { lines: range.getClientRects().length, past, wide: panel.scrollWidth > panel.clientWidth + 1 };
  });
  assert.deepEqual(cut, { lines: 1, past: [], wide: false });
  // The copy button copies, or selects the JSON where the clipboard is refused.
  await page.locator('details:has([data-testid="inspector-payload"]) summary').click();
  await byId(page, 'copy-inspector-payload').click();
  await page.locator('details:has([data-testid="inspector-payload"]) .status').waitFor();
  // Beside the stage (1280 wide), an open inspector leaves no blank under the timeline: the
  // metrics follow it.
  await page.setViewportSize({ width: 1280, height: 800 });
  await frames(page);
  const timeline = await byId(page, 'timeline').boundingBox();
  const metrics = await byId(page, 'metrics').boundingBox();
  const side = await inspector.boundingBox();
  assert.ok(side.x > timeline.x + timeline.width, 'the inspector stands beside the stage');
  assert.ok(metrics.y - (timeline.y + timeline.height) < 20, JSON.stringify({ timeline, metrics }));
  assert.deepEqual(errors, []);
  await context.close();
});

test("the timeline's marks are all in its legend, and throttles, failures and duplicates look apart", async () => {
  const { page, context, errors } = await openApp(browser, server.url);
  const legend = async () => page.locator('[data-testid="timeline-legend"] li').evaluateAll((ls) => ls.map((l) => l.dataset.mark));
  const kinds = { 'tl-received': 'received', 'tl-wait': 'wait', 'tl-throttle': 'throttle', ok: 'ok', failed: 'failed', running: 'running', dup: 'dup' };
  const drawn = async () => page.locator('.tl-track > span').evaluateAll((ms, k) => [...new Set(ms.map((m) => [...m.classList].map((c) => k[c]).find(Boolean)))], kinds);
  for (const [slug, at] of [['throttling', 20_000], ['flaky', 5 * MINUTE], ['duplicates', 3 * MINUTE]]) {
    await preset(page, slug, at);
    const marks = await drawn();
    const named = await legend();
    assert.ok(marks.every((m) => named.includes(m)), `${slug}: ${marks} in ${named}`);
  }
  assert.ok((await legend()).includes('now'));
  // A duplicate run is no sliver.
  const dup = await page.locator('.tl-bar.dup').first().boundingBox();
  assert.ok(dup.width >= 8 && dup.height >= 12, JSON.stringify(dup));
  // A throttle is a dotted hairline, a failed attempt a solid bar.
  await preset(page, 'throttling', 20_000);
  const throttle = await page.locator('.tl-throttle').first().evaluate((e) => getComputedStyle(e).borderLeftStyle);
  await preset(page, 'flaky', 5 * MINUTE);
  const failed = await page.locator('.tl-bar.failed').first().evaluate((e) => [getComputedStyle(e).borderLeftStyle, getComputedStyle(e).backgroundColor]);
  assert.equal(throttle, 'dotted');
  assert.notEqual(failed[0], 'dotted');
  assert.notEqual(failed[1], 'rgba(0, 0, 0, 0)');
  assert.deepEqual(errors, []);
  await context.close();
});

/** Text colours against the background behind them, for every element matching `selector`. */
function contrasts(page, selector) {
  return page.evaluate((sel) => {
    const parse = (c) => c.match(/[\d.]+/g).map(Number);
    const lum = ([r, g, b]) => {
      const f = (v) => ((v /= 255) <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4);
      return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
    };
    const behind = (el) => {
      for (let e = el; e; e = e.parentElement) {
        const c = parse(getComputedStyle(e).backgroundColor);
        if (c.length < 4 || c[3] > 0.5) return c;
      }
      return [255, 255, 255];
    };
    return [...document.querySelectorAll(sel)]
      .filter((el) => el.textContent.trim() && el.getClientRects().length)
      .map((el) => {
        const [hi, lo] = [lum(parse(getComputedStyle(el).color)), lum(behind(el))].sort((a, b) => b - a);
        return { text: `${sel}: ${el.textContent.trim().slice(0, 30)}`, ratio: (hi + 0.05) / (lo + 0.05) };
      });
  }, selector);
}

const READ = ['h2', '.panel .hint', '.narration-line time', '.narration-line span', '.tl-legend li', '.tl-name', '.tl-outcome', '.tl-wait-label', '.tl-tick',
  '.metric-desc', '.metric-stat', '.metric-axis span', '.why .rule-setting', '.myth p', '.inspector .facts dt', '.inspector .place', '.attempts td',
  '.settings .field-range', '.settings legend', '.field-error', '.aws-end', '.screen-time'];

test('dark mode darkens the page and keeps every panel text at 4.5:1 or better', async () => {
  const background = async (page) => page.evaluate(() => [getComputedStyle(document.documentElement).backgroundColor, getComputedStyle(document.querySelector('.panel')).backgroundColor]);
  const lum = (c) => c.match(/\d+/g).slice(0, 3).reduce((a, b) => a + Number(b), 0) / 3;
  const seen = {};
  for (const colorScheme of ['light', 'dark']) {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, colorScheme });
    const page = await context.newPage();
    await page.goto(server.url);
    await byId(page, 'app-ready').waitFor();
    await preset(page, 'flaky', 5 * MINUTE);
    await page.locator('[data-testid="event-row"][data-event="0"]').click();
    await byId(page, 'settings').evaluate((d) => { d.open = true; });
    await byId(page, 'set-max-age').fill('30');
    await byId(page, 'set-max-age').dispatchEvent('change');
    seen[colorScheme] = await background(page);
    const low = [];
    for (const sel of READ) low.push(...(await contrasts(page, sel)).filter((c) => c.ratio < 4.5));
    assert.deepEqual(low, [], `${colorScheme}: text under 4.5:1`);
    await context.close();
  }
  assert.ok(lum(seen.dark[0]) < 60 && lum(seen.light[0]) > 200, JSON.stringify(seen));
  assert.ok(lum(seen.dark[1]) < 60, `panels darken too: ${seen.dark[1]}`);
});

test('the help pauses the clock while it is open, and Esc gives the focus back to "?"', async () => {
  const { page, context, errors } = await openApp(browser, server.url);
  const playing = async () => (await byId(page, 'btn-play').getAttribute('aria-pressed')) === 'false';
  assert.ok(await playing(), 'the page plays from the start');
  await byId(page, 'btn-help').click();
  await byId(page, 'help').waitFor();
  assert.ok(!(await playing()));
  const clock = await byId(page, 'aws-clock').innerText();
  await page.waitForTimeout(400);
  assert.equal(await byId(page, 'aws-clock').innerText(), clock, 'time stands still behind the help');
  await page.keyboard.press('Escape');
  assert.equal(await byId(page, 'help').count(), 0);
  assert.equal(await page.evaluate(() => document.activeElement?.dataset.testid), 'btn-help');
  assert.ok(await playing(), 'and plays on once it is closed');
  assert.deepEqual(errors, []);
  await context.close();
});

test('in Korean the step button says 이벤트, as the rest of the page does', async () => {
  const { page, context } = await openApp(browser, `${server.url}?lang=ko`);
  assert.match(await byId(page, 'btn-step').innerText(), /다음 이벤트/);
  assert.equal(await byId(page, 'btn-step-back').getAttribute('title'), '이전 이벤트');
  await context.close();
});

/** Panel texts that do not fit where they are: cut by an ellipsis or a clip, an option wider than its select, a placeholder wider than its field. */
function cutTexts(page) {
  return page.evaluate(() => {
    const panels = document.querySelectorAll('[data-testid="why"], [data-testid="inspector"], [data-testid="narration"], [data-testid="timeline"], [data-testid="metrics"], .controls');
    const out = [];
    const width = (text, font) => {
      const span = document.createElement('span');
      Object.assign(span.style, { font, position: 'absolute', whiteSpace: 'pre', visibility: 'hidden' });
      span.textContent = text;
      document.body.append(span);
      const w = span.getBoundingClientRect().width;
      span.remove();
      return w;
    };
    for (const panel of panels) {
      for (const el of panel.querySelectorAll('*')) {
        if (!el.getClientRects().length || el.closest('.sr-only')) continue;
        const s = getComputedStyle(el);
        const clips = s.textOverflow === 'ellipsis' || (s.overflowX !== 'visible' && s.whiteSpace === 'nowrap');
        if (clips && el.scrollWidth > el.clientWidth + 1) out.push(`${el.className}: ${el.textContent.slice(0, 40)}`);
        const pad = parseFloat(s.paddingLeft) + parseFloat(s.paddingRight);
        if (el.tagName === 'SELECT' && el.selectedOptions[0] && width(el.selectedOptions[0].text, s.font) + pad + 20 > el.clientWidth) out.push(`select ${el.dataset.testid}: ${el.selectedOptions[0].text}`);
        if (el.tagName === 'INPUT' && el.placeholder && !el.value && width(el.placeholder, s.font) + pad > el.clientWidth) out.push(`placeholder ${el.dataset.testid}: ${el.placeholder}`);
      }
    }
    return out;
  });
}

test('no panel text is cut, at 1280 × 800 and 1024 × 700, in English and Korean', async () => {
  for (const [width, height] of [[1280, 800], [1024, 700]]) {
    for (const lang of ['en', 'ko']) {
      const { page, context, errors } = await openApp(browser, `${server.url}?lang=${lang}`, { viewport: { width, height } });
      await byId(page, 'settings').evaluate((d) => { d.open = true; });
      for (const [slug, at] of [['destinations-and-dlq', 10 * MINUTE], ['throttling', 30_000], ['duplicates', 3 * MINUTE]]) {
        await preset(page, slug, at);
        await page.locator('[data-testid="event-row"][data-event="0"]').click();
        assert.deepEqual(await cutTexts(page), [], `${width}×${height} ${lang} ${slug}`);
      }
      // The settings' fields for N and p, and their modes' names.
      for (const mode of ['rate', 'first']) {
        await byId(page, 'set-fail-mode').selectOption(mode);
        assert.deepEqual(await cutTexts(page), [], `${width}×${height} ${lang} ${mode}`);
      }
      assert.deepEqual(errors, []);
      await context.close();
    }
  }
});
