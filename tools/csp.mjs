// Trunk post_build hook (Trunk.toml): makes the built page work under a strict
// Content-Security-Policy.
//
// Trunk writes its wasm loader as an inline <script type="module"> in index.html, and a policy of
// `script-src 'self'` blocks inline scripts. This hook moves the loader into a file of its own
// (boot-<hash>.js, with a Subresource Integrity hash like Trunk's other assets), so that the page
// needs no inline script at all and the same policy works as a <meta> tag or as a header set by
// the host. In release builds it also adds that policy as a <meta> tag: scripts only from the
// page's own origin, WebAssembly compiled with 'wasm-unsafe-eval' (never 'unsafe-eval'), styles
// and fetches from its own origin, nothing else. Debug builds (`trunk serve`) get no policy: the
// live-reload script Trunk injects there is inline and talks to a websocket.
//
// Needs only Node's standard library. Environment set by Trunk: TRUNK_STAGING_DIR, TRUNK_PROFILE,
// TRUNK_PUBLIC_URL.
import { readFileSync, writeFileSync, readdirSync, unlinkSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { join } from 'node:path';

export const POLICY = [
  "default-src 'none'",
  "script-src 'self' 'wasm-unsafe-eval'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "object-src 'none'",
].join('; ');

const LOADER = /<script type="module"(?: nonce="[^"]*")?>([\s\S]*?)<\/script>/;

/** The page with its inline loader moved out: { html, file: { name, text } }. */
export function externalize(html, publicUrl = './') {
  const m = html.match(LOADER);
  if (!m) throw new Error('csp: no inline <script type="module"> loader in index.html (has Trunk changed its output?)');
  const text = `${m[1].trim()}\n`;
  const name = `boot-${createHash('sha256').update(text).digest('hex').slice(0, 16)}.js`;
  const sri = `sha384-${createHash('sha384').update(text).digest('base64')}`;
  const tag = `<script type="module" src="${publicUrl}${name}" integrity="${sri}" crossorigin="anonymous"></script>`;
  const out = html.replace(m[0], tag);
  if (LOADER.test(out)) throw new Error('csp: more than one inline module script in index.html');
  return { html: out, file: { name, text } };
}

/** The page with the policy as the first thing in <head>, before anything it governs. */
export function withPolicy(html, policy = POLICY) {
  if (html.includes('http-equiv="Content-Security-Policy"')) return html;
  const meta = `<meta http-equiv="Content-Security-Policy" content="${policy}" />`;
  const charset = /<meta charset="[^"]*"\s*\/?>/i;
  const out = charset.test(html)
    ? html.replace(charset, (m) => `${m}\n    ${meta}`)
    : html.replace(/<head>/i, (h) => `${h}\n    ${meta}`);
  if (out === html) throw new Error('csp: index.html has no <head>');
  return out;
}

/**
 * Stylesheets with an integrity hash fetched in CORS mode, as Trunk already does for the script and
 * the wasm: in a sandboxed <iframe> every request is cross-origin, and the browser checks the hash
 * of a cross-origin file only if it was fetched with CORS (so it would refuse the styles).
 */
export function corsStyles(html) {
  return html.replace(/<link rel="stylesheet"([^>]*?)\/?>/g, (tag, attrs) =>
    attrs.includes('integrity=') && !attrs.includes('crossorigin') ? `<link rel="stylesheet"${attrs} crossorigin="anonymous"/>` : tag,
  );
}

function main() {
  const dir = process.env.TRUNK_STAGING_DIR;
  if (!dir) throw new Error('csp: TRUNK_STAGING_DIR is not set (this script is a Trunk hook)');
  const index = join(dir, 'index.html');
  const moved = externalize(readFileSync(index, 'utf8'), process.env.TRUNK_PUBLIC_URL ?? './');
  const { file } = moved;
  const html = corsStyles(moved.html);
  for (const old of readdirSync(dir)) {
    if (/^boot-[0-9a-f]{16}\.js$/.test(old) && old !== file.name) unlinkSync(join(dir, old));
  }
  writeFileSync(join(dir, file.name), file.text);
  const release = process.env.TRUNK_PROFILE === 'release';
  writeFileSync(index, release ? withPolicy(html) : html);
  console.log(`csp: loader moved to ${file.name}${release ? '; Content-Security-Policy added' : ''}`);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  try {
    main();
  } catch (e) {
    console.error(String(e.message ?? e));
    process.exit(1);
  }
}
