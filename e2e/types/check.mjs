// tsc --noEmit over types/sample.ts twice: as written against
// @types/ali-oss, and with only its import line changed to our module, so
// web/oss-upload.d.ts is held to @types/ali-oss's names and shapes.
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const tsc = join(here, '..', 'node_modules', 'typescript', 'bin', 'tsc');
const root = join(here, '..', '..');

/** Runs tsc -p on a project dir; returns its output ('' when clean). */
export function check(project) {
  try {
    execFileSync(process.execPath, [tsc, '-p', project], { encoding: 'utf8', stdio: 'pipe' });
    return '';
  } catch (e) {
    return (e.stdout || '') + (e.stderr || '') || String(e);
  }
}

/** Writes the sample with its import swapped for our module into build/types-ours. */
export function oursProject() {
  const dir = join(root, 'build', 'types-ours');
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const src = readFileSync(join(here, 'sample.ts'), 'utf8');
  const swapped = src.replace("import OSS from 'ali-oss';", `import OSS from '${join(root, 'web', 'oss-upload.js')}';`);
  if (swapped === src) throw new Error('sample.ts has no ali-oss import line to swap');
  writeFileSync(join(dir, 'sample.ts'), swapped);
  const cfg = JSON.parse(readFileSync(join(here, 'tsconfig.json'), 'utf8'));
  cfg.compilerOptions.typeRoots = [];
  writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify(cfg, null, 2));
  return dir;
}
