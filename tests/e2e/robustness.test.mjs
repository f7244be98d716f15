// Robustness, end to end: a panic shows the crash panel instead of a dead page, and a tab that was
// hidden comes back where it left off, without a jump or a burst of frames.
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

/** A test that hangs (a page that never answers) fails instead. */
const LIMIT = { timeout: 60_000 };

/** A link with a scenario of its own, so that the report's link is more than the bare page. */
const LINK = '?v=1&fail=first:1&dlq=sqs&src=s3*40/2&seed=9';

/** Panics inside the app on purpose (`labHooks.panic`); the call throws as the instance traps. */
async function crash(page, message) {
  const thrown = await page.evaluate((m) => {
    try {
      window.labHooks.panic(m);
      return null;
    } catch (e) {
      return String(e);
    }
  }, message);
  assert.ok(thrown, 'the panicking call throws (the wasm instance traps after the hook)');
}

test('a panic shows the crash panel, whose bug report holds the scenario link, the panic and the browser', LIMIT, async () => {
  const { page, context } = await openApp(browser, server.url + LINK);
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.origin });
  assert.equal(await page.getByTestId('crash-panel').count(), 0, 'no panel before anything went wrong');
  await crash(page, 'the stage lost its lanes');

  const panel = page.getByTestId('crash-panel');
  await panel.waitFor({ timeout: 5_000 });
  assert.equal(await panel.getAttribute('lang'), 'en');
  assert.match(await panel.innerText(), /Something went wrong/);
  assert.equal(await page.getByRole('alertdialog').count(), 1);
  assert.equal(
    await page.evaluate(() => document.activeElement?.dataset.testid),
    'crash-reload',
    'focus moves to Reload, so the keyboard finds the panel',
  );

  const report = await page.getByTestId('crash-report').inputValue();
  const agent = await page.evaluate(() => navigator.userAgent);
  assert.ok(report.includes(`Scenario link: ${page.url()}`), report);
  assert.ok(page.url().includes('src=s3*40/2'), 'the link is the scenario link');
  assert.match(report, /Panic: panicked at .*\n?the stage lost its lanes/);
  assert.ok(report.includes(`Browser: ${agent}`), report);

  // The buttons still work although the app has stopped.
  await page.getByTestId('crash-copy').click();
  await page.getByTestId('crash-status').filter({ hasText: 'Copied.' }).waitFor({ timeout: 5_000 });
  assert.equal(await page.evaluate(() => navigator.clipboard.readText()), report);

  await page.getByTestId('crash-reload').click();
  await page.getByTestId('app-ready').waitFor({ timeout: 30_000 });
  assert.equal(await page.getByTestId('crash-panel').count(), 0, 'a reload starts a working page');
  assert.ok(page.url().endsWith(LINK), 'the reload keeps the scenario link');
  await context.close();
});

test('the crash panel speaks the page language, and without a clipboard it selects the report for Ctrl+C', LIMIT, async () => {
  const { page, context } = await openApp(browser, `${server.url}${LINK}&lang=ko`);
  await crash(page, 'boom');
  const panel = page.getByTestId('crash-panel');
  await panel.waitFor({ timeout: 5_000 });
  assert.equal(await panel.getAttribute('lang'), 'ko');
  const text = await panel.innerText();
  assert.match(text, /문제가 생겼습니다/);
  assert.doesNotMatch(text, /Something went wrong/);

  await page.evaluate(() => Object.defineProperty(navigator, 'clipboard', { value: undefined }));
  await page.getByTestId('crash-copy').click();
  await page.getByTestId('crash-status').filter({ hasText: 'Ctrl+C' }).waitFor({ timeout: 5_000 });
  const selected = await page.getByTestId('crash-report').evaluate((t) => t.value.slice(t.selectionStart, t.selectionEnd));
  assert.equal(selected, await page.getByTestId('crash-report').inputValue(), 'the whole report is selected');
  assert.match(selected, /Panic: panicked at [\s\S]*boom/);
  await context.close();
});

test('a second panic does not stack a second panel', LIMIT, async () => {
  const { page, context } = await openApp(browser, server.url);
  await crash(page, 'first');
  await crash(page, 'second');
  assert.equal(await page.getByTestId('crash-panel').count(), 1);
  assert.match(await page.getByTestId('crash-report').inputValue(), /first/);
  await context.close();
});

/**
 * Makes the page hidden or shown as a browser does when its tab goes to the background or comes
 * back: `document.hidden` and `visibilityState` change, then `visibilitychange` fires. Returns
 * the AWS time and `performance.now()` right after.
 */
const setHidden = (page, hidden) =>
  page.evaluate((h) => {
    Object.defineProperty(document, 'hidden', { configurable: true, get: () => h });
    Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => (h ? 'hidden' : 'visible') });
    document.dispatchEvent(new Event('visibilitychange'));
    return { aws: window.labHooks.now(), real: performance.now() };
  }, hidden);

/** `[timestamp, AWS time]` at each of the next `n` animation frames, and the stage frames recorded meanwhile. */
const watchFrames = (page, n) =>
  page.evaluate(
    (n) =>
      new Promise((done) => {
        window.labHooks.clearFrames();
        const out = [];
        const tick = (ts) => {
          out.push([ts, window.labHooks.now()]);
          if (out.length < n) requestAnimationFrame(tick);
          else done({ frames: out, drawn: window.labHooks.frames().length / 3 });
        };
        requestAnimationFrame(tick);
      }),
    n,
  );

test('a hidden tab holds the clock and comes back where it stood: no jump, no burst of frames', LIMIT, async () => {
  // The fastest speed (an AWS minute a real second) and an hour-long run that keeps playing.
  const { page, context } = await openApp(browser, `${server.url}?v=1&speed=1&run=3600&src=s3*600/5`);
  const perRealMs = 60; // AWS ms per real ms at speed=1
  const cdp = await context.newCDPSession(page);
  await watchFrames(page, 10); // playing
  const hidden = await setHidden(page, true);
  // The background: the browser sends no frames and runs no tasks (as Chromium does to a hidden
  // tab), for three real seconds, which would be three AWS minutes at this speed.
  await cdp.send('Page.setWebLifecycleState', { state: 'frozen' });
  await new Promise((ok) => setTimeout(ok, 3_000));
  await cdp.send('Page.setWebLifecycleState', { state: 'active' });
  // Frames may come again before the page is shown: the clock still holds.
  await watchFrames(page, 5);
  const shown = await setHidden(page, false);
  assert.equal(shown.aws, hidden.aws, 'AWS time stood still while the tab was hidden');

  const { frames, drawn } = await watchFrames(page, 30);
  const last = frames.at(-1);
  const realSinceShown = last[0] - shown.real;
  const advanced = last[1] - shown.aws;
  assert.ok(advanced > 0, 'the clock plays again once the tab is shown');
  // At most what the real time since the tab came back plays (one frame's slack for timestamps),
  // nothing of the three seconds away (180,000 AWS ms).
  assert.ok(
    advanced <= (realSinceShown + 50) * perRealMs,
    `advanced ${advanced} AWS ms in ${realSinceShown.toFixed(0)} real ms after the tab came back`,
  );
  const steps = frames.slice(1).map(([ts, aws], i) => [ts - frames[i][0], aws - frames[i][1]]);
  const biggest = Math.max(...steps.map(([, aws]) => aws));
  assert.ok(biggest <= 250 * perRealMs, `no frame plays more than a quarter second (biggest step ${biggest} AWS ms)`);
  assert.ok(drawn <= frames.length + 1, `the stage drew ${drawn} frames in ${frames.length} animation frames: no burst`);
  await context.close();
});

test('a frame that comes late after a long task plays at most a quarter second', LIMIT, async () => {
  const { page, context } = await openApp(browser, `${server.url}?v=1&speed=1&run=3600&src=s3*600/5`);
  const perRealMs = 60;
  await watchFrames(page, 10); // playing
  const { before, after, stalled } = await page.evaluate(
    () =>
      new Promise((done) => {
        requestAnimationFrame(() => {
          const before = window.labHooks.now();
          const start = performance.now();
          while (performance.now() - start < 1_000); // the main thread busy for a second
          const stalled = performance.now() - start;
          requestAnimationFrame(() => requestAnimationFrame(() => done({ before, after: window.labHooks.now(), stalled })));
        });
      }),
  );
  const advanced = after - before;
  assert.ok(advanced > 0, 'the clock plays on');
  // The stalled second would be 60,000 AWS ms; a quarter second is 15,000, plus the frames around it.
  assert.ok(
    advanced <= (250 + 100) * perRealMs,
    `advanced ${advanced} AWS ms over a ${stalled.toFixed(0)} ms stall and two frames`,
  );
  await context.close();
});
