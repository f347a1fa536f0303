// The embedded QR login of @wegate/js in Chromium: the application's own page shows WeGate's QR codes
// in a frame (RFC 9126 pushed request with embed=qr), the sandbox plays the phone, and the page is
// signed in without ever navigating away. Also what stops the frame being used elsewhere.
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { before, describe, test } from 'node:test';
import { browserMissing, claims, openApp, skipBrowserTests, startAll, startApp, status } from './support.mjs';

const needsBrowser = { skip: skipBrowserTests };

// The app's page, its QR login started for one connection; answers the page, the frame and the ticket
// the frame shows, and the top-level navigations the page made.
async function startQrLogin(browser, origin, w, setConfig, connection) {
  setConfig({ issuer: w.issuer, clientId: 'shop', qrConnection: connection });
  const app = await openApp(browser, origin);
  const navigations = [];
  app.page.on('framenavigated', frame => { if (frame === app.page.mainFrame()) navigations.push(frame.url()); });
  await app.page.click('#qr-login');
  const frame = app.page.frameLocator('#qr iframe[data-wegate-qr-login]');
  await frame.locator('[data-wegate-ticket] img').waitFor();
  const ticket = await frame.locator('[data-wegate-ticket]').getAttribute('data-wegate-ticket');
  return { ...app, frame, ticket, navigations };
}

async function waitSignedIn(page) {
  await page.waitForFunction(() => /^(Signed in|Sign-in failed)/.test(document.getElementById('status').textContent));
  return status(page);
}

describe('@wegate/js embedded QR login', () => {
  before(() => {
    if (browserMissing && !skipBrowserTests) {
      throw new Error(browserMissing);
    }
  });

  test('the mini program code in the application\'s page: the phone confirms, the page is signed in where it is', needsBrowser, async t => {
    const { wegate, sandbox, browser } = await startAll(t);
    const { origin, setConfig } = await startApp(t);
    const w = await (await import('./support.mjs')).world(wegate, origin);
    const { page, frame, ticket, navigations, problems } = await startQrLogin(browser, origin, w, setConfig, 'mp');
    // Only the codes: nothing to type in a frame.
    assert.equal(await frame.locator('input[type="password"]').count(), 0);
    // docs/sdk-js.md's picture, rewritten with WEGATE_WRITE_DOCS=1 as the console's are.
    if (process.env.WEGATE_WRITE_DOCS === '1') {
      await page.screenshot({ path: new URL('../../../docs/images/sdk-js-embedded-qr.png', import.meta.url).pathname, clip: { x: 0, y: 0, width: 720, height: 620 } });
    }

    const { code } = await sandbox.control('POST', 'codes/js', { appId: w.mp.appId, personaId: w.persona.id });
    const confirmed = await fetch(`${wegate.base}/pools/${w.pool}/login/mp-qr/confirm`, {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ scene: ticket, code }),
    });
    assert.equal(confirmed.status, 200);
    assert.match(await waitSignedIn(page), /^Signed in as /);
    assert.deepEqual((await claims(page)).amr, ['wechat-mp-qr']);
    assert.equal(await page.locator('#qr iframe').count(), 0, 'the frame is gone');
    assert.deepEqual(navigations, [], 'the page never navigated');
    assert.equal(page.url(), `${origin}/`);
    assert.deepEqual(problems, []);
  });

  test('the official account\'s follow QR in the application\'s page: scan and follow sign the page in', needsBrowser, async t => {
    const { wegate, sandbox, browser } = await startAll(t);
    const { origin, setConfig } = await startApp(t);
    const w = await (await import('./support.mjs')).world(wegate, origin);
    const { page, ticket, navigations, problems } = await startQrLogin(browser, origin, w, setConfig, 'follow');
    const qr = (await sandbox.control('GET', 'scannables')).find(item => item.kind === 'official-account-qr' && item.scene === ticket);
    assert.ok(qr, `the sandbox lists no QR with scene ${ticket}`);
    await sandbox.control('POST', 'qr/scan', { ticket: qr.id, personaId: w.persona.id, follow: true });
    assert.match(await waitSignedIn(page), /^Signed in as /);
    assert.deepEqual((await claims(page)).amr, ['wechat-follow']);
    assert.deepEqual(navigations, []);
    assert.deepEqual(problems, []);
  });

  test('another site cannot frame the QR login, a request_uri works once, and embed needs a pushed request', needsBrowser, async t => {
    const { wegate, browser } = await startAll(t);
    const { origin } = await startApp(t);
    const w = await (await import('./support.mjs')).world(wegate, origin);
    const challenge = createHash('sha256').update(randomBytes(32).toString('base64url')).digest('base64url');
    const fields = {
      response_type: 'code', client_id: 'shop', redirect_uri: `${origin}/callback`, scope: 'openid', state: 's', nonce: 'n',
      code_challenge: challenge, code_challenge_method: 'S256', embed: 'qr', connection: 'mp',
    };
    const push = () => fetch(`${w.issuer}/oauth2/par`, { method: 'POST', body: new URLSearchParams(fields) }).then(r => r.json());
    const authorize = requestUri => `${w.issuer}/oauth2/authorize?client_id=shop&request_uri=${encodeURIComponent(requestUri)}`;

    // A page of another origin frames it: the browser refuses to show WeGate's page (CSP frame-ancestors).
    const evil = await startApp(t);
    const page = await (await browser.newContext()).newPage();
    const blocked = [];
    page.on('console', message => { if (/frame-ancestors/.test(message.text())) blocked.push(message.text()); });
    await page.goto(`${evil.origin}/index.html`);
    await page.evaluate(src => {
      const frame = document.createElement('iframe');
      frame.src = src;
      document.body.append(frame);
    }, authorize((await push()).request_uri));
    await page.waitForFunction(() => true);
    await assert.rejects(page.frameLocator('iframe').locator('[data-wegate-ticket]').waitFor({ timeout: 3000 }));
    assert.ok(blocked.length > 0, 'Chromium reported the frame-ancestors refusal');

    // The request_uri the blocked frame spent cannot be opened again.
    const { request_uri: once } = await push();
    assert.equal((await fetch(authorize(once), { redirect: 'manual' })).status, 303);
    assert.equal((await fetch(authorize(once), { redirect: 'manual' })).status, 400);

    // embed on a plain authorization request is sent back to the application as an error.
    const direct = await fetch(`${w.issuer}/oauth2/authorize?${new URLSearchParams(fields)}`, { redirect: 'manual' });
    assert.equal(new URL(direct.headers.get('location')).searchParams.get('error'), 'invalid_request');
  });
});
