// The virtual phone ({sandbox}/phone) in a real browser: a person scans what a PC page shows, approves
// or denies, follows an official account. Headless Debian Chromium driven by playwright-core; each test
// starts its own `wegate sandbox` and browser and stops both (support/sandbox.mjs, support/browser.mjs).
import assert from 'node:assert/strict';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { before, describe, test } from 'node:test';
import { browserMissing, launchBrowser, skipBrowserTests } from './support/browser.mjs';
import { Sandbox, unique } from './support/sandbox.mjs';

const phoneSize = { viewport: { width: 390, height: 844 } };
const pcSize = { viewport: { width: 1280, height: 800 } };
const callback = 'http://rp.example.test/wechat/callback';

// A sandbox and a browser for one test, both stopped when it ends, whatever happened.
async function start(t, args) {
  const sandbox = await Sandbox.start(args);
  let browser = null;
  t.after(async () => {
    await browser?.close();
    await sandbox.stop();
  });
  browser = await launchBrowser();
  return { sandbox, browser };
}

async function openPhone(browser, sandbox, hash = 'scan') {
  const phone = await (await browser.newContext(phoneSize)).newPage();
  await phone.goto(`${sandbox.base}/phone#${hash}`);
  await phone.waitForSelector('body[data-ready="true"]');
  return phone;
}

async function usePersona(phone, personaId) {
  await phone.click('nav button[data-go="me"]');
  await phone.click(`li.persona[data-id="${personaId}"] button`);
  await phone.waitForSelector(`li.persona[data-id="${personaId}"] .current`);
}

async function scan(phone, id) {
  await phone.click('nav button[data-go="scan"]');
  await phone.waitForSelector('#screen-scan:not([hidden])');
  const button = `li.scannable[data-id="${id}"] button.scan`;
  try {
    await phone.click(button, { timeout: 15000 });
  } catch (error) {
    // Seen once in CI: the button was found but never visible. Say what the page showed.
    const shown = await phone.evaluate(selector => ({
      hash: location.hash,
      sections: [...document.querySelectorAll('main > section')].map(s => `${s.id}${s.hidden ? ' (hidden)' : ''}`),
      box: JSON.stringify(document.querySelector(selector)?.getBoundingClientRect()),
      entry: document.querySelector(selector)?.closest('li')?.outerHTML.slice(0, 600),
      toast: document.querySelector('#toast')?.textContent,
    }), button);
    const picture = join(tmpdir(), `phone-scan-failed-${Date.now()}.png`);
    await phone.screenshot({ path: picture, fullPage: true });
    throw new Error(`${error.message}\nthe phone showed: ${JSON.stringify(shown)}; screenshot ${picture}`);
  }
}

// The PC side of a website login: the qrconnect page, its redirect target answered by the test itself.
async function openLoginPage(browser, sandbox, website, state) {
  const pc = await (await browser.newContext(pcSize)).newPage();
  const redirects = [];
  await pc.route('http://rp.example.test/**', route => {
    redirects.push(route.request().url());
    return route.fulfill({ contentType: 'text/html', body: '<h1>signed in</h1>' });
  });
  const query = new URLSearchParams({ appid: website.appId, redirect_uri: callback, response_type: 'code', scope: 'snsapi_login', state });
  await pc.goto(`${sandbox.base}/open/connect/qrconnect?${query}#wechat_redirect`);
  await pc.waitForSelector('section[data-when="waiting"] img.qrcode');
  return { pc, redirects, uuid: await pc.getAttribute('#wegate-qrconnect', 'data-uuid') };
}

function websiteApp(sandbox) {
  return sandbox.createApp({ type: 'website', openPlatformAccount: unique('open'), callbackDomain: 'rp.example.test' });
}

async function api(sandbox, path, body) {
  const response = await fetch(`${sandbox.base}/api/${path}`, body === undefined ? {} : {
    method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body),
  });
  return response.json();
}

// Without Chromium the tests skip locally (saying how to install it) and fail in CI (support/browser.mjs).
const needsBrowser = { skip: skipBrowserTests };

describe('virtual phone', () => {
  before(() => {
    if (browserMissing && !skipBrowserTests) {
      throw new Error(browserMissing);
    }
  });

  test('website login: the phone scans the PC page\'s QR and approves; the page redirects with a working code', needsBrowser, async t => {
    const { sandbox, browser } = await start(t);
    const website = await websiteApp(sandbox);
    const { pc, redirects, uuid } = await openLoginPage(browser, sandbox, website, 'st4te');

    // A new persona, made on the phone's Me screen.
    const personaId = unique('mei');
    const phone = await openPhone(browser, sandbox, 'me');
    await phone.fill('#persona-form [name="persona-id"]', personaId);
    await phone.fill('#persona-form [name="nickname"]', '梅 Mei');
    await phone.click('#persona-form button[type="submit"]');
    await phone.waitForSelector(`li.persona[data-id="${personaId}"] .current`);
    assert.equal(await phone.textContent('#persona-current'), `梅 Mei · ${personaId}`);

    await scan(phone, uuid);
    await pc.waitForSelector('section[data-when="scanned"]:not([hidden])');
    await phone.click('#login-approve');
    await phone.waitForSelector('#scan-flow .done[data-status="confirmed"]');
    await pc.waitForURL(url => url.href.startsWith(callback));

    const landed = new URL(pc.url());
    assert.equal(landed.searchParams.get('state'), 'st4te');
    assert.deepEqual(redirects, [pc.url()]);
    const token = await api(sandbox, `sns/oauth2/access_token?appid=${website.appId}&secret=${website.secret}&code=${landed.searchParams.get('code')}&grant_type=authorization_code`);
    const expected = await sandbox.identity(website.appId, personaId);
    assert.equal(token.openid, expected.openId);
    assert.equal(token.unionid, expected.unionId);
    assert.equal(token.scope, 'snsapi_login');
  });

  test('website login: denial on the phone shows the cancelled state on the PC page, which stays put', needsBrowser, async t => {
    const { sandbox, browser } = await start(t);
    const website = await websiteApp(sandbox);
    const persona = await sandbox.createPersona({ id: unique('lei'), nickname: 'Lei' });
    const { pc, redirects, uuid } = await openLoginPage(browser, sandbox, website, 'st4te');
    const page = pc.url();

    const phone = await openPhone(browser, sandbox);
    await usePersona(phone, persona.id);
    await scan(phone, uuid);
    await phone.click('#login-deny');
    await phone.waitForSelector('#scan-flow .done[data-status="denied"]');
    await pc.waitForSelector('section[data-when="denied"]:not([hidden])');

    // Two poll intervals later the page has neither moved nor asked again.
    await pc.waitForTimeout(2500);
    assert.equal(pc.url(), page);
    assert.deepEqual(redirects, []);
    assert.equal(await pc.isHidden('section[data-when="waiting"]'), true);
    assert.equal((await sandbox.control('GET', `qrconnect/${uuid}`)).status, 'denied');
  });

  test('official account: following through a parametric QR pushes subscribe, scanning again pushes SCAN', needsBrowser, async t => {
    const { sandbox, browser } = await start(t);
    const pushes = [];
    const server = createServer((request, response) => {
      let body = '';
      request.on('data', chunk => { body += chunk; });
      request.on('end', () => {
        pushes.push({ url: request.url, body });
        response.end('success');
      });
    });
    await new Promise(done => server.listen(0, '127.0.0.1', done));
    t.after(() => new Promise(done => server.close(done)));

    const oa = await sandbox.createApp({
      type: 'official-account', openPlatformAccount: unique('open'), token: 'phone-test-token',
      serverUrl: `http://127.0.0.1:${server.address().port}/wechat`,
    });
    const persona = await sandbox.createPersona({ id: unique('fan'), nickname: 'Fan' });
    const { access_token: accessToken } = await api(sandbox, `cgi-bin/token?grant_type=client_credential&appid=${oa.appId}&secret=${oa.secret}`);
    const qr = await api(sandbox, `cgi-bin/qrcode/create?access_token=${accessToken}`,
      { expire_seconds: 300, action_name: 'QR_STR_SCENE', action_info: { scene: { scene_str: 'login_phone' } } });

    const phone = await openPhone(browser, sandbox);
    await usePersona(phone, persona.id);
    await scan(phone, qr.ticket);
    await phone.click('#oa-follow');
    await phone.waitForSelector('#scan-flow .event[data-event="subscribe"] .delivery[data-outcome="acknowledged"]');

    const { openId } = await sandbox.identity(oa.appId, persona.id);
    assert.equal(pushes.length, 1);
    assert.match(pushes[0].url, /^\/wechat\?signature=[0-9a-f]{40}&timestamp=\d+&nonce=/);
    assert.match(pushes[0].body, new RegExp(`<FromUserName><!\\[CDATA\\[${openId}\\]\\]></FromUserName>`));
    assert.match(pushes[0].body, /<Event><!\[CDATA\[subscribe\]\]><\/Event>/);
    assert.match(pushes[0].body, /<EventKey><!\[CDATA\[qrscene_login_phone\]\]><\/EventKey>/);

    // Now a follower: the same QR opens the chat at once and pushes SCAN with the bare scene.
    await phone.click('#scan-refresh');
    await phone.waitForSelector(`li.scannable[data-id="${qr.ticket}"] >> text=已关注 following`);
    await scan(phone, qr.ticket);
    await phone.waitForSelector('#scan-flow .event[data-event="SCAN"] .delivery[data-outcome="acknowledged"]');
    assert.equal(pushes.length, 2);
    assert.match(pushes[1].body, /<Event><!\[CDATA\[SCAN\]\]><\/Event>/);
    assert.match(pushes[1].body, /<EventKey><!\[CDATA\[login_phone\]\]><\/EventKey>/);

    const deliveries = await sandbox.control('GET', `deliveries?app_id=${oa.appId}`);
    assert.deepEqual(deliveries.map(delivery => [delivery.event, delivery.outcome]), [['subscribe', 'acknowledged'], ['SCAN', 'acknowledged']]);
    await phone.click('nav button[data-go="messages"]');
    await phone.waitForSelector('#deliveries li.delivery[data-event="SCAN"]');
    assert.equal(await phone.locator('#deliveries li.delivery').count(), 2);
  });

  test('mini program code and mobile app: the codes the phone hands out work at the API', needsBrowser, async t => {
    const { sandbox, browser } = await start(t);
    const mp = await sandbox.createApp({ type: 'miniprogram' });
    const mobile = await sandbox.createApp({ type: 'mobile' });
    const persona = await sandbox.createPersona({ id: unique('mp'), phone: '13800138000' });
    const { access_token: accessToken } = await api(sandbox, `cgi-bin/token?grant_type=client_credential&appid=${mp.appId}&secret=${mp.secret}`);
    const image = await fetch(`${sandbox.base}/api/wxa/getwxacodeunlimit?access_token=${accessToken}`, {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ scene: 't=abc_123', page: 'pages/login/index' }),
    });
    assert.equal(image.headers.get('content-type'), 'image/png');

    // The person pastes what a QR decoder read from the PC's mini program code.
    const phone = await openPhone(browser, sandbox);
    await usePersona(phone, persona.id);
    await phone.click('nav button[data-go="scan"]');
    await phone.fill('#qr-content', `https://mp.weixin.qq.com/a/${mp.appId}?scene=t%3Dabc_123&page=pages%2Flogin%2Findex`);
    await phone.click('#scan-paste button[type="submit"]');
    await phone.waitForSelector('#screen-miniprogram:not([hidden]) #mp-scene');
    assert.equal(await phone.textContent('#mp-scene'), 't=abc_123');
    await phone.click('#mp-login');
    await phone.click('#mp-phone');
    const jsCode = await phone.textContent('[data-output="js-code"] code');
    const phoneCode = await phone.textContent('[data-output="phone-code"] code');

    const session = await api(sandbox, `sns/jscode2session?appid=${mp.appId}&secret=${mp.secret}&js_code=${jsCode}&grant_type=authorization_code`);
    assert.equal(session.openid, (await sandbox.identity(mp.appId, persona.id)).openId);
    const number = await api(sandbox, `wxa/business/getuserphonenumber?access_token=${accessToken}`, { code: phoneCode });
    assert.equal(number.phone_info.purePhoneNumber, '13800138000');

    // The scan opened the mini program screen itself; the tab bar still leads back.
    await phone.click('nav button[data-go="scan"]');
    await phone.waitForSelector('#screen-scan:not([hidden])');
    await phone.click('nav button[data-go="app"]');
    await phone.selectOption('#app-app', mobile.appId);
    await phone.click('#app-deny');
    await phone.waitForSelector('#app-result pre[data-err-code="-4"]');
    await phone.click('#app-allow');
    await phone.waitForSelector('#app-result pre[data-err-code="0"]');
    const code = await phone.textContent('[data-output="app-code"] code');
    const token = await api(sandbox, `sns/oauth2/access_token?appid=${mobile.appId}&secret=${mobile.secret}&code=${code}&grant_type=authorization_code`);
    assert.equal(token.openid, (await sandbox.identity(mobile.appId, persona.id)).openId);
    assert.equal(token.scope, 'snsapi_userinfo');
  });

  test('scan list: newest first, each entry labelled as its PC page shows it; a closed page\'s login leaves; the card opens in the tapped entry', needsBrowser, async t => {
    const { sandbox, browser } = await start(t, ['--Sandbox:QrConnectUnwatchedAfter=00:00:03']);
    const oa = await sandbox.createApp({ type: 'official-account' });
    const persona = await sandbox.createPersona({ id: unique('list'), nickname: 'List' });
    const { access_token: accessToken } = await api(sandbox, `cgi-bin/token?grant_type=client_credential&appid=${oa.appId}&secret=${oa.secret}`);
    const tickets = [];
    for (let i = 0; i < 6; i++) {
      tickets.push((await api(sandbox, `cgi-bin/qrcode/create?access_token=${accessToken}`,
        { expire_seconds: 300, action_name: 'QR_STR_SCENE', action_info: { scene: { scene_str: `look_alike_${i}` } } })).ticket);
    }
    const website = await websiteApp(sandbox);
    const older = await openLoginPage(browser, sandbox, website, 'a');
    const newer = await openLoginPage(browser, sandbox, website, 'b');

    const phone = await openPhone(browser, sandbox);
    await usePersona(phone, persona.id);
    await phone.click('nav button[data-go="scan"]');
    await phone.waitForSelector(`li.scannable[data-id="${newer.uuid}"]`);
    const ids = await phone.$$eval('li.scannable', rows => rows.map(row => row.dataset.id));
    assert.deepEqual(ids, [newer.uuid, older.uuid, ...[...tickets].reverse()]);
    for (const { pc, uuid } of [older, newer]) {
      assert.equal(await phone.textContent(`li.scannable[data-id="${uuid}"] .label`), await pc.textContent('[data-label]'));
    }
    assert.equal(await phone.textContent(`li.scannable[data-id="${tickets.at(-1)}"] .label`), 'ke_5');

    // The older tab closes: its login leaves the list once the page has stopped polling.
    await older.pc.close();
    await phone.waitForSelector(`li.scannable[data-id="${older.uuid}"]`, { state: 'detached', timeout: 15_000 });
    assert.equal(await phone.isVisible(`li.scannable[data-id="${newer.uuid}"]`), true);

    // The bottom entry, below the fold: its card opens inside it, in view, with the first button focused.
    const bottom = tickets[0];
    await phone.click(`li.scannable[data-id="${bottom}"] button.scan`);
    const follow = phone.locator(`li.scannable[data-id="${bottom}"] #scan-flow #oa-follow`);
    await follow.waitFor();
    assert.equal(await follow.evaluate(button => document.activeElement === button), true);
    const box = await follow.boundingBox();
    assert.ok(box.y >= 0 && box.y + box.height <= phoneSize.viewport.height, `the Follow button is in view: ${JSON.stringify(box)}`);
    await phone.screenshot({ path: join(tmpdir(), 'phone-scan-list.png') });
  });

  test('mp-qr: opening a mini program code tells the login server it was scanned, and 发送 goes to its confirm URL', needsBrowser, async t => {
    const calls = [];
    const server = createServer((request, response) => {
      response.setHeader('access-control-allow-origin', '*');
      response.setHeader('access-control-allow-headers', 'content-type');
      if (request.method === 'OPTIONS') {
        response.statusCode = 204;
        response.end();
        return;
      }
      let body = '';
      request.on('data', chunk => { body += chunk; });
      request.on('end', () => {
        calls.push({ path: request.url, body: JSON.parse(body) });
        response.setHeader('content-type', 'application/json');
        response.end(JSON.stringify(request.url.endsWith('/scan') ? { status: 'scanned', application: 'Acme 商城', expires_in: 300 } : { status: 'confirmed' }));
      });
    });
    await new Promise(done => server.listen(0, '127.0.0.1', done));
    t.after(() => new Promise(done => server.close(done)));
    const loginUrl = `http://127.0.0.1:${server.address().port}/pools/acme/login/mp-qr`;

    const { sandbox, browser } = await start(t);
    const mp = await sandbox.createApp({ type: 'miniprogram', loginUrl });
    const persona = await sandbox.createPersona({ id: unique('mpqr') });
    const { access_token: accessToken } = await api(sandbox, `cgi-bin/token?grant_type=client_credential&appid=${mp.appId}&secret=${mp.secret}`);
    const scene = 'Tk3xQ9vLm2Pa7Rb5Wc8Yd1Ze';
    await fetch(`${sandbox.base}/api/wxa/getwxacodeunlimit?access_token=${accessToken}`, {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ scene, page: 'pages/login/index' }),
    });

    const phone = await openPhone(browser, sandbox);
    await usePersona(phone, persona.id);
    await phone.click('nav button[data-go="scan"]');
    const entry = phone.locator('li.scannable[data-kind="miniprogram-code"]');
    assert.equal(await entry.locator('.label').textContent(), 'd1Ze');
    await entry.locator('button.scan').click();
    await phone.waitForSelector('#mp-scan-result[data-status="scanned"]');
    assert.match(await phone.textContent('#mp-scan-result'), /Acme 商城/);
    assert.deepEqual(calls, [{ path: '/pools/acme/login/mp-qr/scan', body: { scene } }]);
    assert.equal(await phone.inputValue('#mp-post-url'), `${loginUrl}/confirm`);
    await phone.screenshot({ path: join(tmpdir(), 'phone-mp-qr.png') });

    await phone.click('#mp-login');
    // wx.login() asks the sandbox for the code: send only once the page shows it.
    await phone.waitForSelector('[data-output="js-code"] code');
    await phone.click('#mp-post-form button[type="submit"]');
    await phone.waitForSelector('#mp-post-result:has-text("HTTP 200")');
    assert.equal(calls[1].path, '/pools/acme/login/mp-qr/confirm');
    assert.equal(calls[1].body.scene, scene);
    assert.equal(calls[1].body.code, await phone.textContent('[data-output="js-code"] code'));

    // Used to sign in, the code leaves the Scan list.
    await phone.click('nav button[data-go="scan"]');
    await phone.waitForSelector('#scannables-empty:not([hidden])');
  });

  test('the phone page renders: a screenshot is a real picture, not a blank page', needsBrowser, async t => {
    const { sandbox, browser } = await start(t);
    const persona = await sandbox.createPersona({ id: unique('shot'), nickname: '截图 Shot', phone: '13900139000' });
    const website = await websiteApp(sandbox);
    await openLoginPage(browser, sandbox, website, 's');

    const phone = await openPhone(browser, sandbox);
    await usePersona(phone, persona.id);
    await phone.click('nav button[data-go="scan"]');
    await phone.waitForSelector('li.scannable[data-kind="qrconnect"]');
    const directory = await mkdtemp(join(tmpdir(), 'wegate-phone-'));
    const file = join(directory, 'phone.png');
    await phone.screenshot({ path: file, fullPage: true });
    const blank = await (await browser.newContext(phoneSize)).newPage();
    const blankShot = await blank.screenshot();
    t.diagnostic(`screenshot: ${file}`);

    const png = await readFile(file);
    assert.deepEqual([...png.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    assert.equal(png.readUInt32BE(16), 390, 'IHDR width is the phone viewport');
    assert.ok(png.readUInt32BE(20) >= 844, 'IHDR height covers the viewport');
    assert.ok(png.length > 4 * blankShot.length, `${png.length} bytes against ${blankShot.length} for a blank page`);
    await writeFile(join(directory, 'blank.png'), blankShot);
  });
});
