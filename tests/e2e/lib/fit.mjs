// What the phone, embed and accessibility tests and the layout benchmark measure (issue 15,
// "Phones and embeds" and "Accessibility"), in one place: the test asserts these figures, the
// benchmark prints them against their budgets.
import { readFile } from 'node:fs/promises';

/** axe-core, pinned in package-lock.json. */
const AXE = await readFile(new URL('../node_modules/axe-core/axe.min.js', import.meta.url), 'utf8');

/**
 * axe-core's serious and critical violations on the page as it stands: `[{id, impact, nodes}]`.
 * Injected through the DevTools protocol (`page.evaluate` of its source): the page's
 * Content-Security-Policy lets only its own scripts in, and the test must not loosen it.
 */
export async function axeViolations(page) {
  await page.evaluate(AXE);
  return page.evaluate(async () => {
    const { violations } = await window.axe.run(document, { resultTypes: ['violations'] });
    return violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.map((n) => `${n.target.join(' ')}: ${n.failureSummary}`) }));
  });
}

/**
 * The stage on a narrow screen: how far the page scrolls sideways (px), each lane name and whether
 * the whole of it shows (drawn, not clipped by its box, inside its lane and the viewport), and the
 * tokens drawn outside the lane they stand in.
 */
export function phoneFit(page) {
  return page.evaluate(() => {
    const overflow = Math.max(0, document.documentElement.scrollWidth - window.innerWidth);
    const inside = (a, b) => a.left >= b.left - 0.5 && a.right <= b.right + 0.5 && a.top >= b.top - 0.5 && a.bottom <= b.bottom + 0.5;
    const view = { left: 0, top: -Infinity, right: window.innerWidth, bottom: Infinity };
    const names = [...document.querySelectorAll('[data-testid="stage"] [data-lane] .lane-name')].map((el) => {
      const lane = el.closest('[data-lane]');
      const box = lane.getBoundingClientRect();
      const range = document.createRange();
      range.selectNodeContents(el);
      const lines = [...range.getClientRects()];
      const shown =
        lines.length > 0 &&
        el.clientWidth > 1 &&
        el.scrollWidth <= el.clientWidth + 1 &&
        el.scrollHeight <= el.clientHeight + 1 &&
        lines.every((r) => inside(r, box) && inside(r, view));
      return { lane: lane.dataset.lane, name: el.textContent, shown };
    });
    const c = document.querySelector('[data-testid="stage-canvas"]').getBoundingClientRect();
    const spills = window.labHooks
      .hits()
      .filter((h) => h.lane)
      .filter((h) => {
        const r = document.querySelector(`[data-lane="${h.lane}"]`).getBoundingClientRect();
        const [x, y] = [c.left + h.x, c.top + h.y];
        return x - 4.5 < r.left || x + 4.5 > r.right || y - 4.5 < r.top || y + 4.5 > r.bottom;
      })
      .map((h) => h.lane);
    return { overflow, names, spills };
  });
}

/** The controls an embed cannot do without, by test id (a send button: the first source's). */
export const EMBED_ESSENTIALS = { stage: 'stage', play: 'btn-play', send: 'btn-send-s3', failure: 'fail-mode' };

/**
 * The embed in its frame: for each of [`EMBED_ESSENTIALS`], whether it is drawn wholly inside the
 * viewport as it opens; and how far the page scrolls down and sideways (px).
 */
export function embedFit(page) {
  return page.evaluate((essentials) => {
    const inside = {};
    for (const [what, id] of Object.entries(essentials)) {
      const el = document.querySelector(`[data-testid="${id}"]`);
      const r = el?.getBoundingClientRect();
      inside[what] = Boolean(r && r.width > 0 && r.height > 0 && r.left >= 0 && r.top >= 0 && r.right <= innerWidth + 0.5 && r.bottom <= innerHeight + 0.5);
    }
    const doc = document.documentElement;
    return { inside, down: Math.max(0, doc.scrollHeight - innerHeight), sideways: Math.max(0, doc.scrollWidth - innerWidth) };
  }, EMBED_ESSENTIALS);
}
