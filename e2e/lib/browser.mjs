// Launches Debian's Chromium through playwright-core (never a downloaded browser).
import { chromium } from 'playwright-core';

export const chromiumArgs = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];

export async function launch() {
  return chromium.launch({ executablePath: process.env.CHROMIUM || '/usr/bin/chromium', args: chromiumArgs });
}

/** A page on the app's origin with a file input and the module loaded as window.OSS. */
export async function modulePage(browser, url) {
  const context = await browser.newContext();
  const page = await context.newPage();
  page.on('console', (m) => { if (process.env.DEBUG) console.log('[page]', m.text()); });
  await page.goto(url + '/healthz');
  await setupPage(page);
  return { context, page };
}

export async function setupPage(page) {
  await page.evaluate(async () => {
    document.body.innerHTML = '<input type="file" id="file">';
    const m = await import('/oss-upload.js');
    window.OSS = m.default;
    window.wasmMemoryBytes = m.wasmMemoryBytes;
  });
}
