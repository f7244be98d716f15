// The walking skeleton, end to end: the release build in headless Chromium.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { serveDist, launch, openApp, count, waitCount } from './lib/harness.mjs';

let server, browser;
before(async () => {
  server = await serveDist();
  browser = await launch();
});
after(async () => {
  await browser?.close();
  await server?.close();
});

test('the stage renders every lane of the skeleton with a counter', async () => {
  const { page, errors } = await openApp(browser, server.url);
  for (const id of ['stage', 'lane-source-s3', 'lane-queue', 'lane-function', 'lane-success', 'lane-dlq-sqs', 'btn-play', 'btn-send-s3', 'speed', 'fail-mode']) {
    assert.equal(await page.getByTestId(id).count(), 1, `${id} is on the page`);
  }
  assert.match(await page.getByTestId('count-queue').innerText(), /^\d+$/);
  assert.deepEqual(errors, []);
  await page.context().close();
});

test('an always-failing S3 event sent by hand reaches the SQS DLQ lane', async () => {
  const { page, errors } = await openApp(browser, server.url);
  await page.getByTestId('fail-mode').selectOption('always');
  await page.getByTestId('speed').selectOption({ index: 0 }); // 1 AWS minute = 1 s
  const before = await count(page, 'dlq-sqs');
  await page.getByTestId('btn-send-s3').click();
  // Three attempts with waits of about 1 and 2 minutes: about 3.2 AWS minutes, ~3 s here.
  await waitCount(page, 'dlq-sqs', (n) => n >= 1, 30_000);
  assert.ok((await count(page, 'dlq-sqs')) > before);
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
