// A fix deployed mid-run and the SQS DLQ reprocessed, end to end: the release build in headless
// Chromium, driven through the page's own controls. A change made once the clock has left 0:00 is
// a deployment from that moment (the story before it stays); the DLQ lane's button sends its
// messages back as new events; the side-effect count shows what a handler that is not idempotent
// repeats.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { serveDist, launch, openApp, count, coreCounts, runEvents } from './lib/harness.mjs';

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

/** Two animation frames: whatever a change triggered has been drawn. */
const frames = (page) => page.evaluate(() => new Promise((ok) => requestAnimationFrame(() => requestAnimationFrame(ok))));

/** Three S3 events that always fail into an SQS DLQ, opened paused at `t` seconds. */
const FAILING = 'v=1&run=1200&src=s3*3/10&fail=always&dlq=sqs';

async function open(query) {
  const opened = await openApp(browser, `${server.url}?${query}`);
  await frames(opened.page);
  return opened;
}

async function seek(page, ms) {
  await page.evaluate((t) => window.labHooks.seek(t), ms);
  await frames(page);
}

/** Waits until the address bar's link holds `part`. */
const inLink = (page, part) => page.waitForFunction((p) => location.search.includes(p), part, { timeout: 5_000 });

async function sideEffects(page) {
  const el = byId(page, 'side-effects');
  return { effects: Number(await el.getAttribute('data-side-effects')), events: Number(await el.getAttribute('data-events')) };
}

test('a fix deployed while paused keeps the DLQ; reprocessing empties it and the successes go up by as many', async () => {
  const { page, errors } = await open(`${FAILING}&t=600`);
  assert.equal(await count(page, 'dlq-sqs'), 3, 'all three failed into the DLQ by 10:00');
  await seek(page, 1_200_000);
  const successBefore = await count(page, 'success');
  assert.equal(successBefore, 0);
  await seek(page, 600_000);

  // The fix: "Function fails" set to never at 10:00.
  await byId(page, 'fail-mode').selectOption('never');
  await frames(page);
  assert.equal(await count(page, 'dlq-sqs'), 3, 'a deployment does not rewrite what happened before it');
  assert.equal((await coreCounts(page))['dlq-sqs'], 3);
  await inLink(page, 'deploy=600/fail:never'); // the link records the deployment
  assert.equal(await byId(page, 'timeline-deploy').count(), 1, 'the timeline marks the deployment');
  const told = await page.locator('[data-testid="narration-line"][data-kind="deployed"]').allInnerTexts();
  assert.ok(told.some((l) => l.includes('deployed: fail never')), told.join('\n'));

  // The link replays the same story.
  const again = await open(`${new URL(page.url()).search.slice(1)}&t=600`);
  assert.equal(await count(again.page, 'dlq-sqs'), 3);
  await again.context.close();

  // Reprocess: the messages leave the DLQ and come back as new events that now succeed.
  const button = byId(page, 'btn-reprocess');
  assert.ok(await button.isEnabled(), 'the DLQ holds messages');
  await button.click();
  await frames(page);
  assert.equal(await count(page, 'dlq-sqs'), 0, 'the DLQ is empty');
  assert.ok(await button.isDisabled(), 'nothing left to reprocess');
  await inLink(page, 'reprocess=600');
  await seek(page, 1_200_000);
  assert.equal(await count(page, 'dlq-sqs'), 0);
  assert.equal(await count(page, 'success'), successBefore + 3, 'one success for each message sent back');

  const events = await runEvents(page);
  assert.equal(events.length, 6, 'three events, then three sent back');

  // The inspector links a reprocessed event to the one it came from, and back.
  const row = page.locator('[data-testid="event-row"][data-origin="0"]');
  await row.click();
  await byId(page, 'inspector-origin').waitFor();
  await byId(page, 'link-origin').click();
  await frames(page);
  assert.equal(await byId(page, 'inspector-story').getAttribute('data-event'), '0');
  await byId(page, 'inspector-reprocessed-as').waitFor();
  assert.deepEqual(errors, []);
  await page.context().close();
});

test('one message reprocessed from the inspector leaves the others in the DLQ', async () => {
  const { page, errors } = await open(`${FAILING}&t=600`);
  await page.locator('[data-testid="event-row"][data-event="1"]').click();
  await byId(page, 'btn-reprocess-one').click();
  await frames(page);
  assert.equal(await count(page, 'dlq-sqs'), 2);
  await inLink(page, 'reprocess=600:2'); // the link names event #2
  assert.deepEqual(errors, []);
  await page.context().close();
});

test('starting over applies the settings from 0:00 and tells the run again', async () => {
  const { page, errors } = await open(`${FAILING}&t=600`);
  await byId(page, 'fail-mode').selectOption('never');
  await byId(page, 'btn-start-over').click();
  await frames(page);
  assert.equal(await page.evaluate(() => window.labHooks.now()), 0);
  assert.doesNotMatch(page.url(), /deploy=/);
  await page.evaluate(() => window.labHooks.pause());
  await seek(page, 1_200_000);
  assert.equal(await count(page, 'dlq-sqs'), 0);
  assert.equal(await count(page, 'success'), 3);
  assert.deepEqual(errors, []);
  await page.context().close();
});

test('after reprocessing, a handler that is not idempotent shows more side effects than events; an idempotent one does not', async () => {
  const story = `${FAILING}&partial=1&deploy=600/fail:never&reprocess=600&t=1200`;
  const careless = await open(story);
  const c = await sideEffects(careless.page);
  assert.equal(c.events, 3);
  assert.ok(c.effects > c.events, `side effects ${c.effects} > events ${c.events}`);
  assert.deepEqual(careless.errors, []);
  await careless.context.close();

  const careful = await open(`${story}&idem=1`);
  const k = await sideEffects(careful.page);
  assert.equal(k.events, 3);
  assert.equal(k.effects, k.events, 'one side effect per event, however often it ran');
  assert.deepEqual(careful.errors, []);
  await careful.context.close();
});
