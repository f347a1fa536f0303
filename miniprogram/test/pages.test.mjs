// The login mini program's two pages, rendered by miniprogram-simulate, on a phone whose wx.login and
// phone button give the sandbox's real codes, against a real WeGate: the scan page signs a PC in
// (flow 3), the launch page answers an app (flow 7).
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { MobileApp } from '../../tests/node/support/mobile-app.mjs';
import { openLoginPage } from '../../sdk/miniprogram/test/support/pc.mjs';
import { startWorld } from '../../sdk/miniprogram/test/support/world.mjs';
import { Phone } from '../../sdk/miniprogram/test/support/wx.mjs';
import { fire, openPage, text, until } from './support/simulate.mjs';

describe('the login mini program', () => {
  let world;
  before(async () => { world = await startWorld(); });
  after(() => world?.stop());

  test('scan page: names the application, confirms with the phone number, and the PC signs in', async () => {
    const pc = await openLoginPage(world);
    const phone = await world.newPhone('13500135000');
    const page = await openPage('scan', phone, { scene: encodeURIComponent(pc.ticket) }, world);
    assert.equal(page.data.state, 'ready');
    assert.equal(text(page, '.title'), '登录 PC 商城');
    assert.equal(await pc.state(), 'scanned', 'the PC page hears that its code was opened');

    await fire(page, '#confirm-phone', 'getphonenumber', (await phone.phoneEvent()).detail);
    await until(page, 'done');
    assert.equal(text(page, '#done'), '已确认登录');
    assert.equal((await pc.signIn()).phone_number, '+8613500135000');
  });

  test('scan page: a refused phone number is explained, and "仅用微信登录" still signs the PC in', async () => {
    const pc = await openLoginPage(world);
    const phone = await world.newPhone();
    const page = await openPage('scan', phone, { scene: encodeURIComponent(pc.ticket) }, world);
    await fire(page, '#confirm-phone', 'getphonenumber', Phone.deniedPhoneEvent().detail);
    await until(page, 'ready');
    assert.equal(text(page, '#error'), '你没有授权手机号。可以仅用微信登录。');

    await fire(page, '#confirm-plain', 'tap');
    await until(page, 'done');
    const claims = await pc.signIn();
    assert.ok(claims.sub);
    assert.equal(claims.phone_number, undefined);
  });

  test('scan page: WeChat busy lets the person try again; a used code ends the page', async () => {
    const pc = await openLoginPage(world);
    const phone = await world.newPhone();
    const page = await openPage('scan', phone, { scene: pc.ticket }, world);
    await world.sandbox.control('PUT', 'faults', { path: 'sns/jscode2session', errCode: -1, count: 1 });
    await fire(page, '#confirm-plain', 'tap');
    assert.equal(page.data.state, 'confirming');
    await until(page, 'ready');
    assert.equal(text(page, '#error'), '微信繁忙，请稍后重试。');
    await fire(page, '#confirm-plain', 'tap');
    await until(page, 'done');

    // The same code scanned again after the sign-in.
    const again = await openPage('scan', await world.newPhone(), { scene: pc.ticket }, world);
    assert.equal(again.data.state, 'ended');
    assert.equal(text(again, '#error'), '这个二维码已失效。请在电脑上刷新登录页面，再扫一次。');
    assert.equal(again.querySelector('#confirm-plain'), undefined, 'nothing left to confirm');
  });

  test('scan page: a connection that signs in only existing accounts refuses a newcomer, and the page says so', async t => {
    const connection = `pools/${world.pool}/connections/mp-code`;
    const { slug, type, display_name, app_id, settings } = await world.wegate.admin('GET', connection);
    await world.wegate.admin('PUT', connection, { slug, type, display_name, app_id, settings, login_only: true });
    t.after(() => world.wegate.admin('PUT', connection, { slug, type, display_name, app_id, settings, login_only: false }));
    const pc = await openLoginPage(world);
    const page = await openPage('scan', await world.newPhone(), { scene: pc.ticket }, world);
    await fire(page, '#confirm-plain', 'tap');
    await until(page, 'ended');
    assert.equal(text(page, '#error'), '这个微信无法登录此应用。请换一种方式登录，或联系网站管理员。');
    assert.equal(await pc.state(), 'refused', 'the PC page shows the refusal too');
  });

  test('scan page opened without a code says to scan one', async () => {
    const page = await openPage('scan', await world.newPhone(), {}, world);
    assert.equal(page.data.state, 'ended');
    assert.equal(text(page, '#error'), '请用微信扫描电脑登录页面上的小程序码。');
  });

  test('launch page: confirms the app\'s ticket and offers "返回 App" with the app parameter, which the app redeems', async () => {
    const app = new MobileApp(world.issuer, 'mobile-app');
    const { body: ticket } = await app.requestTicket();
    const launched = new URL(ticket.launch.path, 'https://servicewechat.com/');
    assert.equal(launched.pathname, '/pages/launch/index', 'the connection\'s page is this page');
    const phone = await world.newPhone('13400134000');
    const page = await openPage('launch', phone, Object.fromEntries(launched.searchParams), world);

    await fire(page, '#confirm-phone', 'getphonenumber', (await phone.phoneEvent()).detail);
    await until(page, 'done');
    assert.equal(page.data.appParameter, ticket.ticket);
    assert.equal(text(page, '#back'), '返回 App');

    // WeChat hands app-parameter to the app as extMsg; the app redeems it with its ticket secret.
    const redeemed = await app.redeemTicket(page.data.appParameter, ticket.ticket_secret, { scope: 'openid phone' });
    assert.equal(redeemed.status, 200, JSON.stringify(redeemed.body));
    assert.equal((await app.userinfo(redeemed.body.access_token)).body.phone_number, '+8613400134000');

    // launchApp refused (the page was not opened by an app): the page says what to do.
    await fire(page, '#back', 'error', { errMsg: 'launchApp:fail' });
    assert.equal(text(page, '#error'), '无法自动返回 App，请手动切换回 App。');
  });

  test('launch page opened without a ticket, or with a spent one, says to start again from the app', async () => {
    const bare = await openPage('launch', await world.newPhone(), {}, world);
    assert.equal(bare.data.state, 'ended');
    assert.equal(text(bare, '#error'), '请从 App 中发起登录。');

    const spent = await openPage('launch', await world.newPhone(), { ticket: 'aaaaaaaaaaaaaaaaaaaaaaaa' }, world);
    await fire(spent, '#confirm-plain', 'tap');
    await until(spent, 'ended');
    assert.equal(text(spent, '#error'), '这次登录已失效。请回到 App 重新发起登录。');
  });
});
