// The console (docs/console.md) in headless Chromium, as an administrator uses it: the first owner made
// on the set-up page with the code from WeGate's log, signed in through WeGate's own login page; a pool
// created, a key rotated, an application made, the audit log filtered and downloaded as CSV; a WeChat
// user found by openid, blocked, unblocked, signed out everywhere and merged into their local account, found by part of its name; a
// read-only administrator who sees no form and whose forced POST is refused; another site's form
// refused. No CSP violation, nothing scrolls sideways on a phone. With WEGATE_WRITE_DOCS=1 it writes
// the screenshots docs/console.md shows (docs/images/console-*.png). The first two tests run on SQLite and,
// with WEGATE_TEST_POSTGRES, on PostgreSQL (support/postgres.mjs).
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import { describe, test } from 'node:test';
import { skipBrowserTests, startWithBrowser } from './support/browser.mjs';
import { databases, onDatabase } from './support/postgres.mjs';
import { createAdministrator, open, password, phone, screenshotOn, sideways, signIn } from './support/console.mjs';
import { unique } from './support/sandbox.mjs';

describe('the console', () => {
  // On SQLite, and on PostgreSQL when WEGATE_TEST_POSTGRES is set (always in CI).
  for (const [database, skipDatabase] of databases) {
  test(`an owner sets up the console, signs in through the login page and manages pools, keys, applications and the audit log${onDatabase(database)}`,
    { skip: skipBrowserTests || skipDatabase, timeout: 180_000 }, async t => {
      const { wegate, browser } = await startWithBrowser(t, { database });
      const screenshot = screenshotOn(wegate);
      const code = /set-up code ([0-9A-F]{4}(?:-[0-9A-F]{4}){3})/.exec(wegate.output)?.[1];
      assert.ok(code, `WeGate logs a set-up code while no administrator exists:\n${wegate.output}`);
      const { page, problems } = await open(browser);

      await page.goto(`${wegate.base}/console/setup`);
      await screenshot(page, 'setup');
      await page.fill('#setup_code', code);
      await page.fill('#email', 'owner@example.com');
      await page.fill('#password', password);
      await page.fill('#password_again', password);
      await page.click('button[type=submit]');
      await signIn(page, wegate, 'owner@example.com');
      assert.equal(new URL(page.url()).pathname, '/console/pools');
      assert.equal(await page.textContent('[data-admin]'), 'owner@example.com');

      const pool = unique('shop').slice(0, 20);
      await page.fill('#name', pool);
      await page.fill('#display_name', 'Shop China');
      await page.click('section.card form button[type=submit]');
      await page.waitForSelector(`[data-pool="${pool}"]`);
      assert.match(await page.textContent('[data-notice]'), new RegExp(pool));
      await screenshot(page, 'pools');

      await page.click(`[data-pool="${pool}"] a[href$="/keys"]`);
      await page.selectOption('#algorithm', 'ES256');
      await page.click('text=Rotate now');
      await page.waitForSelector('[data-notice]');
      const kid = new URL(page.url()).searchParams.get('rotated');
      assert.equal(await page.textContent(`[data-kid="${kid}"] [data-state]`), 'active');
      await screenshot(page, 'keys');

      await page.click('nav >> text=Applications');
      await page.fill('#display_name', 'Shop web');
      await page.selectOption('#type', 'web');
      await page.fill('#redirect_uris', 'https://shop.example.com/signin-oidc');
      await page.click('text=Create application');
      const secret = await page.textContent('[data-client-secret]');
      assert.match(secret, /^wgs_/);
      await page.click('text=Open the application');
      assert.ok(!(await page.content()).includes(secret), 'the secret is shown only once');
      await page.fill('#primary_color', '#0958d9');
      await page.click('button:text("Save")');
      await page.waitForSelector('[data-notice]');
      await screenshot(page, 'application');

      await page.click('nav >> text=Audit log');
      await page.selectOption('#outcome', 'success');
      await page.click('button:text("Filter")');
      const events = await page.$$eval('[data-event]', rows => rows.map(r => r.dataset.event));
      assert.deepEqual(events, ['admin.application.updated', 'admin.application.created', 'admin.signing_key.rotated', 'admin.pool.created']);
      assert.equal(await page.textContent('tr[data-event="admin.pool.created"] td:nth-child(7)'), 'administrator:owner@example.com');
      await screenshot(page, 'audit');
      const [download] = await Promise.all([page.waitForEvent('download'), page.click('[data-csv]')]);
      assert.equal(download.suggestedFilename(), `audit-${pool}.csv`);
      const csv = (await readFile(await download.path(), 'utf8')).replace(/^\uFEFF/, '').trim().split('\r\n');
      assert.equal(csv[0], 'occurred_at,type,outcome,user_id,connection,client_id,actor,ip,user_agent,reason');
      assert.equal(csv.length, 5);

      const zh = await open(browser, { viewport: phone, locale: 'zh-CN' });
      await zh.page.goto(`${wegate.base}/console`);
      await signIn(zh.page, wegate, 'owner@example.com');
      assert.match(await zh.page.textContent('h1'), /用户池/);
      assert.ok(await sideways(zh.page) <= 0, 'the pools page does not scroll sideways on a phone');
      await screenshot(zh.page, 'pools-zh-phone');
      await zh.page.goto(`${wegate.base}/console/pools/${pool}/audit`);
      assert.ok(await sideways(zh.page) <= 0, 'the audit log does not scroll sideways on a phone');

      assert.deepEqual([...problems, ...zh.problems], []);
    });
  }

  // On SQLite, and on PostgreSQL when WEGATE_TEST_POSTGRES is set (always in CI).
  for (const [database, skipDatabase] of databases) {
  test(`an owner finds a WeChat user by openid, opens them, blocks, unblocks and signs them out, and merges them into their local account${onDatabase(database)}`,
    { skip: skipBrowserTests || skipDatabase, timeout: 180_000 }, async t => {
      const { wegate, sandbox, browser } = await startWithBrowser(t, { database });
      const screenshot = screenshotOn(wegate);
      const owner = await createAdministrator(wegate, 'owner@example.com', 'owner');
      const pool = unique('users').slice(0, 20);
      await wegate.admin('POST', 'pools', { name: pool, display_name: 'Users' });
      const app = await sandbox.createApp({ type: 'mobile', openPlatformAccount: unique('open') });
      await wegate.admin('POST', `pools/${pool}/connections`, { slug: 'app', type: 'mobile', display_name: '微信', app_id: app.appId, app_secret: app.secret });
      await wegate.admin('POST', `pools/${pool}/applications`, {
        client_id: 'mobile-app', display_name: 'Mobile app', type: 'native', redirect_uris: ['https://app.example.test/cb'],
        grants: ['urn:ietf:params:oauth:grant-type:token-exchange'], connections: ['app'],
      });
      // Mei signs in with WeChat in the mobile app (a new user), and also has a local account by email.
      const persona = await sandbox.createPersona({ id: unique('mei'), nickname: '梅 Mei' });
      const { code } = await sandbox.control('POST', 'codes/oauth', { appId: app.appId, personaId: persona.id, scope: 'snsapi_userinfo' });
      const exchanged = await (await fetch(`${wegate.issuer(pool)}/oauth2/token`, {
        method: 'POST',
        body: new URLSearchParams({
          grant_type: 'urn:ietf:params:oauth:grant-type:token-exchange', client_id: 'mobile-app', scope: 'openid',
          subject_token_type: 'urn:wegate:params:oauth:token-type:wechat-mobile-code', subject_token: code,
        }),
      })).json();
      assert.ok(exchanged.access_token, JSON.stringify(exchanged));
      const local = await wegate.admin('POST', `pools/${pool}/users`, { email: 'mei@example.com', phone: '+8613800138000', profile: { name: 'Mei Lin' } }, { status: 201 });
      const { openId: openid } = await sandbox.identity(app.appId, persona.id);

      const { page, problems } = await open(browser);
      await page.goto(`${wegate.base}/console/pools/${pool}/users`);
      await signIn(page, wegate, 'owner@example.com', owner);
      assert.equal(new URL(page.url()).pathname, `/console/pools/${pool}/users`);
      await page.fill('#openid', openid);
      await page.click('button:text("Search")');
      const found = await page.$$eval('[data-user]', rows => rows.map(r => r.dataset.user));
      assert.equal(found.length, 1);
      const wechatUser = found[0];
      await page.click(`[data-user="${wechatUser}"] a`);
      assert.equal(await page.textContent('[data-user-id]'), wechatUser);
      assert.match(await page.textContent('tr[data-identity="wechat-openid"]'), new RegExp(`${app.appId}:${openid}[\\s\\S]*app[\\s\\S]*AppID ${app.appId}`));

      await page.click('[data-action="block"]');
      await page.waitForSelector('[data-notice]');
      assert.ok(await page.$('[data-blocked]'), 'the page shows the user blocked');
      assert.equal((await wegate.admin('GET', `pools/${pool}/users/${wechatUser}`)).user.blocked, true);
      assert.equal(await page.textContent('tr[data-event="admin.user.blocked"] td:nth-child(6)'), 'administrator:owner@example.com');
      await page.click('[data-action="unblock"]');
      await page.waitForSelector('[data-action="block"]');
      await page.click('[data-action="revoke"]');
      assert.match(await page.textContent('[data-notice]'), /signed out everywhere/);
      assert.ok(await page.$('tr[data-event="admin.user.access_revoked"]'), 'the timeline shows the revocation');

      await page.goto(`${wegate.base}/console/pools/${pool}/users`);
      await page.fill('#name', 'mei l');
      await page.click('button:text("Search")');
      await page.click(`[data-user="${local.user.id}"] a`);
      await page.fill('#source_user_id', wechatUser);
      await page.click('button:text("Review the merge")');
      assert.deepEqual(await page.$$eval('[data-side]', sides => sides.map(s => s.textContent)), [wechatUser, local.user.id]);
      await screenshot(page, 'user-merge');
      await page.click('[data-action="merge"]');
      await page.waitForSelector('[data-notice]');
      const kinds = await page.$$eval('[data-identity]', rows => rows.map(r => r.dataset.identity).sort());
      assert.deepEqual(kinds, ['email', 'phone', 'wechat-openid', 'wechat-unionid']);
      await assert.rejects(wegate.admin('GET', `pools/${pool}/users/${wechatUser}`), /404/);
      assert.ok(await sideways(page) <= 0, 'the user page does not scroll sideways on a laptop');
      await screenshot(page, 'user');

      const zh = await open(browser, { viewport: phone, locale: 'zh-CN' });
      await zh.page.goto(`${wegate.base}/console/pools/${pool}/users/${local.user.id}`);
      await signIn(zh.page, wegate, 'owner@example.com', owner);
      assert.ok(await sideways(zh.page) <= 0, 'the user page does not scroll sideways on a phone');
      await screenshot(zh.page, 'user-zh-phone');
      assert.deepEqual([...problems, ...zh.problems], []);
    });
  }

  test('a read-only administrator sees no form, a forced POST is refused, and another site\'s form changes nothing',
    { skip: skipBrowserTests, timeout: 180_000 }, async t => {
      const { wegate, browser } = await startWithBrowser(t);
      const readOnly = await createAdministrator(wegate, 'auditor@example.com', 'read-only');
      const { page } = await open(browser);
      await page.goto(`${wegate.base}/console/pools/default/keys`);
      await page.fill('#login', 'auditor@example.com');
      await page.fill('#password', readOnly);
      await page.click('form[action^="/pools/_console/login?"] button[type=submit]');
      await page.waitForURL(`${wegate.base}/console/pools/default/keys`);
      assert.equal(await page.getAttribute('[data-role]', 'data-role'), 'read-only');
      for (const path of ['/console/pools', '/console/pools/default/keys', '/console/pools/default/applications', '/console/pools/default/audit']) {
        await page.goto(`${wegate.base}${path}`);
        assert.deepEqual(await page.$$eval('form[method=post]', forms => forms.map(f => new URL(f.action).pathname)), ['/console/logout'], path);
      }

      // The page's own token, with the session's cookies: refused for the role, on the server.
      const token = await page.getAttribute('form[action="/console/logout"] input[name="__RequestVerificationToken"]', 'value');
      const forced = await page.request.post(`${wegate.base}/console/pools/default/keys/rotate`, { form: { __RequestVerificationToken: token, algorithm: 'ES256' } });
      assert.equal(forced.status(), 403);
      assert.match(await forced.text(), /read-only: you can see everything and change nothing/);

      // An owner signed in, then a page of another site that posts a console form on load.
      const owner = await createAdministrator(wegate, 'owner@example.com', 'owner');
      const o = await open(browser);
      await o.page.goto(`${wegate.base}/console`);
      await o.page.fill('#login', 'owner@example.com');
      await o.page.fill('#password', owner);
      await o.page.click('form[action^="/pools/_console/login?"] button[type=submit]');
      await o.page.waitForURL(`${wegate.base}/console/pools`);
      const evil = createServer((request, response) => {
        response.setHeader('content-type', 'text/html');
        response.end(`<form method="post" action="${wegate.base}/console/pools"><input name="name" value="forged"><input name="display_name" value="x"></form>`
          + '<script>document.forms[0].submit()</script>');
      });
      await new Promise(done => evil.listen(0, 'localhost', done));
      t.after(() => evil.close());
      const answer = o.page.waitForResponse(r => r.url() === `${wegate.base}/console/pools` && r.request().method() === 'POST');
      await o.page.goto(`http://localhost:${evil.address().port}/`);
      assert.ok([401, 403].includes((await answer).status()));
      assert.match(await o.page.textContent('[data-refusal]'), /session has ended|anti-forgery token/);
      const pools = await wegate.admin('GET', 'pools');
      assert.ok(!pools.some(p => p.name === 'forged'), 'the forged form created nothing');
    });
});
