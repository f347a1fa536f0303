// WeChat's verdicts and WeGate's refusals as typed errors: errcodes from the sandbox's fault injection
// (docs/sandbox.md#faults) and from codes really used twice, each a WeGateError whose message says
// what to do.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createClient, WeGateError } from '@wegate/miniprogram';
import { startWorld } from './support/world.mjs';

describe('errors', () => {
  let world;
  before(async () => { world = await startWorld(); });
  after(() => world?.stop());

  const clientOn = (phone, options = {}) => createClient({ issuer: world.issuer, clientId: 'mini-app', wx: phone.wx, ...options });
  const fault = (path, errCode) => world.sandbox.control('PUT', 'faults', { path, errCode, count: 1 });
  const isError = expected => error => {
    assert.ok(error instanceof WeGateError, `a WeGateError, not ${error}`);
    for (const [name, value] of Object.entries(expected)) {
      if (value instanceof RegExp) assert.match(error[name], value, name);
      else assert.equal(error[name], value, name);
    }
    return true;
  };

  for (const [errcode, code, fix] of [
    [40029, 'invalid_grant', /connection's AppID is this mini program's/],
    [40226, 'invalid_grant', /another way to sign in/],
    [45011, 'temporarily_unavailable', /wait a minute before calling login\(\) again/],
    [-1, 'temporarily_unavailable', /call login\(\) again; it takes a new wx.login code/],
  ]) {
    test(`errcode ${errcode} at jscode2session is ${code} with errcode ${errcode} and its fix`, async () => {
      const phone = await world.newPhone();
      await world.sandbox.control('DELETE', 'calls');
      await fault('sns/jscode2session', errcode);
      await assert.rejects(clientOn(phone).login(), isError({ code, errcode, message: fix }));
      assert.equal((await world.sandbox.calls('sns/jscode2session')).length, 1, 'a code exchange is never retried');
      assert.equal(clientOn(phone).isLoggedIn(), false);
      // The fault was for one call: the next login works.
      assert.equal((await clientOn(phone).login()).status, 'signed_in');
    });
  }

  test('a wx.login code sent twice is refused by WeChat itself (40163)', async () => {
    const phone = await world.newPhone();
    const realLogin = phone.wx.login;
    let code;
    // A page that keeps the first code it got and sends it again.
    phone.wx.login = ({ success, fail }) => (code ? success({ code, errMsg: 'login:ok' })
      : realLogin({ success: r => { code = r.code; success(r); }, fail }));
    assert.equal((await clientOn(phone).login()).status, 'signed_in');
    await assert.rejects(clientOn(phone).login(), isError({ code: 'invalid_grant', errcode: 40163, message: /never send one code twice/ }));
  });

  test('a phone code WeChat refuses is invalid_grant with its errcode, and nobody is signed in', async () => {
    const phone = await world.newPhone();
    await fault('wxa/business/getuserphonenumber', 40029);
    await assert.rejects(clientOn(phone).loginWithPhone(await phone.phoneEvent()), isError({ code: 'invalid_grant', errcode: 40029 }));
    assert.equal(clientOn(phone).isLoggedIn(), false);
  });

  test('wx.login failing is wx_login_failed', async () => {
    const phone = await world.newPhone();
    phone.wx.login = ({ fail }) => fail({ errMsg: 'login:fail network error', errno: 1 });
    await assert.rejects(clientOn(phone).login(), isError({ code: 'wx_login_failed', message: /login:fail network error/ }));
  });

  test('WeGate out of reach is network_error naming the request domain setting', async () => {
    const phone = await world.newPhone();
    const client = clientOn(phone, { issuer: 'http://127.0.0.1:9/pools/default' });
    await assert.rejects(client.login(), isError({ code: 'network_error', message: /request合法域名/ }));
  });

  test('an unknown client_id is WeGate\'s invalid_client with its error id', async () => {
    const phone = await world.newPhone();
    await assert.rejects(clientOn(phone, { clientId: 'no-such-app' }).login(),
      isError({ code: 'invalid_client', status: 401, errorId: /^WG\d+$/, message: /check `clientId`/ }));
  });

  test('createClient without an issuer or a wx, and login() without a clientId, say what to pass', async () => {
    assert.throws(() => createClient({ clientId: 'mini-app', wx: {} }), /`issuer` must be the pool's issuer URL/);
    assert.throws(() => createClient({ issuer: world.issuer, clientId: 'mini-app' }), /no wx object.*wx: Taro/);
    const phone = { wx: { login() {}, request() {}, getStorageSync: () => '', setStorageSync() {}, removeStorageSync() {} } };
    await assert.rejects(createClient({ issuer: world.issuer, wx: phone.wx }).login(), /login\(\) needs `clientId`/);
  });
});
