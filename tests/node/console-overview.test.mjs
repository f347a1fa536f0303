// The console's overview (docs/console.md#overview) in headless Chromium: after WeChat logins in a
// mobile app and wrong passwords on the hosted login page, a read-only administrator opens the pool and
// sees the charts, their numbers and the failure reasons, in English on a laptop and in Chinese on a
// phone, with no script and nothing scrolling sideways. With WEGATE_WRITE_DOCS=1 it writes
// docs/images/console-overview*.png.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { openAuthorize, skipBrowserTests, startWithBrowser } from './support/browser.mjs';
import { createAdministrator, open, phone, screenshot, sideways, signIn } from './support/console.mjs';
import { unique } from './support/sandbox.mjs';

describe('the console overview', () => {
  test('after some logins the overview shows sign-ins, new users and failures by day, login type and reason',
    { skip: skipBrowserTests, timeout: 180_000 }, async t => {
      const { wegate, sandbox, browser } = await startWithBrowser(t);
      const auditor = await createAdministrator(wegate, 'auditor@example.com', 'read-only');
      const pool = unique('shop').slice(0, 20);
      await wegate.admin('POST', 'pools', { name: pool, display_name: 'Shop' });
      const app = await sandbox.createApp({ type: 'mobile', openPlatformAccount: unique('open') });
      await wegate.admin('POST', `pools/${pool}/connections`, { slug: 'app', type: 'mobile', display_name: '微信', app_id: app.appId, app_secret: app.secret });
      await wegate.admin('POST', `pools/${pool}/applications`, {
        client_id: 'mobile-app', display_name: 'Mobile app', type: 'native', redirect_uris: ['https://app.example.test/cb'],
        grants: ['authorization_code', 'urn:ietf:params:oauth:grant-type:token-exchange'], connections: ['app'],
      });
      // Three people sign in with WeChat in the app, one of them twice: three new users, four sign-ins.
      const people = await Promise.all(['mei', 'li', 'xin'].map(id => sandbox.createPersona({ id: unique(id), nickname: id })));
      for (const persona of [...people, people[0]]) {
        const { code } = await sandbox.control('POST', 'codes/oauth', { appId: app.appId, personaId: persona.id, scope: 'snsapi_userinfo' });
        const answer = await fetch(`${wegate.issuer(pool)}/oauth2/token`, {
          method: 'POST',
          body: new URLSearchParams({
            grant_type: 'urn:ietf:params:oauth:grant-type:token-exchange', client_id: 'mobile-app', scope: 'openid',
            subject_token_type: 'urn:wegate:params:oauth:token-type:wechat-mobile-code', subject_token: code,
          }),
        });
        assert.equal(answer.status, 200, await answer.text());
      }
      // Two wrong passwords on the hosted login page.
      const login = await openAuthorize(browser, wegate, pool, {
        clientId: 'mobile-app', redirectUri: 'https://app.example.test/cb', scope: 'openid', state: 's', nonce: 'n', locale: 'en-US',
      });
      for (let i = 0; i < 2; i++) {
        if (await login.page.locator('#tab-password').count()) await login.page.click('#tab-password');
        await login.page.fill('#login', 'nobody@example.com');
        await login.page.fill('#password', 'not the password');
        await login.page.click(`form[action^="/pools/${pool}/login?"] button[type=submit]`);
        await login.page.waitForSelector('#password');
      }

      const { page, problems } = await open(browser);
      await page.goto(`${wegate.base}/console/pools`);
      await signIn(page, wegate, 'auditor@example.com', auditor);
      await page.click(`[data-pool="${pool}"] a[href$="/overview"]`);
      assert.equal(new URL(page.url()).pathname, `/console/pools/${pool}/overview`);
      assert.equal(await page.textContent('[data-total="sign-ins"]'), '4');
      assert.equal(await page.textContent('[data-total="new-users"]'), '3');
      assert.equal(await page.textContent('[data-total="failures"]'), '2');
      const today = new Date().toISOString().slice(0, 10);
      assert.equal(await page.textContent(`[data-numbers="signins"] [data-day="${today}"][data-type="mobile"]`), '4');
      assert.equal(await page.textContent(`[data-numbers="failures"] [data-day="${today}"][data-type="password"]`), '2');
      assert.equal(await page.locator('.chart-wide svg[data-chart]').count(), 3);
      assert.equal(await page.locator('#chart-signins rect').count(), 1);
      assert.match(await page.textContent('[data-reason="wrong login or password"]'), /2/);
      assert.ok(await sideways(page) <= 0, 'the overview does not scroll sideways on a laptop');
      await page.click('[data-chart-card="signins"] summary');
      await screenshot(page, 'overview');

      await page.click('[data-period="30"]');
      assert.equal(await page.locator(`[data-numbers="signins"] tbody tr`).count(), 30);

      const zh = await open(browser, { viewport: phone, locale: 'zh-CN' });
      await zh.page.goto(`${wegate.base}/console/pools/${pool}/overview`);
      await signIn(zh.page, wegate, 'auditor@example.com', auditor);
      assert.match(await zh.page.textContent('h1'), /概览/);
      assert.ok(await sideways(zh.page) <= 0, 'the overview does not scroll sideways on a phone');
      await screenshot(zh.page, 'overview-zh-phone');
      assert.deepEqual([...problems, ...zh.problems], []);
    });
});
