// The demo as a newcomer uses it (README.md, "Run it"): /demo in one window, the virtual phone it links to
// in a second, and every one of the seven logins done with the demo page's own buttons and forms and the
// phone's screens (docs/logins.md, "The seven WeChat logins"; docs/sandbox.md, "The virtual phone"),
// never WeGate's API. Each test ends on the demo showing the person's claims, or a sentence saying
// why not. The demo's own PKCE verifier once had 32 characters (RFC 7636 needs 43 to 128), so every
// browser login failed on the demo page while tests that drove WeGate with their own client passed.
// WEGATE_DEMO_SCREENSHOTS=/tmp writes each end state as /tmp/demo-<name>.png.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { skipBrowserTests, startWithBrowser } from './support/browser.mjs';

const needsBrowser = { skip: skipBrowserTests };
const apps = { officialAccount: 'wxde000000000000a1', website: 'wxde000000000000b2', miniProgram: 'wxde000000000000c3', mobile: 'wxde000000000000d4' };

// WeGate and one browser holding the person's two windows: the demo on a computer-sized page, and the
// virtual phone opened from the demo's link, held by `persona`.
async function openDemoAndPhone(t, persona) {
  const { wegate, browser } = await startWithBrowser(t);
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'zh-CN' });
  const demo = await context.newPage();
  await demo.goto(`${wegate.base}/demo`);
  const phone = await context.newPage();
  await phone.setViewportSize({ width: 390, height: 844 });
  await phone.goto(new URL(await demo.getByRole('link', { name: 'virtual phone' }).getAttribute('href'), wegate.base).href);
  await phone.waitForSelector('body[data-ready="true"]');
  await phone.click('nav button[data-go="me"]');
  await phone.click(`li.persona[data-id="${persona}"] button`);
  await phone.waitForSelector(`li.persona[data-id="${persona}"] .current`);
  return { wegate, demo, phone };
}

async function signInWithWeGate(demo) {
  await demo.getByRole('link', { name: 'Sign in with WeGate' }).click();
}

// 扫一扫 Scan on the phone: the item the PC page shows (the list refreshes every 1.5 s), scanned.
async function scanOnPhone(phone, kind, { id, label }) {
  await phone.click('nav button[data-go="scan"]');
  const item = phone.locator(`li.scannable[data-kind="${kind}"]${id ? `[data-id="${id}"]` : ''}${label ? `[data-label="${label}"]` : ''}`);
  await item.locator('button.scan').click();
}

// What a person matches the phone's Scan list by: the label under the code on the PC page, which is
// the end of the code's scene (the login ticket).
async function labelUnder(demo, panel) {
  const scene = await demo.getAttribute(`${panel}[data-wegate-ticket]`, 'data-wegate-ticket');
  const label = (await demo.textContent(`#login-qr [data-qr-panel]:not([hidden]) [data-sandbox-label] b`)).trim();
  assert.equal(label, scene.slice(-4));
  return { scene, label };
}

// The website QR on WeGate's login page, scanned and approved on the phone.
async function scanWebsiteQr(demo, phone) {
  const uuid = await demo.frameLocator('section[data-wegate-website-qr] iframe').locator('#wegate-qrconnect').getAttribute('data-uuid');
  await scanOnPhone(phone, 'qrconnect', { id: uuid });
  await phone.click('#login-approve');
}

async function websiteQrLogin(wegate, demo, phone, persona) {
  await signInWithWeGate(demo);
  await scanWebsiteQr(demo, phone);
  return assertSignedIn(wegate, demo, /authorization code \+ PKCE \(amr wechat-website\)/, persona);
}

// The mini program code on WeGate's login page: scanned, and wx.login sent to the address the demo names.
// WeGate answers 200, or 403 "finish on the sign-in page" when the person has an account step there.
async function mpQrLogin(demo, phone, answer = 'HTTP 200') {
  const confirmUrl = await demo.textContent('#mp-qr-confirm');
  await signInWithWeGate(demo);
  // The login page's QR tab shows one code at a time: the person picks the mini program code.
  await demo.click('a[data-qr-choice][aria-controls="qr-wx-mp-qr"]');
  const { scene, label } = await labelUnder(demo, 'section.wegate-mp-qr');
  await scanOnPhone(phone, 'miniprogram-code', { label });
  // The phone's mini program screen shows the scanned scene once it has opened it (a second scan replaces the first).
  await phone.locator('#screen-miniprogram:not([hidden]) #mp-scene', { hasText: scene }).waitFor();
  await phone.click('#mp-login');
  await phone.waitForSelector('[data-output="js-code"] code');
  // The demo's mini program app names its loginUrl: the phone has told WeGate of the scan and filled 发送.
  await demo.getByText(/已扫码，请在手机上的小程序中确认登录|Scanned\. Confirm the sign-in/).waitFor();
  assert.equal(await phone.inputValue('#mp-post-url'), confirmUrl);
  await phone.click('#mp-post-form button[type="submit"]');
  await phone.waitForSelector(`#mp-post-result:has-text("${answer}")`);
}

// A phone screen with an app picker, once it lists the demo's app: a person taps when they see it.
async function phoneScreen(phone, screen, appId) {
  await phone.click(`nav button[data-go="${screen}"]`);
  await phone.waitForSelector(`#screen-${screen} select option[value="${appId}"]`, { state: 'attached' });
}

// What a person copies from the phone: the code under a copy button.
async function copyFromPhone(phone, output) {
  return (await phone.textContent(`[data-output="${output}"] code`)).trim();
}

// The demo's form for pasted codes: what the person copied from the phone, exchanged for tokens.
async function exchangePasted(demo, kind, code, phoneCode) {
  await demo.selectOption('#kind', kind);
  await demo.fill('#code', code);
  if (phoneCode) {
    await demo.fill('#phone_code', phoneCode);
  }
  await demo.getByRole('button', { name: 'Exchange for tokens' }).click();
}

// Back on the demo, signed in: the heading names how, and the claims are the persona's (the demo apps
// share one Open Platform account, so every login carries the persona's one unionid).
async function assertSignedIn(wegate, demo, how, persona) {
  const claims = await signedInClaims(demo, how);
  assert.equal(claims.wechat_unionid, (await wegate.sandbox.identity(apps.website, persona)).unionId);
  assert.ok(claims.sub);
  return claims;
}

// The claims the demo shows once signed in, after checking the heading names how.
async function signedInClaims(demo, how) {
  const result = demo.locator('#result[data-demo="signed-in"]');
  await result.waitFor({ timeout: 30_000 });
  assert.match(await result.locator('h2').innerText(), how);
  return JSON.parse(await result.locator('pre').innerText());
}

async function screenshot(page, name) {
  if (process.env.WEGATE_DEMO_SCREENSHOTS) {
    await page.screenshot({ path: join(process.env.WEGATE_DEMO_SCREENSHOTS, `demo-${name}.png`), fullPage: true });
  }
}

// The sentence of a refusal, after checking that its box wraps instead of overflowing.
async function refusal(page) {
  const box = page.locator('.error');
  await box.waitFor();
  const { scrollWidth, clientWidth } = await box.evaluate(element => ({ scrollWidth: element.scrollWidth, clientWidth: element.clientWidth }));
  assert.ok(scrollWidth <= clientWidth, `the error box overflows: ${scrollWidth} > ${clientWidth}`);
  const text = await box.innerText();
  assert.doesNotMatch(text, /[{}]/, `raw JSON on the page: ${text}`);
  return { text, error: await box.getAttribute('data-error') };
}

test('oa-follow: following the official account on the virtual phone signs the person in on the demo', needsBrowser, async t => {
  const { wegate, demo, phone } = await openDemoAndPhone(t, 'xiaohong');
  await signInWithWeGate(demo);
  const { label } = await labelUnder(demo, 'div');
  await scanOnPhone(phone, 'official-account-qr', { label });
  await phone.click('#oa-follow');
  await assertSignedIn(wegate, demo, /authorization code \+ PKCE \(amr wechat-follow\)/, 'xiaohong');
  await screenshot(demo, 'oa-follow');
});

test('website-qr: scanning the website QR on the virtual phone and tapping 允许 signs the person in', needsBrowser, async t => {
  const { wegate, demo, phone } = await openDemoAndPhone(t, 'xiaoming');
  const claims = await websiteQrLogin(wegate, demo, phone, 'xiaoming');
  assert.equal(claims.nickname, '小明');
  await screenshot(demo, 'website-qr');
});

test('mp-qr: the phone scans the mini program code and sends wx.login to the address the demo names', needsBrowser, async t => {
  const { wegate, demo, phone } = await openDemoAndPhone(t, 'xiaoming');
  await mpQrLogin(demo, phone);
  await assertSignedIn(wegate, demo, /authorization code \+ PKCE \(amr wechat-mp-qr\)/, 'xiaoming');
  await screenshot(demo, 'mp-qr');
});

test('oa-web: with the WeChat user agent the demo names, 微信一键登录 and WeChat\'s consent sign the person in', needsBrowser, async t => {
  const { wegate, demo } = await openDemoAndPhone(t, 'xiaoming');
  // What DevTools' Network conditions → User agent does: this tab only, every request from now on.
  const userAgent = await demo.textContent('#wechat-user-agent');
  assert.match(userAgent, /MicroMessenger/);
  await (await demo.context().newCDPSession(demo)).send('Network.setUserAgentOverride', { userAgent });
  await signInWithWeGate(demo);
  await demo.click('a[data-oa-web]');
  // A newcomer: WeChat's consent sheet, as the persona picked on the phone in this browser.
  await demo.waitForSelector('form.consent');
  assert.match(await demo.textContent('form.consent'), /小明（xiaoming）/);
  await demo.click('form.consent button[value="approve"]');
  const claims = await assertSignedIn(wegate, demo, /authorization code \+ PKCE \(amr wechat-oa\)/, 'xiaoming');
  assert.equal(claims.nickname, '小明');
  await screenshot(demo, 'oa-web');
});

test('miniprogram: wx.login and phone codes pasted from the virtual phone sign the person in with their phone number', needsBrowser, async t => {
  const { wegate, demo, phone } = await openDemoAndPhone(t, 'xiaoming');
  await phoneScreen(phone, 'miniprogram', apps.miniProgram);
  await phone.click('#mp-login');
  await phone.click('#mp-phone');
  await exchangePasted(demo, 'miniprogram', await copyFromPhone(phone, 'js-code'), await copyFromPhone(phone, 'phone-code'));
  const claims = await assertSignedIn(wegate, demo, /mini program code \(token exchange\) \(amr wechat-miniprogram\)/, 'xiaoming');
  assert.equal(claims.phone_number, '+8613800138000');
  await screenshot(demo, 'miniprogram');
});

test('mobile: a SendAuth code pasted from the virtual phone signs the person in', needsBrowser, async t => {
  const { wegate, demo, phone } = await openDemoAndPhone(t, 'xiaohong');
  await phoneScreen(phone, 'app', apps.mobile);
  await phone.click('#app-allow');
  await exchangePasted(demo, 'mobile', await copyFromPhone(phone, 'app-code'));
  const claims = await assertSignedIn(wegate, demo, /mobile app code \(token exchange\) \(amr wechat-mobile\)/, 'xiaohong');
  assert.equal(claims.nickname, '小红');
  await screenshot(demo, 'mobile');
});

test('app-mp: redeeming before the mini program confirmed keeps the ticket and says to retry; after the pasted wx.login code it redeems', needsBrowser, async t => {
  const { wegate, demo, phone } = await openDemoAndPhone(t, 'xiaohong');
  const step = name => demo.locator(`.state[data-step="${name}"]`);
  const reaches = (name, state) => demo.waitForSelector(`.state[data-step="${name}"][data-state="${state}"]`);
  await reaches('open', 'todo');
  await demo.getByRole('button', { name: 'Open a ticket' }).click();
  await reaches('open', 'done');
  const ticket = await step('open').locator('code').first().innerText();
  assert.match(await step('open').innerText(), /pages\/login\/index\?ticket=/);
  assert.equal(await step('confirm').getAttribute('data-state'), 'waiting');

  // Too early: WeGate answers authorization_pending, and the demo keeps the same ticket.
  await demo.getByRole('button', { name: 'Redeem the ticket' }).click();
  await reaches('redeem', 'waiting');
  assert.match(await step('redeem').innerText(), /authorization_pending .*redeem again/s);
  assert.equal(await step('open').locator('code').first().innerText(), ticket);
  await screenshot(demo, 'app-mp-pending');

  await phoneScreen(phone, 'miniprogram', apps.miniProgram);
  await phone.click('#mp-login');
  await demo.fill('#mp_code', await copyFromPhone(phone, 'js-code'));
  await demo.getByRole('button', { name: 'Sign the mini program in' }).click();
  await reaches('confirm', 'done');
  assert.match(await step('confirm').innerText(), new RegExp(ticket));
  await demo.getByRole('button', { name: 'Redeem the ticket' }).click();
  await assertSignedIn(wegate, demo, /app launches mini program \(ticket\) \(amr wechat-miniprogram\)/, 'xiaohong');
  // The ticket is spent and the demo says so by offering a new one.
  await reaches('open', 'todo');
  await screenshot(demo, 'app-mp');
});

test('Sign out of WeGate ends the session, the demo shows the person signed out, and signing in again gives the same sub', needsBrowser, async t => {
  const { wegate, demo, phone } = await openDemoAndPhone(t, 'xiaoming');
  const first = await websiteQrLogin(wegate, demo, phone, 'xiaoming');

  await demo.getByRole('link', { name: 'Sign out of WeGate' }).click();
  await demo.waitForURL(url => url.pathname === '/demo' && url.searchParams.has('state'));
  const main = await demo.locator('main').innerText();
  assert.match(main, /You are signed out\./);
  assert.doesNotMatch(main, new RegExp(first.sub));
  assert.equal(await demo.locator('pre').count(), 0);
  await screenshot(demo, 'signed-out');

  // WeGate's session is over: the login page asks again rather than signing straight back in.
  const second = await websiteQrLogin(wegate, demo, phone, 'xiaoming');
  assert.equal(second.sub, first.sub);
});

test('a failing token exchange shows WeGate\'s error and description as a sentence in a box that wraps', needsBrowser, async t => {
  const { wegate, demo, phone } = await openDemoAndPhone(t, 'xiaoming');
  let callback = null;
  demo.on('request', request => { if (request.url().includes('/demo/callback?')) callback = request.url(); });
  await websiteQrLogin(wegate, demo, phone, 'xiaoming');

  // The callback opened again (a reload, a bookmark): its code is spent.
  await demo.goto(callback);
  const spent = await refusal(demo);
  assert.equal(spent.error, 'invalid_grant');
  assert.match(spent.text, /^WeGate refused the sign-in: \S.*\.\n+OAuth error: invalid_grant$/s);
  await screenshot(demo, 'refused');

  // A mistyped code pasted for the mobile app: WeChat's verdict, said as a sentence too.
  await demo.getByRole('link', { name: 'Back to the demo' }).click();
  await exchangePasted(demo, 'mobile', 'not-a-code');
  const mistyped = await refusal(demo);
  assert.equal(mistyped.error, 'invalid_grant');
  assert.match(mistyped.text, /^WeGate refused the sign-in: .*40029.*\./s);
});

// 小双 has two accounts from before their unionid was known (the demo made them): one holds the mini
// program's openid, the other the unionid (docs/accounts.md, "The four quadrants").
test('account selection: 小双 signs in with the mini program code, picks the mini program account, and the choice is remembered', needsBrowser, async t => {
  const { wegate, demo, phone } = await openDemoAndPhone(t, 'shuanghao');
  assert.match(await demo.textContent('#try-selection'), /小双.*mp-qr/s);
  await mpQrLogin(demo, phone, 'HTTP 403');
  assert.match(await phone.textContent('#mp-post-result'), /Finish on the sign-in page/);
  await demo.waitForURL(/\/login\/account$/, { timeout: 30_000 });
  const candidates = demo.locator('form.candidate');
  assert.equal(await candidates.count(), 2);
  assert.match(await demo.textContent('h1'), /选择账号/);
  await screenshot(demo, 'select-account');
  await candidates.filter({ hasText: '小双 · mini program' }).locator('button[type="submit"]').click();
  const first = await signedInClaims(demo, /authorization code \+ PKCE/);
  assert.equal(first.nickname, '小双 · mini program');
  // The unionid stays with the website account: nothing moves between the two.
  assert.equal(first.wechat_unionid, undefined);
  await screenshot(demo, 'selected');

  await demo.getByRole('link', { name: 'Sign out of WeGate' }).click();
  await demo.waitForSelector('#result[data-demo="signed-out"]');
  let visitedAccountPage = false;
  demo.on('framenavigated', frame => { if (frame.url().includes('/login/account')) visitedAccountPage = true; });
  await mpQrLogin(demo, phone);
  const again = await signedInClaims(demo, /authorization code \+ PKCE/);
  assert.equal(again.sub, first.sub);
  assert.ok(!visitedAccountPage, 'the account selection page was shown again');
});

// Ask to bind (docs/accounts.md, "Binding policies"): 小新 is new to WeGate and signs in through the
// demo's second application, whose website login asks a newcomer to create an account or link one.
async function askToBind(t) {
  const { wegate, demo, phone } = await openDemoAndPhone(t, 'xiaoxin');
  const demoUser = {
    username: await demo.textContent('#demo-username'), password: await demo.textContent('#demo-password'), phone: await demo.textContent('#demo-phone'),
  };
  await demo.getByRole('link', { name: 'Sign in — ask to bind' }).click();
  await scanWebsiteQr(demo, phone);
  await demo.waitForURL(/\/login\/account$/, { timeout: 30_000 });
  assert.match(await demo.textContent('h1'), /绑定微信/);
  return { wegate, demo, phone, demoUser };
}

const askedToBind = /authorization code \+ PKCE \(ask to bind\)/;

// The code in the newest SMS to this number on the virtual phone's Messages screen. The code leaves
// from WeGate's background sender; the screen shows it once it is there.
async function smsCodeOnPhone(phone, number) {
  await phone.click('nav button[data-go="messages"]');
  const sms = phone.locator('#outbox li.message[data-channel="sms"]', { hasText: number });
  for (let tries = 0; await sms.count() === 0; tries++) {
    assert.ok(tries < 60, 'no SMS reached the virtual phone');
    await phone.waitForTimeout(500);
    await phone.click('nav button[data-go="messages"]');
  }
  return (await sms.first().locator('pre').innerText()).match(/\d{6}/)[0];
}

test('ask to bind: 小新 creates a new account', needsBrowser, async t => {
  const { wegate, demo } = await askToBind(t);
  await screenshot(demo, 'ask-to-bind');
  await demo.click('form[action$="/login/account/create"] button[type="submit"]');
  const claims = await assertSignedIn(wegate, demo, askedToBind, 'xiaoxin');
  assert.equal(claims.nickname, '小新');
  await screenshot(demo, 'ask-to-bind-created');
});

test('ask to bind: 小新 links the demo account with the password the demo page shows', needsBrowser, async t => {
  const { wegate, demo, demoUser } = await askToBind(t);
  await demo.fill('#login', demoUser.username);
  await demo.fill('#password', demoUser.password);
  await demo.click('form[action$="/login/account/bind"] button[type="submit"]');
  const claims = await assertSignedIn(wegate, demo, askedToBind, 'xiaoxin');
  assert.equal(claims.nickname, 'Demo account');
  await screenshot(demo, 'ask-to-bind-password');
});

test('ask to bind: 小新 links the demo account with an SMS code read on the virtual phone\'s Messages screen', needsBrowser, async t => {
  const { wegate, demo, phone, demoUser } = await askToBind(t);
  await demo.fill('#recipient', demoUser.phone);
  await demo.click('form[action$="/login/account/bind/send"] button[type="submit"]');
  await demo.waitForSelector('#code');
  const code = await smsCodeOnPhone(phone, demoUser.phone);
  await screenshot(phone, 'ask-to-bind-sms');
  await demo.fill('#code', code);
  await demo.click('form[action$="/login/account/bind/code"] button[type="submit"]');
  const claims = await assertSignedIn(wegate, demo, askedToBind, 'xiaoxin');
  assert.equal(claims.nickname, 'Demo account');
  assert.equal(claims.phone_number, demoUser.phone);
  await screenshot(demo, 'ask-to-bind-sms-linked');
});

test('code: the demo account signs in with an SMS code to its phone, read on the virtual phone (小新 shares the number)', needsBrowser, async t => {
  const { demo, phone } = await openDemoAndPhone(t, 'xiaoxin');
  const number = await demo.textContent('#demo-phone');
  await signInWithWeGate(demo);
  await demo.getByRole('tab', { name: '验证码登录' }).click();
  await demo.fill('#code-recipient', number);
  await demo.getByRole('button', { name: '获取验证码' }).click();
  await demo.getByText(/验证码已发送/).waitFor();
  await demo.fill('#code-value', await smsCodeOnPhone(phone, number));
  await demo.click('#login-code form[action*="/login/code?"] button[type="submit"]');
  const claims = await signedInClaims(demo, /authorization code \+ PKCE \(amr sms\)/);
  assert.equal(claims.nickname, 'Demo account');
  assert.equal(claims.phone_number, number);
  await screenshot(demo, 'code');
});
