// @wegate/js in Chromium against a real WeGate and its sandbox: sign-in with redirect by password, by
// the website QR and, inside WeChat's browser, by the one-tap official-account login; refresh, the
// silent session check and logout. The application is test/app on its own origin (support.mjs).
import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { browserMissing, claims, openApp, signedIn, skipBrowserTests, startAll, startApp, status, weChatUserAgent, world } from './support.mjs';

const needsBrowser = { skip: skipBrowserTests };

describe('@wegate/js sign-in with redirect', () => {
  before(() => {
    if (browserMissing && !skipBrowserTests) {
      throw new Error(browserMissing);
    }
  });

  test('password sign-in, refresh once for many callers, a reload, the silent check and logout', needsBrowser, async t => {
    const { wegate, browser } = await startAll(t);
    const { origin, setConfig } = await startApp(t);
    const w = await world(wegate, origin);
    setConfig({ issuer: w.issuer, clientId: 'shop' });
    const { page, problems } = await openApp(browser, origin);
    assert.equal(await status(page), 'Signed out');

    await page.click('#sign-in');
    await page.waitForURL(url => url.href.startsWith(`${w.issuer}/login?`));
    const authorize = new URL(page.url());
    await page.getByRole('tab', { name: 'Password' }).click();
    await page.fill('#login', 'mei@example.com');
    await page.fill('#password', 'mei-password-123');
    await page.press('#password', 'Enter');
    assert.equal(await signedIn(page, origin), 'Signed in as Mei');
    const first = await claims(page);
    assert.equal(first.iss, w.issuer);
    assert.equal(first.aud, 'shop');
    assert.deepEqual(first.amr, ['pwd']);
    assert.ok(authorize.searchParams.get('request'), 'the login page holds a parked request');

    // Three refreshes at once share one token request: a refresh token works once, and a second use
    // would revoke the sign-in (docs/oidc.md#tokens).
    const tokenRequests = [];
    page.on('request', request => { if (request.url().endsWith('/oauth2/token')) tokenRequests.push(request.method()); });
    const before = await page.evaluate(() => JSON.parse(sessionStorage.getItem('wegate.tokens')));
    const refreshed = await page.evaluate(async ([issuer]) => {
      const { WeGateClient } = await import('/sdk/index.js');
      const client = new WeGateClient({ issuer, clientId: 'shop', redirectUri: `${location.origin}/callback`, storage: 'session' });
      const all = await Promise.all([client.refresh(), client.refresh(), client.refresh()]);
      return { tokens: new Set(all.map(tokens => tokens.accessToken)).size, sub: all[0].claims.sub, access: await client.getAccessToken() };
    }, [w.issuer]);
    assert.deepEqual(tokenRequests, ['POST']);
    assert.equal(refreshed.tokens, 1);
    assert.equal(refreshed.sub, first.sub);
    const after = await page.evaluate(() => JSON.parse(sessionStorage.getItem('wegate.tokens')));
    assert.notEqual(after.refreshToken, before.refreshToken, 'the refresh token rotated');
    assert.equal(refreshed.access, after.accessToken);
    // The rotated token refreshes again: the grant is alive.
    await page.click('#refresh');
    await page.waitForFunction(() => document.getElementById('status').textContent === 'Refreshed');

    // storage: 'session' keeps the sign-in across a reload of the tab.
    await page.reload();
    await page.waitForFunction(() => document.getElementById('status').textContent.startsWith('Signed in'));

    // The silent check: a top-level prompt=none redirect, answered at once from WeGate's session.
    await page.click('#check-session');
    assert.equal(await signedIn(page, origin), 'Signed in as Mei');

    // Logout with the ID token as hint: WeGate signs out without asking and sends the browser back.
    await page.click('#sign-out');
    await page.waitForURL(url => url.href.startsWith(`${origin}/`) && !url.pathname.startsWith('/callback'));
    await page.waitForFunction(() => document.getElementById('status').textContent === 'Signed out');
    assert.equal(await page.evaluate(() => sessionStorage.getItem('wegate.tokens')), null);
    // The refresh token of the ended session is revoked at WeGate.
    const revoked = await fetch(`${w.issuer}/oauth2/token`, {
      method: 'POST', body: new URLSearchParams({ grant_type: 'refresh_token', client_id: 'shop', refresh_token: after.refreshToken }),
    });
    assert.equal(revoked.status, 400);
    assert.equal((await revoked.json()).error, 'invalid_grant');

    await page.click('#check-session');
    assert.equal(await signedIn(page, origin), 'No session at WeGate');
    assert.deepEqual(problems, []);
  });

  test('the website QR on the login page: the phone scans and allows, the application is signed in', needsBrowser, async t => {
    const { wegate, sandbox, browser } = await startAll(t);
    const { origin, setConfig } = await startApp(t);
    const w = await world(wegate, origin);
    setConfig({ issuer: w.issuer, clientId: 'shop' });
    const { page, problems } = await openApp(browser, origin);
    await page.click('#sign-in');
    const frame = page.frameLocator('section[data-wegate-website-qr] iframe');
    await frame.locator('section[data-when="waiting"] img.qrcode').waitFor();
    const uuid = await frame.locator('#wegate-qrconnect').getAttribute('data-uuid');
    await sandbox.control('POST', `qrconnect/${uuid}/scan`, { personaId: w.persona.id });
    await sandbox.control('POST', `qrconnect/${uuid}/confirm`);
    assert.equal(await signedIn(page, origin), 'Signed in as 雷 Lei');
    assert.deepEqual((await claims(page)).amr, ['wechat-website']);
    assert.deepEqual(problems, []);
  });

  test('inside WeChat the sign-in goes straight to the one-tap official-account login, without the login page', needsBrowser, async t => {
    const { wegate, browser } = await startAll(t);
    const { origin, setConfig } = await startApp(t);
    const w = await world(wegate, origin);
    setConfig({ issuer: w.issuer, clientId: 'shop', weChatConnection: 'wechat-h5' });
    const { page, context, problems } = await openApp(browser, origin, { userAgent: weChatUserAgent });
    await context.addCookies([{ name: 'sandbox_persona', value: w.persona.id, url: wegate.base }]);
    const visited = [];
    const shown = [];
    page.on('request', request => { if (request.isNavigationRequest()) visited.push(new URL(request.url())); });
    page.on('response', response => { if (response.status() === 200 && new URL(response.url()).pathname.endsWith('/login')) shown.push(response.url()); });
    await page.click('#sign-in');
    // snsapi_base: signed in by the openid alone, silently, with no profile (docs/logins.md#4-in-wechat-web-page-oa-web).
    assert.match(await signedIn(page, origin), /^Signed in as [0-9a-f]{32}$/);
    assert.deepEqual((await claims(page)).amr, ['wechat-oa']);
    const authorize = visited.find(url => url.pathname.endsWith('/oauth2/authorize'));
    assert.equal(authorize.searchParams.get('connection'), 'wechat-h5');
    // The parked request's page answers with a redirect to the connection's start, never with a page.
    assert.deepEqual(shown, []);
    assert.ok(visited.some(url => url.pathname.endsWith('/login/oa-web/start')));
    assert.deepEqual(problems, []);

    // The same application outside WeChat does not name the connection: the login page offers them all.
    const pc = await openApp(browser, origin);
    await pc.page.click('#sign-in');
    await pc.page.waitForURL(url => url.href.startsWith(`${w.issuer}/login?`));
  });
});
