// The JS↔Go↔.d.ts contract, read from the sources (style.md point 5: it is written three times): the natives
// jsbridge registers, what each method of web/oss-upload.js calls, and what web/oss-upload.d.ts declares.
import ts from 'typescript';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

/** The natives jsbridge registers: {async: Set, sync: Set}, from its method tables. */
export function goNatives(root) {
  const dir = join(root, 'jsbridge');
  const src = readdirSync(dir).filter((f) => f.endsWith('.go') && !f.endsWith('_test.go')).map((f) => readFileSync(join(dir, f), 'utf8')).join('\n');
  const table = (decl) => {
    const m = src.match(new RegExp(`var ${decl} = map\\[string\\]\\w+\\{([\\s\\S]*?)\\n\\}`));
    if (!m) throw new Error(`jsbridge: no "var ${decl} = map[string]...{" table`);
    return new Set([...m[1].matchAll(/^\s*"(\w+)":/gm)].map((x) => x[1]));
  };
  return { async: table('methods'), sync: table('syncMethods') };
}

/** For each method of the JS client class: the natives it calls, by kind. */
export function jsMethods(root) {
  const file = join(root, 'web', 'oss-upload.js');
  const sf = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
  const out = new Map();
  const visit = (node) => {
    if (ts.isClassDeclaration(node)) {
      for (const m of node.members) {
        if (!ts.isMethodDeclaration(m) || !ts.isIdentifier(m.name)) continue;
        const text = m.getText(sf);
        out.set(m.name.text, {
          isAsync: !!m.modifiers?.some((x) => x.kind === ts.SyntaxKind.AsyncKeyword),
          async: [...text.matchAll(/#call\('(\w+)'/g)].map((x) => x[1]),
          sync: [...text.matchAll(/#sync\('(\w+)'/g)].map((x) => x[1]),
          direct: [...text.matchAll(/native(?:\(\))?\??\.(\w+)\(/g)].map((x) => x[1]),
        });
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return out;
}

/** interface OSS's methods in the .d.ts: name → whether every overload returns a Promise. */
export function dtsReturns(root, file = join(root, 'web', 'oss-upload.d.ts')) {
  const sf = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
  const iface = sf.statements.find((s) => ts.isInterfaceDeclaration(s) && s.name.text === 'OSS');
  const out = new Map();
  for (const m of iface.members) {
    if (!ts.isMethodSignature(m)) continue;
    const promise = /^Promise</.test(m.type.getText(sf));
    const prev = out.get(m.name.text);
    out.set(m.name.text, prev === undefined ? promise : prev && promise);
  }
  return out;
}

/** A JS method's promise-ness: async, or returning #call's promise. */
function jsAsync(m) {
  return m.isAsync || m.async.length > 0;
}

/** Every disagreement between the three (empty when they agree). */
export function contractProblems(root, dts) {
  const go = goNatives(root);
  const js = jsMethods(root);
  const d = dtsReturns(root, dts);
  const problems = [];
  const used = new Set();
  for (const [name, m] of js) {
    if (name.startsWith('_')) continue;
    if (!d.has(name)) problems.push(`${name}: in oss-upload.js, not declared in oss-upload.d.ts`);
    else if (d.get(name) !== jsAsync(m)) problems.push(`${name}: oss-upload.js ${jsAsync(m) ? 'returns' : 'does not return'} a Promise, the .d.ts says otherwise`);
    for (const n of m.async) {
      used.add(n);
      if (!go.async.has(n)) problems.push(`${name}: calls #call('${n}'), not an asynchronous native in jsbridge`);
    }
    for (const n of m.sync) {
      used.add(n);
      if (!go.sync.has(n)) problems.push(`${name}: calls #sync('${n}'), not a synchronous native in jsbridge`);
    }
    for (const n of m.direct) {
      used.add(n);
      if (!go.async.has(n) && !go.sync.has(n) && !['create', 'close'].includes(n)) problems.push(`${name}: calls native.${n}, not in jsbridge`);
    }
  }
  for (const name of d.keys()) if (!js.has(name)) problems.push(`${name}: declared in oss-upload.d.ts, not in oss-upload.js`);
  for (const n of [...go.async, ...go.sync]) if (!used.has(n)) problems.push(`${n}: registered by jsbridge, called by no method of oss-upload.js`);
  return problems;
}

/** The constructor options jsbridge reads (honoured) or accepts as meaningless here (harmless). */
export function goOptions(root) {
  const src = readFileSync(join(root, 'jsbridge', 'decode.go'), 'utf8');
  const set = (name) => {
    const m = src.match(new RegExp(`${name} += map\\[string\\]bool\\{([^}]*)\\}`));
    if (!m) throw new Error(`jsbridge/decode.go: no "${name} = map[string]bool{...}"`);
    return new Set([...m[1].matchAll(/"(\w+)"/g)].map((x) => x[1]));
  };
  return { honoured: set('honoured'), harmless: set('harmless') };
}

/** OSS.Options' keys in the .d.ts. */
export function dtsOptions(root, file = join(root, 'web', 'oss-upload.d.ts')) {
  const sf = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
  const ns = sf.statements.find((s) => ts.isModuleDeclaration(s) && s.name.text === 'OSS');
  const opts = ns.body.statements.find((s) => ts.isInterfaceDeclaration(s) && s.name.text === 'Options');
  return new Set(opts.members.map((m) => m.name.text));
}

// Typed for ali-oss compatibility though jsbridge warns that it ignores them; ali-oss's internal state.
const warned = ['internal'];
const internalKeys = ['inited'];

/** Disagreements between the options jsbridge reads and OSS.Options. */
export function optionProblems(root, dts) {
  const go = goOptions(root);
  const d = dtsOptions(root, dts);
  const problems = [];
  for (const k of [...go.honoured, ...go.harmless]) {
    if (!internalKeys.includes(k) && !d.has(k)) problems.push(`options.${k}: read by jsbridge, not in OSS.Options`);
  }
  for (const k of d) {
    if (!go.honoured.has(k) && !go.harmless.has(k) && !warned.includes(k)) problems.push(`options.${k}: in OSS.Options, ignored by jsbridge`);
  }
  return problems;
}
