// Flow 2 (website-qr) in a real browser: WeGate in Development with the sandbox mounted; the PC login
// page in headless Debian Chromium embeds WeChat's QR (the sandbox's qrconnect page in an iframe), the
// virtual phone (another page of the same browser) or the control API scans and approves or denies,
// and the PC page is sent on by WeChat, or, when WeChat sends nothing (a denial), offers a new QR by
// itself. Each test starts its own WeGate (support/wegate.mjs) and browser and stops both.
import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { browserMissing, launchBrowser, openAuthorize, skipBrowserTests } from './support/browser.mjs';
import { unique } from './support/sandbox.mjs';
import { WeGate } from './support/wegate.mjs';

const callback = 'https://rp.example.test/callback';
const needsBrowser = { skip: skipBrowserTests };

// `settings` become WeGate's environment for this start only (e.g. a short QR timeout).
async function start(t, settings = {}) {
  const saved = { ...process.env };
  Object.assign(process.env, settings);
  let wegate;
  try {
    wegate = await WeGate.start();
  } finally {
    for (const key of Object.keys(settings)) {
      if (key in saved) process.env[key] = saved[key]; else delete process.env[key];
    }
  }
  let browser = null;
  t.after(async () => {
    await browser?.close();
    await wegate.stop();
  });
  browser = await launchBrowser();
  return { wegate, sandbox: wegate.sandbox, browser };
}

// A pool with a website-qr connection to a sandbox website app whose callback domain is WeGate's
// address, and a single-page application that offers it.
async function websiteWorld(wegate) {
  const { sandbox } = wegate;
  const pool = unique('pool');
  await wegate.admin('POST', 'pools', { name: pool });
  const website = await sandbox.createApp({ type: 'website', openPlatformAccount: unique('open'), callbackDomain: new URL(wegate.base).host });
  await wegate.admin('POST', `pools/${pool}/connections`, {
    slug: 'wechat', type: 'website-qr', display_name: '微信', app_id: website.appId, app_secret: website.secret,
  });
  await wegate.admin('POST', `pools/${pool}/applications`, {
    client_id: 'pc-web', display_name: 'PC Demo', type: 'spa', redirect_uris: [callback], grants: ['authorization_code'], connections: ['wechat'],
  });
  return { pool, website };
}

// The PC: the application sends the person to WeGate's login page, whose iframe shows WeChat's QR.
// CSP violations on the page are collected.
async function openLoginPage(browser, wegate, pool) {
  const { page: pc, verifier, violations } = await openAuthorize(browser, wegate, pool,
    { clientId: 'pc-web', redirectUri: callback, scope: 'openid profile wechat', state: 'st4te' });
  return { pc, verifier, violations, uuid: await qrOnPage(pc) };
}

// Waits for the embedded QR to show and answers the sandbox login it opened.
async function qrOnPage(pc) {
  const frame = pc.frameLocator('section[data-wegate-website-qr] iframe');
  await frame.locator('section[data-when="waiting"] img.qrcode').waitFor();
  return frame.locator('#wegate-qrconnect').getAttribute('data-uuid');
}

async function openPhone(browser, sandbox, personaId) {
  const phone = await (await browser.newContext({ viewport: { width: 390, height: 844 } })).newPage();
  await phone.goto(`${sandbox.base}/phone?persona=${encodeURIComponent(personaId)}#scan`);
  await phone.waitForSelector('body[data-ready="true"]');
  await phone.click('nav button[data-go="me"]');
  await phone.waitForSelector(`li.persona[data-id="${personaId}"] .current`);
  return phone;
}

async function scan(phone, uuid) {
  await phone.click('nav button[data-go="scan"]');
  await phone.click('#scan-refresh');
  await phone.click(`li.scannable[data-id="${uuid}"] button.scan`);
}

// The browser arriving at the application's callback with WeGate's code. The test reads the code from
// the request itself: Playwright does not route a redirect that follows a navigation a script started
// after the page had loaded, which is exactly how WeChat's page sends the browser on.
function landing(pc) {
  return pc.waitForRequest(request => request.url().startsWith(callback) && request.isNavigationRequest(), { timeout: 30_000 })
    .then(request => new URL(request.url()));
}

function redeem(wegate, pool, landed, verifier) {
  assert.equal(landed.searchParams.get('state'), 'st4te');
  assert.equal(landed.searchParams.get('iss'), `${wegate.base}/pools/${pool}`);
  return wegate.claimsFor(pool, { client: 'pc-web', code: landed.searchParams.get('code'), redirectUri: callback, verifier });
}

describe('website-qr login page', () => {
  before(() => {
    if (browserMissing && !skipBrowserTests) {
      throw new Error(browserMissing);
    }
  });

  test('the phone scans the QR embedded in the PC login page and approves; WeChat sends the whole page on and it signs in', needsBrowser, async t => {
    const { wegate, sandbox, browser } = await start(t);
    const { pool, website } = await websiteWorld(wegate);
    const persona = await sandbox.createPersona({ id: unique('mei'), nickname: '梅 Mei' });
    const { pc, verifier, violations, uuid } = await openLoginPage(browser, wegate, pool);
    assert.match(await pc.textContent('section[data-wegate-website-qr] h2'), /微信扫码登录/);

    const phone = await openPhone(browser, sandbox, persona.id);
    await scan(phone, uuid);
    await pc.frameLocator('section[data-wegate-website-qr] iframe').locator('section[data-when="scanned"]:not([hidden])').waitFor();
    const landed = landing(pc);
    await phone.click('#login-approve');
    await phone.waitForSelector('#scan-flow .done[data-status="confirmed"]');

    const claims = await redeem(wegate, pool, await landed, verifier);
    assert.equal(claims.wechat_unionid, (await sandbox.identity(website.appId, persona.id)).unionId);
    assert.equal(claims.nickname, '梅 Mei');
    assert.deepEqual(violations, []);
  });

  test('a denial on the phone sends nothing back: the page gives up on the QR by itself and a new QR signs in', needsBrowser, async t => {
    const { wegate, sandbox, browser } = await start(t, { WeGate__Logins__WebsiteQr__QrTimeoutSeconds: '12' });
    const { pool } = await websiteWorld(wegate);
    const persona = await sandbox.createPersona({ id: unique('lei'), nickname: 'Lei' });
    const { pc, verifier, violations, uuid } = await openLoginPage(browser, wegate, pool);
    const loginPage = pc.url();

    await sandbox.control('POST', `qrconnect/${uuid}/scan`, { personaId: persona.id });
    await sandbox.control('POST', `qrconnect/${uuid}/deny`);
    await pc.frameLocator('section[data-wegate-website-qr] iframe').locator('section[data-when="denied"]:not([hidden])').waitFor();
    assert.equal(pc.url(), loginPage);

    await pc.waitForSelector('[data-website-qr-expired]:not([hidden])', { timeout: 30_000 });
    assert.equal(await pc.$('section[data-wegate-website-qr] iframe'), null);
    assert.match(await pc.textContent('[data-website-qr-expired]'), /二维码已失效，或已在手机上取消登录/);
    await pc.click('[data-website-qr-expired] a[data-retry]');

    const again = await qrOnPage(pc);
    assert.notEqual(again, uuid);
    const landed = landing(pc);
    await sandbox.control('POST', `qrconnect/${again}/scan`, { personaId: persona.id });
    await sandbox.control('POST', `qrconnect/${again}/confirm`);
    assert.ok((await redeem(wegate, pool, await landed, verifier)).sub);
    assert.deepEqual(violations, []);
  });

  test('WeChat\'s whole QR page instead of the embedded one: approval comes back to WeGate and signs in', needsBrowser, async t => {
    const { wegate, sandbox, browser } = await start(t);
    const { pool } = await websiteWorld(wegate);
    const persona = await sandbox.createPersona({ id: unique('hua'), nickname: 'Hua' });
    const { pc, verifier } = await openLoginPage(browser, wegate, pool);

    await pc.click('a[data-website-qr-full-page]');
    await pc.waitForSelector('#wegate-qrconnect section[data-when="waiting"] img.qrcode');
    assert.match(pc.url(), /\/sandbox\/open\/connect\/qrconnect\?/);
    const uuid = await pc.getAttribute('#wegate-qrconnect', 'data-uuid');
    const landed = landing(pc);
    await sandbox.control('POST', `qrconnect/${uuid}/scan`, { personaId: persona.id });
    await sandbox.control('POST', `qrconnect/${uuid}/confirm`);

    assert.ok((await redeem(wegate, pool, await landed, verifier)).sub);
  });
});
