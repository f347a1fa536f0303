// The console's administrators (docs/console.md#administrators-page) and `wegate admin list|role|remove`
// in headless Chromium, as owners use them: an owner adds a read-only administrator, who signs in with
// the password shown once; makes them an owner; removes themself only after ticking "This is me"; the
// last owner cannot leave; a removed administrator's open console is signed out at its next click. An
// owner deletes a pool after typing its name. With WEGATE_WRITE_DOCS=1 it writes
// docs/images/console-administrators.png.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { skipBrowserTests, startWithBrowser } from './support/browser.mjs';
import { createAdministrator, open, phone, screenshot, sideways, signIn, wegateCommand } from './support/console.mjs';

const row = email => `tr[data-administrator="${email}"]`;

describe('the console\'s administrators', () => {
  test('owners add, promote and remove administrators, never the last owner, and delete a pool by typing its name',
    { skip: skipBrowserTests, timeout: 180_000 }, async t => {
      const { wegate, browser } = await startWithBrowser(t);
      const first = await createAdministrator(wegate, 'owner@example.com', 'owner');
      const { page, problems } = await open(browser);
      await page.goto(`${wegate.base}/console/pools`);
      await signIn(page, wegate, 'owner@example.com', first);
      await page.click('header [data-admin]');
      assert.equal(new URL(page.url()).pathname, '/console/administrators');
      assert.ok(await page.$(`${row('owner@example.com')} time`), 'the owner\'s last sign-in is shown');

      await page.fill('#email', 'ops@example.com');
      await page.selectOption('#role', 'read-only');
      await page.click('[data-action="add"]');
      const password = await page.textContent('[data-password]');
      assert.equal(password.length, 24);
      assert.equal(await page.getAttribute(`${row('ops@example.com')} [data-role]`, 'data-role'), 'read-only');

      const ops = await open(browser);
      await ops.page.goto(`${wegate.base}/console/administrators`);
      await signIn(ops.page, wegate, 'ops@example.com', password);
      assert.equal(await ops.page.getAttribute('header [data-role]', 'data-role'), 'read-only');
      assert.deepEqual(await ops.page.$$eval('form[method=post]', forms => forms.map(f => new URL(f.action).pathname)), ['/console/logout']);

      await page.selectOption(`${row('ops@example.com')} select`, 'owner');
      await page.click(`${row('ops@example.com')} [data-action="role"]`);
      assert.match(await page.textContent('[data-notice]'), /ops@example\.com/);
      await ops.page.reload();
      assert.equal(await ops.page.getAttribute('header [data-role]', 'data-role'), 'owner');
      await screenshot(page, 'administrators');

      // Removing yourself needs the tick: the browser holds the form back without it, the server too.
      await page.click(`${row('owner@example.com')} [data-action="remove"]`);
      assert.equal(new URL(page.url()).pathname, '/console/administrators');
      const token = await page.getAttribute(`${row('owner@example.com')} form[action$="/remove"] input[name="__RequestVerificationToken"]`, 'value');
      const action = await page.getAttribute(`${row('owner@example.com')} form[action$="/remove"]`, 'action');
      const untickedPost = await page.request.post(`${wegate.base}${action}`, { form: { __RequestVerificationToken: token }, maxRedirects: 0 });
      assert.equal(untickedPost.status(), 400);
      await page.check(`${row('owner@example.com')} form[action$="/remove"] input[name="confirm_self"]`);
      await page.click(`${row('owner@example.com')} [data-action="remove"]`);
      await page.waitForURL(`${wegate.base}/console/signed-out`);

      // ops is now the only owner and cannot leave.
      await ops.page.reload();
      assert.equal(await ops.page.$(row('owner@example.com')), null);
      await ops.page.check(`${row('ops@example.com')} form[action$="/remove"] input[name="confirm_self"]`);
      await ops.page.click(`${row('ops@example.com')} [data-action="remove"]`);
      assert.match(await ops.page.textContent('[data-error]'), /ops@example\.com is the only owner and cannot be removed/);

      // A removed administrator's open console goes to the login page at its next click.
      const auditor = await createAdministrator(wegate, 'auditor@example.com', 'read-only');
      const a = await open(browser);
      await a.page.goto(`${wegate.base}/console/pools`);
      await signIn(a.page, wegate, 'auditor@example.com', auditor);
      await ops.page.reload();
      await ops.page.click(`${row('auditor@example.com')} [data-action="remove"]`);
      assert.match(await ops.page.textContent('[data-notice]'), /auditor@example\.com removed/);
      await a.page.click('nav >> text=Audit log');
      await a.page.waitForURL(url => url.pathname.endsWith('/pools/_console/login'));

      // The command line sees the same administrators and keeps the same rule.
      const list = await wegateCommand(wegate, ['admin', 'list']);
      assert.equal(list.exited, 0, list.output);
      assert.match(list.output, /^ops@example\.com +owner +created \d{4}-\d\d-\d\d {2}last sign-in \d{4}-\d\d-\d\d \d\d:\d\d UTC$/m);
      const last = await wegateCommand(wegate, ['admin', 'remove', 'ops@example.com']);
      assert.equal(last.exited, 1);
      assert.match(last.output, /ops@example\.com is the only owner and cannot be removed: make another administrator an owner first/);

      // Deleting a pool: only after its name is typed.
      await wegate.admin('POST', 'pools', { name: 'old-shop', display_name: 'Old shop' }, { status: 201 });
      await ops.page.goto(`${wegate.base}/console/pools/old-shop`);
      await ops.page.fill('#confirm_name', 'old-sho');
      await ops.page.click('[data-action="delete-pool"]');
      assert.match(await ops.page.textContent('[data-error]'), /type old-shop exactly/);
      await ops.page.fill('#confirm_name', 'old-shop');
      await ops.page.click('[data-action="delete-pool"]');
      assert.match(await ops.page.textContent('[data-notice]'), /old-shop/);
      assert.equal(await ops.page.$('[data-pool="old-shop"]'), null);
      await assert.rejects(wegate.admin('GET', 'pools/old-shop'), /404/);

      const zh = await open(browser, { viewport: phone, locale: 'zh-CN' });
      await zh.page.goto(`${wegate.base}/console/administrators`);
      await signIn(zh.page, wegate, 'ops@example.com', password);
      assert.match(await zh.page.textContent('h1'), /管理员/);
      assert.ok(await sideways(zh.page) <= 0, 'the administrators page does not scroll sideways on a phone');
      // The refusals above answer 400 and 409, which Chromium reports; nothing else may appear.
      const refusals = /Failed to load resource: the server responded with a status of (400|409)/;
      assert.deepEqual([...problems, ...ops.problems, ...a.problems, ...zh.problems].filter(p => !refusals.test(p)), []);
    });
});
