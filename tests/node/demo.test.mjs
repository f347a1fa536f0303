// The demo as a newcomer uses it: open /demo, press "Sign in with WeGate", sign in with the website QR
// on WeGate's login page (the phone side through the sandbox's control API, as the virtual phone does),
// and come back to the demo showing the claims. The demo's own PKCE verifier once had 32 characters
// (RFC 7636 needs 43 to 128), so every browser login failed on the demo page while tests that drove
// WeGate with their own client passed.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { launchBrowser, skipBrowserTests } from './support/browser.mjs';
import { WeGate } from './support/wegate.mjs';

test('the demo page signs a person in with the website QR and shows their claims', { skip: skipBrowserTests }, async (t) => {
  const wegate = await WeGate.start();
  let browser = null;
  t.after(async () => {
    await browser?.close();
    await wegate.stop();
  });
  browser = await launchBrowser();
  const page = await browser.newPage({ locale: 'zh-CN' });
  await page.goto(`${wegate.base}/demo`);
  await page.getByRole('button', { name: 'Sign in with WeGate' }).click();
  const frame = page.frameLocator('section[data-wegate-website-qr] iframe');
  await frame.locator('section[data-when="waiting"] img.qrcode').waitFor();
  const uuid = await frame.locator('#wegate-qrconnect').getAttribute('data-uuid');
  await wegate.sandbox.control('POST', `qrconnect/${uuid}/scan`, { personaId: 'xiaoming' });
  await wegate.sandbox.control('POST', `qrconnect/${uuid}/confirm`);

  await page.waitForURL(`${wegate.base}/demo`, { timeout: 30_000 });
  const text = await page.locator('main').innerText();
  assert.doesNotMatch(text, /refused|invalid_grant|without a matching state/, text);
  assert.match(text, /小明/);
  assert.match(text, /authorization code \+ PKCE/);
});
