// A mobile app's logins over HTTP, as docs/mobile.md tells an Android or iOS app to make them: flow 6
// (WeChat's SendAuth code, here the sandbox's, to WeGate tokens) and flow 7 (a ticket, the mini
// program launched with it confirming as the mini program does, the ticket redeemed). The requests
// the app made are then held against the HTTP sequence docs/mobile.md shows.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import { MobileApp } from './support/mobile-app.mjs';
import { unique } from './support/sandbox.mjs';
import { WeGate } from './support/wegate.mjs';

const pool = 'default';

// The ```http blocks of one section of docs/mobile.md, as {method, path under the issuer, fields}.
function documented(heading) {
  const page = readFileSync(new URL('../../docs/mobile.md', import.meta.url), 'utf8');
  const start = page.indexOf(`\n## ${heading}`);
  assert.ok(start >= 0, `docs/mobile.md has a section "## ${heading}"`);
  const end = page.indexOf('\n## ', start + 1);
  const section = page.slice(start, end < 0 ? undefined : end);
  return [...section.matchAll(/```http\n([\s\S]*?)\n```/g)].map(([, block]) => {
    const [head, body = ''] = block.split('\n\n');
    const [method, path] = head.split('\n')[0].split(' ');
    const fields = body.trim().startsWith('{')
      ? Object.keys(JSON.parse(body))
      : body.replace(/\n/g, '').split('&').filter(Boolean).map(pair => pair.split('=')[0]);
    return { method, path: path.replace(`/pools/${pool}`, '').replace(/\?.*/, ''), fields };
  });
}

// The app's requests, a retry of the same request counted once (docs show it once, with "retry").
const sequence = app => app.requests.filter((r, i, all) => i === 0 || JSON.stringify(r) !== JSON.stringify(all[i - 1]));

describe('mobile app (docs/mobile.md)', () => {
  let wegate;
  let sandbox;
  let mobile;
  let mp;
  const openPlatformAccount = unique('open');
  before(async () => {
    wegate = await WeGate.start();
    sandbox = wegate.sandbox;
    mobile = await sandbox.createApp({ type: 'mobile', openPlatformAccount });
    mp = await sandbox.createApp({ type: 'miniprogram', openPlatformAccount });
    const create = (path, body) => wegate.admin('POST', `pools/${pool}/${path}`, body, { status: 201 });
    await create('connections', { slug: 'app', type: 'mobile', display_name: 'App', app_id: mobile.appId, app_secret: mobile.secret });
    await create('connections', {
      slug: 'app-mp', type: 'app-mp', display_name: 'App 拉起小程序', app_id: mp.appId, app_secret: mp.secret,
      settings: { page: 'pages/launch/index', original_id: mp.originalId },
    });
    await create('applications', {
      client_id: 'my-app', display_name: 'My App', type: 'native', connections: ['app', 'app-mp'],
      grants: ['urn:ietf:params:oauth:grant-type:token-exchange', 'refresh_token'],
    });
  });
  after(() => wegate?.stop());

  const issuer = () => `${wegate.base}/pools/${pool}`;

  test('flow 6: SendAuth\'s code becomes WeGate tokens, which refresh; the calls are the ones docs/mobile.md shows', async () => {
    const persona = await sandbox.createPersona({ id: unique('lei'), nickname: '雷' });
    // What SendAuth.Resp carries after the person tapped Allow in WeChat.
    const { code } = await sandbox.control('POST', 'codes/oauth', { appId: mobile.appId, personaId: persona.id });
    const app = new MobileApp(issuer(), 'my-app');

    const signedIn = await app.signInWithWeChat(code);
    assert.equal(signedIn.status, 200, JSON.stringify(signedIn.body));
    assert.equal(signedIn.body.issued_token_type, 'urn:ietf:params:oauth:token-type:access_token');
    const refreshed = await app.refresh(signedIn.body.refresh_token);
    assert.equal(refreshed.status, 200);
    const claims = await app.userinfo(refreshed.body.access_token);
    assert.equal(claims.body.nickname, '雷');

    // The code works once (WeChat's 40163 behind it).
    const again = await app.signInWithWeChat(code);
    assert.equal(again.body.error, 'invalid_grant');
    assert.match(again.body.error_description, /errcode 40163/);

    app.requests.splice(-1);
    assert.deepEqual(sequence(app), documented('Flow 6'));
  });

  test('flow 7: ticket, launch, the mini program\'s confirm, redemption; the same person as in flow 6; the calls are the documented ones', async () => {
    const persona = await sandbox.createPersona({ id: unique('lei'), nickname: '雷' });
    const { code } = await sandbox.control('POST', 'codes/oauth', { appId: mobile.appId, personaId: persona.id });
    const viaSendAuth = new MobileApp(issuer(), 'my-app');
    const { body: first } = await viaSendAuth.signInWithWeChat(code);
    const { sub } = (await viaSendAuth.userinfo(first.access_token)).body;

    const app = new MobileApp(issuer(), 'my-app');
    const { status, body: ticket } = await app.requestTicket();
    assert.equal(status, 200);
    assert.deepEqual(ticket.launch, { user_name: mp.originalId, path: `pages/launch/index?ticket=${ticket.ticket}`, mini_program_type: 0 });
    assert.match(ticket.ticket_secret, /^wgt_/);

    // The app comes back before the mini program has confirmed: it is told to wait.
    const early = await app.redeemTicket(ticket.ticket, ticket.ticket_secret);
    assert.equal(early.status, 400);
    assert.equal(early.body.error, 'authorization_pending');

    // The mini program, opened at launch.path: wx.login, then its confirm (the login mini program's
    // launch page does this through @wegate/miniprogram).
    const { code: jsCode } = await sandbox.control('POST', 'codes/js', { appId: mp.appId, personaId: persona.id });
    const confirmed = await fetch(`${issuer()}/login/app-mp/tickets/${ticket.ticket}/confirm`, {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ code: jsCode }),
    });
    const { app_parameter: extMsg } = await confirmed.json();
    assert.equal(extMsg, ticket.ticket);

    // WXLaunchMiniProgram.Resp brings extMsg back to the app; it redeems with the secret it kept.
    const redeemed = await app.redeemTicket(extMsg, ticket.ticket_secret);
    assert.equal(redeemed.status, 200, JSON.stringify(redeemed.body));
    assert.equal((await app.userinfo(redeemed.body.access_token)).body.sub, sub, 'one account, by the shared unionid');

    // extMsg alone redeems nothing: the secret is the app's.
    const { body: other } = await app.requestTicket();
    const forged = await new MobileApp(issuer(), 'my-app').redeemTicket(other.ticket, `wgt_${randomBytes(24).toString('base64url')}`);
    assert.equal(forged.body.error, 'invalid_grant');

    app.requests.splice(-1);
    assert.deepEqual(sequence(app), documented('Flow 7'));
  });
});
