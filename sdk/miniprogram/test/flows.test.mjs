// The logins where the mini program signs a person in somewhere else: the PC's mini program code
// (flow 3, mp-qr: docs/logins.md) and an app that launched the mini program (flow 7, app-mp:
// docs/oidc.md#app-launches-mini-program-app-mp); and the answer that needs the person on a page
// (interaction_required). The PC and the app are played over HTTP; the mini program is the SDK on a
// phone whose wx.login and phone codes are the sandbox's.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createClient, sceneOf, WeGateError } from '@wegate/miniprogram';
import { Browser } from '../../../tests/node/support/oidc-conformance.mjs';
import { MobileApp } from '../../../tests/node/support/mobile-app.mjs';
import { openLoginPage } from './support/pc.mjs';
import { startWorld } from './support/world.mjs';
import { Phone } from './support/wx.mjs';

describe('flows', () => {
  let world;
  before(async () => { world = await startWorld(); });
  after(() => world?.stop());

  // The login mini program signs nobody in to itself: its client needs no clientId.
  const clientOn = (phone, clientId) => createClient({ issuer: world.issuer, clientId, wx: phone.wx });

  test('flow 3: the mini program opened from the PC\'s code says it was scanned, confirms with the phone number, and the PC signs in', async () => {
    const pc = await openLoginPage(world);
    assert.equal(await pc.state(), 'pending');
    const phone = await world.newPhone('13700137000');
    // WeChat opens the page with the scene URL-encoded in its query.
    const scene = sceneOf({ scene: encodeURIComponent(pc.ticket) });
    const client = clientOn(phone);

    const info = await client.scan(scene);
    assert.equal(info.application, 'PC 商城');
    assert.ok(info.expiresIn > 200 && info.expiresIn <= 300);
    assert.equal(await pc.state(), 'scanned');

    assert.deepEqual(await client.confirmScan(scene, { phoneEvent: await phone.phoneEvent() }), { status: 'confirmed' });
    assert.equal(await pc.state(), 'confirmed');
    const claims = await pc.signIn();
    assert.equal(claims.phone_number, '+8613700137000');
    assert.equal(client.isLoggedIn(), false, 'the mini program signed the PC in, not itself');

    // The code on the screen works once.
    await assert.rejects(client.confirmScan(scene), error => error instanceof WeGateError && error.code === 'invalid_grant' && /already used/.test(error.message));
  });

  test('flow 3: a declined phone button confirms nothing; an unknown scene and a WeChat errcode are typed errors', async () => {
    const pc = await openLoginPage(world);
    const phone = await world.newPhone();
    const client = clientOn(phone);
    await assert.rejects(client.confirmScan(pc.ticket, { phoneEvent: Phone.deniedPhoneEvent() }), { code: 'phone_denied' });
    await assert.rejects(client.confirmScan('no-such-scene'), { code: 'invalid_grant', status: 400 });
    await world.sandbox.control('PUT', 'faults', { path: 'sns/jscode2session', errCode: 40226, count: 1 });
    await assert.rejects(client.confirmScan(pc.ticket), { code: 'invalid_grant', errcode: 40226 });
    assert.equal(await pc.state(), 'pending', 'the PC keeps waiting: the person can try again');
    // …and the next try signs the PC in.
    await client.confirmScan(pc.ticket);
    assert.ok((await pc.signIn()).sub);
  });

  test('flow 7: the app gets a ticket, launches the mini program, which confirms and returns app_parameter; the app redeems it', async () => {
    const app = new MobileApp(world.issuer, 'mobile-app');
    const { body: ticket } = await app.requestTicket();
    assert.equal(ticket.launch.user_name, world.mp.originalId);

    // Redeemed too early: the app is told to wait.
    const early = await app.redeemTicket(ticket.ticket, ticket.ticket_secret);
    assert.equal(early.body.error, 'authorization_pending');

    // WeChat opens launch.path; the page's onLoad gets its query.
    const launched = new URL(ticket.launch.path, 'https://mini.program/');
    assert.equal(launched.pathname, '/pages/launch/index');
    const phone = await world.newPhone('13600136000');
    const { appParameter } = await clientOn(phone).confirmAppLaunch(Object.fromEntries(launched.searchParams), { phoneEvent: await phone.phoneEvent() });
    assert.equal(appParameter, ticket.ticket, 'only the ticket id travels back through WeChat');

    // <button open-type="launchApp" app-parameter="…"> hands appParameter to the app as extMsg.
    const redeemed = await app.redeemTicket(appParameter, ticket.ticket_secret);
    assert.equal(redeemed.status, 200, JSON.stringify(redeemed.body));
    const claims = await app.userinfo(redeemed.body.access_token);
    assert.equal(claims.status, 200);
    const again = await app.redeemTicket(appParameter, ticket.ticket_secret);
    assert.equal(again.body.error, 'invalid_grant', 'a ticket redeems once');
  });

  test('flow 7: a launch without a ticket, or with a spent one, is a typed error saying to start again from the app', async () => {
    const phone = await world.newPhone();
    const client = clientOn(phone);
    await assert.rejects(client.confirmAppLaunch({}), { code: 'invalid_request', message: /open this page from the app/ });
    await assert.rejects(client.confirmAppLaunch({ ticket: 'made-up' }), error => error.code === 'invalid_grant' || error.status === 400);
  });

  test('interaction_required is a result the page can act on: the person creates an account in the web-view and the mini program redeems the code', async () => {
    const phone = await world.newPhone();
    const client = clientOn(phone, 'mini-bind-app');
    const result = await client.login();
    assert.equal(result.status, 'interaction_required');
    assert.equal(result.interaction, 'bind_account');
    assert.match(result.authSession, /^[A-Za-z0-9_-]{43}$/);
    assert.equal(client.isLoggedIn(), false);

    const url = new URL(result.authorizationUrl({ redirectUri: 'https://shop.example.com/wegate-return', state: 's1' }));
    const exchange = new URLSearchParams(phone.requests.at(-1).body);
    assert.equal(url.searchParams.get('code_challenge'), exchange.get('code_challenge'), 'the exchange\'s code_challenge');
    assert.equal(url.searchParams.get('auth_session'), result.authSession);

    const browser = new Browser();
    const authorize = await browser.get(url);
    assert.equal(authorize.status, 303);
    const page = await browser.get(new URL(authorize.headers.get('location'), url));
    assert.equal(page.status, 200);
    const html = await page.text();
    assert.match(html, /Link your WeChat/);

    // The person creates an account there; the browser comes back to redirect_uri with a code, which
    // the mini program redeems with the exchange's PKCE verifier.
    const create = /<form method="post" action="([^"]*\/account\/create)">/.exec(html)[1];
    const token = /name="__RequestVerificationToken" value="([^"]+)"/.exec(html)[1];
    const back = await browser.postForm(new URL(create, url), { __RequestVerificationToken: token });
    assert.equal(back.status, 303);
    const returned = new URL(back.headers.get('location'));
    assert.equal(`${returned.origin}${returned.pathname}`, 'https://shop.example.com/wegate-return');
    assert.equal(returned.searchParams.get('state'), 's1');
    const tokens = await client.completeInteraction({ code: returned.searchParams.get('code'), redirectUri: 'https://shop.example.com/wegate-return' });
    assert.ok(tokens.refreshToken);
    assert.ok(client.isLoggedIn());
    assert.match((await client.getUser()).sub, /^[0-9a-f]{32}$/);

    // The link is remembered: the next exchange signs in directly.
    assert.equal((await client.login()).status, 'signed_in');
  });
});
