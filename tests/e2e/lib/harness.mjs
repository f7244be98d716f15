// Shared by every end-to-end test: a static server for dist/ (optionally under a sub-path, as
// GitHub Pages serves a project) and Debian's headless Chromium driven by playwright-core.
import { createServer } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import { extname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

// DIST may point elsewhere (a helper's own build); it must end with a slash.
export const DIST = process.env.DIST ?? fileURLToPath(new URL('../../../dist/', import.meta.url));

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript',
  '.wasm': 'application/wasm',
  '.css': 'text/css',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
};

/**
 * Serves dist/ at http://127.0.0.1:PORT{prefix}; records every request path. With `cors`, files
 * are served with `Access-Control-Allow-Origin: *`, as GitHub Pages does: a sandboxed iframe (an
 * opaque origin) can only load the app's module scripts, wasm and hashed styles that way.
 */
export async function serveDist({ prefix = '/', extraPages = {}, cors = false } = {}) {
  const requests = [];
  const server = createServer(async (req, res) => {
    requests.push(req.url);
    const url = new URL(req.url, 'http://x');
    if (extraPages[url.pathname]) {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end(extraPages[url.pathname]);
      return;
    }
    if (!url.pathname.startsWith(prefix)) {
      res.writeHead(404).end();
      return;
    }
    let rel = decodeURIComponent(url.pathname.slice(prefix.length)) || 'index.html';
    const path = normalize(join(DIST, rel));
    if (!path.startsWith(DIST)) {
      res.writeHead(403).end();
      return;
    }
    try {
      const s = await stat(path);
      const file = s.isDirectory() ? join(path, 'index.html') : path;
      const body = await readFile(file);
      const headers = { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' };
      if (cors) headers['access-control-allow-origin'] = '*';
      res.writeHead(200, headers);
      res.end(body);
    } catch {
      res.writeHead(404).end();
    }
  });
  await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
  const { port } = server.address();
  return {
    origin: `http://127.0.0.1:${port}`,
    url: `http://127.0.0.1:${port}${prefix}`,
    requests,
    close: () => new Promise((ok) => server.close(ok)),
  };
}

export const CHROMIUM_ARGS = [
  '--headless=new',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

export async function launch() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    args: CHROMIUM_ARGS,
    headless: true,
  });
}

/** A new page with console errors collected, opened at `url`, waiting until the app mounted. */
export async function openApp(browser, url, { viewport = { width: 1280, height: 900 }, locale = 'en-US' } = {}) {
  const context = await browser.newContext({ viewport, locale });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
  await page.goto(url);
  await page.getByTestId('app-ready').waitFor({ timeout: 30_000 });
  return { page, context, errors };
}

/** The number a `count-<lane>` element shows. */
export async function count(page, lane) {
  return Number(await page.getByTestId(`count-${lane}`).innerText());
}

/**
 * Waits until `count-<lane>` satisfies `pred`. Polls from here rather than evaluating `pred` in the
 * page: the page's Content-Security-Policy forbids turning strings into code there.
 */
export async function waitCount(page, lane, pred, timeout = 30_000) {
  const end = Date.now() + timeout;
  for (;;) {
    const n = await count(page, lane);
    if (pred(n)) return n;
    if (Date.now() > end) throw new Error(`count-${lane} is still ${n} after ${timeout} ms (waiting for ${pred})`);
    await page.waitForTimeout(50);
  }
}

/** Every lane counter the page shows, by lane id (`count-<id>`), as numbers. */
export async function shownCounts(page) {
  const raw = await page.evaluate(() =>
    [...document.querySelectorAll('[data-testid^="count-"]')].map((el) => [el.dataset.testid.slice(6), el.textContent.trim()]),
  );
  return Object.fromEntries(raw.map(([lane, text]) => [lane, /^\d+$/.test(text) ? Number(text) : text]));
}

/**
 * Waits until the stage is at rest (`rest=1` in the canvas's `data-scene`): paused, the tokens on
 * their way have landed, and every counter shows where its tokens stand.
 */
export async function atRest(page, timeout = 10_000) {
  const end = Date.now() + timeout;
  for (;;) {
    const raw = (await page.getByTestId('stage-canvas').getAttribute('data-scene')) ?? '';
    if (/(^|;)rest=1(;|$)/.test(raw)) return;
    if (Date.now() > end) throw new Error(`the stage is not at rest after ${timeout} ms: ${raw}`);
    await page.waitForTimeout(50);
  }
}

/**
 * Opens the app in a colour scheme and, unless it is an embed (which plays from the start, and
 * whose first picture is what its frame must hold), paused and at rest `atMs` into the run: the
 * still page that layout and accessibility checks measure.
 */
export async function openStill(browser, url, { viewport, locale, colorScheme = 'light', atMs = 30_000 } = {}) {
  const opened = await openApp(browser, url, { viewport, locale });
  await opened.page.emulateMedia({ colorScheme });
  if (!new URL(url).searchParams.has('embed')) {
    await opened.page.evaluate((t) => {
      window.labHooks.pause();
      window.labHooks.seek(t);
    }, atMs);
    await atRest(opened.page);
  }
  return opened;
}

/** What the core counts in each lane at the page's current moment, by lane id (`labHooks.laneCounts()`). */
export const coreCounts = (page) => page.evaluate(() => window.labHooks.laneCounts());

/**
 * The run's events in arrival order, as the core recorded them (`labHooks.events()`): `{service,
 * source, received, attempts: [{start_ms, end_ms, result, duplicate?}], throttles, outcome, ended}`.
 */
export const runEvents = (page) => page.evaluate(() => window.labHooks.events());

/** The outcomes in which Lambda discards an event without a successful run (the core's `Outcome::is_failure`). */
export const FAILED = new Set(['retries_exhausted', 'event_age_exceeded', 'zero_reserved_concurrency']);
