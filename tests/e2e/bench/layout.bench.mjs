// Phones, embeds and accessibility (issue 15), measured in headless Chromium against dist/ (run by
// `./x bench`). Prints the issue's three rows as figures against their budgets, each line ending
// in `holds` or `OVER BUDGET`:
// - at 360 × 740 (English and Korean): lane names shown whole, n/n, and sideways overflow in px;
// - the embed at 640 × 400: which of the stage, play, a send button and the failure mode are inside
//   the frame, and how far it scrolls;
// - axe-core's serious and critical violations on each view: main (en, ko), the embed, the
//   inspector open, light and dark.
// The measures are the tests' own (tests/e2e/lib/fit.mjs); the tests assert what this prints.
import { serveDist, launch, openStill } from '../lib/harness.mjs';
import { phoneFit, embedFit, axeViolations } from '../lib/fit.mjs';

const verdict = (ok) => (ok ? 'holds' : 'OVER BUDGET');
const server = await serveDist();
const browser = await launch();
const errors = [];

async function open(query, viewport, colorScheme = 'light', locale = 'en-US') {
  const o = await openStill(browser, server.url + query, { viewport, colorScheme, locale });
  errors.push(...o.errors);
  return o;
}

for (const lang of ['en', 'ko']) {
  const { page, context } = await open(`?lang=${lang}`, { width: 360, height: 740 });
  const fit = await phoneFit(page);
  const shown = fit.names.filter((n) => n.shown).length;
  const cut = fit.names.filter((n) => !n.shown).map((n) => n.name);
  console.log(
    `360 × 740 (${lang}): lane names shown whole ${shown}/${fit.names.length}${cut.length ? ` (cut: ${cut.join(', ')})` : ''}, ` +
      `sideways overflow ${fit.overflow} px, tokens off their lane ${fit.spills.length}; budget every name, 0 px, 0: ` +
      verdict(shown === fit.names.length && fit.overflow === 0 && fit.spills.length === 0),
  );
  await context.close();
}

{
  const { page, context } = await open('?embed=1', { width: 640, height: 400 });
  const fit = await embedFit(page);
  const list = Object.entries(fit.inside).map(([what, ok]) => `${what} ${ok ? 'inside' : 'OUTSIDE'}`);
  const all = Object.values(fit.inside).every(Boolean);
  console.log(
    `embed 640 × 400: ${list.join(', ')}; scrolls ${fit.down} px down, ${fit.sideways} px sideways; budget all inside, no scrolling: ` +
      verdict(all && fit.down === 0 && fit.sideways === 0),
  );
  await context.close();
}

for (const colorScheme of ['light', 'dark']) {
  const counts = [];
  for (const [what, query, viewport] of [
    ['main en', '?lang=en', { width: 1280, height: 800 }],
    ['main ko', '?lang=ko', { width: 1280, height: 800 }],
    ['embed', '?embed=1', { width: 640, height: 400 }],
    ['inspector', '?lang=en', { width: 1280, height: 800 }],
  ]) {
    const { page, context } = await open(query, viewport, colorScheme);
    if (what === 'inspector') {
      await page.getByTestId('event-row').first().click();
      await page.getByTestId('inspector-story').waitFor();
      for (const summary of await page.locator('[data-testid="inspector"] details summary').all()) await summary.click();
    }
    const found = await axeViolations(page);
    const ids = [...new Set(found.map((v) => v.id))];
    counts.push({ what, n: found.reduce((a, v) => a + v.nodes.length, 0), ids });
    await context.close();
  }
  const total = counts.reduce((a, c) => a + c.n, 0);
  console.log(
    `axe-core serious + critical (${colorScheme}): ${counts.map((c) => `${c.what} ${c.n}${c.ids.length ? ` (${c.ids.join(', ')})` : ''}`).join(', ')}; budget 0 each: ${verdict(total === 0)}`,
  );
}

if (errors.length) console.log('page errors:', errors);
await browser.close();
await server.close();
