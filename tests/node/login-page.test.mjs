// The hosted login page itself (docs/logins.md, "The login page") in headless Chromium: one method at a
// time behind keyboard-driven tabs, the QR codes behind a small switch, the one-tap button alone inside
// WeChat, one language per page with a switch to the other, QR codes that count down, show a scan and
// are drawn anew when they expire, at 1280 px and 390 px, without a single CSP violation. With
// WEGATE_WRITE_DOCS=1 it writes the screenshots docs/logins.md shows (docs/images/login-*.png).
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { browserMissing, skipBrowserTests, startWithBrowser } from './support/browser.mjs';
import { unique } from './support/sandbox.mjs';

const needsBrowser = { skip: skipBrowserTests };
const callback = 'https://rp.example.test/callback';
const images = fileURLToPath(new URL('../../docs/images/', import.meta.url));
const weChatUserAgent = 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 MicroMessenger/8.0.47(0x18002f2f) NetType/WIFI Language/zh_CN';
const desktop = { width: 1280, height: 800 };
const phone = { width: 390, height: 844 };

// A pool whose application offers the three QR logins and oa-web, all on sandbox apps.
async function world(wegate) {
  const { sandbox } = wegate;
  const pool = unique('pool');
  await wegate.admin('POST', 'pools', { name: pool });
  const openPlatformAccount = unique('open');
  const token = `token${randomBytes(8).toString('hex')}`;
  const aesKey = randomBytes(43).toString('base64').replace(/[^A-Za-z0-9]/g, 'A').slice(0, 43);
  const oa = await sandbox.createApp({ type: 'official-account', openPlatformAccount, token, encodingAesKey: aesKey, messageMode: 'safe' });
  const website = await sandbox.createApp({ type: 'website', openPlatformAccount, callbackDomain: new URL(wegate.base).host });
  const mp = await sandbox.createApp({ type: 'miniprogram', openPlatformAccount });
  const connections = [
    { slug: 'follow', type: 'oa-follow', app: oa, token, encoding_aes_key: aesKey, settings: { message_mode: 'safe' } },
    { slug: 'website', type: 'website-qr', app: website },
    { slug: 'mp', type: 'mp-qr', app: mp, settings: { page: 'pages/login/index' } },
    { slug: 'h5', type: 'oa-web', app: oa, settings: { scope: 'snsapi_base' } },
  ];
  for (const { app, ...connection } of connections) {
    await wegate.admin('POST', `pools/${pool}/connections`, { display_name: 'Acme', app_id: app.appId, app_secret: app.secret, ...connection });
  }
  await wegate.admin('POST', `pools/${pool}/applications`, {
    client_id: 'web', display_name: 'Acme', type: 'spa', redirect_uris: [callback], grants: ['authorization_code'],
    connections: connections.map(c => c.slug),
  });
  return { pool };
}

// The login page as the application opens it, in a browser of this language, size and user agent.
// Every CSP violation and script error is collected.
async function open(browser, wegate, pool, { locale, viewport, userAgent, beforeLoad, javaScriptEnabled = true }) {
  const context = await browser.newContext({ viewport, locale, userAgent, deviceScaleFactor: 1, javaScriptEnabled });
  const page = await context.newPage();
  const problems = [];
  // The browser's own favicon request is the one 404 a page cannot prevent.
  page.on('console', message => {
    if (message.type() === 'error' && !message.location().url?.endsWith('/favicon.ico')) problems.push(`${message.text()} ${message.location().url}`);
  });
  page.on('pageerror', error => problems.push(error.message));
  await page.addInitScript(() => document.addEventListener('securitypolicyviolation', e => console.error(`CSP violation: ${e.violatedDirective} ${e.blockedURI}`)));
  await beforeLoad?.(page);
  const query = new URLSearchParams({
    response_type: 'code', client_id: 'web', redirect_uri: callback, scope: 'openid', state: 'st4te',
    code_challenge: randomBytes(32).toString('base64url'), code_challenge_method: 'S256',
  });
  await page.goto(`${wegate.base}/pools/${pool}/oauth2/authorize?${query}`);
  await page.waitForSelector('[data-login-page]');
  return { page, problems };
}

// How many of these are on screen.
const shown = (page, selector) => page.locator(`${selector}:visible`).count();

// Every text of the page a person can read or hear (text, alt, labels, the scripts' messages), apart
// from the names the operator gave and the language switch, which names the other language in itself.
function pageWords(page) {
  return page.evaluate(() => {
    const main = document.querySelector('main').cloneNode(true);
    main.querySelectorAll('style, script, [lang]').forEach(e => e.remove());
    const attributes = [...main.querySelectorAll('*')].flatMap(e => [...e.attributes]
      .filter(a => /^(alt|title|aria-label|data-text-.*)$/.test(a.name)).map(a => a.value));
    return [main.textContent, document.title, ...attributes].join('\n');
  });
}

async function assertOneLanguage(page, language) {
  // The name the operator gave the application and its connections is shown as given, in either language.
  const words = (await pageWords(page)).replace(/Acme/g, '');
  if (language === 'zh') {
    assert.doesNotMatch(words, /[A-Za-z]{2,}/, 'English on the Chinese page');
  } else {
    assert.doesNotMatch(words, /\p{Script=Han}/u, 'Chinese on the English page');
  }
}

// What is on screen is readable: every visible text at 4.5:1 or more against what is behind it.
function lowContrast(page) {
  return page.evaluate(() => {
    const rgb = value => (value.match(/[\d.]+/g) ?? []).map(Number);
    const luminance = ([r, g, b]) => [r, g, b].map(v => v / 255).map(v => v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4)
      .reduce((sum, v, i) => sum + v * [0.2126, 0.7152, 0.0722][i], 0);
    const background = element => {
      for (let e = element; e; e = e.parentElement) {
        const [r, g, b, a = 1] = rgb(getComputedStyle(e).backgroundColor);
        if (a > 0) return [r, g, b];
      }
      return [255, 255, 255];
    };
    const poor = [];
    for (const element of document.querySelectorAll('main *')) {
      const own = [...element.childNodes].some(n => n.nodeType === Node.TEXT_NODE && n.textContent.trim());
      if (!own || !element.checkVisibility()) continue;
      const [fg, bg] = [luminance(rgb(getComputedStyle(element).color)), luminance(background(element))];
      const ratio = (Math.max(fg, bg) + 0.05) / (Math.min(fg, bg) + 0.05);
      if (ratio < 4.5) poor.push(`${element.tagName} "${element.textContent.trim().slice(0, 30)}" ${ratio.toFixed(2)}`);
    }
    return poor;
  });
}

async function assertAccessible(page) {
  assert.deepEqual(await lowContrast(page), []);
  const unlabelled = await page.$$eval('main input:not([type=hidden])', inputs => inputs.filter(i => i.labels.length === 0).map(i => i.name));
  assert.deepEqual(unlabelled, []);
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(width <= page.viewportSize().width, `the page scrolls sideways: ${width} px`);
}

async function screenshot(page, name) {
  if (process.env.WEGATE_WRITE_DOCS === '1') {
    await page.evaluate(() => document.fonts.ready);
    await page.locator('main').screenshot({ path: join(images, `login-${name}.png`), animations: 'disabled', caret: 'hide' });
  }
}

describe('the hosted login page', () => {
  before(() => {
    if (browserMissing && !skipBrowserTests) {
      throw new Error(browserMissing);
    }
  });

  test('on a PC it shows one method at a time behind tabs that the arrow keys move, in Chinese and in English', needsBrowser, async t => {
    const { wegate, browser } = await startWithBrowser(t);
    const { pool } = await world(wegate);
    for (const [language, locale, qrTab, passwordTab, codeTab] of [['zh', 'zh-CN', '扫码登录', '密码登录', '验证码登录'], ['en', 'en-US', 'QR code', 'Password', 'One-time code']]) {
      for (const [size, viewport] of [['desktop', desktop], ['mobile', phone]]) {
        const { page, problems } = await open(browser, wegate, pool, { locale, viewport });
        assert.equal(await page.getAttribute('html', 'lang'), language === 'zh' ? 'zh-CN' : 'en');
        const tabs = page.getByRole('tab');
        assert.deepEqual(await tabs.allInnerTexts(), [qrTab, passwordTab, codeTab]);
        // Each tab's name stays on one line, down to a phone's width.
        assert.deepEqual(await tabs.evaluateAll(all => all.map(tab => {
          const range = document.createRange();
          range.selectNodeContents(tab);
          return range.getClientRects().length;
        })), [1, 1, 1]);
        assert.equal(await page.getByRole('tab', { selected: true }).innerText(), qrTab);
        assert.equal(await shown(page, '[data-login-panel]'), 1);
        assert.equal(await shown(page, '[data-qr-panel]'), 1);
        assert.equal(await shown(page, '[data-qr-choice]'), 3);
        // The first code, counting down.
        assert.ok(await page.locator('[data-qr-panel="follow"] [data-wegate-ticket] img').isVisible());
        await page.waitForFunction(() => /\d:\d\d/.test(document.querySelector('[data-qr-panel="follow"] [data-qr-expiry-text]').textContent));
        await assertOneLanguage(page, language);
        await assertAccessible(page);
        await screenshot(page, `${language}-${size}`);

        // The arrow keys move between tabs, and only the chosen tab is in the focus order.
        await page.getByRole('tab', { selected: true }).focus();
        await page.keyboard.press('ArrowRight');
        assert.equal(await page.evaluate(() => document.activeElement.textContent), passwordTab);
        assert.equal(await page.evaluate(() => getComputedStyle(document.activeElement).outlineStyle), 'solid');
        assert.equal(await page.getByRole('tab', { selected: true }).innerText(), passwordTab);
        assert.deepEqual(await tabs.evaluateAll(all => all.map(tab => tab.tabIndex)), [-1, 0, -1]);
        assert.equal(await shown(page, '[data-login-panel]'), 1);
        assert.equal(await shown(page, '[data-qr-panel]'), 0);
        assert.ok(await page.locator('#password').isVisible());
        await page.keyboard.press('Tab');
        assert.equal(await page.evaluate(() => document.activeElement.id), 'login');
        await assertAccessible(page);
        await page.getByRole('tab', { selected: true }).focus();
        await page.keyboard.press('ArrowRight');
        assert.equal(await page.getByRole('tab', { selected: true }).innerText(), codeTab);
        // The code tab asks for the phone number or address first; the code field comes once a code is sent.
        assert.ok(await page.locator('#code-recipient').isVisible());
        assert.equal(await page.locator('#code-value').count(), 0);
        await assertAccessible(page);
        await page.keyboard.press('ArrowRight');
        assert.equal(await page.getByRole('tab', { selected: true }).innerText(), qrTab);
        await page.keyboard.press('End');
        assert.equal(await page.getByRole('tab', { selected: true }).innerText(), codeTab);
        await page.keyboard.press('ArrowLeft');
        assert.equal(await page.getByRole('tab', { selected: true }).innerText(), passwordTab);
        assert.match(page.url(), /[?&]method=password/);

        // The language switch keeps the parked request and the method on screen.
        const other = language === 'zh' ? 'en' : 'zh-CN';
        await page.click('[data-login-language]');
        await page.waitForSelector(`html[lang="${other}"]`);
        assert.equal(await page.getByRole('tab', { selected: true }).getAttribute('id'), 'tab-password');
        await assertOneLanguage(page, other === 'en' ? 'en' : 'zh');
        assert.deepEqual(problems, []);
        await page.context().close();
      }
    }
  });

  test('the QR switch shows one code at a time; a scanned code says so and an expired one is drawn anew', needsBrowser, async t => {
    const { wegate, browser } = await startWithBrowser(t);
    const { pool } = await world(wegate);
    const { page, problems } = await open(browser, wegate, pool, { locale: 'zh-CN', viewport: desktop, beforeLoad: p => p.clock.install() });
    for (const slug of ['website', 'mp', 'follow']) {
      await page.click(`[data-qr-choice][aria-controls="qr-${slug}"]`);
      assert.equal(await shown(page, '[data-qr-panel]'), 1);
      assert.ok(await page.locator(`#qr-${slug}`).isVisible());
      assert.equal(await page.getAttribute(`[data-qr-choice][aria-controls="qr-${slug}"]`, 'aria-current'), 'true');
      if (slug === 'website') {
        // WeChat's own frame, in its white style, whose links stay readable.
        await page.frameLocator('#qr-website iframe').locator('section[data-when="waiting"] img.qrcode').waitFor();
        await screenshot(page, 'zh-website');
      }
    }

    // The mini program reports the scan (docs/logins.md, "The mini program's side").
    await page.click('[data-qr-choice][aria-controls="qr-mp"]');
    const scene = await page.getAttribute('#qr-mp [data-wegate-ticket]', 'data-wegate-ticket');
    const scanned = await fetch(`${wegate.base}/pools/${pool}/login/mp-qr/scan`, {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ scene }),
    });
    assert.equal(scanned.status, 200);
    await page.waitForSelector('#qr-mp [data-wegate-ticket][data-state="scanned"]');
    assert.match(await page.textContent('#qr-mp [data-ticket-status]'), /^已扫码/);
    await screenshot(page, 'zh-scanned');

    // Five minutes on, the code on screen is drawn anew with a new ticket; the page stays on it.
    await page.click('[data-qr-choice][aria-controls="qr-follow"]');
    const first = await page.getAttribute('#qr-follow [data-wegate-ticket]', 'data-wegate-ticket');
    await page.clock.fastForward('05:05');
    await page.waitForFunction(old => {
      const box = document.querySelector('#qr-follow [data-wegate-ticket]');
      return box && box.getAttribute('data-wegate-ticket') !== old;
    }, first);
    assert.ok(await page.locator('#qr-follow').isVisible());
    assert.match(page.url(), /[?&]qr=follow/);
    assert.deepEqual(problems, []);
  });

  test('inside WeChat the one-tap button comes first and alone, with no QR code; the other ways are one link away', needsBrowser, async t => {
    const { wegate, browser } = await startWithBrowser(t);
    const { pool } = await world(wegate);
    for (const [language, locale, others] of [['zh', 'zh-CN', '其他方式登录'], ['en', 'en-US', 'Other ways to sign in']]) {
      const { page, problems } = await open(browser, wegate, pool, { locale, viewport: phone, userAgent: weChatUserAgent });
      assert.equal(await page.locator('[data-wegate-ticket], iframe, [data-qr-panel]').count(), 0);
      assert.ok(await page.locator('a[data-oa-web]').isVisible());
      assert.equal(await page.locator('#password').isVisible(), false);
      await assertOneLanguage(page, language);
      await assertAccessible(page);
      await screenshot(page, `${language}-wechat`);
      await page.keyboard.press('Tab');
      assert.equal(await page.evaluate(() => document.activeElement.hasAttribute('data-oa-web')), true, 'the button is not first in the focus order');

      // The other ways are tabs (password, code): the focus lands on the chosen one, the password form shown.
      await page.getByRole('link', { name: others }).click();
      assert.ok(await page.locator('#password').isVisible());
      assert.equal(await page.evaluate(() => document.activeElement.id), 'tab-password');
      assert.equal(await page.locator('a[data-oa-web]').isVisible(), false);
      assert.deepEqual(problems, []);
      await page.context().close();
    }
  });

  test('the code tab asks for a phone number or email, then for the code sent to it, in one language', needsBrowser, async t => {
    const { wegate, browser } = await startWithBrowser(t);
    const { pool } = await world(wegate);
    for (const [language, locale, tab, send, sent] of [['zh', 'zh-CN', '验证码登录', '获取验证码', /验证码已发送/], ['en', 'en-US', 'One-time code', 'Send a code', /a code was sent/]]) {
      const { page, problems } = await open(browser, wegate, pool, { locale, viewport: phone });
      await page.getByRole('tab', { name: tab, exact: true }).click();
      await page.fill('#code-recipient', '+8613500135000');
      await page.getByRole('button', { name: send }).click();
      await page.getByText(sent).waitFor();
      // The page came back on the code tab with the number kept and the code field focused next.
      assert.equal(await page.getByRole('tab', { selected: true }).innerText(), tab);
      assert.equal(await page.inputValue('#code-recipient'), '+8613500135000');
      assert.ok(await page.locator('#code-value').isVisible());
      assert.equal(await page.getAttribute('#code-value', 'autocomplete'), 'one-time-code');
      assert.equal(await page.evaluate(() => document.activeElement.id), 'code-value');
      await assertOneLanguage(page, language);
      await assertAccessible(page);
      await screenshot(page, `${language}-code`);
      assert.deepEqual(problems, []);
      await page.context().close();
    }
  });

  test("an application's logo and colour from the admin API are worn by its login page, with readable text on any colour", needsBrowser, async t => {
    const { wegate, browser } = await startWithBrowser(t);
    const { pool } = await world(wegate);
    const svg = '<svg xmlns="http://www.w3.org/2000/svg" width="40" height="40"><rect width="40" height="40" rx="9" fill="#0958d9"/><text x="20" y="28" font-family="sans-serif" font-size="22" font-weight="700" fill="#fff" text-anchor="middle">A</text></svg>';
    const logo = `data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')}`;
    for (const [color, text] of [['#0958d9', 'rgb(255, 255, 255)'], ['#ffd666', 'rgb(0, 0, 0)']]) {
      await wegate.admin('PUT', `pools/${pool}/applications/web`, { branding: { logo_uri: logo, primary_color: color } });
      const { page, problems } = await open(browser, wegate, pool, { locale: 'zh-CN', viewport: desktop });
      const rgb = `rgb(${[1, 3, 5].map(i => parseInt(color.slice(i, i + 2), 16)).join(', ')})`;
      // The logo loaded (the page's CSP lets it in), and the chosen tab and code wear the colour.
      assert.ok(await page.locator('img[data-brand-logo]').evaluate(img => img.complete && img.naturalWidth > 0));
      assert.equal(await page.getByRole('tab', { selected: true }).evaluate(e => getComputedStyle(e).borderBottomColor), rgb);
      assert.equal(await page.locator('[data-qr-choice][aria-current="true"]').evaluate(e => getComputedStyle(e).borderTopColor), rgb);
      await page.getByRole('tab', { name: '密码登录' }).click();
      const button = page.locator('#login-password button[type=submit]');
      assert.deepEqual(await button.evaluate(e => [getComputedStyle(e).backgroundColor, getComputedStyle(e).color]), [rgb, text]);
      await assertAccessible(page);
      if (color === '#0958d9') {
        await page.getByRole('tab', { name: '扫码登录' }).click();
        await screenshot(page, 'zh-branded');
      }
      assert.deepEqual(problems, []);
      await page.context().close();
    }
  });

  test('without JavaScript every method is a link away', needsBrowser, async t => {
    const { wegate, browser } = await startWithBrowser(t);
    const { pool } = await world(wegate);
    const { page } = await open(browser, wegate, pool, { locale: 'en-US', viewport: desktop, javaScriptEnabled: false });
    assert.equal(await shown(page, '[data-login-panel]'), 1);
    await page.getByRole('tab', { name: 'Password' }).click();
    await page.waitForURL(/method=password/);
    assert.ok(await page.locator('#password').isVisible());
    await page.getByRole('tab', { name: 'QR code', exact: true }).click();
    await page.click('[data-qr-choice][aria-controls="qr-mp"]');
    await page.waitForURL(/qr=mp/);
    assert.ok(await page.locator('#qr-mp').isVisible());
    assert.equal(await shown(page, '[data-qr-panel]'), 1);
    await page.context().close();
  });
});
