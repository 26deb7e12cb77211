// Sends requests signed by the npm ali-oss package (a client we did not write)
// to a test server that runs ossauth.Verifier on each, and prints one JSON
// line per case: {case, ok, code}. The Go test decides what each case expects.
const path = require('node:path');
const { Readable } = require('node:stream');
const { createRequire } = require('node:module');
const req = createRequire(path.join(process.env.REPO_ROOT, 'e2e', 'package.json'));
const OSS = req('ali-oss');

const keys = JSON.parse(process.env.KEYS);

function client(ak, sk, token, v4, endpoint) {
  return new OSS({
    endpoint: endpoint || process.env.OSS_ENDPOINT, region: 'oss-cn-hangzhou', bucket: 'demo', secure: false,
    accessKeyId: ak, accessKeySecret: sk, stsToken: token || undefined, authorizationV4: v4,
  });
}

async function run(name, fn) {
  const out = { case: name };
  try {
    await fn();
    out.ok = true;
  } catch (e) {
    out.ok = false;
    out.code = e.code || e.name;
    out.message = e.message;
  }
  console.log(JSON.stringify(out));
}

// ali-oss refuses to presign for an IP endpoint, so it signs for
// localhost (virtual-hosted: demo.localhost) and the URL is sent path-style,
// which OSS also accepts: both V1 and V4 sign the resource /demo/key.
const signHost = process.env.OSS_ENDPOINT.replace('127.0.0.1', 'localhost');
function signer(ak, sk, token, v4) { return client(ak, sk, token, v4, signHost); }

async function presigned(url) {
  const u = new URL(url);
  url = `${process.env.OSS_ENDPOINT}/demo${u.pathname}${u.search}`;
  const r = await fetch(url, { method: 'PUT', body: new Uint8Array([1, 2, 3]) });
  if (r.status !== 200) {
    const text = await r.text();
    const m = /<Code>([^<]*)<\/Code>/.exec(text);
    const e = new Error(`status ${r.status}`);
    e.code = m ? m[1] : `status ${r.status}`;
    throw e;
  }
}

async function main() {
  const creds = {
    root: [process.env.ROOT_AK, process.env.ROOT_SK, ''],
    sts: [process.env.AK, process.env.SK, process.env.TOKEN],
  };
  for (const v4 of [false, true]) {
    const v = v4 ? 'v4' : 'v1';
    for (const [who, [ak, sk, token]] of Object.entries(creds)) {
      const c = client(ak, sk, token, v4);
      const s = signer(ak, sk, token, v4);
      for (const key of keys) {
        await run(`${v}/${who}/put/${key}`, () => c.put(key, Buffer.from('hello'), { mime: 'text/plain', meta: { k: 'v' } }));
        await run(`${v}/${who}/init/${key}`, () => c.initMultipartUpload(key));
        await run(`${v}/${who}/part/${key}`, () => c._uploadPart(key, 'u1', 3, { size: 4, stream: Readable.from([Buffer.from('part')]) }));
        if (v4) {
          await run(`${v}/${who}/presign/${key}`, async () => presigned(await s.signatureUrlV4('PUT', 60, { headers: {} }, key)));
        } else {
          await run(`${v}/${who}/presign/${key}`, () => presigned(s.signatureUrl(key, { method: 'PUT', expires: 60 })));
        }
      }
      await run(`${v}/${who}/list`, () => c.list({ prefix: 'a b+c', 'max-keys': 5, marker: 'm~' }));
    }
    const bad = client(process.env.AK, process.env.SK + 'x', process.env.TOKEN, v4);
    await run(`${v}/bad-secret/put`, () => bad.put('a.txt', Buffer.from('x')));
    const forged = client(process.env.AK, process.env.SK, process.env.TOKEN.replace(/.$/, (ch) => (ch === 'A' ? 'B' : 'A')), v4);
    await run(`${v}/forged-token/put`, () => forged.put('a.txt', Buffer.from('x')));
    const alice = client(process.env.ALICE_AK, process.env.ALICE_SK, process.env.ALICE_TOKEN, v4);
    await run(`${v}/alice/own`, () => alice.put('uploads/alice/x', Buffer.from('x')));
    await run(`${v}/alice/bob`, () => alice.put('uploads/bob/x', Buffer.from('x')));
    const as = signer(process.env.ALICE_AK, process.env.ALICE_SK, process.env.ALICE_TOKEN, v4);
    const expiredURL = v4 ? await as.signatureUrlV4('PUT', 1, { headers: {} }, 'uploads/alice/y') : as.signatureUrl('uploads/alice/y', { method: 'PUT', expires: -5 });
    if (v4) await new Promise((r) => setTimeout(r, 2100)); // the V4 minimum lifetime is 1 s
    await run(`${v}/alice/expired-presign`, () => presigned(expiredURL));
  }
}
main().catch((e) => { console.error(e); process.exit(1); });
