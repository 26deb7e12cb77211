// An application that uploads with ossupload, bundled by Vite (vite.config.js)
// and by webpack (webpack.config.js). No top-level await: the import is
// free, and the module loads on the first call.
import OSS from 'ossupload';

const client = new OSS({ stsEndpoint: '/api/sts' });
const status = document.getElementById('status');

async function upload(file) {
  const info = await client.info();
  const result = await client.multipartUpload(info.prefix + file.name, file, {
    partSize: 1 << 20,
    progress: (p) => { status.textContent = `uploading ${Math.round(p * 100)}%`; },
  });
  const out = { name: result.name, etag: result.etag, url: await client.signatureUrl(result.name) };
  window.example.last = out;
  status.textContent = `uploaded ${result.name}`;
  return out;
}

document.getElementById('file').addEventListener('change', (e) => {
  const [file] = e.target.files;
  if (file) upload(file).catch((err) => { status.textContent = `${err.code}: ${err.message}`; });
});

// For the end-to-end test (e2e/test/examples.test.mjs).
window.example = { upload, preload: () => OSS.preload() };
status.textContent = 'ready';
