// The module's types (web/oss-upload.d.ts) against code written for ali-oss
// and against the module itself, with the pinned typescript and @types/ali-oss
// (e2e/package.json): no browser, a few seconds.
//
// - e2e/types/app.ts and sample.ts, front ends written against @types/ali-oss,
//   compile as they are and, with only the import line changed, against our .d.ts;
// - e2e/types/compat.ts: every method and type both declare fits where
//   @types/ali-oss's does, deliberate differences marked @ts-expect-error;
// - e2e/types/extras.ts (the module's own additions) compiles; misuse does not;
// - the README usage blocks compile against the .d.ts;
// - web/oss-upload.js, jsbridge's native tables and the .d.ts agree.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import ts from 'typescript';
import { root } from '../lib/server.mjs';
import { contractProblems, optionProblems } from '../types/contract.mjs';

const typesDir = join(root, 'e2e', 'types');
const dts = join(root, 'web', 'oss-upload.d.ts');

// One set of options for every check: a browser front end, strict.
const base = {
  target: ts.ScriptTarget.ES2022,
  lib: ['lib.es2022.d.ts', 'lib.dom.d.ts', 'lib.dom.iterable.d.ts'],
  module: ts.ModuleKind.ESNext,
  moduleResolution: ts.ModuleResolutionKind.Bundler,
  strict: true,
  noEmit: true,
  types: [],
  // TypeScript's own lib files need no checking (our .d.ts and @types/ali-oss still are checked).
  skipDefaultLibCheck: true,
};

let last; // the previous program: its parsed lib files are reused

function program(files, extra = {}) {
  last = ts.createProgram(files, { ...base, ...extra }, undefined, last);
  return last;
}

/** tsc --noEmit over files: the diagnostics, formatted ('' when clean). */
function typecheck(files, extra = {}) {
  return format(ts.getPreEmitDiagnostics(program(files, extra)));
}

function format(diags) {
  return ts.formatDiagnostics(diags, {
    getCanonicalFileName: (f) => f,
    getCurrentDirectory: () => root,
    getNewLine: () => '\n',
  });
}

/** A scratch directory outside e2e/, so no node_modules (and no @types/ali-oss) can be found from it. */
function scratch(t) {
  const dir = mkdtempSync(join(tmpdir(), 'ossupload-types-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

// How front ends import the module: by package name (web/package.json) or by URL.
const ours = {
  baseUrl: root,
  // 'ossupload' through web/package.json's exports/types, as a bundler finds it.
  paths: { ossupload: ['web'], '/oss-upload.js': ['web/oss-upload'] },
};

const importLine = /^import OSS from 'ali-oss';$/m;

// Front ends written against @types/ali-oss: app.ts, and sample.ts (bridge's, ali-oss's README calls).
const samples = ['app.ts', 'sample.ts'];

test('the ali-oss samples compile against @types/ali-oss', { timeout: 120_000 }, () => {
  assert.equal(typecheck(samples.map((f) => join(typesDir, f))), '');
});

test('the same samples, with only their import line changed, compile against oss-upload.d.ts', { timeout: 120_000 }, (t) => {
  const dir = scratch(t);
  const files = samples.map((f) => {
    const src = readFileSync(join(typesDir, f), 'utf8');
    assert.match(src, importLine, f);
    const changed = src.replace(importLine, "import OSS from 'ossupload';");
    const a = src.split('\n');
    const b = changed.split('\n');
    assert.equal(a.length, b.length);
    assert.equal(a.filter((line, i) => line !== b[i]).length, 1, `${f}: exactly one line differs`);
    writeFileSync(join(dir, f), changed);
    return join(dir, f);
  });
  assert.equal(typecheck(files, ours), '');
});

test('every method and type both declare fits where @types/ali-oss\'s does (e2e/types/compat.ts)', { timeout: 120_000 }, () => {
  assert.equal(typecheck([join(typesDir, 'compat.ts')], ours), '');
});

test("the module's extras compile (e2e/types/extras.ts)", { timeout: 120_000 }, () => {
  assert.equal(typecheck([join(typesDir, 'extras.ts')], ours), '');
});

test('code that misuses the API does not compile', { timeout: 120_000 }, (t) => {
  // The types must not be `any` in disguise: each line is one mistake.
  const mistakes = [
    "new OSS({ region: 1 });",
    "new OSS({ stsEndpoint: '/api/sts' }).multipartUpload('k', 42);",
    "new OSS({ stsEndpoint: '/api/sts' }).multipartUpload('k', new Blob(), { parallel: '4' });",
    "const s: Promise<string> = new OSS({ stsEndpoint: '/api/sts' }).signatureUrl('k');",
    "new OSS({ stsEndpoint: '/api/sts' }).putBucket('b');",
    "const c: OSS.Checkpoint = { name: 'k' };",
  ];
  const dir = scratch(t);
  // The control: the module's extras and ali-oss's call without new.
  const control = [
    "const a: OSS = OSS({ stsEndpoint: '/api/sts', stsHeaders: () => ({ Authorization: 'Bearer x' }) });",
    "const ok: boolean = a instanceof OSS;",
    "a.multipartUpload('k', new Uint8Array(8), { integrity: false, fresh: true, signal: new AbortController().signal });",
    "OSS.configure({ wasmURL: new URL('https://cdn.example.com/oss-upload.wasm') });",
  ].join('\n');
  const files = [control, ...mistakes].map((m, i) => {
    const f = join(dir, `m${i}.ts`);
    writeFileSync(f, `import OSS from 'ossupload';\nexport {};\nOSS.preload();\n${m}\n`);
    return f;
  });
  const p = program(files, ours);
  assert.equal(format(ts.getPreEmitDiagnostics(p, p.getSourceFile(files[0]))), '', 'the control compiles');
  mistakes.forEach((m, i) => {
    const diags = ts.getPreEmitDiagnostics(p, p.getSourceFile(files[i + 1]));
    assert.ok(diags.length > 0, `should not compile: ${m}`);
  });
});

/** The ```js blocks of a Markdown file that import the module. */
function usageBlocks(file) {
  const md = readFileSync(join(root, file), 'utf8');
  return [...md.matchAll(/```js\n([\s\S]*?)```/g)].map((m) => m[1]).filter((b) => /^import OSS from /m.test(b));
}

test('the README usage blocks compile against oss-upload.d.ts', { timeout: 120_000 }, (t) => {
  const dir = scratch(t);
  const files = [];
  for (const md of ['README.md', 'web/README.md']) {
    const blocks = usageBlocks(md);
    assert.ok(blocks.length > 0, `${md} has a usage block`);
    blocks.forEach((b, i) => {
      const f = join(dir, `${md.replace(/\W/g, '_')}_${i}.ts`);
      // The blocks use a file the page chose; they are modules (top-level await).
      writeFileSync(f, `declare const file: File;\n${b}\nexport {};\n`);
      files.push(f);
    });
  }
  assert.equal(typecheck(files, ours), '');
});

test('web/oss-upload.js, jsbridge and oss-upload.d.ts agree (e2e/types/contract.mjs)', () => {
  // Each JS method is declared, Promise-returning exactly when it calls an asynchronous native, and calls only
  // natives jsbridge registers; every native is called; nothing is declared that the JS lacks.
  assert.deepEqual(contractProblems(root), []);
});

test('OSS.Options has exactly the constructor options jsbridge reads', () => {
  assert.deepEqual(optionProblems(root), []);
});

test('the static API and the exports are declared', async () => {
  const m = await import(pathToFileURL(join(root, 'web', 'oss-upload.js')).href);
  const sf = ts.createSourceFile(dts, readFileSync(dts, 'utf8'), ts.ScriptTarget.Latest, true);
  const ns = sf.statements.find((s) => ts.isModuleDeclaration(s) && s.name.text === 'OSS');
  const ctor = ns.body.statements.find((s) => ts.isInterfaceDeclaration(s) && s.name.text === 'Constructor');
  const declared = new Set(ctor.members.filter((x) => ts.isMethodSignature(x)).map((x) => x.name.text));
  const statics = Object.keys(m.default).filter((k) => typeof m.default[k] === 'function');
  assert.deepEqual(statics.filter((k) => !declared.has(k)), [], 'static methods missing from OSS.Constructor');
  assert.deepEqual([...declared].filter((k) => !statics.includes(k)), [], 'OSS.Constructor declares what OSS lacks');
  assert.deepEqual(Object.keys(m).filter((k) => k !== 'default' && k !== 'OSS').sort(), ['wasmMemoryBytes']);
  assert.equal(m.OSS, m.default);
});
