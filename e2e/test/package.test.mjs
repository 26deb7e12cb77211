// web/package.json ships every file the module reaches: each relative
// import, dynamic import() and new URL(..., import.meta.url) in a shipped
// script names a shipped file, and the package's metadata is publishable.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join, posix } from 'node:path';
import { root } from '../lib/server.mjs';

const web = join(root, 'web');

test('npm pack ships what the scripts reference, with publishable metadata', () => {
  const [packed] = JSON.parse(execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: web, encoding: 'utf8' }));
  const shipped = new Set(packed.files.map((f) => f.path));
  const pkg = JSON.parse(readFileSync(join(web, 'package.json'), 'utf8'));
  for (const k of ['name', 'version', 'license', 'types', 'exports', 'files']) assert.ok(pkg[k], `package.json has ${k}`);
  assert.equal(pkg.sideEffects, false);
  assert.ok(shipped.has(pkg.exports['.'].default.replace(/^\.\//, '')));
  assert.ok(shipped.has(pkg.exports['.'].types.replace(/^\.\//, '')));
  assert.ok([...shipped].some((f) => /^oss-upload\.[0-9a-f]{16}\.wasm$/.test(f)), 'the content-hashed wasm');
  assert.ok(![...shipped].some((f) => /demo|index\.html|\.br$|\.zst$|\.gz$|^oss-upload\.wasm$/.test(f)), 'no demo, no siblings, no unhashed wasm');

  const refs = /(?:\bfrom\s*|\bimport\s*\(\s*|\bimport\s+|new URL\(\s*)['"](\.\.?\/[^'"]+)['"]/g;
  const missing = [];
  for (const f of shipped) {
    if (!f.endsWith('.js')) continue;
    for (const [, spec] of readFileSync(join(web, f), 'utf8').matchAll(refs)) {
      const target = posix.normalize(posix.join(posix.dirname(f), spec));
      if (!shipped.has(target)) missing.push(`${f} -> ${spec}`);
    }
  }
  assert.deepEqual(missing, []);
});
