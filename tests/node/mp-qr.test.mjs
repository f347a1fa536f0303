// Flow 3 (mp-qr) in a real browser: WeGate's hosted login page on a PC shows a mini program code, the
// virtual phone ({wegate}/sandbox/phone) scans it, runs wx.login and getPhoneNumber and posts them to
// WeGate as the mini program would, and the PC page signs in by itself (Server-Sent Events). Headless
// Debian Chromium driven by playwright-core; each test starts its own WeGate (Development, sandbox
// mounted, SQLite in a temporary directory) and browser, and stops both.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer as createHttpServer } from 'node:http';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { before, describe, test } from 'node:test';
import { browserMissing, launchBrowser, skipBrowserTests } from './support/browser.mjs';
import { unique } from './support/sandbox.mjs';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const dll = process.env.WEGATE_DLL ?? resolve(repo, 'src/WeGate.Server/bin/Debug/net10.0/wegate.dll');
const adminKey = `mp-qr-test-${randomBytes(24).toString('hex')}`;
const pcSize = { viewport: { width: 1280, height: 800 } };
const phoneSize = { viewport: { width: 390, height: 844 } };

function freePort() {
  return new Promise((done, fail) => {
    const server = createServer();
    server.on('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => done(port));
    });
  });
}

// `dotnet wegate.dll` in Development over a fresh data directory; stopped (and the directory removed)
// when the test ends.
async function startWeGate(t) {
  if (!existsSync(dll)) {
    throw new Error(`${dll} does not exist: run \`dotnet build\` (or \`dotnet test\`) before \`npm test\`.`);
  }
  const data = await mkdtemp(join(tmpdir(), 'wegate-mp-qr-'));
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const child = spawn('dotnet', [dll, '--environment', 'Development', '--urls', base], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, DOTNET_NOLOGO: '1', WeGate__DataDirectory: data, WeGate__Admin__ApiKey: adminKey },
  });
  let output = '';
  child.stdout.on('data', chunk => { output += chunk; });
  child.stderr.on('data', chunk => { output += chunk; });
  t.after(async () => {
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise(done => child.once('exit', done));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(timer);
    }
    await rm(data, { recursive: true, force: true });
  });
  for (let i = 0; i < 150; i++) {
    if (child.exitCode !== null) {
      throw new Error(`wegate exited (${child.exitCode}):\n${output}`);
    }
    try {
      if ((await fetch(`${base}/readyz`)).ok) {
        return base;
      }
    } catch {
      // not listening yet
    }
    await new Promise(done => setTimeout(done, 200));
  }
  throw new Error(`wegate did not become ready:\n${output}`);
}

async function call(base, method, path, body, headers = {}) {
  const response = await fetch(base + path, {
    method,
    headers: body === undefined ? headers : { 'content-type': 'application/json', ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, json: text ? JSON.parse(text) : null };
}

const admin = (base, method, path, body) => call(base, method, `/admin/api${path}`, body, { authorization: `Bearer ${adminKey}` });

function created(response) {
  assert.equal(response.status, 201, JSON.stringify(response.json));
  return response.json;
}

// The PC site: its redirect URI on loopback (plain http is allowed there), answering every request
// with a page of its own and remembering where the browser landed.
async function startSite(t) {
  const landings = [];
  const server = createHttpServer((request, response) => {
    landings.push(request.url);
    response.setHeader('content-type', 'text/html; charset=utf-8');
    response.end('<h1>signed in</h1>');
  });
  await new Promise(done => server.listen(0, '127.0.0.1', done));
  t.after(() => new Promise(done => server.close(done)));
  return { callback: `http://127.0.0.1:${server.address().port}/callback`, landings };
}

// A pool with an mp-qr connection to a fresh sandbox mini program, a PC site using it, and a persona.
async function world(base, callback) {
  const pool = `p${randomBytes(6).toString('hex')}`;
  created(await admin(base, 'POST', '/pools', { name: pool }));
  const { json: mp } = await call(base, 'POST', '/sandbox/control/apps', { type: 'miniprogram', openPlatformAccount: unique('open') });
  created(await admin(base, 'POST', `/pools/${pool}/connections`, {
    slug: 'mp-qr', type: 'mp-qr', display_name: '小程序 MP', app_id: mp.appId, app_secret: mp.secret, settings: { page: 'pages/login/index' },
  }));
  created(await admin(base, 'POST', `/pools/${pool}/applications`, {
    client_id: 'pc-site', display_name: 'PC Site', type: 'spa', redirect_uris: [callback], grants: ['authorization_code'], connections: ['mp-qr'],
  }));
  const { json: persona } = await call(base, 'POST', '/sandbox/control/personas', { id: unique('mei'), nickname: '梅 Mei', phone: '13800138000' });
  return { pool, mp, persona };
}

// The PC: the application sends the browser to authorize, which leads to the hosted login page.
async function openLoginPage(browser, base, pool, callback) {
  const pc = await (await browser.newContext({ ...pcSize, locale: 'en-US' })).newPage();
  const verifier = randomBytes(32).toString('base64url');
  const query = new URLSearchParams({
    response_type: 'code', client_id: 'pc-site', redirect_uri: callback, scope: 'openid phone', state: 'st-pc', nonce: 'n-pc',
    code_challenge: createHash('sha256').update(verifier).digest('base64url'), code_challenge_method: 'S256',
  });
  await pc.goto(`${base}/pools/${pool}/oauth2/authorize?${query}`);
  await pc.waitForSelector('[data-wegate-ticket] img[src^="data:image/"]');
  return { pc, verifier, ticket: await pc.getAttribute('[data-wegate-ticket]', 'data-wegate-ticket') };
}

async function openPhone(browser, base, personaId) {
  const phone = await (await browser.newContext(phoneSize)).newPage();
  await phone.goto(`${base}/sandbox/phone?persona=${encodeURIComponent(personaId)}#scan`);
  await phone.waitForSelector('body[data-ready="true"]');
  return phone;
}

// On the phone: scan the code the PC shows (listed by the sandbox that drew it), which opens the mini
// program with its scene.
async function scanCode(phone, ticket) {
  await phone.click('nav button[data-go="scan"]');
  const item = phone.locator('li.scannable[data-kind="miniprogram-code"]', { hasText: `scene ${ticket}` });
  await item.locator('button.scan').click();
  await phone.waitForSelector('#screen-miniprogram:not([hidden]) #mp-scene');
  assert.equal(await phone.textContent('#mp-scene'), ticket);
}

async function postFromMiniProgram(phone, url) {
  await phone.fill('#mp-post-url', url);
  // A second post shows its answer in the same place: clear the first one so the wait below is for this one.
  await phone.$eval('#mp-post-result', result => { result.textContent = ''; });
  await phone.click('#mp-post-form button[type="submit"]');
  await phone.waitForFunction(() => /^HTTP \d+/.test(document.querySelector('#mp-post-result')?.textContent ?? ''));
  return phone.textContent('#mp-post-result');
}

const needsBrowser = { skip: skipBrowserTests };

describe('mp-qr: mini program code on the PC login page', () => {
  before(() => {
    if (browserMissing && !skipBrowserTests) {
      throw new Error(browserMissing);
    }
  });

  test('the phone scans the code, the mini program confirms with wx.login and the phone number, the PC signs in', needsBrowser, async t => {
    const base = await startWeGate(t);
    const browser = await launchBrowser();
    t.after(() => browser.close());
    const { callback, landings } = await startSite(t);
    const { pool, persona } = await world(base, callback);
    const { pc, verifier, ticket } = await openLoginPage(browser, base, pool, callback);
    assert.equal(ticket.length, 24);
    assert.equal(await pc.textContent('[data-ticket-status]'), 'Open WeChat and scan the code to sign in.');

    const phone = await openPhone(browser, base, persona.id);
    await scanCode(phone, ticket);

    // The mini program's page says it was opened; the PC hears it over SSE.
    const scanned = await call(base, 'POST', `/pools/${pool}/login/mp-qr/scan`, { scene: ticket });
    assert.equal(scanned.json.application, 'PC Site');
    await pc.waitForSelector('[data-wegate-ticket][data-state="scanned"]');
    assert.match(await pc.textContent('[data-ticket-status]'), /^Scanned\./);

    await phone.click('#mp-login');
    await phone.click('#mp-phone');
    await phone.waitForSelector('[data-output="phone-code"] code');
    const answer = await postFromMiniProgram(phone, `${base}/pools/${pool}/login/mp-qr/confirm`);
    assert.match(answer, /^HTTP 200\n\{"status":"confirmed"\}/);

    await pc.waitForURL(url => url.href.startsWith(callback));
    const landed = new URL(pc.url());
    assert.equal(landed.searchParams.get('state'), 'st-pc');
    assert.equal(landings.filter(path => path.startsWith('/callback')).length, 1);
    assert.equal(await pc.textContent('h1'), 'signed in');
    const token = await fetch(`${base}/pools/${pool}/oauth2/token`, {
      method: 'POST',
      body: new URLSearchParams({ grant_type: 'authorization_code', client_id: 'pc-site', code: landed.searchParams.get('code'), redirect_uri: callback, code_verifier: verifier }),
    }).then(response => response.json());
    const claims = await fetch(`${base}/pools/${pool}/oauth2/userinfo`, { headers: { authorization: `Bearer ${token.access_token}` } }).then(r => r.json());
    assert.equal(claims.phone_number, '+8613800138000');

    // The same code posted again: the mini program is told the code was used; nothing changes.
    const again = await postFromMiniProgram(phone, `${base}/pools/${pool}/login/mp-qr/confirm`);
    assert.match(again, /^HTTP 400\n.*"error":"invalid_grant".*already used/s);
  });

  test('a getwxacodeunlimit error is shown on the page instead of the code, with the password form still there', needsBrowser, async t => {
    const base = await startWeGate(t);
    const browser = await launchBrowser();
    t.after(() => browser.close());
    const { callback } = await startSite(t);
    const { pool } = await world(base, callback);
    await call(base, 'PUT', '/sandbox/control/faults', { path: 'wxa/getwxacodeunlimit', errCode: 41030, count: 1 });

    const pc = await (await browser.newContext({ ...pcSize, locale: 'zh-CN' })).newPage();
    const query = new URLSearchParams({
      response_type: 'code', client_id: 'pc-site', redirect_uri: callback, scope: 'openid', state: 's',
      code_challenge: createHash('sha256').update('v'.repeat(43)).digest('base64url'), code_challenge_method: 'S256',
    });
    await pc.goto(`${base}/pools/${pool}/oauth2/authorize?${query}`);
    await pc.waitForSelector('[data-mp-qr-unavailable] .error');
    assert.match(await pc.textContent('[data-mp-qr-unavailable] .error'), /错误码 41030/);
    assert.equal(await pc.locator('[data-wegate-ticket]').count(), 0);
    assert.equal(await pc.isVisible('input[name="password"]'), true);

    // Reloading draws a new code (the fault was for one call).
    await pc.reload();
    await pc.waitForSelector('[data-wegate-ticket] img[src^="data:image/"]');
    assert.equal(await pc.textContent('[data-ticket-status]'), '请打开微信，扫一扫上方的小程序码登录。');
  });
});
