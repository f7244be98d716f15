// The services that invoke asynchronously, end to end: each has its lane and its send button, in
// both languages, sends an event of its own kind, and the page says which popular sources are NOT
// asynchronous. The seven ids are the contract; the page takes them from the core's list.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { serveDist, launch, openApp, count, waitCount } from './lib/harness.mjs';

const SERVICES = ['s3', 'sns', 'eventbridge', 'ses', 'codecommit', 'codepipeline', 'iot'];

let server, browser;
before(async () => {
  server = await serveDist();
  browser = await launch();
});
after(async () => {
  await browser?.close();
  await server?.close();
});

test('each of the seven services has a lane and a button that sends one event of its own', async () => {
  // Paused at 0 with no source of its own: every event on the stage is one a button sent.
  const { page, errors } = await openApp(browser, `${server.origin}/?v=1&src=s3*1@600&t=0`);
  for (const id of SERVICES) {
    assert.equal(await count(page, `source-${id}`), 0, `${id} has sent nothing yet`);
    await page.getByTestId(`btn-send-${id}`).click();
    await waitCount(page, `source-${id}`, (n) => n === 1);
    for (const other of SERVICES.filter((o) => o !== id && SERVICES.indexOf(o) > SERVICES.indexOf(id))) {
      assert.equal(await count(page, `source-${other}`), 0, `sending from ${id} sent nothing from ${other}`);
    }
  }
  // The sent events are named by their service in the timeline and carry their service's shape.
  const rows = await page.getByTestId('event-row').allInnerTexts();
  for (const name of ['SES event', 'CodeCommit event', 'CodePipeline event', 'IoT event']) {
    assert.ok(rows.some((r) => r.includes(name)), `${name} in ${rows.join(' | ')}`);
  }
  assert.deepEqual(errors, []);
});

test('a sent event carries the payload of its service in the inspector', async () => {
  const { page } = await openApp(browser, `${server.origin}/?v=1&src=codepipeline*1,ses*1@1,iot*1@2&t=30`);
  const rows = page.getByTestId('event-row');
  const expected = [
    ['CodePipeline', '"CodePipeline.job"', 'PutJobSuccessResult'],
    ['SES', '"invocationType": "Event"', 'RequestResponse'],
    ['IoT', '"deviceId"', 'SQL'],
  ];
  for (const [k, [name, shape, caveat]] of expected.entries()) {
    await rows.filter({ hasText: `${name} event #${k + 1}` }).click();
    const story = page.getByTestId('inspector-story');
    assert.match(await story.locator('h3').innerText(), new RegExp(`^${name} event #${k + 1}`));
    // The payload is folded (a closed <details>): its text is there, not drawn.
    assert.ok((await page.getByTestId('inspector-payload').textContent()).includes(shape), `${name}: ${shape}`);
    // The why panel tells what this source asks a learner to know, with its AWS page.
    const note = page.getByTestId('why-source');
    assert.ok((await note.innerText()).includes(caveat), `${name}: ${await note.innerText()}`);
    assert.match(await note.locator('a').getAttribute('href'), /^https:\/\/docs\.aws\.amazon\.com\//);
  }
});

test('the lanes, buttons and the not-asynchronous note speak both languages', async () => {
  const en = (await openApp(browser, `${server.origin}/?v=1&src=s3*1,eventbridge*1&lang=en`)).page;
  assert.match(await en.getByTestId('lane-source-eventbridge').innerText(), /EventBridge \(CloudWatch Events\)/);
  assert.equal(await en.getByTestId('btn-send-ses').getAttribute('aria-label'), 'Send one SES event');
  const note = await en.getByTestId('not-async').innerText();
  for (const name of ['Amazon SQS', 'Amazon Kinesis', 'Amazon DynamoDB Streams', 'Amazon API Gateway', 'Application Load Balancer']) {
    assert.ok(note.includes(name), `${name} in "${note}"`);
  }
  assert.match(note, /event source mapping/);

  const ko = (await openApp(browser, `${server.origin}/?v=1&src=s3*1&lang=ko`)).page;
  assert.match(await ko.getByTestId('lane-source-ses').innerText(), /SES 수신 규칙/);
  assert.match(await ko.getByTestId('lane-source-codecommit').innerText(), /CodeCommit 리포지토리/);
  assert.equal(await ko.getByTestId('btn-send-iot').getAttribute('aria-label'), 'IoT 이벤트 하나 보내기');
  assert.match(await ko.getByTestId('not-async').innerText(), /이벤트 소스 매핑/);
});

test('a link names the new services and show as code grants each its permission', async () => {
  const { page } = await openApp(browser, `${server.origin}/?v=1&src=ses*2@3,codecommit*1@5,iot*1@9&t=0`);
  assert.equal(await count(page, 'source-ses'), 0);
  for (const [id, n] of [['ses', 2], ['codecommit', 1], ['iot', 1]]) {
    await page.getByTestId('scrubber').fill('20000');
    await waitCount(page, `source-${id}`, (c) => c === n);
  }
  assert.equal(await count(page, 'source-s3'), 0, 'no S3 source in this link');
  await page.getByTestId('btn-show-code').click();
  const cli = await page.getByTestId('code-cli').innerText();
  for (const principal of ['ses.amazonaws.com', 'codecommit.amazonaws.com', 'iot.amazonaws.com']) {
    assert.ok(cli.includes(`--principal ${principal}`), `${principal} in the CLI`);
  }
  assert.ok(!cli.includes('s3.amazonaws.com'), 'only the services the scenario uses');
  assert.match(cli, /Amazon SES invokes asynchronously; connect it on its side: receipt rule action/);
});
