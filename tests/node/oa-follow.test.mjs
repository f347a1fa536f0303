// Flow 1 (oa-follow) in a real browser: WeGate in Development with the sandbox mounted; the PC login page
// in headless Debian Chromium shows the official account's QR, the virtual phone (another page of the
// same browser) scans it and follows, and the PC page signs in by itself. Each test starts its own WeGate
// (support/wegate.mjs) and browser and stops both.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import { before, describe, test } from 'node:test';
import { browserMissing, launchBrowser, openAuthorize, skipBrowserTests } from './support/browser.mjs';
import { unique } from './support/sandbox.mjs';
import { WeGate } from './support/wegate.mjs';

const needsBrowser = { skip: skipBrowserTests };

// WeGate, a browser, and the application's own callback: a loopback server (RFC 8252 §7.3 lets a
// redirect URI be plain http there) that just says "signed in".
async function start(t) {
  const wegate = await WeGate.start();
  let browser = null;
  const app = createServer((request, response) => {
    response.setHeader('content-type', 'text/html');
    response.end('<h1>signed in</h1>');
  });
  t.after(async () => {
    await browser?.close();
    await new Promise(done => app.close(done));
    await wegate.stop();
  });
  await new Promise(done => app.listen(0, '127.0.0.1', done));
  browser = await launchBrowser();
  return { wegate, sandbox: wegate.sandbox, browser, callback: `http://127.0.0.1:${app.address().port}/callback` };
}

// A pool with an oa-follow connection to a safe-mode sandbox official account whose server URL is
// WeGate's callback, and a single-page application that offers it.
async function followWorld(wegate, callback) {
  const { sandbox } = wegate;
  const pool = unique('pool');
  await wegate.admin('POST', 'pools', { name: pool });
  const token = `token${randomBytes(8).toString('hex')}`;
  const aesKey = randomKey();
  const oa = await sandbox.createApp({ type: 'official-account', openPlatformAccount: unique('open'), token, encodingAesKey: aesKey, messageMode: 'safe' });
  await wegate.admin('POST', `pools/${pool}/connections`, {
    slug: 'follow', type: 'oa-follow', display_name: 'WeGate 服务号', app_id: oa.appId, app_secret: oa.secret, token, encoding_aes_key: aesKey,
    settings: { message_mode: 'safe', original_id: oa.originalId },
  });
  await sandbox.control('PATCH', `apps/${oa.appId}`, { serverUrl: `${wegate.base}/pools/${pool}/login/oa-follow/follow/callback` });
  await wegate.admin('POST', `pools/${pool}/applications`, {
    client_id: 'pc-web', display_name: 'PC Demo', type: 'spa', redirect_uris: [callback], grants: ['authorization_code'], connections: ['follow'],
  });
  return { pool, oa, callback };
}

// 43 letters and digits (docs/wechat-contract.md#encodingaeskey).
function randomKey() {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
  return Array.from(randomBytes(43), byte => alphabet[byte % alphabet.length]).join('');
}

// The PC: the application sends the person to WeGate's login page. CSP violations on the page are collected.
async function openLoginPage(browser, wegate, { pool, callback }) {
  const { page: pc, verifier, violations } = await openAuthorize(browser, wegate, pool,
    { clientId: 'pc-web', redirectUri: callback, scope: 'openid wechat', state: 'st4te' });
  await pc.waitForSelector('[data-wegate-ticket] img');
  return { pc, verifier, violations, ticket: await pc.getAttribute('[data-wegate-ticket]', 'data-wegate-ticket') };
}

async function openPhone(browser, sandbox, personaId) {
  const phone = await (await browser.newContext({ viewport: { width: 390, height: 844 } })).newPage();
  await phone.goto(`${sandbox.base}/phone?persona=${encodeURIComponent(personaId)}#scan`);
  await phone.waitForSelector('body[data-ready="true"]');
  // ?persona= picks who holds the phone.
  await phone.click('nav button[data-go="me"]');
  await phone.waitForSelector(`li.persona[data-id="${personaId}"] .current`);
  return phone;
}

// The phone's Scan screen lists the login page's parametric QR by its ticket; the scene is the login ticket.
async function scanLoginQr(phone, sandbox, loginTicket) {
  const qr = (await sandbox.control('GET', 'scannables')).find(item => item.kind === 'official-account-qr' && item.scene === loginTicket);
  assert.ok(qr, `the sandbox lists no QR with scene ${loginTicket}`);
  await phone.click('nav button[data-go="scan"]');
  await phone.click('#scan-refresh');
  await phone.click(`li.scannable[data-id="${qr.id}"] button.scan`);
  return qr;
}

function redeem(wegate, { pool, callback }, pc, verifier) {
  const landed = new URL(pc.url());
  assert.equal(landed.searchParams.get('state'), 'st4te');
  return wegate.claimsFor(pool, { client: 'pc-web', code: landed.searchParams.get('code'), redirectUri: callback, verifier });
}

describe('oa-follow login page', () => {
  before(() => {
    if (browserMissing && !skipBrowserTests) {
      throw new Error(browserMissing);
    }
  });

  test('the phone scans the PC page\'s QR and follows; the page signs in; a second scan as a follower signs in to the same account', needsBrowser, async t => {
    const { wegate, sandbox, browser, callback } = await start(t);
    const world = await followWorld(wegate, callback);
    const persona = await sandbox.createPersona({ id: unique('fan'), nickname: 'Fan' });

    const first = await openLoginPage(browser, wegate, world);
    assert.match(await first.pc.textContent('[data-ticket-status]'), /请用微信扫描二维码并关注公众号「WeGate 服务号」/);
    assert.ok(await first.pc.$eval('[data-wegate-ticket] img', img => img.complete && img.naturalWidth > 100), 'the QR image did not load');

    const phone = await openPhone(browser, sandbox, persona.id);
    await scanLoginQr(phone, sandbox, first.ticket);
    await phone.click('#oa-follow');
    await phone.waitForSelector('#scan-flow .event[data-event="subscribe"] .delivery[data-outcome="replied"]');
    assert.match(await phone.textContent('#scan-flow .delivery'), /登录成功：已登录「PC Demo」/);

    await first.pc.waitForURL(url => url.href.startsWith(callback));
    const claims = await redeem(wegate, world, first.pc, first.verifier);
    const identity = await sandbox.identity(world.oa.appId, persona.id);
    assert.equal(claims.wechat_unionid, identity.unionId);
    assert.deepEqual(first.violations, []);

    // Later, in a new browser session: the follower's scan pushes SCAN and signs in to the same account.
    const second = await openLoginPage(browser, wegate, world);
    await scanLoginQr(phone, sandbox, second.ticket);
    await phone.waitForSelector('#scan-flow .event[data-event="SCAN"] .delivery[data-outcome="replied"]');
    await second.pc.waitForURL(url => url.href.startsWith(callback));
    assert.equal((await redeem(wegate, world, second.pc, second.verifier)).sub, claims.sub);
  });

  test('WeChat refusing the follower lookup: the phone and the PC page both say what went wrong', needsBrowser, async t => {
    const { wegate, sandbox, browser, callback } = await start(t);
    const world = await followWorld(wegate, callback);
    const persona = await sandbox.createPersona({ id: unique('fan'), nickname: 'Fan' });
    const { pc, ticket } = await openLoginPage(browser, wegate, world);
    await sandbox.control('PUT', 'faults', { path: 'cgi-bin/user/info', errCode: 48001, count: 1 });

    const phone = await openPhone(browser, sandbox, persona.id);
    await scanLoginQr(phone, sandbox, ticket);
    await phone.click('#oa-follow');
    await phone.waitForSelector('#scan-flow .event[data-event="subscribe"] .delivery[data-outcome="replied"]');
    assert.match(await phone.textContent('#scan-flow .delivery'), /登录失败/);

    await pc.waitForURL(url => url.pathname.endsWith('/complete'));
    assert.match(await pc.textContent('main'), /access_denied.*errcode 48001/s);
  });
});
