// The stage, end to end: the release build in headless Chromium, driven through the page's own
// controls. Tokens are drawn on a canvas; the counters, countdowns, rows and inspector stay in the
// DOM, and the canvas publishes a summary of what it drew (`data-scene`) and its tokens' positions
// (`window.labHooks.hits()`), so that these tests can see the picture.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { serveDist, launch, openApp, count, waitCount, shownCounts, coreCounts, runEvents, FAILED } from './lib/harness.mjs';

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

/** The canvas's summary of the frame it drew, as numbers. */
async function scene(page) {
  const raw = await page.getByTestId('stage-canvas').getAttribute('data-scene');
  return Object.fromEntries(raw.split(';').map((kv) => kv.split('=')).map(([k, v]) => [k, k === 'hash' ? v : Number(v)]));
}

/** Two animation frames: whatever a change triggered has been drawn. */
const frames = (page) => page.evaluate(() => new Promise((ok) => requestAnimationFrame(() => requestAnimationFrame(ok))));

async function pause(page) {
  if ((await byId(page, 'btn-play').getAttribute('aria-pressed')) === 'false') await byId(page, 'btn-play').click();
}

async function play(page) {
  if ((await byId(page, 'btn-play').getAttribute('aria-pressed')) === 'true') await byId(page, 'btn-play').click();
}

/** Moves the timeline scrubber as a person dragging it would. */
async function scrub(page, ms) {
  await byId(page, 'scrubber').evaluate((el, v) => {
    el.value = String(v);
    el.dispatchEvent(new Event('input', { bubbles: true }));
  }, ms);
  await frames(page);
}

async function openSettings(page) {
  await byId(page, 'settings').evaluate((d) => { d.open = true; });
}

async function setNumber(page, id, value) {
  await byId(page, id).fill(String(value));
  await byId(page, id).dispatchEvent('change');
}

/** A fresh page, paused at AWS time 0 with the given quick failure mode and speed preset. */
async function fresh({ fail = 'never', speed = 0 } = {}) {
  const opened = await openApp(browser, server.url);
  const { page } = opened;
  await pause(page);
  await byId(page, 'btn-reset').click();
  await byId(page, 'fail-mode').selectOption(fail);
  await byId(page, 'speed').selectOption(String(speed));
  await frames(page);
  return opened;
}

/** Canvas tokens drawn last frame, in page coordinates. */
async function hits(page) {
  await byId(page, 'stage-canvas').scrollIntoViewIfNeeded();
  const box = await byId(page, 'stage-canvas').boundingBox();
  const list = await page.evaluate(() => window.labHooks.hits());
  return list.map((h) => ({ ...h, px: box.x + h.x, py: box.y + h.y }));
}

async function texts(page, id) {
  return page.getByTestId(id).allInnerTexts();
}

const awsNow = (page) => page.evaluate(() => window.labHooks.now());

/** `m:ss.s`, as the inspector shows an attempt's start and end. */
function tenths(ms) {
  const s = Math.floor(ms / 1000);
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}.${Math.floor((ms % 1000) / 100)}`;
}

/** The words the English inspector uses for an attempt's result and an event's outcome. */
const RESULT = { success: 'success', error: 'error (unhandled exception)', timeout: 'timeout' };
const OUTCOME = { succeeded: 'succeeded', retries_exhausted: 'retries exhausted' };

/**
 * The run's events resting in an ending lane by `restedBy`, in the order their tokens are ranked
 * there: the order they ended in (by arrival among events that ended together).
 */
function restingOrder(events, inLane, restedBy) {
  return events
    .map((e, pos) => ({ e, pos }))
    .filter(({ e }) => e.ended !== null && e.ended <= restedBy && inLane(e))
    .sort((a, b) => a.e.ended - b.e.ended || a.pos - b.pos)
    .map(({ pos }) => pos);
}

/**
 * Clicks the resting token `hit` and checks that the inspector opens on the event that token
 * stands for, telling the run's story of it: its name, each of its attempts as the run recorded
 * them, and its outcome. Returns that event's position.
 */
async function clickRestingAndCheckStory(page, hit, events, inLane, { of = 3 } = {}) {
  const restedBy = (await awsNow(page)) - (await scene(page)).glide;
  const pos = restingOrder(events, inLane, restedBy)[hit.rank];
  assert.ok(pos !== undefined, `a run event rests at rank ${hit.rank} of ${hit.lane}`);
  // Where the token is drawn now: opening the inspector may have moved the stage since `hit` was read.
  await frames(page);
  const now = (await hits(page)).find((h) => h.lane === hit.lane && h.rank === hit.rank) ?? hit;
  await page.mouse.click(now.px, now.py);
  const story = byId(page, 'inspector-story');
  await story.waitFor();
  assert.equal(await story.getAttribute('data-event'), String(pos), `the token at rank ${hit.rank} of ${hit.lane}`);
  const ev = events[pos];
  assert.equal(ev.service, 's3');
  assert.equal(await story.locator('.story-title').innerText(), `S3 event #${pos + 1}`);
  const rows = await byId(page, 'inspector-attempt').evaluateAll((trs) => trs.map((tr) => [...tr.cells].map((td) => td.textContent.trim())));
  let k = 0;
  const expected = [...ev.attempts]
    .sort((a, b) => a.start_ms - b.start_ms)
    .map((a) => [a.duplicate ? 'duplicate delivery' : `${++k} / ${of}`, tenths(a.start_ms), tenths(a.end_ms), RESULT[a.result]]);
  assert.deepEqual(rows, expected, `the attempts of event #${pos + 1}, as the run recorded them`);
  assert.equal(await byId(page, 'inspector-place').innerText(), OUTCOME[ev.outcome]);
  return pos;
}

test('an always-failing S3 event makes three attempts with countdowns, lands in the SQS DLQ, and the inspector shows its attributes', async () => {
  const { page, errors, context } = await fresh({ fail: 'always', speed: 0 }); // 1 AWS minute = 1 s
  assert.equal(await count(page, 'dlq-sqs'), 0);
  await play(page);
  // The first failure starts a countdown to retry 1 of 2, in m:ss of AWS time, ticking down.
  await page.waitForFunction(() => [...document.querySelectorAll('[data-testid="countdown"]')].some((li) => /retry 1 of 2 in \d:\d\d/.test(li.textContent)));
  const first = (await texts(page, 'countdown')).find((t) => /S3 event #1: retry 1 of 2/.test(t));
  await page.waitForFunction((before) => {
    const now = [...document.querySelectorAll('[data-testid="countdown"]')].find((li) => li.textContent.startsWith('S3 event #1: retry 1 of 2'));
    return now && now.textContent !== before;
  }, first);
  // The second failure: retry 2 of 2, about two minutes away.
  await page.waitForFunction(() => [...document.querySelectorAll('[data-testid="countdown"]')].some((li) => /retry 2 of 2 in [12]:\d\d/.test(li.textContent)));
  await waitCount(page, 'dlq-sqs', (n) => n === 3, 20_000);
  await pause(page);
  assert.equal(await count(page, 'success'), 0);
  assert.equal(await count(page, 'retry'), 0);

  // Three failed attempts with the two waits between them, on the event's timeline row.
  const row = page.locator('[data-testid="event-row"][data-event="0"]');
  assert.equal(await row.locator('.tl-bar.failed').count(), 3);
  const waits = await row.locator('.tl-wait-label').allInnerTexts();
  assert.equal(waits.length, 2);
  assert.match(waits[0], /^1:0\d$/, 'the first wait is about one minute');
  assert.match(waits[1], /^2:[01]\d$/, 'the second wait is about two minutes');
  const narration = await byId(page, 'narration').innerText();
  assert.match(narration, /S3 event #1 failed \(attempt 3 of 3\); retries exhausted → DLQ \(SQS queue\)/);

  // Click each message resting in the DLQ lane on the canvas (the first last): the story of the
  // event it stands for opens, with the three failed attempts the run recorded for it.
  await scrub(page, 6 * MINUTE);
  const events = await runEvents(page);
  const resting = (await hits(page)).filter((h) => h.lane === 'dlq-sqs').sort((a, b) => b.rank - a.rank);
  assert.equal(resting.length, 3, 'three messages drawn in the SQS DLQ');
  const opened = [];
  for (const hit of resting) {
    const pos = await clickRestingAndCheckStory(page, hit, events, (e) => FAILED.has(e.outcome));
    assert.equal(events[pos].attempts.filter((a) => a.result === 'error').length, 3);
    opened.push(pos);
  }
  assert.equal(new Set(opened).size, 3, `each token opens its own event: ${opened}`);
  const story = byId(page, 'inspector-story');
  const requestId = await byId(page, 'inspector-request-id').innerText();
  assert.match(requestId, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  const attr = async (name) => (await byId(page, `dlq-attr-${name}`).innerText()).replace(/\s+/g, ' ');
  assert.match(await attr('RequestID'), new RegExp(`RequestID String ${requestId}`));
  assert.match(await attr('ErrorCode'), /ErrorCode Number 200$/);
  assert.equal(await attr('ErrorMessage'), 'ErrorMessage String Simulated failure: the handler threw', "the handler's error");
  assert.match(await byId(page, 'dlq-attributes').innerText(), /DataType[\s\S]*StringValue/, 'SQS delivers attributes as DataType/StringValue');

  // Choosing a row of the timeline opens that event instead.
  await page.locator('[data-testid="event-row"][data-event="2"]').click();
  assert.equal(await story.getAttribute('data-event'), '2');
  assert.match(await story.innerText(), /S3 event #3/);
  assert.deepEqual(errors, []);
  await context.close();
});

test('switching the DLQ to SNS fans each failed event out to the topic\'s subscribers', async () => {
  const { page, errors, context } = await fresh({ fail: 'always', speed: 0 });
  await openSettings(page);
  await byId(page, 'set-dlq').selectOption('sns');
  await frames(page);
  assert.ok(await byId(page, 'lane-dlq-sqs').evaluate((el) => el.classList.contains('off')), 'the SQS DLQ lane is not configured any more');
  assert.ok(!(await byId(page, 'lane-dlq-sns').evaluate((el) => el.classList.contains('off'))));
  assert.equal(await byId(page, 'sns-subscriber').count(), 3);
  // Step from happening to happening until the first event reaches the topic.
  for (let i = 0; i < 80 && (await count(page, 'dlq-sns')) === 0; i++) await byId(page, 'btn-step').click();
  assert.equal(await count(page, 'dlq-sns'), 1);
  const ended = (await scene(page)).t;
  const glide = (await scene(page)).glide;
  assert.ok(glide > 0);
  // Paused, the stage is at rest: the message has fanned out (no dots left on the way) and every
  // subscriber counts it. (The dots in flight while playing are checked by the scene's unit test
  // `sns_subscribers_count_a_message_when_its_fan_out_reaches_them`.)
  await scrub(page, ended + glide * 1.5);
  assert.equal((await scene(page)).fanout, 0, `at rest, no dot on its way: ${JSON.stringify(await scene(page))}`);
  const delivered = String(await count(page, 'dlq-sns'));
  assert.deepEqual(await texts(page, 'sns-subscriber-count'), [delivered, delivered, delivered], 'each subscriber gets every message');
  await scrub(page, 10 * MINUTE);
  const now = await awsNow(page);
  const failed = (await runEvents(page)).filter((e) => FAILED.has(e.outcome) && e.ended <= now).length;
  assert.equal(failed, 3, 'every event of the run failed');
  assert.equal(await count(page, 'dlq-sns'), failed, 'the topic holds every failed event');
  assert.equal(await count(page, 'dlq-sqs'), 0);
  assert.deepEqual(await texts(page, 'sns-subscriber-count'), [String(failed), String(failed), String(failed)]);
  await page.locator('[data-testid="event-row"][data-event="1"]').click();
  const table = await byId(page, 'dlq-attributes').innerText();
  assert.match(table, /Type[\s\S]*Value/, 'SNS delivers attributes as Type/Value');
  assert.match(table, /ErrorCode\s+Number\s+200/);
  assert.equal(await byId(page, 'why').getAttribute('data-topic'), 'dlq-sns', 'the why panel explains the SNS DLQ');
  assert.deepEqual(errors, []);
  await context.close();
});

test('reserved concurrency 1 with a burst: throttled tokens go back to the queue, then all succeed', async () => {
  const { page, errors, context } = await fresh({ fail: 'never', speed: 0 });
  await openSettings(page);
  await setNumber(page, 'set-reserved', 1);
  await setNumber(page, 'set-duration', 2000);
  await byId(page, 'btn-send-burst').click(); // 10 S3 events at 0:00, beside the page's own 3
  await frames(page);
  assert.match(await byId(page, 'function-slots').innerText(), /busy of 1 \(reserved concurrency\)/);
  // One runs; the others found no free concurrency and are back in the queue.
  assert.equal(await count(page, 'function'), 1);
  assert.ok((await count(page, 'queue')) >= 9);
  const badge = byId(page, 'queue-throttled');
  assert.ok(Number(await badge.getAttribute('data-n')) >= 9, await badge.innerText());
  assert.match(await badge.innerText(), /throttled \(429\)/);
  const s0 = await scene(page);
  assert.ok(s0.throttled >= 9 && s0.queue >= 9, JSON.stringify(s0));
  // Throttled tokens are drawn as such (and bounce back with a 429 while the glide lasts).
  await byId(page, 'btn-step').click();
  await byId(page, 'btn-step').click();
  assert.match(await byId(page, 'narration').innerText(), /throttled \(429\), back to the queue; next try in 0:0\d/);
  assert.equal(await byId(page, 'why').getAttribute('data-topic'), 'throttle');
  // Throttles are not retries: every event succeeds in the end.
  await play(page);
  await waitCount(page, 'success', (n) => n === 13, 30_000);
  await pause(page);
  assert.equal(await count(page, 'dlq-sqs'), 0);
  await scrub(page, 2 * MINUTE);
  // The Throttles metric: pointing at the first minute of its plot tells how many there were.
  const plot = page.locator('[data-metric="Throttles"] svg.plot');
  await plot.scrollIntoViewIfNeeded();
  const box = await plot.boundingBox();
  await page.mouse.move(box.x + 2, box.y + box.height / 2);
  const events = await runEvents(page);
  const firstMinute = events.flatMap((e) => e.throttles).filter((t) => t < MINUTE).length;
  assert.ok(firstMinute >= 9, `throttles in the first minute: ${firstMinute}`);
  assert.equal(await page.locator('[data-metric="Throttles"] .metric-tip').innerText(), `0:00–1:00: ${firstMinute}`);
  // Each token resting in the success lane opens its own event: the attempt the run recorded for
  // it, succeeded, and the throttles it met on the way.
  const isSuccess = (e) => e.outcome === 'succeeded';
  const succeeded = (await hits(page)).filter((h) => h.lane === 'success');
  const rested = restingOrder(events, isSuccess, (await awsNow(page)) - (await scene(page)).glide);
  assert.ok(rested.length >= 10, `most of the 13 successes are at rest: ${rested.length}`);
  assert.equal(succeeded.length, rested.length, 'a token for each success at rest');
  const opened = new Set();
  for (const hit of succeeded) {
    const pos = await clickRestingAndCheckStory(page, hit, events, isSuccess);
    const throttled = events[pos].throttles.length;
    const said = throttled ? Number((await byId(page, 'inspector-throttles').innerText()).match(/^(\d+) deliveries/)?.[1]) : await byId(page, 'inspector-throttles').count();
    assert.equal(said, throttled, `the throttles of event #${pos + 1}`);
    opened.add(pos);
  }
  assert.equal(opened.size, succeeded.length, 'every success token opens a different event');
  assert.deepEqual(errors, []);
  await context.close();
});

test('scrubbing back and forth gives the same picture', async () => {
  const { page, errors, context } = await fresh({ fail: 'rate', speed: 1 });
  await openSettings(page);
  await setNumber(page, 'set-reserved', 2);
  await byId(page, 'btn-send-burst').click();
  const picture = async () => ({
    scene: await page.getByTestId('stage-canvas').getAttribute('data-scene'),
    pixels: await page.getByTestId('stage-canvas').evaluate((c) => c.toDataURL()),
    counts: await page.locator('[data-testid^="count-"]').allInnerTexts(),
    countdowns: await texts(page, 'countdown'),
    narration: await byId(page, 'narration').innerText(),
    rows: await page.locator('[data-testid="event-row"]').count(),
  });
  await scrub(page, 75_000);
  const a = await picture();
  assert.ok(a.counts.some((n) => n !== '0'));
  await scrub(page, 20_000);
  const b = await picture();
  await scrub(page, 5 * MINUTE);
  await scrub(page, 75_000);
  assert.deepEqual(await picture(), a, 'back at 1:15, the same picture');
  await scrub(page, 20_000);
  assert.deepEqual(await picture(), b, 'back at 0:20, the same picture');
  assert.notEqual(a.pixels, b.pixels);
  assert.deepEqual(errors, []);
  await context.close();
});

test('step, keyboard shortcuts and the help overlay', async () => {
  const { page, errors, context } = await fresh({ fail: 'always', speed: 1 });
  const clock = () => byId(page, 'aws-clock').innerText();
  await byId(page, 'btn-step').click();
  const t1 = (await scene(page)).t;
  assert.ok(t1 > 0, 'the step moves to the next happening');
  assert.equal(await byId(page, 'btn-play').getAttribute('aria-pressed'), 'true', 'and pauses there');
  await page.locator('body').click({ position: { x: 5, y: 5 } });
  await page.keyboard.press('ArrowRight');
  await frames(page);
  const t2 = (await scene(page)).t;
  assert.ok(t2 > t1);
  await page.keyboard.press('ArrowLeft');
  await frames(page);
  assert.equal((await scene(page)).t, t1);
  await page.keyboard.press('Shift+ArrowRight');
  await frames(page);
  assert.equal((await scene(page)).t, t1 + 10_000);
  await page.keyboard.press('Home');
  await frames(page);
  assert.match(await clock(), /0:00/);
  await page.keyboard.press('Space');
  assert.equal(await byId(page, 'btn-play').getAttribute('aria-pressed'), 'false', 'Space plays');
  await page.keyboard.press('Space');
  assert.equal(await byId(page, 'btn-play').getAttribute('aria-pressed'), 'true', 'and pauses');
  await page.keyboard.press('?');
  await byId(page, 'help').waitFor();
  assert.match(await byId(page, 'help').innerText(), /Space[\s\S]*play or pause/);
  await page.keyboard.press('Escape');
  assert.equal(await byId(page, 'help').count(), 0);
  await byId(page, 'btn-help').click();
  await byId(page, 'help').waitFor();
  await page.keyboard.press('Escape');
  // Typing in a field is the field's business, not a shortcut.
  await openSettings(page);
  await byId(page, 'set-duration').fill('1 ');
  assert.equal(await byId(page, 'btn-play').getAttribute('aria-pressed'), 'true');
  assert.deepEqual(errors, []);
  await context.close();
});

test('hovering a timeline row highlights its token, and hovering a token its row', async () => {
  const { page, errors, context } = await fresh({ fail: 'always', speed: 1 });
  await scrub(page, 30_000); // three events waiting out their first retry wait
  assert.equal((await scene(page)).hl, 0);
  const row = page.locator('[data-testid="event-row"][data-event="1"]');
  await row.hover();
  await frames(page);
  assert.equal((await scene(page)).hl, 1);
  await page.mouse.move(2, 2);
  await frames(page);
  assert.equal((await scene(page)).hl, 0);
  const token = (await hits(page)).find((h) => h.event === 2);
  await page.mouse.move(token.px, token.py);
  await frames(page);
  assert.ok(await page.locator('[data-testid="event-row"][data-event="2"]').evaluate((el) => el.classList.contains('hot')));
  assert.deepEqual(errors, []);
  await context.close();
});

test('with prefers-reduced-motion, tokens step instead of gliding', async () => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, reducedMotion: 'reduce' });
  const page = await context.newPage();
  await page.goto(server.url);
  await byId(page, 'app-ready').waitFor();
  await frames(page);
  assert.equal((await scene(page)).glide, 0);
  await context.close();
  const normal = await openApp(browser, server.url);
  await frames(normal.page);
  assert.ok((await scene(normal.page)).glide > 0);
  // Changing the preference while the page is open takes effect at once.
  await normal.page.emulateMedia({ reducedMotion: 'reduce' });
  await frames(normal.page);
  assert.equal((await scene(normal.page)).glide, 0);
  await normal.context.close();
});

test('every hook of the stage issues is on the page', async () => {
  const { page, errors, context } = await openApp(browser, server.url);
  const lanes = ['source-s3', 'source-sns', 'source-eventbridge', 'queue', 'function', 'retry', 'success', 'destination-success', 'destination-failure', 'dlq-sqs', 'dlq-sns', 'lost'];
  const ids = ['stage', 'btn-play', 'btn-send-s3', 'speed', 'fail-mode', 'app-ready', 'inspector', 'metrics', 'scrubber', 'btn-step', 'narration', 'timeline', ...lanes.map((l) => `lane-${l}`), ...lanes.map((l) => `count-${l}`)];
  for (const id of ids) assert.equal(await byId(page, id).count(), 1, `${id} is on the page once`);
  assert.deepEqual(await byId(page, 'fail-mode').locator('option').evaluateAll((os) => os.map((o) => o.value)), ['never', 'always', 'first', 'rate']);
  assert.equal(await byId(page, 'scrubber').getAttribute('type'), 'range');
  await page.locator('[data-testid="event-row"]').first().waitFor();
  assert.deepEqual(errors, []);
  await context.close();
});

/**
 * What the run's own records say some lanes hold at `t`: each source the events it has sent, the
 * success lane the events that succeeded, the SQS DLQ those that failed (the page's default
 * routing), the function the runs going on; the rest of the events sent are in the queue or
 * waiting to retry.
 */
function countsFromRecords(events, t, services) {
  const ended = (pred) => events.filter((e) => e.ended !== null && e.ended <= t && pred(e)).length;
  const sent = events.filter((e) => e.received <= t).length;
  const counts = {
    success: ended((e) => e.outcome === 'succeeded'),
    'dlq-sqs': ended((e) => FAILED.has(e.outcome)),
    function: events.flatMap((e) => e.attempts).filter((a) => a.start_ms <= t && t < a.end_ms).length,
  };
  for (const s of services) counts[`source-${s}`] = events.filter((e) => e.service === s && e.received <= t).length;
  counts['queue+retry'] = sent - counts.function - counts.success - counts['dlq-sqs'];
  return counts;
}

test('each lane counter shows what the core counts in that lane at that moment, as the run records it', async () => {
  const { page, errors, context } = await fresh({ fail: 'rate', speed: 1 });
  await openSettings(page);
  await setNumber(page, 'set-reserved', 1);
  await byId(page, 'btn-send-burst').click(); // 10 S3 events at 0:00: a queue behind one slot
  const events = await runEvents(page);
  const services = (await page.locator('[data-testid^="count-source-"]').evaluateAll((els) => els.map((e) => e.dataset.testid.slice(13))));
  assert.ok(services.includes('s3'));
  const busy = new Set();
  for (const t of [0, 1_500, 9_000, 25_000, 75_000, 3 * MINUTE, 60 * MINUTE]) {
    await scrub(page, t);
    const now = await awsNow(page);
    const shown = await shownCounts(page);
    assert.deepEqual(shown, await coreCounts(page), `every counter is the core's count at ${now} ms`);
    const { 'queue+retry': waiting, ...recorded } = countsFromRecords(events, now, services);
    for (const [lane, n] of Object.entries(recorded)) assert.equal(shown[lane], n, `${lane} at ${now} ms, by the run's records`);
    assert.equal(shown.queue + shown.retry, waiting, `the events sent and not ended or running wait in the queue or to retry, at ${now} ms`);
    for (const [lane, n] of Object.entries(shown)) if (n > 0) busy.add(lane);
  }
  for (const lane of ['source-s3', 'queue', 'function', 'retry', 'success', 'dlq-sqs']) assert.ok(busy.has(lane), `${lane} held something at one of the moments: ${[...busy]}`);
  assert.deepEqual(errors, []);
  await context.close();
});

test('the stage speaks Korean', async () => {
  const { page, context } = await openApp(browser, server.url, { locale: 'ko-KR' });
  assert.match(await byId(page, 'lane-retry').innerText(), /재시도 대기/);
  assert.match(await byId(page, 'why').innerText(), /재시도는 2번/);
  assert.match(await byId(page, 'inspector').innerText(), /검사기/);
  assert.match(await byId(page, 'timeline').innerText(), /이벤트 타임라인/);
  await context.close();
});
