// The post-build hook that makes Trunk's output work under a strict Content-Security-Policy
// (tools/csp.mjs), run as Trunk runs it, on a page shaped like Trunk's.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { externalize, withPolicy, corsStyles, POLICY } from '../../tools/csp.mjs';

const HOOK = fileURLToPath(new URL('../../tools/csp.mjs', import.meta.url));
const TRUNK_PAGE = `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <title>Lab</title>
<script type="module">
import init, * as bindings from './app-1.js';
const wasm = await init({ module_or_path: './app-1_bg.wasm' });
window.wasmBindings = bindings;
</script>
    <link rel="stylesheet" href="./main-1.css" integrity="sha384-abc"/>
  </head>
  <body><script>/* trunk serve's live reload */</script></body>
</html>`;

function runHook(profile) {
  const dir = mkdtempSync(join(tmpdir(), 'csp-hook-'));
  writeFileSync(join(dir, 'index.html'), TRUNK_PAGE);
  execFileSync('node', [HOOK], { env: { ...process.env, TRUNK_STAGING_DIR: dir, TRUNK_PROFILE: profile, TRUNK_PUBLIC_URL: './' } });
  return { dir, html: readFileSync(join(dir, 'index.html'), 'utf8'), files: readdirSync(dir) };
}

test('the loader moves into a file of its own with an integrity hash', () => {
  const { html, file } = externalize(TRUNK_PAGE);
  assert.match(file.name, /^boot-[0-9a-f]{16}\.js$/);
  assert.match(file.text, /^import init, \* as bindings from '\.\/app-1\.js';/);
  assert.match(html, new RegExp(`<script type="module" src="\\./${file.name}" integrity="sha384-[A-Za-z0-9+/=]+" crossorigin="anonymous"></script>`));
  assert.doesNotMatch(html, /<script type="module">/);
  assert.equal(externalize(TRUNK_PAGE).file.name, file.name, 'the same loader, the same file name');
  assert.throws(() => externalize('<html><head></head></html>'), /no inline/);
});

test('release builds get the policy right after the charset; hashed styles load with CORS', () => {
  const page = withPolicy(TRUNK_PAGE);
  assert.match(page, /<meta charset="utf-8" \/>\n\s*<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'self' 'wasm-unsafe-eval';/);
  assert.equal(withPolicy(page), page, 'added once');
  assert.doesNotMatch(POLICY, /'unsafe-eval'|'unsafe-inline'/);
  assert.match(corsStyles(TRUNK_PAGE), /<link rel="stylesheet" href="\.\/main-1\.css" integrity="sha384-abc" crossorigin="anonymous"\/>/);
});

test('run as Trunk runs it: release adds the policy, debug (trunk serve) keeps its live reload working', () => {
  const release = runHook('release');
  assert.match(release.html, /http-equiv="Content-Security-Policy"/);
  assert.equal(release.files.filter((f) => f.startsWith('boot-')).length, 1);
  const debug = runHook('debug');
  assert.doesNotMatch(debug.html, /Content-Security-Policy/);
  assert.match(debug.html, /<script>\/\* trunk serve's live reload \*\/<\/script>/, 'the classic reload script is left alone');
  assert.doesNotMatch(debug.html, /<script type="module">/);
});
