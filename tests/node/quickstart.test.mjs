// docs/quickstart.md, followed as a newcomer follows it: the sandbox website app, the website-qr
// connection and the application created with the page's requests, then the page's own application
// (examples/quickstart/app.mjs, which the page shows whole; tests/node/docs.test.mjs holds them equal)
// started with openid-client against WeGate on plain http, and a person signing in with WeChat in
// Chromium: the app's link, WeGate's login page, WeChat's QR scanned and allowed on the phone (the
// sandbox's control API), and the app greeting them by their WeChat nickname.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { dirname, resolve } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { skipBrowserTests, startWithBrowser } from './support/browser.mjs';
import { freePort } from './support/process.mjs';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

test('the quickstart: a new web application signs a person in with WeChat against the sandbox', { skip: skipBrowserTests }, async (t) => {
  const { wegate, sandbox, browser } = await startWithBrowser(t);
  const host = new URL(wegate.base).host;
  const port = await freePort();

  // Step 2: the website app in the sandbox, its callback domain WeGate's host.
  await sandbox.createApp({ type: 'website', appId: 'wx5a1e000000000001', secret: '5a1e0000000000000000000000000001', openPlatformAccount: 'mine', callbackDomain: host });
  // Step 3: the connection and the application.
  await wegate.admin('POST', 'pools/default/connections', {
    slug: 'my-website', type: 'website-qr', display_name: 'WeChat', app_id: 'wx5a1e000000000001', app_secret: '5a1e0000000000000000000000000001',
  }, { status: 201 });
  const created = await wegate.admin('POST', 'pools/default/applications', {
    client_id: 'my-app', display_name: 'My app', type: 'web', redirect_uris: [`http://localhost:${port}/callback`], connections: ['my-website'],
  }, { status: 201 });

  // Step 4: the application.
  const app = spawn(process.execPath, [resolve(repo, 'examples/quickstart/app.mjs')], {
    env: { ...process.env, WEGATE_ISSUER: `${wegate.base}/pools/default`, CLIENT_ID: 'my-app', CLIENT_SECRET: created.client_secret, PORT: String(port) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  app.stdout.on('data', chunk => { output += chunk; });
  app.stderr.on('data', chunk => { output += chunk; });
  t.after(() => app.kill());
  await new Promise((ready, failed) => {
    app.stdout.on('data', () => output.includes('Listening on') && ready());
    app.on('exit', code => failed(new Error(`the quickstart app ended (${code}): ${output}`)));
  });

  // Step 5: a person.
  const mei = await sandbox.createPersona({ id: `mei-${port}`, nickname: '小梅' });
  const page = await (await browser.newContext({ locale: 'zh-CN' })).newPage();
  await page.goto(`http://localhost:${port}/`);
  await page.getByRole('link', { name: 'Sign in with WeChat' }).click();
  const frame = page.frameLocator('section[data-wegate-website-qr] iframe');
  await frame.locator('section[data-when="waiting"] img.qrcode').waitFor();
  const uuid = await frame.locator('#wegate-qrconnect').getAttribute('data-uuid');
  await sandbox.control('POST', `qrconnect/${uuid}/scan`, { personaId: mei.id });
  await sandbox.control('POST', `qrconnect/${uuid}/confirm`);

  await page.waitForURL(`http://localhost:${port}/`, { timeout: 30_000 });
  assert.equal(await page.locator('h1').innerText(), 'Hello, 小梅', output);
  const claims = JSON.parse(await page.locator('pre').innerText());
  assert.equal(claims.nickname, '小梅');
  assert.match(claims.sub, /^[0-9a-f]{32}$/);
});
