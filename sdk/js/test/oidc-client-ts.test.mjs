// Interoperability: an application on oidc-client-ts 3.5 (not on @wegate/js) signs in with a redirect
// against the same WeGate, in Chromium. WeGate's additions (pushed requests, connection, embed) are
// optional, so a standard library never needs them.
import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { browserMissing, claims, openApp, skipBrowserTests, startAll, startApp, world } from './support.mjs';

describe('oidc-client-ts against WeGate', () => {
  before(() => {
    if (browserMissing && !skipBrowserTests) {
      throw new Error(browserMissing);
    }
  });

  test('a redirect sign-in with a password: the library checks state, PKCE and the ID token, and has the profile', { skip: skipBrowserTests }, async t => {
    const { wegate, browser } = await startAll(t);
    const { origin, setConfig } = await startApp(t);
    const w = await world(wegate, origin);
    setConfig({ issuer: w.issuer, clientId: 'shop' });
    const { page, problems } = await openApp(browser, origin, { path: '/oidc-client-ts.html' });
    assert.equal(await page.textContent('#status'), 'Signed out');
    await page.click('#sign-in');
    await page.waitForURL(url => url.href.startsWith(`${w.issuer}/login?`));
    await page.getByRole('tab', { name: 'Password' }).click();
    await page.fill('#login', 'mei@example.com');
    await page.fill('#password', 'mei-password-123');
    await page.press('#password', 'Enter');
    await page.waitForFunction(() => /^(Signed in|Sign-in failed)/.test(document.getElementById('status').textContent));
    assert.match(await page.textContent('#status'), /^Signed in as [0-9a-f]{32}$/);
    const profile = await claims(page);
    assert.equal(profile.iss, w.issuer);
    assert.equal(profile.aud, 'shop');
    assert.equal(profile.name, 'Mei');
    assert.equal(page.url(), `${origin}/oidc-client-ts.html`);
    assert.deepEqual(problems, []);
  });
});
