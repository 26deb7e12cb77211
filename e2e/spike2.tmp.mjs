import { launchEngine, modulePageOn } from './lib/engines.mjs';
import { startServer } from './lib/server.mjs';
import { makeFile } from './lib/files.mjs';
const srv = await startServer();
const cases = ['notFile','notName','emptyKey','longKey','smallPart','badParallel','nanPart','badCheckpoint','otherPrefix','noOptions','throwingProgress'];
for (const name of process.argv.slice(2)) {
  const eng = await launchEngine(name);
  const page = await modulePageOn(eng, srv.url);
  await page.setInputFiles('#file', makeFile(1024).path);
  for (const c of cases) {
    const r = await Promise.race([page.evaluate(async (c) => {
      const client = new window.OSS({ stsEndpoint: '/api/sts' });
      const file = document.getElementById('file').files[0];
      const info = await client.info();
      const fns = {
        notFile: () => client.multipartUpload(info.prefix + 'x', 'not a file'),
        notName: () => client.multipartUpload(42, file),
        emptyKey: () => client.multipartUpload('', file),
        longKey: () => client.multipartUpload(info.prefix + 'a'.repeat(1100), file),
        smallPart: () => client.multipartUpload(info.prefix + 'x', file, { partSize: 1000 }),
        badParallel: () => client.multipartUpload(info.prefix + 'x', file, { parallel: 0 }),
        nanPart: () => client.multipartUpload(info.prefix + 'x', file, { partSize: 'big' }),
        badCheckpoint: () => client.multipartUpload(info.prefix + 'x', file, { checkpoint: { uploadId: 'U', fileSize: 99, partSize: 102400, doneParts: [] } }),
        otherPrefix: () => client.multipartUpload('uploads/someone-else/x', file),
        noOptions: async () => new window.OSS(),
        throwingProgress: () => client.multipartUpload(info.prefix + 'throws.bin', file, { progress: () => { throw new Error('user bug'); } }),
      };
      try { await fns[c](); return 'no error'; } catch (e) { return `${e.name}:${e.code}:${e.message}`; }
    }, c), new Promise((r) => setTimeout(() => r('HANG'), 15000))]);
    console.log(name, c, r);
    if (r === 'HANG') break;
  }
  await page.close(); await eng.close();
}
await srv.cleanup();
