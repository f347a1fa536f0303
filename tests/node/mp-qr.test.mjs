// Flow 3 (mp-qr) in a real browser: WeGate's hosted login page on a PC shows a mini program code, the
// virtual phone ({wegate}/sandbox/phone) scans it, runs wx.login and getPhoneNumber and posts them to
// WeGate as the mini program would, and the PC page signs in by itself (Server-Sent Events). Headless
// Debian Chromium driven by playwright-core; each test starts its own WeGate (support/wegate.mjs) and
// browser, and stops both.
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import { before, describe, test } from 'node:test';
import { browserMissing, launchBrowser, openAuthorize, skipBrowserTests } from './support/browser.mjs';
import { unique } from './support/sandbox.mjs';
import { WeGate } from './support/wegate.mjs';

const pcSize = { viewport: { width: 1280, height: 800 } };
const phoneSize = { viewport: { width: 390, height: 844 } };

// WeGate, a browser and the PC site, each stopped when the test ends.
async function start(t) {
  const wegate = await WeGate.start();
  t.after(() => wegate.stop());
  const browser = await launchBrowser();
  t.after(() => browser.close());
  return { wegate, sandbox: wegate.sandbox, browser, ...await startSite(t) };
}

// The PC site: its redirect URI on loopback (plain http is allowed there), answering every request
// with a page of its own and remembering where the browser landed.
async function startSite(t) {
  const landings = [];
  const server = createServer((request, response) => {
    landings.push(request.url);
    response.setHeader('content-type', 'text/html; charset=utf-8');
    response.end('<h1>signed in</h1>');
  });
  await new Promise(done => server.listen(0, '127.0.0.1', done));
  t.after(() => new Promise(done => server.close(done)));
  return { callback: `http://127.0.0.1:${server.address().port}/callback`, landings };
}

const create = (wegate, path, body) => wegate.admin('POST', path, body, { status: 201 });

// A pool with an mp-qr connection to a fresh sandbox mini program, a PC site using it, and a persona.
async function world(wegate, callback) {
  const { sandbox } = wegate;
  const pool = `p${randomBytes(6).toString('hex')}`;
  await create(wegate, 'pools', { name: pool });
  const mp = await sandbox.createApp({ type: 'miniprogram', openPlatformAccount: unique('open') });
  await create(wegate, `pools/${pool}/connections`, {
    slug: 'mp-qr', type: 'mp-qr', display_name: '小程序 MP', app_id: mp.appId, app_secret: mp.secret, settings: { page: 'pages/login/index' },
  });
  await create(wegate, `pools/${pool}/applications`, {
    client_id: 'pc-site', display_name: 'PC Site', type: 'spa', redirect_uris: [callback], grants: ['authorization_code'], connections: ['mp-qr'],
  });
  const persona = await sandbox.createPersona({ id: unique('mei'), nickname: '梅 Mei', phone: '13800138000' });
  return { pool, mp, persona };
}

// The PC: the application sends the browser to authorize, which leads to the hosted login page.
async function openLoginPage(browser, wegate, pool, callback) {
  const { page: pc, verifier } = await openAuthorize(browser, wegate, pool,
    { clientId: 'pc-site', redirectUri: callback, scope: 'openid phone', state: 'st-pc', nonce: 'n-pc', locale: 'en-US' });
  await pc.waitForSelector('[data-wegate-ticket] img[src^="data:image/"]');
  return { pc, verifier, ticket: await pc.getAttribute('[data-wegate-ticket]', 'data-wegate-ticket') };
}

async function openPhone(browser, sandbox, personaId) {
  const phone = await (await browser.newContext(phoneSize)).newPage();
  await phone.goto(`${sandbox.base}/phone?persona=${encodeURIComponent(personaId)}#scan`);
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
    const { wegate, sandbox, browser, callback, landings } = await start(t);
    const { pool, persona } = await world(wegate, callback);
    const { pc, verifier, ticket } = await openLoginPage(browser, wegate, pool, callback);
    assert.equal(ticket.length, 24);
    assert.equal(await pc.textContent('[data-ticket-status]'), 'Open WeChat and scan the code to sign in.');

    const phone = await openPhone(browser, sandbox, persona.id);
    await scanCode(phone, ticket);

    // The mini program's page says it was opened; the PC hears it over SSE.
    const scanned = await fetch(`${wegate.base}/pools/${pool}/login/mp-qr/scan`, {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ scene: ticket }),
    }).then(response => response.json());
    assert.equal(scanned.application, 'PC Site');
    await pc.waitForSelector('[data-wegate-ticket][data-state="scanned"]');
    assert.match(await pc.textContent('[data-ticket-status]'), /^Scanned\./);

    await phone.click('#mp-login');
    await phone.click('#mp-phone');
    await phone.waitForSelector('[data-output="js-code"] code');
    await phone.waitForSelector('[data-output="phone-code"] code');
    const answer = await postFromMiniProgram(phone, `${wegate.base}/pools/${pool}/login/mp-qr/confirm`);
    assert.match(answer, /^HTTP 200\n\{"status":"confirmed"\}/);

    await pc.waitForURL(url => url.href.startsWith(callback));
    const landed = new URL(pc.url());
    assert.equal(landed.searchParams.get('state'), 'st-pc');
    assert.equal(landings.filter(path => path.startsWith('/callback')).length, 1);
    assert.equal(await pc.textContent('h1'), 'signed in');
    const claims = await wegate.claimsFor(pool, { client: 'pc-site', code: landed.searchParams.get('code'), redirectUri: callback, verifier });
    assert.equal(claims.phone_number, '+8613800138000');

    // The same code posted again: the mini program is told the code was used; nothing changes.
    const again = await postFromMiniProgram(phone, `${wegate.base}/pools/${pool}/login/mp-qr/confirm`);
    assert.match(again, /^HTTP 400\n.*"error":"invalid_grant".*already used/s);
  });

  test('a getwxacodeunlimit error is shown on the page instead of the code, with the password form still there', needsBrowser, async t => {
    const { wegate, sandbox, browser, callback } = await start(t);
    const { pool } = await world(wegate, callback);
    await sandbox.control('PUT', 'faults', { path: 'wxa/getwxacodeunlimit', errCode: 41030, count: 1 });

    const pc = await (await browser.newContext({ ...pcSize, locale: 'zh-CN' })).newPage();
    const query = new URLSearchParams({
      response_type: 'code', client_id: 'pc-site', redirect_uri: callback, scope: 'openid', state: 's',
      code_challenge: createHash('sha256').update('v'.repeat(43)).digest('base64url'), code_challenge_method: 'S256',
    });
    await pc.goto(`${wegate.base}/pools/${pool}/oauth2/authorize?${query}`);
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
