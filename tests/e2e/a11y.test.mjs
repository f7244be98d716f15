// Accessibility (issue 15): axe-core finds nothing serious or critical on the main view (English
// and Korean, light and dark), the embed at 640 × 400 and the inspector open; every control of the
// transport, the senders and the failure mode is reached with Tab, shows where the focus is, and
// works from the keyboard; the stage has words for what its canvas draws.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { serveDist, launch, openStill } from './lib/harness.mjs';
import { axeViolations } from './lib/fit.mjs';

let server, browser;
before(async () => {
  server = await serveDist();
  browser = await launch();
});
after(async () => {
  await browser?.close();
  await server?.close();
});

/** Opens the page in a colour scheme, paused at 30 s into the default scenario. */
const open = (query, { viewport = { width: 1280, height: 800 }, colorScheme = 'light' } = {}) =>
  openStill(browser, server.url + query, { viewport, colorScheme });

/** Opens the first event in the inspector, with its JSON unfolded. */
async function inspectFirstEvent(page) {
  await page.getByTestId('event-row').first().click();
  await page.getByTestId('inspector-story').waitFor();
  for (const summary of await page.locator('[data-testid="inspector"] details summary').all()) await summary.click();
}

for (const colorScheme of ['light', 'dark']) {
  test(`axe-core: nothing serious or critical on the main view (en, ko), the embed and the inspector, ${colorScheme}`, async () => {
    for (const [what, query, viewport] of [
      ['main view, en', '?lang=en'],
      ['main view, ko', '?lang=ko'],
      ['main view on a phone', '?lang=en', { width: 360, height: 740 }],
      ['embed 640 × 400', '?embed=1', { width: 640, height: 400 }],
    ]) {
      const { page, context, errors } = await open(query, { viewport, colorScheme });
      assert.deepEqual(await axeViolations(page), [], `${what}, ${colorScheme}`);
      if (what === 'main view, en') {
        await inspectFirstEvent(page);
        assert.deepEqual(await axeViolations(page), [], `inspector open, ${colorScheme}`);
      }
      assert.deepEqual(errors, []);
      await context.close();
    }
  });
}

/** What has the focus, and whether it shows: an outline or a ring drawn around it. */
function focused(page) {
  return page.evaluate(() => {
    const el = document.activeElement;
    const s = getComputedStyle(el);
    const ring = (s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 2) || s.boxShadow !== 'none';
    return { id: el.dataset.testid ?? `${el.tagName.toLowerCase()}.${el.className}`, ring, outline: `${s.outlineStyle} ${s.outlineWidth} ${s.outlineColor}` };
  });
}

const MAIN_CONTROLS = ['btn-play', 'btn-step-back', 'btn-step', 'btn-reset', 'speed', 'btn-help', 'scrubber', 'btn-send-s3', 'btn-send-iot', 'btn-send-burst', 'burst-size', 'fail-mode'];

for (const colorScheme of ['light', 'dark']) {
  test(`Tab reaches every main control with a visible focus ring, and the keyboard works them (${colorScheme})`, async () => {
    const { page, context, errors } = await open('?lang=en', { colorScheme });
    await page.locator('body').click({ position: { x: 1, y: 1 } });
    const seen = [];
    for (let i = 0; i < 40 && !MAIN_CONTROLS.every((id) => seen.some((f) => f.id === id)); i++) {
      await page.keyboard.press('Tab');
      seen.push(await focused(page));
    }
    for (const id of MAIN_CONTROLS) assert.ok(seen.some((f) => f.id === id), `Tab reaches ${id}: ${seen.map((f) => f.id).join(', ')}`);
    assert.deepEqual(seen.filter((f) => !f.ring), [], 'every control reached shows its focus');
    // The ring stands out from the page: at least 3:1 (WCAG 1.4.11).
    const contrast = await page.evaluate(() => {
      const rgb = (c) => c.match(/[\d.]+/g).slice(0, 3).map(Number);
      const lum = (c) => {
        const [r, g, b] = rgb(c).map((v) => ((v /= 255) <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4));
        return 0.2126 * r + 0.7152 * g + 0.0722 * b;
      };
      const [a, b] = [lum(getComputedStyle(document.activeElement).outlineColor), lum(getComputedStyle(document.body).backgroundColor)];
      return (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
    });
    assert.ok(contrast >= 3, `the focus ring stands out ${contrast.toFixed(2)}:1 from the page`);

    // Operated from the keyboard: Enter plays and pauses, Space sends, the failure mode changes.
    const play = page.getByTestId('btn-play');
    await play.focus();
    await page.keyboard.press('Enter');
    assert.equal(await play.getAttribute('aria-pressed'), 'false', 'Enter on play plays');
    await page.keyboard.press('Enter');
    assert.equal(await play.getAttribute('aria-pressed'), 'true', 'and pauses');
    const before = Number(await page.getByTestId('count-source-sns').innerText());
    await page.getByTestId('btn-send-sns').focus();
    await page.keyboard.press('Space');
    await page.waitForTimeout(200);
    assert.equal(await page.evaluate(() => window.labHooks.laneCounts()['source-sns']), before + 1, 'Space on a send button sends one event');
    await page.getByTestId('fail-mode').focus();
    await page.keyboard.press('ArrowDown');
    assert.notEqual(await page.getByTestId('fail-mode').inputValue(), 'never', 'the arrow keys choose a failure mode');
    assert.deepEqual(errors, []);
    await context.close();
  });
}

test('the stage says in words what each lane in use holds, calmly (not every frame)', async () => {
  const { page, context, errors } = await open('?lang=en');
  const stage = page.getByTestId('stage');
  assert.equal(await stage.getAttribute('aria-describedby'), 'stage-summary');
  const expected = () =>
    page.evaluate(() =>
      [...document.querySelectorAll('[data-testid="stage"] [data-lane]')]
        .filter((lane) => !lane.classList.contains('idle') && !lane.classList.contains('off'))
        .map((lane) => `${lane.querySelector('.lane-name').textContent} ${lane.querySelector('.lane-count').textContent}`),
    );
  const summary = () => page.getByTestId('stage-summary').textContent();
  // Paused at 30 s: within a second the words catch up with the counts.
  await page.waitForTimeout(1_100);
  const lanes = await expected();
  assert.ok(lanes.some((l) => /^Success [1-9]/.test(l)), `some events succeeded by 30 s: ${lanes}`);
  const said = await summary();
  assert.ok(said.startsWith('On the stage now: '), said);
  for (const l of lanes) assert.ok(said.includes(l), `"${said}" names ${l}`);
  // Events arriving every frame: the counts change all the time, the words about once a second.
  const steady = {
    version: 1,
    seed: 3,
    run_for_s: 600,
    sources: [{ service: 's3', events: 400, start_s: 0, every_s: 0.5 }],
    function: { duration_ms: 2000, timeout_s: 60, failure: { mode: 'rate', p: 0.3, error: 'Error' }, reserved_concurrency: null, idempotent: false },
    invoke_config: { max_retry_attempts: 2, max_event_age_s: 21600 },
    dlq: 'sqs',
    on_success: null,
    on_failure: null,
    duplicate_rate: 0,
  };
  await page.evaluate((json) => {
    window.labHooks.pause();
    window.labHooks.loadScenario(json);
    window.labHooks.seek(0);
  }, JSON.stringify(steady));
  await page.getByTestId('speed').selectOption('0');
  await page.getByTestId('btn-play').click();
  const changes = await page.evaluate(
    () =>
      new Promise((ok) => {
        const el = document.querySelector('[data-testid="stage-summary"]');
        let n = 0;
        const seen = new MutationObserver(() => n++);
        seen.observe(el, { subtree: true, childList: true, characterData: true });
        setTimeout(() => {
          seen.disconnect();
          ok(n);
        }, 3_000);
      }),
  );
  assert.ok(changes >= 1 && changes <= 4, `the words changed ${changes} times in 3 s of play`);
  // In Korean too.
  await page.getByTestId('lang-ko').click();
  await page.waitForTimeout(1_100);
  assert.ok((await summary()).startsWith('지금 스테이지: '), await summary());
  assert.deepEqual(errors, []);
  await context.close();
});

/**
 * The strongest contrast, against the lane's background, of the pixels on the ring the stage draws
 * around a highlighted token (sampled around every token drawn, the best token kept), and how
 * the ring's colour compares with the page's ink. Canvas pixels are invisible to axe.
 */
function ringContrast(page) {
  return page.evaluate(() => {
    const canvas = document.querySelector('[data-testid="stage-canvas"]');
    const scale = canvas.width / canvas.getBoundingClientRect().width;
    const pixels = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height);
    const parse = (css) => {
      const probe = document.createElement('canvas').getContext('2d');
      probe.fillStyle = css;
      const hex = probe.fillStyle;
      return [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16));
    };
    const luminance = ([r, g, b]) =>
      [r, g, b].map((c) => (c / 255 <= 0.04045 ? c / 255 / 12.92 : ((c / 255 + 0.055) / 1.055) ** 2.4)).reduce((s, c, i) => s + c * [0.2126, 0.7152, 0.0722][i], 0);
    const ratio = (a, b) => (Math.max(luminance(a), luminance(b)) + 0.05) / (Math.min(luminance(a), luminance(b)) + 0.05);
    const style = getComputedStyle(canvas);
    const lane = parse(style.getPropertyValue('--lane').trim());
    let best = 0;
    for (const h of window.labHooks.hits()) {
      // The ring's radius is the token's (4.5) + 4, stroked 2.5 wide: sample its middle.
      const ratios = [];
      for (let k = 0; k < 24; k++) {
        const a = (k / 24) * 2 * Math.PI;
        const x = Math.round((h.x + 8.5 * Math.cos(a)) * scale);
        const y = Math.round((h.y + 8.5 * Math.sin(a)) * scale);
        const i = (y * canvas.width + x) * 4;
        if (pixels.data[i + 3] < 200) continue;
        ratios.push(ratio([pixels.data[i], pixels.data[i + 1], pixels.data[i + 2]], lane));
      }
      // A ring, not a token passing by: most of the circle drawn.
      if (ratios.length >= 16) best = Math.max(best, ratios.sort((p, q) => p - q)[Math.floor(ratios.length / 2)]);
    }
    return best;
  });
}

for (const colorScheme of ['light', 'dark']) {
  test(`the stage's canvas draws in the page's colours: a selected token's ring stands out from its lane (${colorScheme})`, async () => {
    const { page, context, errors } = await open('?lang=en', { colorScheme });
    await page.getByTestId('event-row').first().click();
    await page.waitForFunction(() => /;hl=[1-9]/.test(document.querySelector('[data-testid="stage-canvas"]').dataset.scene));
    const contrast = await ringContrast(page);
    // WCAG 1.4.11: a graphical object that tells something needs 3:1 against what is next to it.
    assert.ok(contrast >= 3, `the ring's contrast against the lane is ${contrast.toFixed(2)}:1, ${colorScheme}`);
    assert.deepEqual(errors, []);
    await context.close();
  });
}
