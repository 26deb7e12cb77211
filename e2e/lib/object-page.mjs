// Page helpers shared by the object-method tests (api, methods and
// engines-methods): they work on a Playwright page and on an engines.mjs page
// alike, both having evaluate(fn, arg). The object methods use the local root
// key, since they need more than an upload's least-privilege STS policy.

/** The embedded OSS's local root key (its secret is generated per data directory). */
export function rootKeyOf(srv) {
  return { accessKeyId: 'LTAIlocalroot0000000', accessKeySecret: srv.secrets().rootAccessKeySecret };
}

/**
 * Defines in the page: rootOptions(extra) (the constructor options of a
 * root-key client on the embedded OSS), bytes(n, seed) (a deterministic
 * Uint8Array), text(blob), same(blob, bytes) and attempt(fn) (a call's value
 * or its error's ali-oss fields, as plain data that crosses every engine).
 */
export async function installObjectHelpers(page, srv) {
  await page.evaluate(({ ossURL, rootKey }) => {
    window.rootOptions = (extra = {}) => ({ ...rootKey, endpoint: ossURL, bucket: 'demo', region: 'cn-hangzhou', ...extra });
    window.bytes = (n, seed = 1) => { const b = new Uint8Array(n); for (let i = 0; i < n; i++) b[i] = (i * 31 + seed) & 255; return b; };
    window.text = async (blob) => new TextDecoder().decode(await blob.arrayBuffer());
    window.same = async (blob, want) => { const got = new Uint8Array(await blob.arrayBuffer()); return got.length === want.length && got.every((x, i) => x === want[i]); };
    window.attempt = async (fn) => {
      try { return { ok: true, v: await fn() }; } catch (e) {
        return { ok: false, e: { name: e?.name, code: e?.code, status: e?.status, requestId: e?.requestId, hostId: e?.hostId, message: e?.message, marker: e?.marker, partNum: e?.partNum } };
      }
    };
    return null;
  }, { ossURL: srv.ossURL, rootKey: rootKeyOf(srv) });
}
