// What the console's browser tests share (docs/console.md): a page whose CSP violations and script
// errors are collected, the sign-in through WeGate's own login page, `wegate admin create` beside the
// running server, and the screenshots docs/console.md shows (WEGATE_WRITE_DOCS=1).
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runServer } from './process.mjs';

const images = fileURLToPath(new URL('../../../docs/images/', import.meta.url));
export const desktop = { width: 1280, height: 800 };
export const phone = { width: 390, height: 844 };
export const password = 'correct horse battery';

// With WEGATE_WRITE_DOCS=1, docs/images/console-<name>.png.
export async function screenshot(page, name) {
  if (process.env.WEGATE_WRITE_DOCS === '1') {
    await page.evaluate(() => document.fonts.ready);
    await page.screenshot({ path: join(images, `console-${name}.png`), fullPage: true, animations: 'disabled', caret: 'hide' });
  }
}

// A browser context of this size and language whose CSP violations and script errors are collected.
export async function open(browser, { viewport = desktop, locale = 'en-US' } = {}) {
  const context = await browser.newContext({ viewport, locale, deviceScaleFactor: 1, acceptDownloads: true });
  const page = await context.newPage();
  const problems = [];
  page.on('console', message => {
    if (message.type() === 'error' && !message.location().url?.endsWith('/favicon.ico')) problems.push(message.text());
  });
  await page.addInitScript(() => document.addEventListener('securitypolicyviolation', e => console.error(`CSP violation: ${e.violatedDirective}`)));
  return { context, page, problems };
}

// WeGate's hosted login page, reached from the console: the password form.
export async function signIn(page, wegate, email, secret = password) {
  await page.waitForURL(url => url.pathname.endsWith('/pools/_console/login'));
  await page.fill('#login', email);
  await page.fill('#password', secret);
  await page.click('form[action^="/pools/_console/login?"] button[type=submit]');
  await page.waitForURL(url => url.href.startsWith(`${wegate.base}/console/`) && !url.pathname.startsWith('/console/callback'));
}

// `wegate admin create` beside the running server, on its database; answers the generated password.
export async function createAdministrator(wegate, email, role) {
  const cli = await wegateCommand(wegate, ['admin', 'create', '--email', email, '--role', role]);
  assert.equal(cli.exited, 0, cli.output);
  return cli.output.trim().split('\n').at(-1).trim();
}

// A `wegate` command beside the running server, on its database: its exit code and output.
export async function wegateCommand(wegate, args) {
  const cli = runServer([...args, '--environment', 'Development'], wegate.env);
  while (cli.exited === null) await new Promise(done => setTimeout(done, 100));
  return cli;
}

// With WEGATE_WRITE_DOCS=1, only the SQLite run of a test writes the docs' screenshots.
export const screenshotOn = wegate => (wegate.database === 'sqlite' ? screenshot : async () => {});

export const sideways = page => page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
