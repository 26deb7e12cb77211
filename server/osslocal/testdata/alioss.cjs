// Drives the embedded OSS with the npm ali-oss package (a client we did not
// write): multipartUpload with STS credentials, V1 and V4, path- and
// virtual-hosted addressing. Prints one JSON line per case.
const path = require('node:path');
const crypto = require('node:crypto');
const { createRequire } = require('node:module');
const req = createRequire(path.join(process.env.REPO_ROOT, 'e2e', 'package.json'));
const OSS = req('ali-oss');

async function main() {
  const data = crypto.randomBytes(3 * 1024 * 1024 + 12345);
  const want = crypto.createHash('md5').update(data).digest('hex');
  for (const v4 of [false, true]) {
    // sldEnable with an IP endpoint makes node send Host: bucket.<region host>
    // *and* /bucket/key, which real OSS reads as key 'bucket/key'; in browsers
    // (which cannot set Host) sldEnable is the setting to use.
    for (const sld of [false]) {
      const client = new OSS({
        endpoint: process.env.OSS_ENDPOINT, region: 'oss-cn-hangzhou', bucket: 'demo', secure: false,
        accessKeyId: process.env.AK, accessKeySecret: process.env.SK, stsToken: process.env.TOKEN,
        authorizationV4: v4, sldEnable: sld,
      });
      const name = `uploads/node/v4-${v4}-sld-${sld}/文件 a+b.bin`;
      const out = { v4, sld };
      try {
        let progressCalls = 0;
        const r = await client.multipartUpload(name, data, { partSize: 1024 * 1024, parallel: 2, progress: () => { progressCalls++; }, meta: { origin: 'ali-oss' } });
        out.status = r.res.status;
        out.progressCalls = progressCalls;
        const g = await client.get(name);
        out.md5ok = crypto.createHash('md5').update(g.content).digest('hex') === want;
        out.meta = g.res.headers['x-oss-meta-origin'];
        try { await client.put('uploads/other/x', Buffer.from('x')); out.denied = 'no'; } catch (e) { out.denied = e.code; }
        const init = await client.initMultipartUpload(name + '.abort');
        await client.abortMultipartUpload(name + '.abort', init.uploadId);
        out.aborted = true;
      } catch (e) {
        out.error = `${e.code || e.name}: ${e.message}`;
      }
      console.log(JSON.stringify(out));
    }
  }
}
main().catch((e) => { console.error(e); process.exit(1); });
