// Sharing, end to end: links that replay the same run, bad links and bad files that never break
// the lab, the address bar that follows the settings, Korean and English, and "show as code".
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { serveDist, launch, openApp, atRest, count, waitCount, shownCounts, coreCounts } from './lib/harness.mjs';

let server, browser;
before(async () => {
  server = await serveDist({ prefix: '/lab/' });
  browser = await launch();
});
after(async () => {
  await browser?.close();
  await server?.close();
});

/** Every lane's count, by lane id. */
async function laneCounts(page) {
  return page.evaluate(() =>
    Object.fromEntries(
      [...document.querySelectorAll('[data-testid^="count-"]')].map((el) => [el.dataset.testid.slice(6), el.textContent.trim()]),
    ),
  );
}

const fingerprint = (page) => page.getByTestId('run-fingerprint').getAttribute('data-fingerprint');
const clockText = (page) => page.getByTestId('aws-clock').innerText();

test('a copied link opened in a fresh browser replays the same run, at the same moment', async () => {
  const { page, context, errors } = await openApp(browser, server.url);
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.origin });
  await page.getByTestId('preset-destinations').click();
  await page.getByTestId('speed').selectOption({ index: 0 }); // 1 AWS minute = 1 s
  await page.waitForFunction(() => /[1-9]:\d\d/.test(document.querySelector('[data-testid="aws-clock"]').textContent));
  await page.getByTestId('btn-play').click(); // pause: the link then carries the moment
  const moment = await clockText(page);
  await page.waitForTimeout(300);
  assert.equal(await clockText(page), moment, 'paused');
  await page.getByTestId('btn-copy-link').click();
  await page.getByTestId('copy-status').waitFor();
  assert.equal(await page.getByTestId('copy-status').getAttribute('data-status'), 'ok');
  const link = await page.evaluate(() => navigator.clipboard.readText());
  assert.equal(link, await page.getByTestId('share-text').inputValue(), 'the panel shows what was copied');
  assert.match(link, /^http:\/\/127\.0\.0\.1:\d+\/lab\/\?v=1&/);
  assert.match(link, /&t=\d+(\.\d+)?/, 'a paused link names its moment');
  const sender = { fingerprint: await fingerprint(page), counts: await laneCounts(page), moment };
  assert.ok(Number(sender.counts['destination-success']) + Number(sender.counts['destination-failure']) > 0, 'something to compare');

  const fresh = await openApp(browser, link); // a new context: no storage, no history, nothing shared
  const receiver = { fingerprint: await fingerprint(fresh.page), counts: await laneCounts(fresh.page), moment: await clockText(fresh.page) };
  assert.deepEqual(receiver, sender, 'same report fingerprint, same lanes at the same AWS moment');
  await fresh.page.waitForTimeout(300);
  assert.equal(await clockText(fresh.page), moment, 'it opens paused at that moment');
  assert.equal(await fresh.page.getByTestId('error-banner').count(), 0);
  assert.deepEqual([...errors, ...fresh.errors], []);
  await fresh.context.close();
  await context.close();
});

test('a link with bad keys shows the banner, names each key with what it allows, and still runs', async () => {
  const bad = '?v=1&retries=7&colour=red&fail=always&dlq=sqs&speed=1&src=s3*2/5,sn&retries=1';
  const { page, context, errors } = await openApp(browser, server.url + bad);
  const banner = page.getByTestId('error-banner');
  await banner.waitFor();
  assert.equal(await banner.getAttribute('data-origin'), 'link');
  const keys = await page.getByTestId('error-key').evaluateAll((els) => els.map((e) => e.dataset.key));
  assert.deepEqual(keys, ['src', 'retries', 'retries', 'colour']);
  const text = await banner.innerText();
  assert.match(text, /retries[\s\S]*“7”[\s\S]*0 \.\.= 2/, 'the allowed range of retries');
  assert.match(text, /colour[\s\S]*dlq/, 'an unknown key lists the known ones');
  // The valid part applies: an always-failing function with an SQS DLQ, two S3 events.
  await waitCount(page, 'dlq-sqs', (n) => n === 2, 20_000);
  assert.equal(await count(page, 'success'), 0);
  await page.getByTestId('btn-dismiss-error').click();
  assert.equal(await banner.count(), 0, 'dismissed');
  assert.deepEqual(errors, []);
  await context.close();
});

test('garbage and truncated links never break the page: it runs, and its counters count', async () => {
  for (const junk of ['?%%%&&==&v=2&t=abc&embed=maybe', '?v=1&src=s3*3/10,sns*2@6', '?v=1&fail=first:', '?' + 'x'.repeat(3000), '?v=1&dur=%F0%9F%99%82&lang=xx']) {
    const { page, context, errors } = await openApp(browser, server.url + junk);
    await page.waitForFunction(() => document.querySelector('[data-testid="aws-clock"]').textContent.match(/0:0[1-9]|0:[1-5]\d/));
    await page.evaluate(() => window.labHooks.pause());
    await atRest(page);
    const shown = await shownCounts(page);
    assert.deepEqual(shown, await coreCounts(page), `${junk}: every counter shows the core's count`);
    assert.ok(Object.entries(shown).some(([lane, n]) => lane.startsWith('source-') && n > 0), `${junk}: events were sent`);
    assert.deepEqual(errors, [], junk);
    await context.close();
  }
});

test('a valid link too big for a browser tab (16 million events) is refused with a banner, not a crash', async () => {
  const huge = '?v=1&fail=always&src=' + Array(16).fill('s3*1000000').join(',');
  const { page, context, errors } = await openApp(browser, server.url + huge);
  await page.getByTestId('error-banner').waitFor();
  const keys = await page.getByTestId('error-key').evaluateAll((els) => els.map((e) => e.dataset.key));
  assert.deepEqual(keys, ['src']);
  assert.match(await page.getByTestId('error-banner').innerText(), /16000000 events[\s\S]*1000000/);
  assert.equal(await page.getByTestId('fail-mode').inputValue(), 'always', 'the rest of the link applies');
  assert.deepEqual(errors, []);
  await context.close();
});

test('the address bar follows each change without adding history entries', async () => {
  // Opened paused at 0:00, so that the change sets the start (later, it would be a deployment).
  const { page, context } = await openApp(browser, server.url + '?t=0');
  const before = await page.evaluate(() => history.length);
  await page.getByTestId('fail-mode').selectOption('always');
  await page.waitForFunction(() => location.search.includes('fail=always'));
  await page.getByTestId('speed').selectOption({ index: 2 });
  await page.waitForFunction(() => location.search.includes('speed=10'));
  assert.equal(await page.evaluate(() => history.length), before, 'replaced, not pushed');
  assert.match(page.url(), /\/lab\/\?v=1&/);
  // A reload keeps the settings, because the URL holds them.
  await page.reload();
  await page.getByTestId('app-ready').waitFor();
  assert.equal(await page.getByTestId('fail-mode').inputValue(), 'always');
  await context.close();
});

test('an import with errors is reported like a bad link and changes nothing; export and import round-trip', async () => {
  const { page, context, errors } = await openApp(browser, server.url + '?v=1&fail=always&dlq=sns&seed=9');
  const original = await fingerprint(page);
  await page.getByTestId('btn-import').click();
  await page.getByTestId('import-text').fill('{"version":1,"invoke_config":{"max_retry_attempts":5},"dlq":"kafka","sources":[]}');
  await page.getByTestId('btn-import-apply').click();
  const banner = page.getByTestId('error-banner');
  await banner.waitFor();
  assert.equal(await banner.getAttribute('data-origin'), 'import');
  const keys = await page.getByTestId('error-key').evaluateAll((els) => els.map((e) => e.dataset.key));
  assert.deepEqual(keys.sort(), ['dlq', 'invoke_config.max_retry_attempts', 'sources'].sort());
  assert.equal(await fingerprint(page), original, 'the lab keeps the scenario it had');
  assert.match(page.url(), /dlq=sns/);

  // Export shows exactly the scenario format (and offers the file); importing it gives the same run.
  await page.getByTestId('btn-export').click();
  const json = await page.getByTestId('export-json').inputValue();
  const scenario = JSON.parse(json);
  assert.equal(scenario.version, 1);
  assert.equal(scenario.dlq, 'sns');
  assert.deepEqual(scenario.function.failure, { mode: 'always', error: 'Error' });
  assert.deepEqual(Object.keys(scenario), ['version', 'seed', 'run_for_s', 'sources', 'function', 'invoke_config', 'dlq', 'on_success', 'on_failure', 'duplicate_rate']);

  await page.getByTestId('preset-happy-path').click();
  assert.notEqual(await fingerprint(page), original);
  await page.getByTestId('btn-import').click();
  await page.getByTestId('import-file').setInputFiles({ name: 'scenario.json', mimeType: 'application/json', buffer: Buffer.from(json) });
  await page.waitForFunction((f) => document.querySelector('[data-testid="run-fingerprint"]').dataset.fingerprint === f, original);
  assert.equal(await banner.count(), 0, 'a good import clears the banner');
  assert.deepEqual(errors, []);
  await context.close();
});

test('Korean and English: ?lang=, the browser language, and the switch', async () => {
  const ko = await openApp(browser, server.url + '?lang=ko');
  assert.equal(await ko.page.locator('h1').innerText(), 'Lambda 비동기 호출 실험실');
  assert.equal(await ko.page.getAttribute('html', 'lang'), 'ko');
  assert.match(await ko.page.getByTestId('presets').innerText(), /프리셋[\s\S]*데드 레터 큐/);
  assert.match(await ko.page.getByTestId('btn-copy-link').innerText(), /링크 복사/);
  await ko.page.getByTestId('lang-en').click();
  assert.equal(await ko.page.locator('h1').innerText(), 'Lambda Async Lab');
  await ko.page.waitForFunction(() => location.search.includes('lang=en'));
  assert.deepEqual(ko.errors, []);
  await ko.context.close();

  const browserKo = await openApp(browser, server.url, { locale: 'ko-KR' });
  assert.equal(await browserKo.page.locator('h1').innerText(), 'Lambda 비동기 호출 실험실', "the browser's language by default");
  assert.doesNotMatch(browserKo.page.url(), /lang=/, 'a guessed language is not written into links');
  await browserKo.page.getByTestId('lang-en').click();
  assert.match(await browserKo.page.getByTestId('lane-queue').innerText(), /queue/i);
  await browserKo.page.getByTestId('lang-ko').click();
  assert.match(await browserKo.page.getByTestId('lane-queue').innerText(), /대기열/);
  await browserKo.context.close();
});

test('show as code: the settings as AWS CLI commands and a SAM template', async () => {
  const { page, context } = await openApp(browser, server.url + '?v=1&retries=1&age=300&dlq=sqs&onfailure=eventbridge&reserved=1');
  await page.getByTestId('btn-show-code').click();
  const cli = await page.getByTestId('code-cli').innerText();
  assert.match(cli, /aws lambda put-function-event-invoke-config/);
  assert.match(cli, /--maximum-retry-attempts 1/);
  assert.match(cli, /--maximum-event-age-in-seconds 300/);
  assert.match(cli, /"OnFailure":\{"Destination":"arn:aws:events:/);
  assert.match(cli, /update-function-configuration[\s\S]*--dead-letter-config TargetArn=arn:aws:sqs:/);
  assert.match(cli, /put-function-concurrency[\s\S]*--reserved-concurrent-executions 1/);
  await page.getByTestId('code-tab-sam').click();
  const sam = await page.getByTestId('code-sam').innerText();
  assert.match(sam, /EventInvokeConfig:\n\s+MaximumRetryAttempts: 1\n\s+MaximumEventAgeInSeconds: 300/);
  assert.match(sam, /DeadLetterQueue:\n\s+Type: SQS/);
  // The code follows the settings.
  await page.getByTestId('preset-dlq-sns').click();
  assert.match(await page.getByTestId('code-sam').innerText(), /DeadLetterQueue:\n\s+Type: SNS/);
  await context.close();
});
