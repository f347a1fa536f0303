// The SDK's Chromium tests: a real WeGate in Development with the sandbox (tests/node/support), and the
// test application (test/app, the SDK's built dist/ under /sdk/) served by a small Node server of its
// own on http://localhost:PORT, another site than WeGate's http://127.0.0.1:PORT, as an application and
// its identity server are in production.
import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import { extname } from 'node:path';
import { launchBrowser } from '../../../tests/node/support/browser.mjs';
import { unique } from '../../../tests/node/support/sandbox.mjs';
import { WeGate } from '../../../tests/node/support/wegate.mjs';

export { browserMissing, skipBrowserTests } from '../../../tests/node/support/browser.mjs';
export { unique };

export const weChatUserAgent = 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 MicroMessenger/8.0.47(0x18002f2f) NetType/WIFI Language/zh_CN';

const types = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.json': 'application/json', '.map': 'application/json' };
const files = {
  '/sdk/': new URL('../dist/', import.meta.url),
  '/oidc-client-ts/': new URL('../node_modules/oidc-client-ts/dist/browser/', import.meta.url),
  '/': new URL('./app/', import.meta.url),
};

// The application's origin: its pages, the SDK, and config.json, which `config()` changes per test.
export async function startApp(t) {
  let config = {};
  const server = createServer(async (request, response) => {
    const path = new URL(request.url, 'http://app').pathname;
    if (path === '/config.json') {
      response.setHeader('content-type', 'application/json');
      response.end(JSON.stringify(config));
      return;
    }
    const page = path === '/' || path === '/callback' ? '/index.html' : path;
    const [prefix, base] = Object.entries(files).find(([p]) => page.startsWith(p));
    try {
      const body = await readFile(new URL(page.slice(prefix.length), base));
      response.setHeader('content-type', types[extname(page)] ?? 'application/octet-stream');
      response.end(body);
    } catch {
      response.statusCode = 404;
      response.end('not found');
    }
  });
  await new Promise(done => server.listen(0, '127.0.0.1', done));
  t.after(() => new Promise(done => { server.closeAllConnections(); server.close(done); }));
  const origin = `http://localhost:${server.address().port}`;
  return { origin, setConfig: value => { config = value; } };
}

// One WeGate and one browser for a test file.
export async function startAll(t) {
  const wegate = await WeGate.start();
  t.after(() => wegate.stop());
  const browser = await launchBrowser();
  t.after(() => browser.close());
  return { wegate, sandbox: wegate.sandbox, browser };
}

const create = (wegate, path, body) => wegate.admin('POST', path, body, { status: 201 });

// 43 letters and digits (docs/wechat-contract.md#encodingaeskey).
function randomKey() {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
  return Array.from(randomBytes(43), byte => alphabet[byte % alphabet.length]).join('');
}

// A pool whose "shop" single-page application offers a password, the website QR, the official
// account's follow QR, the mini program code and in-WeChat official-account login, each a sandbox app,
// and a local account. The application's redirect URIs are on `origin`.
export async function world(wegate, origin) {
  const { sandbox } = wegate;
  const pool = `p${randomBytes(6).toString('hex')}`;
  const open = unique('open');
  const wegateHost = new URL(wegate.base).host;
  await create(wegate, 'pools', { name: pool });

  const website = await sandbox.createApp({ type: 'website', openPlatformAccount: open, callbackDomain: wegateHost });
  await create(wegate, `pools/${pool}/connections`, { slug: 'website', type: 'website-qr', display_name: '微信扫码', app_id: website.appId, app_secret: website.secret });

  const token = `token${randomBytes(8).toString('hex')}`;
  const aesKey = randomKey();
  const oa = await sandbox.createApp({ type: 'official-account', openPlatformAccount: open, token, encodingAesKey: aesKey, messageMode: 'safe', callbackDomain: wegateHost });
  await create(wegate, `pools/${pool}/connections`, {
    slug: 'follow', type: 'oa-follow', display_name: 'Shop 服务号', app_id: oa.appId, app_secret: oa.secret, token, encoding_aes_key: aesKey,
    settings: { message_mode: 'safe', original_id: oa.originalId },
  });
  await sandbox.control('PATCH', `apps/${oa.appId}`, { serverUrl: `${wegate.base}/pools/${pool}/login/oa-follow/follow/callback` });
  await create(wegate, `pools/${pool}/connections`, {
    slug: 'wechat-h5', type: 'oa-web', display_name: '微信', app_id: oa.appId, app_secret: oa.secret, settings: { scope: 'snsapi_base' },
  });

  const mp = await sandbox.createApp({ type: 'miniprogram', openPlatformAccount: open });
  await create(wegate, `pools/${pool}/connections`, {
    slug: 'mp', type: 'mp-qr', display_name: '小程序', app_id: mp.appId, app_secret: mp.secret, settings: { page: 'pages/login/index' },
  });

  await create(wegate, `pools/${pool}/applications`, {
    client_id: 'shop', display_name: 'Shop', type: 'spa',
    redirect_uris: [`${origin}/callback`, `${origin}/oidc-client-ts.html`], post_logout_redirect_uris: [`${origin}/`],
    grants: ['authorization_code', 'refresh_token'], connections: ['website', 'follow', 'mp', 'wechat-h5'],
  });
  await create(wegate, `pools/${pool}/users`, { email: 'mei@example.com', password: 'mei-password-123', profile: { name: 'Mei' } });
  const persona = await sandbox.createPersona({ id: unique('lei'), nickname: '雷 Lei', phone: '13800138000' });
  return { pool, issuer: `${wegate.base}/pools/${pool}`, website, oa, mp, persona };
}

// The application's page in a new browser context (a PC by default), with what it logged.
export async function openApp(browser, origin, { userAgent, path = '/' } = {}) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'en-US', ...(userAgent ? { userAgent } : {}) });
  const page = await context.newPage();
  const problems = [];
  page.on('pageerror', error => problems.push(error.message));
  // The browser asks every origin for /favicon.ico, which neither has; any other failed load is a problem.
  page.on('console', message => { if (message.type() === 'error' && !message.text().startsWith('Failed to load resource')) problems.push(message.text()); });
  page.on('response', response => {
    if (response.status() >= 400 && !response.url().endsWith('/favicon.ico')) problems.push(`${response.status()} ${response.url()}`);
  });
  await page.goto(`${origin}${path}`);
  await page.waitForFunction(() => document.getElementById('status')?.textContent !== 'Loading…');
  return { page, context, problems };
}

export const status = page => page.textContent('#status');

export async function claims(page) {
  const text = await page.textContent('#claims');
  return text ? JSON.parse(text) : null;
}

// The sign-in ended back on the application's page (the callback, then `/`).
export async function signedIn(page, origin) {
  await page.waitForURL(`${origin}/`);
  await page.waitForFunction(() => /^(Signed in|Sign-in failed|No session)/.test(document.getElementById('status')?.textContent ?? ''));
  return status(page);
}
