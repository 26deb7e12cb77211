// Types that compile ali-oss code: a sample written against @types/ali-oss
// passes tsc --noEmit against @types/ali-oss and, with only its import line
// changed, against web/oss-upload.d.ts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { check, oursProject } from '../types/check.mjs';

const types = join(dirname(fileURLToPath(import.meta.url)), '..', 'types');

test('the @types/ali-oss sample type-checks against @types/ali-oss', { timeout: 180000 }, () => {
  assert.equal(check(types), '');
});

test('the same sample, import changed, type-checks against oss-upload.d.ts', { timeout: 180000 }, () => {
  assert.equal(check(oursProject()), '');
});
