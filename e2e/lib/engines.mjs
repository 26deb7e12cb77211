// One small page interface over three browser engines, so a test can run in
// Chromium, Firefox and WebKit alike. Every browser is a Debian package, never
// a download:
//   chromium: /usr/bin/chromium through playwright-core (CDP);
//   firefox:  /usr/bin/firefox-esr through puppeteer-core (WebDriver BiDi);
//   webkit:   WebKitGTK's MiniBrowser --automation through WebKitWebDriver and
//             selenium-webdriver (classic WebDriver), on an Xvfb display.
// ENGINES=chromium,firefox,webkit (the default) chooses which engines a test
// file loops over; `make test` installs all three (make deps-browsers).
//
// The interface is what the tests need and no more: goto, reload, evaluate(fn,
// arg), waitForFunction(fn, arg, {timeout}), setInputFiles(selector, path),
// screenshot(), warnings(), close(). evaluate takes a function that runs in the
// page, with one JSON-serializable argument, and returns its JSON-able result;
// a Promise is awaited. Results cross as JSON in every engine (undefined comes
// back as null in WebKit), so tests return plain data.
import { spawn, execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import net from 'node:net';
import { chromium } from 'playwright-core';
import { chromiumArgs } from './browser.mjs';

/** Every engine this library can drive, in the order tests run them. */
export const allEngines = ['chromium', 'firefox', 'webkit'];

/** The engines chosen by ENGINES (comma-separated), default all three. */
export const engines = (process.env.ENGINES || allEngines.join(','))
  .split(',').map((s) => s.trim()).filter(Boolean);
for (const e of engines) if (!allEngines.includes(e)) throw new Error(`ENGINES: unknown engine ${e} (know ${allEngines})`);

export const paths = {
  chromium: process.env.CHROMIUM || '/usr/bin/chromium',
  firefox: process.env.FIREFOX || '/usr/bin/firefox-esr',
  webkitDriver: process.env.WEBKIT_WEBDRIVER || '/usr/bin/WebKitWebDriver',
  miniBrowser: process.env.MINIBROWSER || '/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser',
};

/**
 * What an engine offers the module, as the README's Browsers table says:
 * fileSystemAccess (showOpenFilePicker: a picked file's handle is kept with
 * the journal, so a reload resumes without choosing the file again).
 */
export const features = {
  chromium: { fileSystemAccess: true },
  firefox: { fileSystemAccess: false },
  webkit: { fileSystemAccess: false },
};

/** Scales a test's file size down outside Chromium, to keep make test's time budget. */
export function sized(engine, chromiumBytes, otherBytes) {
  return engine === 'chromium' ? chromiumBytes : otherBytes;
}

async function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.listen(0, '127.0.0.1', () => { const { port } = s.address(); s.close(() => resolve(port)); });
    s.on('error', reject);
  });
}

const pollMs = 100;

/** Polls evaluate(fn, arg) until it is truthy; shared by the engines without a native wait. */
async function pollUntil(page, fn, arg, { timeout = 60000 } = {}) {
  const deadline = Date.now() + timeout;
  let last;
  for (;;) {
    try {
      last = await page.evaluate(fn, arg);
      if (last) return last;
    } catch (e) {
      // A navigation in progress destroys the context: try again.
      if (!/context|navigat|detached|destroyed|unload|no such window|stale/i.test(e.message)) throw e;
    }
    if (Date.now() > deadline) {
      throw new Error(`waitForFunction timed out after ${timeout} ms: ${fn.toString().slice(0, 200)}\n${await describePage(page)}`);
    }
    await new Promise((r) => setTimeout(r, pollMs));
  }
}

/**
 * What the page shows and what it threw, so a timeout in CI can be told
 * apart from a slow machine: an uncaught exception (the module's runtime
 * ending, say) leaves a page that looks idle and answers nothing.
 */
async function describePage(page) {
  const shown = await page.evaluate(() => document.body?.innerText.slice(0, 3000) ?? '').catch((e) => `(unreadable: ${e.message})`);
  const errors = page.errors?.length ? `\nuncaught in the page:\n${page.errors.slice(-5).join('\n')}` : '';
  return `page text:\n${shown}${errors}`;
}

/** Keeps the page's uncaught exceptions (the engines whose protocol reports them). */
function recordErrors(page, raw) {
  page.errors = [];
  raw.on('pageerror', (e) => page.errors.push(String(e?.stack || e).slice(0, 1500)));
}

// console.warn is captured in the page itself, the same way everywhere:
// classic WebDriver has no console events.
function installWarnHook() {
  if (window.__warnings) return;
  window.__warnings = [];
  const orig = console.warn.bind(console);
  console.warn = (...a) => { window.__warnings.push(a.map(String).join(' ')); orig(...a); };
}

class PlaywrightPage {
  constructor(context, page) { this.context = context; this.raw = page; recordErrors(this, page); }
  goto(url) { return this.raw.goto(url); }
  reload() { return this.raw.reload(); }
  evaluate(fn, arg) { return this.raw.evaluate(fn, arg); }
  async waitForFunction(fn, arg, { timeout = 60000 } = {}) {
    try {
      await this.raw.waitForFunction(fn, arg, { timeout, polling: pollMs });
    } catch (e) {
      if (e.name !== 'TimeoutError') throw e;
      throw new Error(`${e.message.split('\n')[0]}: ${fn.toString().slice(0, 200)}\n${await describePage(this)}`);
    }
  }
  setInputFiles(selector, path) { return this.raw.setInputFiles(selector, path); }
  screenshot() { return this.raw.screenshot({ fullPage: true }); }
  captureWarnings() { return this.evaluate(installWarnHook); }
  warnings() { return this.evaluate(() => window.__warnings || []); }
  close() { return this.context.close(); }
}

class PuppeteerPage {
  constructor(context, page) { this.context = context; this.raw = page; recordErrors(this, page); }
  async goto(url) { await this.raw.goto(url, { waitUntil: 'load', timeout: 60000 }); }
  async reload() { await this.raw.reload({ waitUntil: 'load', timeout: 60000 }); }
  evaluate(fn, arg) { return this.raw.evaluate(fn, arg); }
  waitForFunction(fn, arg, opts) { return pollUntil(this, fn, arg, opts); }
  async setInputFiles(selector, path) {
    const el = await this.raw.$(selector);
    if (!el) throw new Error(`no element ${selector}`);
    await el.uploadFile(path);
  }
  async screenshot() { return Buffer.from(await this.raw.screenshot({ fullPage: true })); }
  captureWarnings() { return this.evaluate(installWarnHook); }
  warnings() { return this.evaluate(() => window.__warnings || []); }
  close() { return this.context.close(); }
}

// Runs fn's source in the page as an async script: WebDriver's executeAsyncScript
// passes JSON in and out; errors come back as {__error} and are rethrown here.
const asyncShim = `
  const [src, arg, done] = arguments;
  Promise.resolve().then(() => (0, eval)('(' + src + ')')(arg)).then(
    (v) => done({ v: v === undefined ? null : v }),
    (e) => done({ __error: String(e && e.stack ? e.name + ': ' + e.message + '\\n' + e.stack : e) }));`;

class WebDriverPage {
  constructor(engine, driver) { this.engine = engine; this.raw = driver; }
  async goto(url) { await this.raw.get(url); }
  async reload() { await this.raw.navigate().refresh(); }
  async evaluate(fn, arg) {
    const r = await this.raw.executeAsyncScript(asyncShim, fn.toString(), arg === undefined ? null : arg);
    if (r && r.__error) throw new Error(`in page: ${r.__error}`);
    return r.v;
  }
  waitForFunction(fn, arg, opts) { return pollUntil(this, fn, arg, opts); }
  async setInputFiles(selector, path) {
    // WebDriver sends keys only to an interactable element: show a hidden input for the moment.
    const hidden = await this.evaluate((sel) => {
      const el = document.querySelector(sel);
      const was = el.hidden;
      el.hidden = false;
      return was;
    }, selector);
    const { By } = await import('selenium-webdriver');
    // Whether the input's change event fired (pages often clear the input in
    // their own handler, so its files cannot tell): once more if it did not.
    for (let attempt = 0; ; attempt++) {
      await this.evaluate((sel) => {
        window.__fileChanged = false;
        document.querySelector(sel).addEventListener('change', () => { window.__fileChanged = true; }, { once: true, capture: true });
        return null;
      }, selector);
      await this.raw.findElement(By.css(selector)).sendKeys(path);
      // Generous: sending the keys again to an input that did take them picks the file twice.
      const changed = await pollUntil(this, () => window.__fileChanged, null, { timeout: 15000 }).catch(() => false);
      if (changed || attempt === 1) break;
    }
    if (hidden) await this.evaluate((sel) => { document.querySelector(sel).hidden = true; }, selector);
  }
  async screenshot() {
    // WebKitWebDriver's screenshot waits for the next rendering update, which
    // an idle page under Xvfb never has: a 1-pixel, near-transparent flicker
    // keeps updates coming while the screenshot is taken.
    await this.evaluate(() => {
      const d = document.createElement('div');
      d.id = '__screenshot_nudge';
      d.style.cssText = 'position:fixed;left:0;top:0;width:1px;height:1px;pointer-events:none';
      document.documentElement.append(d);
      let i = 0;
      window.__nudge = setInterval(() => { d.style.background = (i++ & 1) ? 'rgba(0,0,0,0.01)' : 'rgba(0,0,0,0.02)'; }, 50);
      return null;
    });
    try {
      return Buffer.from(await this.raw.takeScreenshot(), 'base64');
    } finally {
      await this.evaluate(() => { clearInterval(window.__nudge); document.getElementById('__screenshot_nudge')?.remove(); return null; });
    }
  }
  captureWarnings() { return this.evaluate(installWarnHook); }
  warnings() { return this.evaluate(() => window.__warnings || []); }
  async close() { await this.engine._closeSession(this.raw); }
}

async function launchChromium() {
  const browser = await chromium.launch({ executablePath: paths.chromium, args: chromiumArgs });
  return {
    name: 'chromium',
    version: browser.version(),
    async newPage({ viewport = { width: 1280, height: 800 } } = {}) {
      const context = await browser.newContext({ viewport });
      return new PlaywrightPage(context, await context.newPage());
    },
    close: () => browser.close(),
  };
}

async function launchFirefox() {
  const puppeteer = (await import('puppeteer-core')).default;
  const browser = await puppeteer.launch({
    browser: 'firefox', protocol: 'webDriverBiDi', executablePath: paths.firefox, headless: true,
    timeout: 120000, protocolTimeout: 600000,
    extraPrefsFirefox: {
      'app.update.enabled': false, 'browser.shell.checkDefaultBrowser': false,
      'datareporting.policy.dataSubmissionEnabled': false, 'toolkit.telemetry.enabled': false,
    },
  });
  return {
    name: 'firefox',
    version: await browser.version(),
    async newPage({ viewport = { width: 1280, height: 800 } } = {}) {
      const context = await browser.createBrowserContext();
      const page = await context.newPage();
      await page.setViewport(viewport);
      return new PuppeteerPage(context, page);
    },
    close: () => browser.close(),
  };
}

/** Starts Xvfb on a free display number; returns {display, stop}. */
async function startXvfb() {
  for (let n = 90 + Math.floor(Math.random() * 400); n < 1000; n++) {
    if (existsSync(`/tmp/.X11-unix/X${n}`) || existsSync(`/tmp/.X${n}-lock`)) continue;
    const proc = spawn('Xvfb', [`:${n}`, '-screen', '0', '1280x1024x24', '-nolisten', 'tcp'], { stdio: 'ignore' });
    const ok = await new Promise((resolve) => {
      const t0 = Date.now();
      const check = () => {
        if (proc.exitCode !== null) return resolve(false);
        if (existsSync(`/tmp/.X11-unix/X${n}`)) return resolve(true);
        if (Date.now() - t0 > 20000) { proc.kill(); return resolve(false); }
        setTimeout(check, 50);
      };
      check();
    });
    if (ok) return { display: `:${n}`, stop: () => { proc.kill(); } };
  }
  throw new Error('no free X display for Xvfb');
}

async function launchWebKit() {
  const { Builder } = await import('selenium-webdriver');
  const xvfb = process.env.DISPLAY && process.env.WEBKIT_USE_DISPLAY ? null : await startXvfb();
  const display = xvfb ? xvfb.display : process.env.DISPLAY;
  const port = await freePort();
  const home = mkdtempSync(join(tmpdir(), 'ossupload-webkit-'));
  const env = { ...process.env, DISPLAY: display, HOME: home, XDG_CACHE_HOME: join(home, 'cache'), XDG_DATA_HOME: join(home, 'data'), XDG_CONFIG_HOME: join(home, 'config'),
    // Software rendering: no GPU here, and the DMA-BUF renderer needs one.
    WEBKIT_DISABLE_DMABUF_RENDERER: '1', LIBGL_ALWAYS_SOFTWARE: '1', WEBKIT_DISABLE_COMPOSITING_MODE: '1' };
  const driver = spawn(paths.webkitDriver, [`--port=${port}`, '--host=127.0.0.1'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let log = '';
  driver.stdout.on('data', (d) => { log += d; });
  driver.stderr.on('data', (d) => { log += d; });
  const server = `http://127.0.0.1:${port}`;
  const t0 = Date.now();
  for (;;) {
    try { if ((await fetch(server + '/status')).ok) break; } catch { /* not up yet */ }
    if (driver.exitCode !== null || Date.now() - t0 > 30000) throw new Error(`WebKitWebDriver did not start:\n${log}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  const sessions = new Set();
  const engine = {
    name: 'webkit',
    version: webkitVersion(),
    log: () => log,
    // WebKitWebDriver drives one session at a time: a new page ends the last
    // one (a test that timed out may have left it behind).
    async newPage({ viewport = { width: 1280, height: 800 } } = {}) {
      for (const old of [...sessions]) await engine._closeSession(old);
      const d = await new Builder().usingServer(server).withCapabilities({
        browserName: 'MiniBrowser',
        'webkitgtk:browserOptions': { binary: paths.miniBrowser, args: ['--automation'] },
      }).build();
      sessions.add(d);
      await d.manage().setTimeouts({ script: 600000, pageLoad: 120000 });
      try { await d.manage().window().setRect({ width: viewport.width, height: viewport.height }); } catch { /* some window managers refuse */ }
      return new WebDriverPage(engine, d);
    },
    async _closeSession(d) {
      if (!sessions.delete(d)) return;
      await d.quit().catch(() => {});
    },
    async close() {
      for (const d of [...sessions]) await engine._closeSession(d);
      driver.kill();
      await new Promise((r) => (driver.exitCode !== null ? r() : driver.once('exit', r)));
      xvfb?.stop();
      rmSync(home, { recursive: true, force: true });
    },
  };
  return engine;
}

/** WebKitGTK's version, from the installed Debian package. */
export function webkitVersion() {
  try {
    return execFileSync('dpkg-query', ['-W', '-f=${Version}', 'libwebkit2gtk-4.1-0'], { encoding: 'utf8' }).trim();
  } catch { return 'unknown'; }
}

/** Launches one engine: {name, version, newPage({viewport}), close()}. */
export async function launchEngine(name) {
  switch (name) {
    case 'chromium': return launchChromium();
    case 'firefox': return launchFirefox();
    case 'webkit': return launchWebKit();
    default: throw new Error(`unknown engine ${name}`);
  }
}

/** A page on the app's origin with a file input and the module imported as window.OSS. */
export async function modulePageOn(engine, url) {
  const page = await engine.newPage();
  await page.goto(url + '/healthz');
  await setupModule(page);
  return page;
}

/** Puts a file input on the page and imports the module as window.OSS. */
export async function setupModule(page) {
  await page.evaluate(async () => {
    document.body.innerHTML = '<input type="file" id="file">';
    const m = await import('/oss-upload.js');
    window.OSS = m.default;
  });
  await page.captureWarnings();
}
