// Synchronous beside asynchronous, end to end: the compare view (`compare=1`) runs the scenario's
// sources and function both ways on the page's one clock, a synchronous run alone says which lanes
// it does not use, and the settings form writes the invocation type into the link.
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

/** A page opened with `query` (it opens paused when the query names a moment `t`). */
async function open(query) {
  const opened = await openApp(browser, `${server.url}?${query}`);
  return opened;
}

/** The number a counter of one column shows. */
async function counter(page, side, id) {
  return Number(await page.getByTestId(`compare-${side}`).getByTestId(`cmp-${id}`).innerText());
}

/** Moves the timeline scrubber as a person dragging it would, then lets the page draw. */
async function scrub(page, ms) {
  await page.getByTestId('scrubber').evaluate((el, v) => {
    el.value = String(v);
    el.dispatchEvent(new Event('input', { bubbles: true }));
  }, ms);
  await page.evaluate(() => new Promise((ok) => requestAnimationFrame(() => requestAnimationFrame(ok))));
}

test('a sent event gets 202 at once on the asynchronous side while the synchronous caller is blocked until its function ends', async () => {
  // The default S3 source: its first event at 0 s runs for 800 ms.
  const { page, context, errors } = await open('v=1&dlq=sqs&compare=1&t=0.4');
  const compare = page.getByTestId('compare');
  await compare.waitFor();
  const async = compare.getByTestId('compare-async');
  const sync = compare.getByTestId('compare-sync');
  assert.equal(await async.locator('[data-testid="caller-answered"][data-status="202"]').count(), 1);
  assert.match(await async.getByTestId('caller-answered').innerText(), /202 Accepted/);
  assert.equal(await async.getByTestId('caller-blocked').count(), 0);
  assert.equal(await sync.getByTestId('caller-blocked').count(), 1);
  assert.equal(await counter(page, 'sync', 'blocked'), 1);
  assert.equal(await sync.getByTestId('caller-answered').count(), 0);

  // Once the function has ended, the synchronous caller has its 200.
  await scrub(page, 900);
  assert.equal(await sync.getByTestId('caller-blocked').count(), 0);
  assert.equal(await sync.locator('[data-testid="caller-answered"][data-status="200"]').count(), 1);
  assert.equal(await counter(page, 'sync', 'ok'), 1);

  // The toggle closes the view and the link forgets it; opened again, the link says so.
  await page.getByTestId('btn-compare').click();
  await compare.waitFor({ state: 'detached' });
  await page.waitForFunction(() => !location.search.includes('compare='));
  await page.getByTestId('btn-compare').click();
  await page.getByTestId('compare').waitFor();
  await page.waitForFunction(() => location.search.includes('compare=1'));
  assert.deepEqual(errors, []);
  await context.close();
});

test('an always-failing function: the DLQ keeps the events on one side, the caller gets Unhandled on the other', async () => {
  const { page, context, errors } = await open('v=1&fail=always&dlq=sqs&compare=1&t=900');
  await page.getByTestId('compare').waitFor();
  assert.equal(await counter(page, 'async', 'dlq'), 3);
  assert.equal(await counter(page, 'async', 'succeeded'), 0);
  assert.equal(await counter(page, 'sync', 'unhandled'), 3);
  assert.equal(await counter(page, 'sync', 'blocked'), 0);
  const sync = page.getByTestId('compare-sync');
  const unhandled = sync.locator('[data-testid="caller-answered"][data-status="200 Unhandled"]');
  assert.equal(await unhandled.count(), 3);
  assert.match(await unhandled.first().innerText(), /X-Amz-Function-Error: Unhandled/);
  assert.deepEqual(errors, []);
  await context.close();
});

test('with reserved concurrency 1 a burst becomes 429s for synchronous callers while the queue absorbs it', async () => {
  const { page, context, errors } = await open('v=1&src=s3*10&reserved=1&dlq=sqs&compare=1&t=0.4');
  await page.getByTestId('compare').waitFor();
  // At once: one call runs, nine callers are told 429 TooManyRequestsException.
  assert.equal(await counter(page, 'sync', 'blocked'), 1);
  assert.equal(await counter(page, 'sync', 'throttled'), 9);
  const sync = page.getByTestId('compare-sync');
  const throttled = sync.locator('[data-testid="caller-answered"][data-status="429"]');
  assert.ok((await throttled.count()) > 0);
  assert.match(await throttled.first().innerText(), /429 TooManyRequestsException/);
  // Asynchronously all ten were accepted, one runs and the rest wait in the queue: no caller sees a 429.
  assert.equal(await counter(page, 'async', 'accepted'), 10);
  assert.equal(await counter(page, 'async', 'running'), 1);
  assert.equal(await counter(page, 'async', 'queued'), 9);
  assert.equal(await page.getByTestId('compare-async').locator('[data-status="429"]').count(), 0);
  // In the end the queue has run them all, one at a time; the synchronous side ran one.
  await scrub(page, 900_000);
  assert.equal(await counter(page, 'async', 'succeeded'), 10);
  assert.equal(await counter(page, 'async', 'dlq'), 0);
  assert.equal(await counter(page, 'sync', 'ok'), 1);
  assert.equal(await counter(page, 'sync', 'throttled'), 9);
  assert.deepEqual(errors, []);
  await context.close();
});

test('the compare view reads in Korean and works in embed mode', async () => {
  const { page, context, errors } = await open('v=1&dlq=sqs&compare=1&t=0.4&lang=ko&embed=1');
  await page.getByTestId('compare').waitFor();
  assert.equal(await page.getByTestId('btn-compare').innerText(), '비교 닫기');
  assert.match(await page.getByTestId('compare').innerText(), /비동기식[\s\S]*동기식/);
  assert.equal(await page.getByTestId('compare-sync').getByTestId('caller-blocked').count(), 1);
  assert.deepEqual(errors, []);
  await context.close();
});

test('a synchronous run alone says which lanes it does not use and why, and the settings write the invocation to the link', async () => {
  const { page, context, errors } = await open('v=1&inv=sync&t=0.4');
  await page.getByTestId('sync-note').waitFor();
  assert.match(await page.getByTestId('sync-note').innerText(), /no internal queue/);
  // The queue and retry lanes say they belong to asynchronous invocation only, and so do the DLQ lanes.
  for (const lane of ['lane-queue', 'lane-retry']) {
    assert.equal(await page.getByTestId(lane).getByTestId('not-used-sync').count(), 1, lane);
  }
  assert.match(await page.getByTestId('lane-dlq-sqs').innerText(), /not used by synchronous invocation/);
  assert.equal(await page.getByTestId('why').getAttribute('data-topic'), 'sync');
  const pages = await page.getByTestId('why-page').evaluateAll((as) => as.map((a) => a.href));
  assert.deepEqual(pages.map((h) => h.split('/').pop()), ['invocation-sync.html', 'invocation-retries.html']);
  // Opening the compare view: the note gives way to the columns.
  await page.getByTestId('btn-compare').click();
  await page.getByTestId('compare').waitFor();
  assert.equal(await page.getByTestId('sync-note').count(), 0);
  await page.getByTestId('btn-compare').click();

  // The form: back to asynchronous (the link drops `inv`), then synchronous with the SDK's retries.
  await page.getByTestId('settings').evaluate((d) => { d.open = true; });
  await page.getByTestId('set-invocation').selectOption('async');
  await page.waitForFunction(() => !location.search.includes('inv='));
  assert.equal(await page.getByTestId('sync-note').count(), 0);
  assert.equal(await page.getByTestId('not-used-sync').count(), 0);
  assert.equal(await page.getByTestId('set-caller-retries').count(), 0);
  await page.getByTestId('set-invocation').selectOption('sync');
  await page.getByTestId('set-caller-retries').selectOption('sdk_standard');
  await page.waitForFunction(() => location.search.includes('inv=sync&caller=sdk_standard'));
  assert.deepEqual(errors, []);
  await context.close();
});
