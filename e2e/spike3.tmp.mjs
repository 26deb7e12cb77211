import { launchEngine, modulePageOn } from './lib/engines.mjs';
import { startServer } from './lib/server.mjs';
import { makeFile } from './lib/files.mjs';
const srv = await startServer();
const eng = await launchEngine(process.argv[2]);
const page = await modulePageOn(eng, srv.url);
await page.raw.on?.('console', (m) => console.log('[page]', m.text()));
await page.setInputFiles('#file', makeFile(300<<10).path);
await page.evaluate(async () => {
  const client = new window.OSS({ stsEndpoint: '/api/sts' });
  const info = await client.info();
  window.__r = 'pending';
  client.multipartUpload(info.prefix + 'throws.bin', document.getElementById('file').files[0], { partSize: 102400, progress: () => { throw new Error('user bug'); } })
    .then(r => { window.__r = 'ok ' + r.res.status; }, e => { window.__r = 'err ' + e.code + ' ' + e.message; });
  return null;
});
await new Promise(r => setTimeout(r, 5000));
console.log('state', await page.evaluate(() => window.__r));
console.log('after', await Promise.race([page.evaluate(async () => { try { const c = new window.OSS({ stsEndpoint: '/api/sts' }); return JSON.stringify(await c.info()); } catch (e) { return 'err ' + e.message; } }), new Promise(r => setTimeout(() => r('HANG'), 10000))]));
await page.close(); await eng.close(); await srv.cleanup();
