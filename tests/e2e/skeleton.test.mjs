// The walking skeleton, end to end: the release build in headless Chromium.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { serveDist, launch, openApp, count, waitCount, shownCounts, coreCounts, runEvents, FAILED, atRest } from './lib/harness.mjs';

let server, browser;
before(async () => {
  server = await serveDist();
  browser = await launch();
});
after(async () => {
  await browser?.close();
  await server?.close();
});

const awsNow = (page) => page.evaluate(() => window.labHooks.now());
/** Two animation frames: whatever the last clock change triggered has been drawn. */
const frames = (page) => page.evaluate(() => new Promise((ok) => requestAnimationFrame(() => requestAnimationFrame(ok))));

test('the stage renders every lane of the skeleton with a counter of what is in it', async () => {
  const { page, errors } = await openApp(browser, server.url);
  for (const id of ['stage', 'lane-source-s3', 'lane-queue', 'lane-function', 'lane-success', 'lane-dlq-sqs', 'btn-play', 'btn-send-s3', 'speed', 'fail-mode']) {
    assert.equal(await page.getByTestId(id).count(), 1, `${id} is on the page`);
  }
  // Once the first event has succeeded, paused: each counter shows what the core counts there.
  await waitCount(page, 'success', (n) => n >= 1, 20_000);
  await page.getByTestId('btn-play').click();
  await frames(page);
  await atRest(page);
  const shown = await shownCounts(page);
  assert.deepEqual(shown, await coreCounts(page), `at ${await awsNow(page)} ms`);
  assert.ok(shown['source-s3'] >= shown.success && shown.success >= 1, JSON.stringify(shown));
  assert.deepEqual(errors, []);
  await page.context().close();
});

test('an always-failing S3 event sent by hand reaches the SQS DLQ lane', async () => {
  // Opened paused at 0:00, so that "always" is the function from the start (a change made later
  // is a deployment, which leaves what ran before it as it was).
  const { page, errors } = await openApp(browser, server.url + '?t=0');
  await page.getByTestId('fail-mode').selectOption('always');
  await page.getByTestId('speed').selectOption({ index: 0 }); // 1 AWS minute = 1 s
  const before = await runEvents(page);
  await page.getByTestId('btn-send-s3').click();
  await page.getByTestId('btn-play').click();
  const events = await runEvents(page);
  assert.equal(events.length, before.length + 1, 'the run has one more event');
  const mine = events.find((e) => !before.some((b) => b.source === e.source && b.received === e.received));
  assert.equal(mine.service, 's3');
  assert.equal(mine.outcome, 'retries_exhausted', 'it fails on every attempt');
  assert.equal(mine.attempts.length, 3, 'three attempts: the first and two retries');
  // Three attempts with waits of about 1 and 2 minutes: about 3.2 AWS minutes, ~3 s here.
  const end = Date.now() + 30_000;
  while ((await awsNow(page)) < mine.ended && Date.now() < end) await page.waitForTimeout(50);
  await page.getByTestId('btn-play').click(); // pause once it has ended
  await atRest(page);
  const now = await awsNow(page);
  assert.ok(now >= mine.ended, `the hand-sent event ended at ${mine.ended} ms; the clock is at ${now} ms`);
  const failed = events.filter((e) => FAILED.has(e.outcome) && e.ended <= now).length;
  assert.equal(await count(page, 'dlq-sqs'), failed, 'the DLQ lane holds every event failed so far, the hand-sent one with them');
  assert.equal(await count(page, 'success'), 0, 'an always-failing function never succeeds');
  assert.deepEqual(errors, []);
  await page.context().close();
});

test('play/pause stops and resumes the AWS clock', async () => {
  const { page } = await openApp(browser, server.url);
  await page.getByTestId('btn-play').click();
  const paused = await page.getByTestId('aws-clock').innerText();
  await page.waitForTimeout(600);
  assert.equal(await page.getByTestId('aws-clock').innerText(), paused);
  await page.getByTestId('btn-play').click();
  await page.waitForFunction((p) => document.querySelector('[data-testid="aws-clock"]').textContent !== p, paused);
  await page.context().close();
});
