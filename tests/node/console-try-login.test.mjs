// Try login (docs/console.md#try-login) in headless Chromium: an owner allows it on an application,
// then signs in through the application's real login page three ways — a password, WeChat's website QR
// approved in the sandbox, and in-WeChat official account OAuth (oa-web) — and each time the console
// shows the ID token's claims and the userinfo answer. With WEGATE_WRITE_DOCS=1 it writes
// docs/images/console-try-login.png.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { describe, test } from 'node:test';
import { skipBrowserTests, startWithBrowser } from './support/browser.mjs';
import { createAdministrator, open, screenshot, sideways, signIn } from './support/console.mjs';
import { unique } from './support/sandbox.mjs';

const weChatUserAgent = 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 MicroMessenger/8.0.47(0x18002f2f) NetType/WIFI Language/zh_CN';

// A pool whose web application offers website-qr and oa-web, and a local account with a password.
async function world(wegate) {
  const { sandbox } = wegate;
  const pool = unique('shop').slice(0, 20);
  await wegate.admin('POST', 'pools', { name: pool, display_name: 'Shop' });
  const openPlatformAccount = unique('open');
  const website = await sandbox.createApp({ type: 'website', openPlatformAccount, callbackDomain: new URL(wegate.base).host });
  const token = `token${randomBytes(8).toString('hex')}`;
  const oa = await sandbox.createApp({ type: 'official-account', openPlatformAccount, token, callbackDomain: new URL(wegate.base).host });
  await wegate.admin('POST', `pools/${pool}/connections`, { slug: 'website', type: 'website-qr', display_name: '微信', app_id: website.appId, app_secret: website.secret });
  await wegate.admin('POST', `pools/${pool}/connections`, {
    slug: 'h5', type: 'oa-web', display_name: '公众号', app_id: oa.appId, app_secret: oa.secret, settings: { scope: 'snsapi_base' },
  });
  await wegate.admin('POST', `pools/${pool}/applications`, {
    client_id: 'shop-web', display_name: 'Shop', type: 'web', redirect_uris: ['https://shop.example.com/signin-oidc'], connections: ['website', 'h5'],
  });
  await wegate.admin('POST', `pools/${pool}/users`, { email: 'mei@example.com', password: 'mei-password-123', profile: { name: 'Mei' } }, { status: 201 });
  return { pool, website, oa };
}

// The claims the result page shows.
async function result(page, pool) {
  await page.waitForURL(url => url.pathname === `/console/pools/${pool}/applications/shop-web/try-login/result`, { timeout: 30_000 });
  return {
    idToken: JSON.parse(await page.textContent('[data-id-token-claims]')),
    userInfo: JSON.parse(await page.textContent('[data-userinfo]')),
  };
}

async function start(page, pool, wegate) {
  await page.goto(`${wegate.base}/console/pools/${pool}/applications/shop-web`);
  await page.click('[data-action="try-login"]');
  await page.waitForURL(url => url.pathname === `/pools/${pool}/login`);
}

describe('try login', () => {
  test('an owner allows Try login and signs in with a password, the website QR and oa-web, and sees the claims each time',
    { skip: skipBrowserTests, timeout: 240_000 }, async t => {
      const { wegate, sandbox, browser } = await startWithBrowser(t);
      const owner = await createAdministrator(wegate, 'owner@example.com', 'owner');
      const { pool, website, oa } = await world(wegate);
      const { page, problems } = await open(browser);
      await page.goto(`${wegate.base}/console/pools/${pool}/applications/shop-web`);
      await signIn(page, wegate, 'owner@example.com', owner);
      await page.click('[data-action="allow-try-login"]');
      await page.waitForSelector('[data-action="try-login"]');
      assert.match(await page.inputValue('#redirect_uris'), /\/console\/try-login\/callback$/);
      assert.match(await page.textContent('[data-snippet="aspnetcore"] code'), /options\.ClientId = "shop-web";/);

      // 1. A password.
      await start(page, pool, wegate);
      if (await page.locator('#tab-password').count()) await page.click('#tab-password');
      await page.fill('#login', 'mei@example.com');
      await page.fill('#password', 'mei-password-123');
      await page.click(`form[action^="/pools/${pool}/login?"] button[type=submit]`);
      const byPassword = await result(page, pool);
      assert.equal(byPassword.idToken.aud, 'shop-web');
      assert.equal(byPassword.idToken.iss, `${wegate.base}/pools/${pool}`);
      assert.equal(byPassword.userInfo.email, 'mei@example.com');
      assert.equal(byPassword.userInfo.sub, byPassword.idToken.sub);

      // 2. WeChat's website QR, scanned and approved on the sandbox's phone.
      const persona = await sandbox.createPersona({ id: unique('lei'), nickname: '雷 Lei' });
      await start(page, pool, wegate);
      const frame = page.frameLocator('section[data-wegate-website-qr] iframe');
      await frame.locator('section[data-when="waiting"] img.qrcode').waitFor();
      const uuid = await frame.locator('#wegate-qrconnect').getAttribute('data-uuid');
      await sandbox.control('POST', `qrconnect/${uuid}/scan`, { personaId: persona.id });
      await sandbox.control('POST', `qrconnect/${uuid}/confirm`);
      const byQr = await result(page, pool);
      assert.equal(byQr.userInfo.nickname, '雷 Lei');
      assert.equal(byQr.userInfo.wechat_unionid, (await sandbox.identity(website.appId, persona.id)).unionId);
      await screenshot(page, 'try-login');
      assert.ok(await sideways(page) <= 0, 'the result does not scroll sideways on a laptop');

      // 3. Inside WeChat: the official account's OAuth, as the same persona (snsapi_base: silent, and no unionid).
      const weChat = await browser.newContext({ viewport: { width: 390, height: 844 }, userAgent: weChatUserAgent, locale: 'zh-CN' });
      const inWeChat = await weChat.newPage();
      await weChat.addCookies([{ name: 'sandbox_persona', value: persona.id, url: wegate.base }]);
      await inWeChat.goto(`${wegate.base}/console/pools/${pool}/applications/shop-web`);
      await signIn(inWeChat, wegate, 'owner@example.com', owner);
      await start(inWeChat, pool, wegate);
      await inWeChat.click('a[data-oa-web]');
      const byOaWeb = await result(inWeChat, pool);
      assert.equal(byOaWeb.idToken.aud, 'shop-web');
      assert.ok(byOaWeb.userInfo.wechat_openids.some(o => o.appid === oa.appId));
      assert.deepEqual(problems, []);
    });
});
