// The SDK signing a person in inside the mini program (flow 5, docs/sdk-miniprogram.md), against a
// real WeGate whose sandbox plays WeChat: wx.login and phone codes are the sandbox's real codes,
// exchanged by WeGate at the sandbox's jscode2session and getuserphonenumber.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createClient, WeGateError } from '@wegate/miniprogram';
import { loadPage } from './support/page.mjs';
import { startWorld } from './support/world.mjs';
import { Phone } from './support/wx.mjs';

const examplePage = new URL('./example/pages/account/index.js', import.meta.url).href;

describe('mini program sign-in', () => {
  let world;
  before(async () => { world = await startWorld(); });
  after(() => world?.stop());

  const clientOn = (phone, options = {}) => createClient({ issuer: world.issuer, clientId: 'mini-app', scope: 'openid profile phone wechat', wx: phone.wx, ...options });
  const tokenCalls = phone => phone.requests.filter(r => r.url.endsWith('/oauth2/token'));

  test('the example page signs the person in on load, then with their phone number, then out', async () => {
    const phone = await world.newPhone('13900139000');
    const page = await loadPage(examplePage, phone, world);
    await page.onLoad();
    assert.equal(page.data.error, '');
    const { sub } = page.data.user;
    assert.match(sub, /^[0-9a-f]{32}$/);
    assert.equal(page.data.user.phone_number, undefined, 'wx.login alone reveals no phone number');

    await page.signInWithPhone(await phone.phoneEvent());
    assert.equal(page.data.user.sub, sub, 'the phone number joins the same account');
    assert.equal(page.data.user.phone_number, '+8613900139000');
    assert.equal(page.data.user.phone_number_verified, true);

    await page.signOut();
    assert.equal(page.data.user, null);
    assert.deepEqual([...phone.storage.keys()], [], 'logout leaves nothing in wx storage');

    // A page opened later on the same phone signs in again, as the same account.
    const again = await loadPage(examplePage, phone, world);
    await again.onLoad();
    assert.equal(again.data.error, '');
    assert.equal(again.data.user.sub, sub);
  });

  test('the example page shows a refusal of the phone button and stays signed out', async () => {
    const phone = await world.newPhone();
    const page = await loadPage(examplePage, phone, world);
    await page.signInWithPhone(Phone.deniedPhoneEvent());
    assert.equal(page.data.error, '未授权手机号，可直接登录');
    assert.equal(page.data.user, null);
    assert.equal(phone.requests.length, 0, 'nothing is sent to WeGate');
  });

  test('login exchanges a real wx.login code and the session survives in wx storage', async () => {
    const phone = await world.newPhone();
    const result = await clientOn(phone).login();
    assert.equal(result.status, 'signed_in');
    assert.ok(result.tokens.refreshToken && result.tokens.idToken);
    assert.ok(result.tokens.expiresAt > Date.now() + 3_000_000);
    const [exchange] = tokenCalls(phone);
    const form = new URLSearchParams(exchange.body);
    assert.equal(form.get('subject_token_type'), 'urn:wegate:params:oauth:token-type:wechat-miniprogram-code');
    assert.equal(form.get('code_challenge_method'), 'S256');
    assert.match(form.get('code_challenge'), /^[A-Za-z0-9_-]{43}$/);

    // Another client on the same phone (another page, or the mini program started again).
    const later = clientOn(phone);
    assert.ok(later.isLoggedIn());
    const user = await later.getUser();
    const { openId, unionId } = await world.sandbox.identity(world.mp.appId, phone.personaId);
    assert.equal(user.wechat_unionid, unionId);
    assert.deepEqual(user.wechat_openids, [{ appid: world.mp.appId, openid: openId }]);
  });

  test('concurrent refreshes share one request, and the rotated token keeps working', async () => {
    const phone = await world.newPhone();
    const first = clientOn(phone);
    const { tokens } = await first.login();
    const second = clientOn(phone);
    const before = tokenCalls(phone).length;
    const results = await Promise.all([first.refresh(), first.refresh(), second.refresh(), first.refresh()]);
    assert.equal(tokenCalls(phone).length - before, 1, 'one refresh_token request for four callers on two clients');
    assert.ok(results.every(r => r.refreshToken === results[0].refreshToken));
    assert.notEqual(results[0].refreshToken, tokens.refreshToken, 'the refresh token rotated');
    // Had two requests raced with the same refresh token, WeGate would have revoked the sign-in (RFC 9700 §4.14.2).
    const next = await first.refresh();
    assert.notEqual(next.refreshToken, results[0].refreshToken);
    assert.ok((await first.getUser()).sub);
  });

  test('an access token about to expire is refreshed before use', async () => {
    const phone = await world.newPhone();
    const client = clientOn(phone);
    const { tokens } = await client.login();
    phone.wx.setStorageSync(`wegate:mini-app@${world.issuer}`, { ...tokens, expiresAt: Date.now() + 30_000 });
    const accessToken = await client.getAccessToken();
    assert.notEqual(accessToken, tokens.accessToken);
    assert.equal(client.getTokens().accessToken, accessToken);
  });

  test('getUser refused with 401 refreshes once and asks again', async () => {
    const phone = await world.newPhone();
    const client = clientOn(phone);
    const { tokens } = await client.login();
    // An access token WeGate no longer takes although it has not reached its expiry here.
    phone.wx.setStorageSync(`wegate:mini-app@${world.issuer}`, { ...tokens, accessToken: `${tokens.accessToken}x` });
    assert.match((await client.getUser()).sub, /^[0-9a-f]{32}$/);
    assert.deepEqual(phone.requests.slice(-3).map(r => r.url.replace(world.issuer, '')), ['/oauth2/userinfo', '/oauth2/token', '/oauth2/userinfo']);
  });

  test('logout revokes the sign-in at WeGate: its refresh token no longer works anywhere', async () => {
    const phone = await world.newPhone();
    const client = clientOn(phone);
    const { tokens } = await client.login();
    await client.logout();
    assert.equal(client.isLoggedIn(), false);
    const answer = await fetch(`${world.issuer}/oauth2/token`, {
      method: 'POST',
      body: new URLSearchParams({ grant_type: 'refresh_token', client_id: 'mini-app', refresh_token: tokens.refreshToken }),
    });
    assert.equal(answer.status, 400);
    assert.equal((await answer.json()).error, 'invalid_grant');
    const userinfo = await fetch(`${world.issuer}/oauth2/userinfo`, { headers: { authorization: `Bearer ${tokens.accessToken}` } });
    assert.equal(userinfo.status, 401);
  });

  test('a refresh WeGate refuses clears the session and asks for login', async () => {
    const phone = await world.newPhone();
    const client = clientOn(phone);
    const { tokens } = await client.login();
    await client.refresh(); // rotates: the stored token is new, the first one is spent
    phone.wx.setStorageSync(`wegate:mini-app@${world.issuer}`, tokens);
    await assert.rejects(client.refresh(), error => error instanceof WeGateError && error.code === 'login_required'
      && /WeGate ended this sign-in/.test(error.message) && /call login\(\)/.test(error.message));
    assert.equal(client.isLoggedIn(), false);
    await assert.rejects(client.getAccessToken(), { code: 'login_required' });
  });

  test('getUser without a session is login_required, with no request sent', async () => {
    const phone = await world.newPhone();
    await assert.rejects(clientOn(phone).getUser(), { name: 'WeGateError', code: 'login_required' });
    assert.equal(phone.requests.length, 0);
  });
});
