// Headless Chromium for the page tests, driven by playwright-core. The browser is Debian's chromium
// (apt-get install chromium), never one Playwright downloads; WEGATE_CHROMIUM points elsewhere.
import { createHash, randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { chromium } from 'playwright-core';
import { WeGate } from './wegate.mjs';

const executablePath = process.env.WEGATE_CHROMIUM ?? '/usr/bin/chromium';

// Why the browser tests cannot run here, or null. Locally that skips them; in CI (CI=true) it fails
// them, so a missing browser never passes for green.
export const browserMissing = existsSync(executablePath)
  ? null
  : `Chromium is not installed at ${executablePath}: apt-get install chromium (or set WEGATE_CHROMIUM)`;

const inCi = /^(1|true)$/i.test(process.env.CI ?? '');

export const skipBrowserTests = browserMissing !== null && !inCi ? browserMissing : false;

// Playwright gives every launch a new, empty profile directory and removes it on close. The
// background-networking flags keep Chromium from calling Google's hosts, which a closed network
// refuses many times over at every start.
export async function launchBrowser() {
  if (browserMissing) {
    throw new Error(browserMissing);
  }

  return chromium.launch({
    executablePath,
    headless: true,
    chromiumSandbox: false,
    args: [
      '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync',
    ],
  });
}

// The PC side of a code flow: a new 1280×800 page that an application sends to WeGate's authorize
// endpoint, with PKCE (S256). Answers the page, the PKCE verifier, every URL the page navigated to and
// the Content-Security-Policy violations it reported.
export async function openAuthorize(browser, wegate, pool, { clientId, redirectUri, scope, state, nonce, locale = 'zh-CN' }) {
  const page = await (await browser.newContext({ viewport: { width: 1280, height: 800 }, locale })).newPage();
  const visited = [];
  page.on('request', request => { if (request.isNavigationRequest()) visited.push(request.url()); });
  const violations = [];
  page.on('console', message => { if (/Content Security Policy/i.test(message.text())) violations.push(message.text()); });
  const verifier = randomBytes(32).toString('base64url');
  const query = new URLSearchParams({
    response_type: 'code', client_id: clientId, redirect_uri: redirectUri, scope, state,
    code_challenge: createHash('sha256').update(verifier).digest('base64url'), code_challenge_method: 'S256',
  });
  if (nonce) {
    query.set('nonce', nonce);
  }
  await page.goto(`${wegate.base}/pools/${pool}/oauth2/authorize?${query}`);
  return { page, verifier, visited, violations };
}

// WeGate in Development and a headless Chromium for one test, both stopped when it ends, whatever happened.
export async function startWithBrowser(t, { database = 'sqlite' } = {}) {
  const wegate = await WeGate.start({ database });
  let browser = null;
  t.after(async () => {
    await browser?.close();
    await wegate.stop();
  });
  browser = await launchBrowser();
  return { wegate, sandbox: wegate.sandbox, browser };
}
