// Bundles the ported suite for the browser the way ali-oss's own
// task/browser-test-build.js does: browserify, with the test file inside a
// copy of the ali-oss package so its require('../../lib/...') and the
// package's "browser" field (urllib -> shims/xhr.js, crypto -> shims/crypto)
// resolve exactly as in ali-oss's repository. Output: <out>/tests.js.
import browserify from 'browserify';
import { mkdirSync, readFileSync, writeFileSync, symlinkSync, existsSync, rmSync, createWriteStream } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import { configEdits } from './adapt.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);
const aliDir = dirname(require.resolve('ali-oss/package.json'));

/** The vendored suite with the configuration edits applied. */
export function adaptedSource() {
  let src = readFileSync(join(here, 'browser.test.js'), 'utf8');
  for (const e of configEdits) {
    const n = typeof e.from === 'string' ? src.split(e.from).length - 1 : (src.match(e.from) || []).length;
    if (n !== (e.count ?? 1)) throw new Error(`alioss-suite: edit "${e.why}" matches ${n} times, expected ${e.count ?? 1}`);
    src = src.replace(e.from, e.to);
  }
  return src;
}

/** Build the bundle into out (a directory under e2e/ so e2e/node_modules resolves). */
export async function build(out) {
  const pkg = join(out, 'ali-oss');
  rmSync(pkg, { recursive: true, force: true });
  mkdirSync(join(pkg, 'test', 'browser'), { recursive: true });
  writeFileSync(join(pkg, 'package.json'), readFileSync(join(aliDir, 'package.json')));
  for (const d of ['lib', 'shims']) symlinkSync(join(aliDir, d), join(pkg, d));
  writeFileSync(join(pkg, 'test', 'browser', 'browser.test.js'), adaptedSource());
  writeFileSync(join(pkg, 'test', 'browser', 'browser-utils.js'), readFileSync(join(here, 'browser-utils.js')));
  const b = browserify({ basedir: pkg, fullPaths: false, debug: false, paths: [join(here, '..', 'node_modules')] });
  b.add(join(pkg, 'test', 'browser', 'browser.test.js'));
  b.ignore('zlib');
  b.ignore('iconv-lite');
  const file = join(out, 'tests.js');
  await new Promise((resolve, reject) => {
    const ws = createWriteStream(file);
    b.bundle().on('error', reject).pipe(ws).on('finish', resolve).on('error', reject);
  });
  return file;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const out = process.argv[2] || join(here, '..', 'build', 'alioss-suite');
  mkdirSync(out, { recursive: true });
  console.log(await build(out), existsSync(out));
}
