// The console's Connections page and the connection doctor (docs/console.md#connections) in headless
// Chromium: an owner creates a connection of each of the seven types through its form and reads what to
// paste into WeChat; the browser holds a field to its rule before sending and the server explains a
// rule beside its field; the doctor explains a wrong AppSecret, a Token that differs in WeChat and an app
// not bound to an Open Platform account. A read-only administrator runs the doctor but is refused each
// change, and a POST without the page's token is refused. With WEGATE_WRITE_DOCS=1 it writes the
// screenshots docs/console.md shows. The first test runs on SQLite and, with WEGATE_TEST_POSTGRES, on
// PostgreSQL (support/postgres.mjs).
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { skipBrowserTests, startWithBrowser } from './support/browser.mjs';
import { databases, onDatabase } from './support/postgres.mjs';
import { createAdministrator, open, phone, screenshotOn, sideways, signIn } from './support/console.mjs';
import { unique } from './support/sandbox.mjs';

const aesKey = 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG';

// The form of one type, filled and sent; answers the connection's page.
async function create(page, wegate, pool, type, fields) {
  await page.goto(`${wegate.base}/console/pools/${pool}/connections`);
  await page.click(`[data-new-type="${type}"]`);
  await page.waitForSelector(`form[data-connection-form="${type}"]`);
  for (const [name, value] of Object.entries(fields)) {
    if (await page.$(`select#${name}`)) await page.selectOption(`#${name}`, value);
    else await page.fill(`#${name}`, value);
  }
  await page.click('button:text("Create connection")');
  await page.waitForSelector('[data-paste-into-wechat]');
  return page;
}

const pasted = page => page.$$eval('[data-paste]', codes => Object.fromEntries(codes.map(c => [c.dataset.paste, c.textContent])));

async function runDoctor(page) {
  await page.click('[data-run-doctor]');
  await page.waitForSelector('[data-doctor-result]');
  return page.$$eval('[data-check]', rows => Object.fromEntries(rows.map(r => [r.dataset.check,
    { outcome: r.dataset.outcome, summary: r.querySelector('[data-summary]').textContent, fix: r.querySelector('[data-fix]')?.textContent }])));
}

describe('the console\'s connections', () => {
  // On SQLite, and on PostgreSQL when WEGATE_TEST_POSTGRES is set (always in CI).
  for (const [database, skipDatabase] of databases) {
  test(`an owner creates a connection of each type, reads what to paste into WeChat, and the doctor explains what is wrong${onDatabase(database)}`,
    { skip: skipBrowserTests || skipDatabase, timeout: 240_000 }, async t => {
      const { wegate, sandbox, browser } = await startWithBrowser(t, { database });
      const screenshot = screenshotOn(wegate);
      const owner = await createAdministrator(wegate, 'owner@example.com', 'owner');
      const pool = unique('conn').slice(0, 20);
      await wegate.admin('POST', 'pools', { name: pool, display_name: 'Shop' });
      const base = wegate.base;
      const open1 = unique('open');
      const oa = await sandbox.createApp({ type: 'official-account', openPlatformAccount: open1, token: 'OtherToken42', encodingAesKey: aesKey, messageMode: 'safe' });
      const website = await sandbox.createApp({ type: 'website', openPlatformAccount: open1 });
      const unbound = await sandbox.createApp({ type: 'miniprogram' });
      const mp = await sandbox.createApp({ type: 'miniprogram', openPlatformAccount: open1 });
      const mobile = await sandbox.createApp({ type: 'mobile', openPlatformAccount: open1 });

      const { page, problems } = await open(browser);
      await page.goto(`${base}/console/pools/${pool}/connections`);
      await signIn(page, wegate, 'owner@example.com', owner);
      assert.equal(await page.getAttribute('nav a[aria-current]', 'href'), `/console/pools/${pool}/connections`);
      assert.deepEqual(await page.$$eval('[data-new-type]', links => links.map(l => l.dataset.newType)),
        ['oa-follow', 'website-qr', 'mp-qr', 'oa-web', 'miniprogram', 'mobile', 'app-mp']);

      // The browser holds the AppID to its pattern before anything is sent.
      await page.click('[data-new-type="oa-follow"]');
      await page.fill('#slug', 'follow');
      await page.fill('#display_name', 'Acme 服务号');
      await page.fill('#app_id', 'wx123');
      await page.fill('#app_secret', oa.secret);
      await page.fill('#token', 'RightToken42');
      await page.click('button:text("Create connection")');
      assert.equal(await page.$eval('#app_id', input => input.validity.patternMismatch), true);
      assert.match(new URL(page.url()).pathname, /\/connections\/new$/);
      // The server's rule beside its field: safe mode needs an EncodingAESKey.
      await page.fill('#app_id', oa.appId);
      await page.selectOption('#message_mode', 'safe');
      await page.click('button:text("Create connection")');
      assert.match(await page.textContent('[data-field-error="encoding_aes_key"]'), /is required when message_mode is safe/);
      assert.equal(await page.inputValue('#token'), 'RightToken42', 'what was typed is kept');
      await screenshot(page, 'connection-new');
      await page.fill('#app_secret', oa.secret);
      await page.fill('#encoding_aes_key', aesKey);
      await page.fill('#original_id', oa.originalId);
      await page.click('button:text("Create connection")');
      await page.waitForSelector('[data-paste-into-wechat]');
      const callback = `${base}/pools/${pool}/login/oa-follow/follow/callback`;
      assert.deepEqual(await pasted(page), { server_url: callback, token: 'RightToken42', encoding_aes_key: aesKey, message_mode: '安全模式 (safe)' });
      assert.ok(!(await page.content()).includes(oa.secret), 'the AppSecret is never shown');
      await screenshot(page, 'connection');

      // WeChat signs with another Token: its push is refused, and the doctor says which setting differs.
      await sandbox.control('PATCH', `apps/${oa.appId}`, { serverUrl: callback });
      const persona = await sandbox.createPersona({ id: unique('mei') });
      const follow = await sandbox.control('POST', `apps/${oa.appId}/followers`, { personaId: persona.id });
      await sandbox.control('GET', `deliveries/${follow.deliveryId}?wait=true`);
      let checks = await runDoctor(page);
      assert.equal(checks.server_url.outcome, 'pass');
      assert.equal(checks.message_mode.outcome, 'pass');
      assert.equal(checks.wechat_pushes.outcome, 'fail');
      assert.match(checks.wechat_pushes.fix, /The Token in the official account's 服务器配置 differs from the connection's/);
      assert.ok(await sideways(page) <= 0, 'the doctor does not scroll sideways on a laptop');
      await screenshot(page, 'connection-doctor');

      await create(page, wegate, pool, 'website-qr', { slug: 'website', display_name: '微信', app_id: website.appId, app_secret: website.secret });
      const host = new URL(base).host;
      assert.deepEqual(await pasted(page), { domain: host, callback_url: `${base}/pools/${pool}/login/website-qr/callback` });
      checks = await runDoctor(page);
      assert.deepEqual([checks.app_secret.outcome, checks.state_length.outcome, checks.public_url.outcome], ['pass', 'pass', 'pass']);

      await create(page, wegate, pool, 'mp-qr', { slug: 'mp-code', display_name: 'Acme 小程序', app_id: mp.appId, app_secret: mp.secret, page: 'pages/login/index' });
      assert.deepEqual(await pasted(page), {
        request_domain: base, page: 'pages/login/index',
        scan_url: `${base}/pools/${pool}/login/mp-qr/scan`, confirm_url: `${base}/pools/${pool}/login/mp-qr/confirm`,
      });
      assert.equal((await runDoctor(page)).mini_program_page.outcome, 'pass');

      await create(page, wegate, pool, 'oa-web', { slug: 'h5', display_name: '微信', app_id: oa.appId, app_secret: oa.secret, scope: 'snsapi_userinfo' });
      assert.deepEqual(await pasted(page), { domain: host, callback_url: `${base}/pools/${pool}/login/oa-web/callback` });

      // A wrong AppSecret: the doctor says where to copy the right one from; saving it fixes the check.
      await create(page, wegate, pool, 'miniprogram', { slug: 'mini', display_name: '小程序', app_id: unbound.appId, app_secret: '0123456789abcdef0123456789abcdef' });
      assert.deepEqual(await pasted(page), { request_domain: base, token_endpoint: `${base}/pools/${pool}/oauth2/token` });
      checks = await runDoctor(page);
      assert.equal(checks.app_secret.outcome, 'fail');
      assert.match(checks.app_secret.fix, /The AppSecret is wrong, or was reset/);
      await page.fill('#app_secret', unbound.secret);
      await page.click('button:text("Save")');
      await page.waitForSelector('[data-notice]');
      assert.equal((await runDoctor(page)).app_secret.outcome, 'pass');

      // An app not bound to an Open Platform account: inferred from a sign-in without a unionid.
      await wegate.admin('POST', `pools/${pool}/applications`, {
        client_id: 'mini-app', display_name: 'Mini', type: 'miniprogram', grants: ['urn:ietf:params:oauth:grant-type:token-exchange'], connections: ['mini'],
      });
      const { code } = await sandbox.control('POST', 'codes/js', { appId: unbound.appId, personaId: persona.id });
      const exchanged = await (await fetch(`${wegate.issuer(pool)}/oauth2/token`, {
        method: 'POST',
        body: new URLSearchParams({
          grant_type: 'urn:ietf:params:oauth:grant-type:token-exchange', client_id: 'mini-app',
          subject_token_type: 'urn:wegate:params:oauth:token-type:wechat-miniprogram-code', subject_token: code,
        }),
      })).json();
      assert.ok(exchanged.access_token, JSON.stringify(exchanged));
      checks = await runDoctor(page);
      assert.equal(checks.open_platform.outcome, 'fail');
      assert.match(checks.open_platform.summary, /^Inferred from sign-ins: 1 of the last 1 people/);
      assert.match(checks.open_platform.fix, /Bind the app to your Open Platform account/);
      assert.ok(await page.$('tr[data-check="open_platform"] >> text=inferred'), 'the check says it is inferred');

      await create(page, wegate, pool, 'mobile', { slug: 'app', display_name: 'App', app_id: mobile.appId, app_secret: mobile.secret });
      assert.deepEqual(await pasted(page), { token_endpoint: `${base}/pools/${pool}/oauth2/token` });

      await create(page, wegate, pool, 'app-mp', { slug: 'app-mp', display_name: 'App + 小程序', app_id: mp.appId, app_secret: mp.secret, original_id: mp.originalId });
      const launch = await pasted(page);
      assert.equal(launch.user_name, mp.originalId);
      assert.equal(launch.launch_path, 'pages/login/index?ticket={ticket}');
      assert.equal(launch.confirm_url, `${base}/pools/${pool}/login/app-mp/tickets/{ticket}/confirm`);

      await page.goto(`${base}/console/pools/${pool}/connections`);
      assert.deepEqual(await page.$$eval('[data-connection]', rows => rows.map(r => r.dataset.connection).sort()),
        ['app', 'app-mp', 'follow', 'h5', 'mini', 'mp-code', 'website']);
      await screenshot(page, 'connections');

      // Deleting: refused with the admin API's sentence while an application enables it, done otherwise.
      await page.goto(`${base}/console/pools/${pool}/connections/mini`);
      await page.click('button:text("Delete")');
      assert.match(await page.textContent('[data-error]'), /enabled for application\(s\) mini-app/);
      await page.goto(`${base}/console/pools/${pool}/connections/app`);
      await page.click('button:text("Delete")');
      assert.match(await page.textContent('[data-notice]'), /Connection app deleted/);
      const types = (await wegate.admin('GET', `pools/${pool}/connections`)).map(c => c.type).sort();
      assert.deepEqual(types, ['app-mp', 'miniprogram', 'mp-qr', 'oa-follow', 'oa-web', 'website-qr']);
      const events = await wegate.admin('GET', `pools/${pool}/audit-events?limit=100`);
      assert.ok(events.some(e => e.type === 'admin.connection.created' && e.actor === 'administrator:owner@example.com'));

      const zh = await open(browser, { viewport: phone, locale: 'zh-CN' });
      await zh.page.goto(`${base}/console/pools/${pool}/connections/follow`);
      await signIn(zh.page, wegate, 'owner@example.com', owner);
      assert.match(await zh.page.textContent('[data-paste-into-wechat] h2'), /填入微信后台/);
      await zh.page.click('[data-run-doctor]');
      await zh.page.waitForSelector('[data-doctor-result]');
      const findings = await zh.page.$$eval('[data-check] [data-summary], [data-check] [data-fix]', cells => cells.map(c => c.textContent));
      assert.ok(findings.length >= 7 && findings.every(f => /[\u4e00-\u9fff]/.test(f)), `the doctor speaks Chinese: ${findings.join(' | ')}`);
      assert.ok(await sideways(zh.page) <= 0, 'the connection page does not scroll sideways on a phone');
      await screenshot(zh.page, 'connection-zh-phone');
      // The refused form (400) and the refused delete (409) are answers the test asked for.
      const expected = /^Failed to load resource: the server responded with a status of (400|409) /;
      assert.deepEqual([...problems, ...zh.problems].filter(p => !expected.test(p)), []);
    });
  }

  test('a read-only administrator runs the doctor but is refused creating, editing and deleting; a POST without the page\'s token is refused',
    { skip: skipBrowserTests, timeout: 180_000 }, async t => {
      const { wegate, sandbox, browser } = await startWithBrowser(t);
      const app = await sandbox.createApp({ type: 'official-account', token: 'RightToken42' });
      await wegate.admin('POST', 'pools/default/connections', {
        slug: 'follow', type: 'oa-follow', display_name: 'Follow', app_id: app.appId, app_secret: app.secret, token: 'RightToken42',
      });
      const readOnly = await createAdministrator(wegate, 'auditor@example.com', 'read-only');
      const { page, problems } = await open(browser);
      await page.goto(`${wegate.base}/console/pools/default/connections/follow`);
      await signIn(page, wegate, 'auditor@example.com', readOnly);
      assert.equal(await page.textContent('[data-paste="token"]'), '(shown to owners only)');
      assert.ok(!(await page.content()).includes('RightToken42'), 'a read-only administrator never sees the Token');
      assert.deepEqual(await page.$$eval('form[method=post]', forms => forms.map(f => new URL(f.action).pathname)),
        ['/console/logout', '/console/pools/default/connections/follow/doctor']);
      const checks = await runDoctor(page);
      assert.equal(checks.app_secret.outcome, 'pass');
      assert.equal(checks.server_url.outcome, 'pass');

      const token = await page.getAttribute('form[action$="/doctor"] input[name="__RequestVerificationToken"]', 'value');
      const actions = {
        create: ['/console/pools/default/connections', { type: 'mobile', slug: 'new', display_name: 'x', app_id: app.appId, app_secret: 'abc' }],
        edit: ['/console/pools/default/connections/follow', { display_name: 'Changed', app_id: app.appId }],
        delete: ['/console/pools/default/connections/follow/delete', {}],
      };
      for (const [action, [path, form]] of Object.entries(actions)) {
        const forced = await page.request.post(`${wegate.base}${path}`, { form: { __RequestVerificationToken: token, ...form } });
        assert.equal(forced.status(), 403, action);
        assert.match(await forced.text(), /read-only: you can see everything and change nothing/, action);
      }
      const forged = await page.request.post(`${wegate.base}/console/pools/default/connections/follow/doctor`, { form: {} });
      assert.equal(forged.status(), 403);
      assert.match(await forged.text(), /anti-forgery token is missing or wrong/);
      const after = await wegate.admin('GET', 'pools/default/connections/follow');
      assert.equal(after.display_name, 'Follow');
      assert.ok(!(await wegate.admin('GET', 'pools/default/connections')).some(c => c.slug === 'new'));
      assert.deepEqual(problems, []);
    });
});
