// The demo as a newcomer uses it: open /demo, press "Sign in with WeGate", sign in with the website QR,
// by following the official account or with the mini program code on WeGate's login page (the phone side through the sandbox's
// control API, as the virtual phone does), and come back to the demo showing the claims. The demo's own PKCE verifier once had 32 characters
// (RFC 7636 needs 43 to 128), so every browser login failed on the demo page while tests that drove
// WeGate with their own client passed.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { skipBrowserTests, startWithBrowser } from './support/browser.mjs';

// Starts WeGate and a browser, opens /demo and presses "Sign in with WeGate"; answers the login page.
async function openDemoLogin(t) {
  const { wegate, browser } = await startWithBrowser(t);
  const page = await browser.newPage({ locale: 'zh-CN' });
  await page.goto(`${wegate.base}/demo`);
  await page.getByRole('button', { name: 'Sign in with WeGate' }).click();
  return { wegate, page };
}

// Back on the demo, signed in: the claims of the persona (what identifies them), and no error.
async function assertSignedIn(wegate, page, identifying) {
  await page.waitForURL(`${wegate.base}/demo`, { timeout: 30_000 });
  const text = await page.locator('main').innerText();
  assert.doesNotMatch(text, /refused|invalid_grant|without a matching state/, text);
  assert.match(text, identifying);
  assert.match(text, /authorization code \+ PKCE/);
}

test('the demo page signs a person in with the website QR and shows their claims', { skip: skipBrowserTests }, async (t) => {
  const { wegate, page } = await openDemoLogin(t);
  const frame = page.frameLocator('section[data-wegate-website-qr] iframe');
  await frame.locator('section[data-when="waiting"] img.qrcode').waitFor();
  const uuid = await frame.locator('#wegate-qrconnect').getAttribute('data-uuid');
  await wegate.sandbox.control('POST', `qrconnect/${uuid}/scan`, { personaId: 'xiaoming' });
  await wegate.sandbox.control('POST', `qrconnect/${uuid}/confirm`);
  await assertSignedIn(wegate, page, /小明/);
});

test('the demo page signs a person in by following the official account', { skip: skipBrowserTests }, async (t) => {
  const { wegate, page } = await openDemoLogin(t);
  await page.waitForSelector('div[data-wegate-ticket] img');
  const ticket = await page.getAttribute('div[data-wegate-ticket]', 'data-wegate-ticket');
  const qr = (await wegate.sandbox.control('GET', 'scannables')).find(item => item.kind === 'official-account-qr' && item.scene === ticket);
  assert.ok(qr, `the sandbox lists no QR with scene ${ticket}`);
  await wegate.sandbox.control('POST', 'qr/scan', { ticket: qr.id, personaId: 'xiaohong', follow: true });
  // The follow login brings no nickname: the account shows the official account's openid.
  await assertSignedIn(wegate, page, /wxde000000000000a1/);
});

test('the demo page signs a person in with the mini program code', { skip: skipBrowserTests }, async (t) => {
  const { wegate, page } = await openDemoLogin(t);
  await page.waitForSelector('section.wegate-mp-qr[data-wegate-ticket] img');
  const scene = await page.getAttribute('section.wegate-mp-qr[data-wegate-ticket]', 'data-wegate-ticket');
  // The mini program, opened by the scan with the scene, does its two calls (docs/logins.md).
  const post = (call, body) => fetch(`${wegate.base}/pools/default/login/mp-qr/${call}`, {
    method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body),
  });
  assert.equal((await post('scan', { scene })).status, 200);
  const { code } = await wegate.sandbox.control('POST', 'codes/js', { appId: 'wxde000000000000c3', personaId: 'xiaoming' });
  const confirmed = await post('confirm', { scene, code });
  assert.equal(confirmed.status, 200, await confirmed.text());
  // A mini program login brings no nickname either: the account shows the mini program's openid.
  await assertSignedIn(wegate, page, /wxde000000000000c3/);
});
