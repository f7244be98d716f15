// The course ("Check yourself", ?course=1): exam-style questions answered right and wrong, each
// answer shown by its scenario on the stage, in English and Korean; the progress lives in the link
// (a reload keeps it), and the course works inside a sandboxed iframe.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { serveDist, launch, openApp, waitCount } from './lib/harness.mjs';

const PREFIX = '/lab/';
let server, browser;
before(async () => {
  server = await serveDist({
    prefix: PREFIX,
    cors: true,
    extraPages: {
      '/post.html':
        `<!doctype html><meta charset="utf-8"><title>A study blog</title><body style="margin:0">` +
        `<iframe id="lab" sandbox="allow-scripts" src="${PREFIX}?course=1&q=7&embed=1" width="640" height="600" style="border:0"></iframe>`,
    },
  });
  browser = await launch();
});
after(async () => {
  await browser?.close();
  await server?.close();
});

/** The question on screen (the others are in the page, hidden). */
const shown = (root) => root.locator('[data-testid="course-question"]:not([hidden])');

/** What the question's run shows, by measure: `{Attempts: "3", DlqMessages: "1", …}`. */
async function evidence(question) {
  await question.getByTestId('course-evidence').waitFor();
  const rows = await question.locator('[data-testid="course-evidence"] li').evaluateAll((lis) =>
    lis.map((li) => [li.dataset.measure, li.querySelector('strong').textContent]),
  );
  return Object.fromEntries(rows);
}

const query = (page) => new URL(page.url()).searchParams;

test('a wrong answer and a right one: the reason, the AWS setting, and the run on the stage; a reload keeps the progress', async () => {
  const { page, context, errors } = await openApp(browser, `${server.url}?course=1`);
  const course = page.getByTestId('course');
  await course.waitFor();
  assert.ok((await page.getByTestId('course-question').count()) >= 10, 'at least ten questions');
  assert.equal(await shown(page).count(), 1, 'one question at a time');
  let q = shown(page);
  assert.equal(await q.getAttribute('data-q'), 's3-retries');

  // Wrong: "once".
  await q.locator('[data-testid="course-choice"][data-choice="a"]').click();
  const feedback = q.getByTestId('course-feedback');
  assert.equal(await feedback.getAttribute('data-verdict'), 'wrong');
  assert.match(await feedback.innerText(), /the answer is C/);
  assert.match(await q.getByTestId('course-reason').innerText(), /twice.*about a minute.*about two minutes.*no immediate retry/);
  assert.match(await q.getByTestId('course-setting').innerText(), /MaximumRetryAttempts/);
  const s3 = await evidence(q);
  assert.equal(s3.Attempts, '3');
  assert.equal(s3.DlqMessages, '1');
  assert.match(s3.RetryWaits, /^(6\d|7[0-4]) s, (1[2-4]\d) s$/, `waits of about 1 and 2 minutes: ${s3.RetryWaits}`);
  // The stage plays that run: the upload ends in the SQS DLQ (an AWS minute a second).
  await page.getByTestId('speed').selectOption({ index: 0 });
  await waitCount(page, 'dlq-sqs', (n) => n === 1, 20_000);
  assert.equal(query(page).get('fail'), 'always');
  assert.equal(query(page).get('ans'), 'a');

  // Right: reserved concurrency 0, two questions on.
  await page.getByTestId('course-next').click();
  await page.getByTestId('course-next').click();
  q = shown(page);
  assert.equal(await q.getAttribute('data-q'), 'reserved-zero');
  await q.locator('[data-testid="course-choice"][data-choice="c"]').click();
  assert.equal(await q.getByTestId('course-feedback').getAttribute('data-verdict'), 'right');
  assert.match(await q.getByTestId('course-setting').innerText(), /ReservedConcurrentExecutions/);
  const zero = await evidence(q);
  assert.deepEqual([zero.Attempts, zero.DlqMessages], ['0', '1'], 'no attempt, straight to the DLQ');
  await waitCount(page, 'dlq-sqs', (n) => n === 1, 20_000);
  assert.equal(await page.getByTestId('count-function').innerText(), '0');
  assert.match(await page.getByTestId('course-score').innerText(), /1 right of 2 answered/);
  assert.equal(query(page).get('q'), '3');
  assert.equal(query(page).get('ans'), 'a.c');

  await page.reload();
  await page.getByTestId('course').waitFor();
  q = shown(page);
  assert.equal(await q.getAttribute('data-q'), 'reserved-zero', 'the same question after a reload');
  assert.equal(await q.getByTestId('course-feedback').getAttribute('data-verdict'), 'right');
  const steps = page.getByTestId('course-step');
  assert.equal(await steps.nth(0).getAttribute('data-state'), 'wrong');
  assert.equal(await steps.nth(2).getAttribute('data-state'), 'right');
  assert.equal(await steps.nth(1).getAttribute('data-state'), 'open');
  assert.match(await page.getByTestId('course-score').innerText(), /1 right of 2 answered/);
  assert.deepEqual(await evidence(q), zero, 'the run on the stage is still that question\'s');
  assert.deepEqual(errors, []);
  await context.close();
});

test('in Korean: the question, the verdict, the reason and the run\'s figures', async () => {
  const { page, context, errors } = await openApp(browser, `${server.url}?course=1&lang=ko`);
  assert.match(await page.getByTestId('course').innerText(), /스스로 점검/);
  await page.getByTestId('course-step').nth(6).click();
  const q = shown(page);
  assert.equal(await q.getAttribute('data-q'), 'event-age-60');
  assert.match(await q.locator('h3').innerText(), /최대 이벤트 나이 60초/);
  await q.locator('[data-testid="course-choice"][data-choice="c"]').click();
  assert.match(await q.getByTestId('course-feedback').innerText(), /정답입니다/);
  assert.match(await q.getByTestId('course-reason').innerText(), /EventAgeExceeded/);
  assert.match(await q.getByTestId('course-evidence').innerText(), /시도: 1/);
  const age = await evidence(q);
  assert.deepEqual([age.Attempts, age.DlqMessages], ['1', '1'], 'one attempt, then the DLQ');
  // A wrong answer elsewhere names the right letter.
  await page.getByTestId('course-next').click();
  await shown(page).locator('[data-testid="course-choice"][data-choice="a"]').click();
  assert.match(await shown(page).getByTestId('course-feedback').innerText(), /정답은 B/);
  assert.equal(query(page).get('lang'), 'ko');
  assert.equal(query(page).get('ans'), '......ca');
  assert.deepEqual(errors, []);
  await context.close();
});

test('in a sandboxed iframe: no storage, the course answers and plays, and "Open full view" carries the progress', async () => {
  const context = await browser.newContext({ viewport: { width: 800, height: 700 } });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.goto(`${server.origin}/post.html`);
  const frame = page.frameLocator('#lab');
  await frame.getByTestId('app-ready').waitFor({ timeout: 30_000 });
  assert.equal(await frame.getByTestId('app-ready').getAttribute('data-embed'), '1');
  const q = frame.locator('[data-testid="course-question"]:not([hidden])');
  assert.equal(await q.getAttribute('data-q'), 'event-age-60', 'opened at the link\'s question');
  await q.locator('[data-testid="course-choice"][data-choice="a"]').click();
  assert.equal(await q.getByTestId('course-feedback').getAttribute('data-verdict'), 'wrong');
  assert.equal((await evidence(q)).Attempts, '1');
  await frame.locator('[data-testid="count-dlq-sqs"]').filter({ hasText: /^1$/ }).waitFor({ timeout: 30_000 });
  const storage = await frame.locator('body').evaluate(() => {
    try {
      return typeof localStorage.length;
    } catch {
      return 'refused';
    }
  });
  assert.equal(storage, 'refused', 'the sandbox refuses storage, and the course does not need it');
  const full = new URL(await frame.getByTestId('btn-open-full').getAttribute('href'));
  assert.equal(full.searchParams.get('course'), '1');
  assert.equal(full.searchParams.get('q'), '7');
  assert.equal(full.searchParams.get('ans'), '......a');
  assert.equal(full.searchParams.get('age'), '60', 'with the question\'s run');
  assert.equal(full.searchParams.get('embed'), null);
  assert.deepEqual(errors, []);
  await context.close();
});
