// The auth_session hand-off in a real browser, as the person who opens the link sees it: a mobile app
// exchanged a WeChat code, and the person must link an account (docs/oidc.md#when-the-person-must-choose).
// Someone who forwards their own hand-off link to another person must not get their WeChat linked to
// that person's account (docs/security.md#the-auth_session-hand-off): the page names the WeChat user
// and warns, and signing in there links nothing, because the link waits for the code's redemption with
// the verifier of the app that made the exchange.
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { test } from 'node:test';
import { skipBrowserTests, startWithBrowser } from './support/browser.mjs';
import { unique } from './support/sandbox.mjs';

const redirectUri = 'https://app.example.test/oauth/callback';

test('a forwarded hand-off link shows whose WeChat arrives and signing in there links nothing', { skip: skipBrowserTests }, async (t) => {
  const { wegate, sandbox, browser } = await startWithBrowser(t);
  const pool = unique('pool');
  await wegate.admin('POST', 'pools', { name: pool });
  const app = await sandbox.createApp({ type: 'mobile', openPlatformAccount: unique('open') });
  await wegate.admin('POST', `pools/${pool}/connections`, {
    slug: 'app', type: 'mobile', display_name: '微信', app_id: app.appId, app_secret: app.secret, binding_policy: 'ask-to-bind',
  });
  await wegate.admin('POST', `pools/${pool}/applications`, {
    client_id: 'mobile-app', display_name: 'Mobile app', type: 'native', redirect_uris: [redirectUri],
    grants: ['authorization_code', 'urn:ietf:params:oauth:grant-type:token-exchange'], connections: ['app'],
  });
  const victim = await wegate.admin('POST', `pools/${pool}/users`, { username: 'victim', password: 'victim-password-123' });
  const attacker = await sandbox.createPersona({ id: unique('mallory'), nickname: 'Mallory' });

  // The attacker's own exchange, with the attacker's PKCE challenge.
  const verifier = crypto.randomBytes(32).toString('base64url');
  const challenge = crypto.createHash('sha256').update(verifier).digest('base64url');
  const exchange = async () => {
    const { code } = await sandbox.control('POST', 'codes/oauth', { appId: app.appId, personaId: attacker.id, scope: 'snsapi_userinfo' });
    const response = await fetch(`${wegate.issuer(pool)}/oauth2/token`, {
      method: 'POST',
      body: new URLSearchParams({
        grant_type: 'urn:ietf:params:oauth:grant-type:token-exchange', client_id: 'mobile-app', scope: 'openid',
        subject_token_type: 'urn:wegate:params:oauth:token-type:wechat-mobile-code', subject_token: code,
        code_challenge: challenge, code_challenge_method: 'S256',
      }),
    });
    return response.json();
  };
  const handedOff = await exchange();
  assert.equal(handedOff.error, 'interaction_required');
  assert.equal(handedOff.interaction, 'bind_account');

  // The victim opens the forwarded link in their browser and signs in with their own password.
  const page = await browser.newPage({ locale: 'en-US' });
  let landed = null;
  await page.route(`${redirectUri}**`, (route) => {
    landed = new URL(route.request().url());
    return route.fulfill({ status: 200, contentType: 'text/html', body: '<p>app</p>' });
  });
  await page.goto(`${wegate.issuer(pool)}/oauth2/authorize?${new URLSearchParams({
    response_type: 'code', client_id: 'mobile-app', redirect_uri: redirectUri, scope: 'openid', state: 's1',
    code_challenge: challenge, code_challenge_method: 'S256', auth_session: handedOff.auth_session,
  })}`);
  const arriving = page.locator('.arriving');
  await assert.doesNotReject(arriving.waitFor());
  assert.match(await arriving.innerText(), /Mallory/);
  assert.match(await arriving.innerText(), /If someone sent you this link, close this page/);
  await page.getByLabel('Username, phone or email').fill('victim');
  await page.getByLabel('Password').fill('victim-password-123');
  await page.getByRole('button', { name: 'Link and sign in' }).click();
  await page.waitForURL(`${redirectUri}**`);
  assert.ok(landed?.searchParams.get('code'), 'the browser is sent to the app with a code');

  // The victim's app has no verifier for that code; nothing was linked to the victim's account.
  const redeemed = await fetch(`${wegate.issuer(pool)}/oauth2/token`, {
    method: 'POST',
    body: new URLSearchParams({
      grant_type: 'authorization_code', client_id: 'mobile-app', code: landed.searchParams.get('code'), redirect_uri: redirectUri,
      code_verifier: crypto.randomBytes(32).toString('base64url'),
    }),
  });
  assert.equal((await redeemed.json()).error, 'invalid_grant');
  const { identities } = await wegate.admin('GET', `pools/${pool}/users/${victim.user.id}`);
  assert.deepEqual(identities.map((i) => i.kind), ['password']);
  assert.equal((await exchange()).error, 'interaction_required', "the attacker's WeChat still reaches no account");
});
