// Static hosting: the release build from a sub-path, inside a sandboxed iframe, under a strict
// Content-Security-Policy, asking nothing of any other origin.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { serveDist, launch, openApp, DIST } from './lib/harness.mjs';

const PREFIX = '/some/deep/sub-path/lab/';
const EMBEDDED = '?v=1&fail=always&dlq=sqs&speed=1&embed=1';
const HOST_PAGE = (src, w, h) =>
  `<!doctype html><meta charset="utf-8"><title>A blog post</title><body style="margin:0">` +
  `<iframe id="lab" sandbox="allow-scripts" src="${src}" width="${w}" height="${h}" style="border:0"></iframe>`;

let server, browser;
before(async () => {
  // CORS as GitHub Pages sends it: a sandboxed iframe is an opaque origin.
  server = await serveDist({
    prefix: PREFIX,
    cors: true,
    extraPages: {
      '/post.html': HOST_PAGE(`${PREFIX}${EMBEDDED}`, 640, 400),
      '/full.html': HOST_PAGE(`${PREFIX}?v=1&dlq=sqs`, 1000, 800),
    },
  });
  browser = await launch();
});
after(async () => {
  await browser?.close();
  await server?.close();
});

/** Records every request and every CSP violation of a context's pages. */
async function watch(context) {
  const seen = { requests: [], violations: [] };
  context.on('request', (r) => seen.requests.push(r.url()));
  await context.exposeBinding('__cspViolation', (_, v) => seen.violations.push(v));
  await context.addInitScript(() =>
    document.addEventListener('securitypolicyviolation', (e) =>
      window.__cspViolation(`${e.violatedDirective} ${e.blockedURI}`),
    ),
  );
  return seen;
}

test('the built page has no inline script and a strict policy: wasm-unsafe-eval, never unsafe-eval', () => {
  const html = readFileSync(join(DIST, 'index.html'), 'utf8');
  const policy = html.match(/<meta http-equiv="Content-Security-Policy" content="([^"]+)"/)?.[1];
  assert.ok(policy, 'a Content-Security-Policy meta tag');
  assert.match(policy, /script-src 'self' 'wasm-unsafe-eval'(;|$)/);
  assert.doesNotMatch(policy, /'unsafe-eval'|'unsafe-inline'|\*|https?:/);
  assert.match(policy, /default-src 'none'/);
  for (const [, attrs, body] of html.matchAll(/<script([^>]*)>([\s\S]*?)<\/script>/g)) {
    assert.match(attrs, /src="\.\/boot-[0-9a-f]{16}\.js"/, 'every script is a file of the page');
    assert.equal(body.trim(), '', 'and has no inline code');
  }
  assert.doesNotMatch(html, /\son[a-z]+=/i, 'no inline event handlers');
  const boot = readdirSync(DIST).filter((f) => /^boot-[0-9a-f]{16}\.js$/.test(f));
  assert.equal(boot.length, 1, 'one loader file');
  // Asset URLs are relative: the build works from any sub-path.
  assert.doesNotMatch(html, /(src|href)="\/[^/]/);
});

test('from a sub-path, under the policy: it runs, reports no CSP violation, and asks no other origin', async () => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const seen = await watch(context);
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
  await page.goto(`${server.url}?v=1&fail=first:1&dlq=sqs&speed=1`);
  await page.getByTestId('app-ready').waitFor({ timeout: 30_000 });
  await page.waitForFunction(() => Number(document.querySelector('[data-testid="count-success"]').textContent) >= 1, null, { timeout: 20_000 });
  // Touch what could need more: every panel, a preset, the other language.
  for (const id of ['btn-show-code', 'btn-export', 'btn-import', 'btn-copy-embed']) await page.getByTestId(id).click();
  await page.getByTestId('preset-throttling').click();
  await page.getByTestId('lang-ko').click();
  await page.waitForTimeout(500);
  assert.deepEqual(seen.violations, [], 'no Content-Security-Policy violation');
  assert.deepEqual(errors, []);
  const own = seen.requests.filter((u) => !u.startsWith('data:'));
  assert.ok(own.length >= 4);
  for (const u of own) assert.ok(u.startsWith(server.url), `a request outside the page's own files: ${u}`);
  for (const p of server.requests) assert.ok(p.startsWith(PREFIX), `served from the sub-path: ${p}`);
  await context.close();
});

test('embedded in a sandboxed iframe of 640 × 400: the stage, the essential controls, a way out', async () => {
  const context = await browser.newContext({ viewport: { width: 800, height: 600 } });
  const seen = await watch(context);
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.goto(`${server.origin}/post.html`);
  const frame = page.frameLocator('#lab');
  await frame.getByTestId('app-ready').waitFor({ timeout: 30_000 });
  assert.equal(await frame.getByTestId('app-ready').getAttribute('data-embed'), '1');
  for (const id of ['stage', 'btn-play', 'speed', 'count-queue', 'btn-open-full']) {
    assert.equal(await frame.getByTestId(id).count(), 1, `${id} in the embed`);
  }
  for (const id of ['share', 'presets']) assert.equal(await frame.getByTestId(id).count(), 0, `no ${id} in the embed`);
  // It plays: the always-failing events reach the DLQ (speed=1: an AWS minute a second).
  await frame.locator('[data-testid="count-dlq-sqs"]').filter({ hasText: /^[1-9]/ }).waitFor({ timeout: 20_000 });
  const fit = await frame.locator('body').evaluate(() => ({
    overflowX: document.documentElement.scrollWidth - window.innerWidth,
    way_out: document.querySelector('[data-testid="btn-open-full"]').getBoundingClientRect().bottom,
    stage: document.querySelector('[data-testid="stage"]').getBoundingClientRect().top,
    height: window.innerHeight,
    storage: (() => { try { return typeof localStorage.length; } catch { return 'refused'; } })(),
  }));
  assert.ok(fit.overflowX <= 0, `no sideways scrolling at 640 px (overflow ${fit.overflowX})`);
  assert.ok(fit.way_out <= fit.height, '"Open full view" is on screen');
  assert.ok(fit.stage < fit.height, 'the stage starts on screen');
  assert.equal(fit.storage, 'refused', 'the sandbox refuses storage, and the lab does not need it');
  const full = await frame.getByTestId('btn-open-full').getAttribute('href');
  assert.match(full, /\?v=1&.*fail=always/);
  assert.doesNotMatch(full, /embed/);
  assert.deepEqual(seen.violations, []);
  assert.deepEqual(errors, []);
  await context.close();
});

test('in a sandboxed iframe without clipboard, "Copy link" degrades to a selected text box', async () => {
  const context = await browser.newContext({ viewport: { width: 1100, height: 900 } });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.goto(`${server.origin}/full.html`);
  const frame = page.frameLocator('#lab');
  await frame.getByTestId('app-ready').waitFor({ timeout: 30_000 });
  await frame.getByTestId('btn-copy-link').click();
  const status = frame.getByTestId('copy-status');
  await status.waitFor();
  assert.equal(await status.getAttribute('data-status'), 'by-hand');
  const box = frame.getByTestId('share-text');
  assert.match(await box.inputValue(), /\/lab\/\?v=1&dlq=sqs$/);
  const selected = await box.evaluate((el) => el.selectionEnd - el.selectionStart === el.value.length);
  assert.ok(selected, 'the whole link is selected, ready for Ctrl+C');
  await frame.getByTestId('btn-copy-embed').click();
  assert.match(await frame.getByTestId('share-text').inputValue(), /^<iframe src="[^"]+\?v=1&amp;dlq=sqs&amp;embed=1" [^>]*sandbox="allow-scripts allow-popups"/);
  assert.deepEqual(errors, []);
  await context.close();
});
