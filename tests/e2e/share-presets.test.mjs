// The presets: each one loads as a link and says what to notice, and Back/Forward move between
// the presets the user opened.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { serveDist, launch, openApp, shownCounts, coreCounts, runEvents, FAILED, atRest } from './lib/harness.mjs';

const SLUGS = [
  'happy-path',
  'dlq-sqs',
  'dlq-sns',
  'flaky',
  'throttling',
  'event-age',
  'destinations',
  'destinations-and-dlq',
  'duplicates',
  'duplicates-idempotent',
];

let server, browser;
before(async () => {
  server = await serveDist({ prefix: '/lab/' });
  browser = await launch();
});
after(async () => {
  await browser?.close();
  await server?.close();
});

const notice = (page) => page.getByTestId('preset-notice').getAttribute('data-preset');

test('every preset loads from its own link, with its two lines of what to notice in both languages', async (t) => {
  const { page, context, errors } = await openApp(browser, server.url);
  const cards = await page.getByTestId('presets').locator('a.preset').evaluateAll((as) => as.map((a) => a.dataset.testid.slice(7)));
  assert.deepEqual(cards, SLUGS);
  let longest = { length: 0 };
  const noticed = new Map();
  for (const slug of SLUGS) {
    const href = await page.getByTestId(`preset-${slug}`).getAttribute('href');
    assert.match(href, /^\?v=1(&|$)/, slug);
    const url = new URL(href, server.url).href;
    if (url.length > longest.length) longest = { length: url.length, slug, query: href };
    const opened = await openApp(browser, url);
    assert.equal(await notice(opened.page), slug);
    assert.equal(await opened.page.getByTestId(`preset-${slug}`).getAttribute('aria-current'), 'true');
    assert.equal(await opened.page.getByTestId('error-banner').count(), 0, slug);
    const lines = await opened.page.getByTestId('preset-notice').locator('p').allInnerTexts();
    assert.equal(lines.length, 2, slug);
    assert.ok(lines.every((l) => l.length > 20), slug);
    for (const line of lines) {
      assert.ok(!noticed.has(line), `${slug} says what ${noticed.get(line)} says: ${line}`);
      noticed.set(line, slug);
    }
    await opened.page.getByTestId('lang-ko').click();
    const ko = await opened.page.getByTestId('preset-notice').locator('p').allInnerTexts();
    assert.ok(ko.every((l) => /[가-힣]/.test(l)), `${slug} in Korean`);
    assert.deepEqual(opened.errors, [], slug);
    await opened.context.close();
  }
  const note = `share: longest preset link is ${longest.slug}: ${longest.query.length} characters of query, ${longest.length} as a full URL (${longest.query})`;
  t.diagnostic(note);
  assert.deepEqual(errors, []);
  await context.close();
});

test('Back and Forward move between the presets the user opened', async () => {
  const { page, context, errors } = await openApp(browser, server.url);
  const start = await page.evaluate(() => history.length);
  await page.getByTestId('preset-flaky').click();
  await page.getByTestId('preset-throttling').click();
  await page.getByTestId('preset-event-age').click();
  assert.equal(await notice(page), 'event-age');
  assert.equal(await page.evaluate(() => history.length), start + 3, 'one entry per preset opened');
  await page.goBack();
  await page.waitForFunction(() => document.querySelector('[data-testid="preset-notice"]')?.dataset.preset === 'throttling');
  assert.match(page.url(), /reserved=1/);
  await page.goBack();
  await page.waitForFunction(() => document.querySelector('[data-testid="preset-notice"]')?.dataset.preset === 'flaky');
  await page.goBack();
  await page.waitForFunction(() => !document.querySelector('[data-testid="preset-notice"]'));
  await page.goForward();
  await page.waitForFunction(() => document.querySelector('[data-testid="preset-notice"]')?.dataset.preset === 'flaky');
  // A change of setting after opening a preset replaces its entry: it is no longer that preset.
  await page.getByTestId('fail-mode').selectOption('always');
  await page.waitForFunction(() => !document.querySelector('[data-testid="preset-notice"]'));
  assert.equal(await page.evaluate(() => history.length), start + 3);
  assert.deepEqual(errors, []);
  await context.close();
});

/** The preset's run played to its end, paused there: the counters then, and the run's events. */
async function playedToTheEnd(slug) {
  const opened = await openApp(browser, server.url);
  const { page } = opened;
  await page.getByTestId(`preset-${slug}`).click();
  await page.evaluate(() => {
    window.labHooks.pause();
    window.labHooks.seek(Number.MAX_SAFE_INTEGER); // the clock stops at the run's end
  });
  await page.evaluate(() => new Promise((ok) => requestAnimationFrame(() => requestAnimationFrame(ok))));
  await atRest(page);
  const shown = await shownCounts(page);
  assert.deepEqual(shown, await coreCounts(page), `${slug}: every counter shows the core's count at the end`);
  return { ...opened, shown, events: await runEvents(page) };
}

test('after a DLQ preset runs, its dead-letter lanes hold exactly the events that failed', async () => {
  // Where each preset sends a failed event (the lanes besides it stay empty).
  const routes = {
    'dlq-sqs': ['dlq-sqs'],
    'dlq-sns': ['dlq-sns'],
    'event-age': ['dlq-sqs'],
    'destinations-and-dlq': ['dlq-sqs', 'destination-failure'],
  };
  const failureLanes = ['dlq-sqs', 'dlq-sns', 'destination-failure', 'lost'];
  for (const [slug, lanes] of Object.entries(routes)) {
    const { context, errors, shown, events } = await playedToTheEnd(slug);
    const failed = events.filter((e) => FAILED.has(e.outcome)).length;
    const succeeded = events.filter((e) => e.outcome === 'succeeded').length;
    assert.ok(failed > 0, `${slug}: something failed`);
    for (const lane of failureLanes) assert.equal(shown[lane], lanes.includes(lane) ? failed : 0, `${slug}: ${lane}`);
    assert.equal(shown.success, succeeded, `${slug}: the successes`);
    assert.deepEqual(errors, [], slug);
    await context.close();
  }
});
