// A real WeGate (the built server, Development, its sandbox mounted: tests/node/support/wegate.mjs)
// with a pool set up as a mini program's developer would: a sandbox mini program, its three WeGate
// connections (sign-in in the mini program, the PC's mini program code, the app's launch), and the
// applications that use them.
import { randomBytes } from 'node:crypto';
import { unique } from '../../../../tests/node/support/sandbox.mjs';
import { WeGate } from '../../../../tests/node/support/wegate.mjs';
import { Phone } from './wx.mjs';

export { unique };

export async function startWorld() {
  const wegate = await WeGate.start();
  try {
    return await setUp(wegate);
  } catch (error) {
    await wegate.stop();
    throw error;
  }
}

async function setUp(wegate) {
  const { sandbox } = wegate;
  const create = (path, body) => wegate.admin('POST', path, body, { status: 201 });
  const pool = `p${randomBytes(6).toString('hex')}`;
  await create('pools', { name: pool });
  const mp = await sandbox.createApp({ type: 'miniprogram', openPlatformAccount: unique('open') });
  const secrets = { app_id: mp.appId, app_secret: mp.secret };
  await create(`pools/${pool}/connections`, { slug: 'mini', type: 'miniprogram', display_name: '小程序', ...secrets });
  await create(`pools/${pool}/connections`, { slug: 'mp-code', type: 'mp-qr', display_name: '小程序码', ...secrets, settings: { page: 'pages/scan/index' } });
  await create(`pools/${pool}/connections`, {
    slug: 'app-mp', type: 'app-mp', display_name: 'App 拉起小程序', ...secrets, settings: { page: 'pages/launch/index', original_id: mp.originalId },
  });
  // Asks a newcomer to create an account or link one they have: the exchange needs the person.
  await create(`pools/${pool}/connections`, { slug: 'mini-bind', type: 'miniprogram', display_name: '小程序（绑定）', ...secrets, binding_policy: 'ask-to-bind' });
  const exchange = 'urn:ietf:params:oauth:grant-type:token-exchange';
  await create(`pools/${pool}/applications`, {
    client_id: 'mini-app', display_name: '小程序商城', type: 'miniprogram', grants: [exchange, 'refresh_token'], connections: ['mini'],
  });
  await create(`pools/${pool}/applications`, {
    client_id: 'mini-bind-app', display_name: '小程序会员', type: 'miniprogram', grants: [exchange, 'authorization_code', 'refresh_token'],
    redirect_uris: ['https://shop.example.com/wegate-return'], connections: ['mini-bind'],
  });
  const callback = 'http://127.0.0.1:9/callback';
  await create(`pools/${pool}/applications`, {
    client_id: 'pc-site', display_name: 'PC 商城', type: 'spa', redirect_uris: [callback], grants: ['authorization_code'], connections: ['mp-code'],
  });
  await create(`pools/${pool}/applications`, {
    client_id: 'mobile-app', display_name: '手机 App', type: 'native', grants: [exchange, 'refresh_token'], connections: ['app-mp'],
  });
  return {
    wegate,
    sandbox,
    pool,
    mp,
    callback,
    issuer: `${wegate.base}/pools/${pool}`,
    stop: () => wegate.stop(),
    // A new WeChat user with a phone number, holding a phone with the mini program on it.
    async newPhone(phone = '13800138000') {
      const persona = await sandbox.createPersona({ id: unique('mei'), nickname: '梅', phone });
      return new Phone(sandbox, mp.appId, persona.id);
    },
  };
}
