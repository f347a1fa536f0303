// Fidelity (docs/sandbox.md#pointing-a-wechat-client-at-it): WeChat clients written by others, against real WeChat, work against the WeGate
// sandbox with nothing changed but where their requests go. Each library sends its calls through its
// own request method; Sandbox.redirect() rewrites the origin there and nothing else (support/sandbox.mjs).
//
// Run with `npm test` (node --test tests/node/) after `dotnet build`: the suite starts
// `wegate sandbox` on a free port and stops it at the end.
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import { createRequire } from 'node:module';
import { after, before, describe, test } from 'node:test';
import { promisify } from 'node:util';
import { Sandbox, unique } from './support/sandbox.mjs';

const require = createRequire(import.meta.url);
const OAuth = require('wechat-oauth');
const API = require('co-wechat-api');
const WXBizMsgCrypt = require('wechat-crypto');
const nodeCrypto = require('crypto');

// errmsg ends with a request id: ", rid: xxxxxxxx-xxxxxxxx-xxxxxxxx" (docs/wechat-contract.md#conventions).
const rid = /, rid: [0-9a-f]{8}-[0-9a-f]{8}-[0-9a-f]{8}$/;
const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

let sandbox;

before(async () => {
  sandbox = await Sandbox.start();
});

after(async () => {
  await sandbox?.stop();
});

// wechat-oauth takes Node-style callbacks; results and errors are exactly what it hands back.
function call(client, method, ...args) {
  return promisify(client[method].bind(client))(...args);
}

describe('wechat-oauth 1.5.0', () => {
  let website;
  let mei;

  before(async () => {
    website = await sandbox.createApp({ type: 'website', openPlatformAccount: unique('open'), callbackDomain: 'rp.example.com' });
    mei = await sandbox.createPersona({ id: unique('mei'), nickname: '梅 Mei', avatarUrl: 'https://thirdwx.qlogo.cn/mmopen/mei/132' });
  });

  test('website login: authorize URL → scan and confirm → code → token → user info', async () => {
    const oauth = sandbox.redirect(new OAuth(website.appId, website.secret));
    const authorize = oauth.getAuthorizeURLForWebsite('https://rp.example.com/wechat/callback', 'st4te');
    assert.match(authorize, /^https:\/\/open\.weixin\.qq\.com\/connect\/qrconnect\?appid=.*&scope=snsapi_login&state=st4te#wechat_redirect$/);

    // The browser opens the library's URL (fragments never reach a server); the phone scans the QR
    // and confirms through the control API, as the virtual phone would; the page learns the redirect
    // from its status endpoint, as its script does.
    const page = await fetch(sandbox.url(authorize));
    assert.equal(page.status, 200);
    const uuid = (await page.text()).match(/data-uuid="([^"]+)"/)?.[1];
    assert.ok(uuid, 'the qrconnect page carries its login id');
    await sandbox.control('POST', `qrconnect/${encodeURIComponent(uuid)}/scan`, { personaId: mei.id });
    await sandbox.control('POST', `qrconnect/${encodeURIComponent(uuid)}/confirm`);
    const status = await (await fetch(sandbox.url(`https://open.weixin.qq.com/connect/qrconnect/status?uuid=${encodeURIComponent(uuid)}`))).json();
    assert.equal(status.status, 'confirmed');
    const redirect = new URL(status.redirect_url);
    assert.equal(`${redirect.origin}${redirect.pathname}`, 'https://rp.example.com/wechat/callback');
    assert.equal(redirect.searchParams.get('state'), 'st4te');
    const code = redirect.searchParams.get('code');

    const token = await call(oauth, 'getAccessToken', code);
    const expected = await sandbox.identity(website.appId, mei.id);
    assert.equal(token.data.openid, expected.openId);
    assert.equal(token.data.unionid, expected.unionId);
    assert.equal(token.data.scope, 'snsapi_login');
    assert.equal(token.data.expires_in, 7200);
    assert.ok(token.isValid());

    const user = await call(oauth, 'getUser', token.data.openid);
    assert.equal(user.openid, expected.openId);
    assert.equal(user.unionid, expected.unionId);
    assert.equal(user.nickname, '梅 Mei');
    assert.equal(user.headimgurl, 'https://thirdwx.qlogo.cn/mmopen/mei/132');
    // Since 2021-12 gender and region are blanked (docs/wechat-contract.md#the-sns-profile).
    assert.equal(user.sex, 0);
    assert.deepEqual([user.province, user.city, user.country], ['', '', '']);
    assert.deepEqual(user.privilege, []);

    const verified = await call(oauth, 'verifyToken', token.data.openid, token.data.access_token);
    assert.equal(verified.errcode, 0);

    const refreshed = await call(oauth, 'refreshAccessToken', token.data.refresh_token);
    assert.equal(refreshed.data.openid, expected.openId);
    assert.equal(refreshed.data.refresh_token, token.data.refresh_token);
  });

  test('a code used twice fails with the library error carrying errcode 40163', async () => {
    const oauth = sandbox.redirect(new OAuth(website.appId, website.secret));
    const { code } = await sandbox.control('POST', 'codes/oauth', { appId: website.appId, personaId: mei.id });
    await call(oauth, 'getAccessToken', code);

    const error = await call(oauth, 'getAccessToken', code).then(() => null, e => e);
    assert.ok(error, 'the second exchange must fail');
    assert.equal(error.name, 'WeChatAPIError');
    assert.equal(error.code, 40163);
    assert.match(error.message, /^code been used/);
    assert.match(error.message, rid);
  });

  test('a wrong secret fails with errcode 40125 and a code of another app with 40029', async () => {
    const { code } = await sandbox.control('POST', 'codes/oauth', { appId: website.appId, personaId: mei.id });
    const wrongSecret = sandbox.redirect(new OAuth(website.appId, '0'.repeat(32)));
    assert.equal((await call(wrongSecret, 'getAccessToken', code).catch(e => e)).code, 40125);

    const other = await sandbox.createApp({ type: 'website' });
    const otherApp = sandbox.redirect(new OAuth(other.appId, other.secret));
    assert.equal((await call(otherApp, 'getAccessToken', code).catch(e => e)).code, 40029);
  });

  test('official account snsapi_base: silent redirect with a code, openid only, no profile (48001)', async () => {
    const account = await sandbox.createApp({ type: 'official-account', openPlatformAccount: unique('open'), callbackDomain: 'oa.example.com' });
    const oauth = sandbox.redirect(new OAuth(account.appId, account.secret));
    const authorize = oauth.getAuthorizeURL('https://oa.example.com/auth', 'b4se', 'snsapi_base');
    assert.match(authorize, /^https:\/\/open\.weixin\.qq\.com\/connect\/oauth2\/authorize\?.*#wechat_redirect$/);

    // Inside WeChat the page knows who holds the phone; the sandbox reads it from a cookie.
    const page = await fetch(sandbox.url(authorize), { redirect: 'manual', headers: { cookie: `sandbox_persona=${mei.id}` } });
    assert.equal(page.status, 302);
    const redirect = new URL(page.headers.get('location'));
    assert.equal(redirect.searchParams.get('state'), 'b4se');

    const token = await call(oauth, 'getAccessToken', redirect.searchParams.get('code'));
    const expected = await sandbox.identity(account.appId, mei.id);
    assert.equal(token.data.openid, expected.openId);
    assert.equal(token.data.scope, 'snsapi_base');
    // The current doc returns unionid only for snsapi_userinfo (docs/wechat-contract.md#official-account-web-authorization).
    assert.equal(token.data.unionid, undefined);

    const error = await call(oauth, 'getUser', token.data.openid).catch(e => e);
    assert.equal(error.code, 48001);
  });

  test('a mobile app without an Open Platform binding gets no unionid', async () => {
    const mobile = await sandbox.createApp({ type: 'mobile' });
    const oauth = sandbox.redirect(new OAuth(mobile.appId, mobile.secret));
    const { code } = await sandbox.control('POST', 'codes/oauth', { appId: mobile.appId, personaId: mei.id });

    const user = await call(oauth, 'getUserByCode', code);
    assert.equal(user.openid, (await sandbox.identity(mobile.appId, mei.id)).openId);
    assert.equal(user.nickname, '梅 Mei');
    assert.ok(!('unionid' in user), 'unionid exists only for bound apps (docs/wechat-contract.md#openid-and-unionid)');
  });
});

describe('co-wechat-api 3.11.0', () => {
  let account;
  let api;
  let lei;

  before(async () => {
    account = await sandbox.createApp({ type: 'official-account', openPlatformAccount: unique('open') });
    api = sandbox.redirect(new API(account.appId, account.secret));
    lei = await sandbox.createPersona({ id: unique('lei'), nickname: 'Lei' });
  });

  test('temporary QR code: createTmpQRCode → showqrcode serves a PNG; an unknown ticket is 404', async () => {
    const created = await api.createTmpQRCode(4242, 1800);
    assert.equal(typeof created.ticket, 'string');
    assert.equal(created.expire_seconds, 1800);
    assert.match(created.url, /^http:\/\/weixin\.qq\.com\/q\//);

    // showQRCodeURL pastes the ticket in as is; tickets contain + / = and must be URL-encoded
    // (docs/wechat-contract.md#qr-images; easywechat fixed the same omission in w7corp/easywechat#156).
    const image = await fetch(sandbox.url(api.showQRCodeURL(encodeURIComponent(created.ticket))));
    assert.equal(image.status, 200);
    assert.match(image.headers.get('content-type'), /^image\//);
    assert.deepEqual(Buffer.from(await image.arrayBuffer()).subarray(0, 8), png);

    const unknown = await fetch(sandbox.url(api.showQRCodeURL('gQ' + 'A'.repeat(40))));
    assert.equal(unknown.status, 404);
  });

  test('user info of a persona who followed by scanning, and of one who did not', async () => {
    const { ticket } = await api.createTmpQRCode(77, 600);
    await sandbox.control('POST', 'qr/scan', { ticket, personaId: lei.id, follow: true });
    const expected = await sandbox.identity(account.appId, lei.id);

    const user = await api.getUser(expected.openId);
    assert.equal(user.subscribe, 1);
    assert.equal(user.openid, expected.openId);
    assert.equal(user.unionid, expected.unionId);
    assert.equal(user.subscribe_scene, 'ADD_SCENE_QR_CODE');
    assert.equal(Number(user.qr_scene), 77);
    assert.equal(typeof user.subscribe_time, 'number');

    const stranger = await sandbox.createPersona({ id: unique('stranger') });
    const other = await api.getUser((await sandbox.identity(account.appId, stranger.id)).openId);
    assert.deepEqual(Object.keys(other).sort(), ['openid', 'subscribe']);
    assert.equal(other.subscribe, 0);

    const error = await api.getUser('o' + 'x'.repeat(27)).catch(e => e);
    assert.equal(error.name, 'WeChatAPIError');
    assert.equal(error.code, 40003);
  });

  test('access token: fetched once and reused; a 40001 makes the library fetch a new one and retry', async () => {
    const fresh = sandbox.redirect(new API(account.appId, account.secret));
    const tokens = async () => (await sandbox.calls('cgi-bin/token')).filter(c => c.appId === account.appId).length;
    const before = await tokens();
    const { openId } = await sandbox.identity(account.appId, lei.id);

    await fresh.getUser(openId);
    await fresh.createTmpQRCode(1, 60);
    await fresh.getUser(openId);
    assert.equal(await tokens(), before + 1);

    // The sandbox answers the next user/info with 40001, as WeChat does for a superseded token.
    await sandbox.control('PUT', 'faults', { path: 'cgi-bin/user/info', errCode: 40001, count: 1 });
    const user = await fresh.getUser(openId);
    assert.equal(user.openid, openId);
    assert.equal(await tokens(), before + 2);
    const infos = (await sandbox.calls('cgi-bin/user/info')).filter(c => c.appId === account.appId);
    assert.deepEqual(infos.slice(-2).map(c => [c.errCode, c.faulted]), [[40001, true], [0, false]]);
  });

  test('a wrong secret surfaces as the library error with errcode 40125', async () => {
    const wrong = sandbox.redirect(new API(account.appId, 'f'.repeat(32)));
    const error = await wrong.getUser('o' + 'x'.repeat(27)).catch(e => e);
    assert.equal(error.name, 'WeChatAPIError');
    assert.equal(error.code, 40125);
    assert.match(error.message, rid);
  });
});

describe('wechat-crypto 0.0.2', () => {
  // Vector V3 (docs/wechat-contract.md#test-vectors): WeGate's tests assert WxBizMsgCrypt.Encrypt produces exactly this
  // ciphertext with the random prefix "aaaabbbbccccdddd" (tests/WeGate.WeChat.Tests/Vectors.cs).
  const v3 = {
    token: 'pamtest',
    key: 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG',
    appId: 'wxb11529c136998cb6',
    message: '我是中文abcd123',
    ciphertext: 'jn1L23DB+6ELqJ+6bruv21Y6MD7KeIfP82D6gU39rmkgczbWwt5+3bnyg5K55bgVtVzd832WzZGMhkP72vVOfg==',
    timestamp: '1409304348',
    nonce: 'xxxxxx',
    msgSignature: '82c962d39941aa48552f90ef55aa323dc620cc10',
  };

  test("WeGate's ciphertext (vector V3) decrypts in Node, and its msg_signature matches", () => {
    const cryptor = new WXBizMsgCrypt(v3.token, v3.key, v3.appId);
    assert.deepEqual(cryptor.decrypt(v3.ciphertext), { message: v3.message, id: v3.appId });
    assert.equal(cryptor.getSignature(v3.timestamp, v3.nonce, v3.ciphertext), v3.msgSignature);
  });

  test("Node's ciphertext is WeGate's byte for byte when the random prefix is the same", () => {
    // wechat-crypto draws its 16-byte prefix from crypto.pseudoRandomBytes; pinning it makes the
    // output comparable with the ciphertext WeGate's tests pin for the same inputs.
    const random = nodeCrypto.pseudoRandomBytes;
    nodeCrypto.pseudoRandomBytes = () => Buffer.from('aaaabbbbccccdddd');
    try {
      assert.equal(new WXBizMsgCrypt(v3.token, v3.key, v3.appId).encrypt(v3.message), v3.ciphertext);
    } finally {
      nodeCrypto.pseudoRandomBytes = random;
    }
  });

  test('live: a safe-mode push sealed by the sandbox opens in Node; the reply Node seals is read by the sandbox', async t => {
    const token = 'tok' + randomBytes(6).toString('hex');
    const key = randomBytes(32).toString('base64').replace(/[^a-zA-Z0-9]/g, '').padEnd(43, 'k').slice(0, 43);
    const server = await listen();
    t.after(() => new Promise(done => server.close(done)));
    const account = await sandbox.createApp({
      type: 'official-account',
      token,
      encodingAesKey: key,
      messageMode: 'safe',
      serverUrl: `http://127.0.0.1:${server.address().port}/wechat`,
    });
    const cryptor = new WXBizMsgCrypt(token, key, account.appId);
    const persona = await sandbox.createPersona({ id: unique('push') });
    const { openId } = await sandbox.identity(account.appId, persona.id);
    const api = sandbox.redirect(new API(account.appId, account.secret));
    const { ticket } = await api.createTmpQRCode('login_' + randomBytes(4).toString('hex'), 600);

    // First scan: subscribe, answered with a properly sealed reply.
    const content = '登录成功 ' + randomBytes(3).toString('hex');
    server.answer = push => sealedReply(cryptor, push, content);
    const subscribed = await sandbox.control('POST', 'qr/scan', { ticket, personaId: persona.id, follow: true });
    assert.equal(subscribed.event, 'subscribe');
    const delivery = await sandbox.control('GET', `deliveries/${subscribed.deliveryId}?wait=true`);

    const push = server.received.at(-1);
    assert.equal(push.query.get('encrypt_type'), 'aes');
    assert.equal(push.query.get('openid'), openId);
    assert.equal(push.query.get('signature'), sha1Sorted(token, push.query.get('timestamp'), push.query.get('nonce')));
    assert.equal(push.query.get('msg_signature'), cryptor.getSignature(push.query.get('timestamp'), push.query.get('nonce'), push.encrypt));
    assert.equal(push.id, account.appId);
    assert.equal(element(push.xml, 'Event'), 'subscribe');
    assert.equal(element(push.xml, 'FromUserName'), openId);
    assert.equal(element(push.xml, 'ToUserName'), account.originalId);
    assert.equal(element(push.xml, 'EventKey'), 'qrscene_' + subscribed.scene);
    assert.equal(element(push.xml, 'Ticket'), ticket);
    // Safe mode: the outer body carries nothing but ToUserName and Encrypt (docs/wechat-contract.md#message-modes).
    assert.equal(element(push.body, 'Event'), undefined);

    assert.equal(delivery.outcome, 'replied');
    assert.equal(delivery.userNotice, content);
    assert.match(delivery.replyXml, new RegExp(content));

    // Second scan by the now-follower: SCAN, answered with a reply whose MsgSignature is wrong.
    server.answer = push => sealedReply(cryptor, push, 'forged', { forgeSignature: true });
    const scanned = await sandbox.control('POST', 'qr/scan', { ticket, personaId: persona.id });
    assert.equal(scanned.event, 'SCAN');
    const refused = await sandbox.control('GET', `deliveries/${scanned.deliveryId}?wait=true`);
    assert.equal(element(server.received.at(-1).xml, 'EventKey'), scanned.scene);
    assert.equal(refused.outcome, 'invalid-reply');
    assert.equal(refused.userNotice, '该公众号暂时无法提供服务，请稍后再试');
  });
});

// A stand-in for the official account's server: records every push and answers with whatever
// `server.answer(push)` returns (sealedReply decrypts the push with wechat-crypto on the way).
async function listen() {
  const server = createServer((request, response) => {
    let body = '';
    request.setEncoding('utf8');
    request.on('data', chunk => { body += chunk; });
    request.on('end', () => {
      const query = new URL(request.url, 'http://localhost').searchParams;
      const push = { query, body, encrypt: element(body, 'Encrypt') };
      server.received.push(push);
      try {
        const answer = server.answer(push);
        response.writeHead(200, { 'content-type': 'text/xml; charset=utf-8' });
        response.end(answer);
      } catch (error) {
        response.writeHead(500);
        response.end(String(error));
      }
    });
  });
  server.received = [];
  await new Promise(done => server.listen(0, '127.0.0.1', done));
  return server;
}

function sealedReply(cryptor, push, content, { forgeSignature = false } = {}) {
  const opened = cryptor.decrypt(push.encrypt);
  push.xml = opened.message;
  push.id = opened.id;
  const reply = `<xml><ToUserName><![CDATA[${element(push.xml, 'FromUserName')}]]></ToUserName>`
    + `<FromUserName><![CDATA[${element(push.xml, 'ToUserName')}]]></FromUserName>`
    + `<CreateTime>${Math.floor(Date.now() / 1000)}</CreateTime><MsgType><![CDATA[text]]></MsgType>`
    + `<Content><![CDATA[${content}]]></Content></xml>`;
  const encrypt = cryptor.encrypt(reply);
  const timestamp = String(Math.floor(Date.now() / 1000));
  const nonce = randomBytes(5).toString('hex');
  const signature = forgeSignature ? '0'.repeat(40) : cryptor.getSignature(timestamp, nonce, encrypt);
  return `<xml><Encrypt><![CDATA[${encrypt}]]></Encrypt><MsgSignature><![CDATA[${signature}]]></MsgSignature>`
    + `<TimeStamp>${timestamp}</TimeStamp><Nonce><![CDATA[${nonce}]]></Nonce></xml>`;
}

function element(xml, name) {
  const match = xml?.match(new RegExp(`<${name}>(?:<!\\[CDATA\\[([\\s\\S]*?)\\]\\]>|([^<]*))</${name}>`));
  return match ? (match[1] ?? match[2]) : undefined;
}

// The URL signature: sha1 over the sorted [token, timestamp, nonce] (docs/wechat-contract.md#server-url-verification).
function sha1Sorted(...parts) {
  return createHash('sha1').update(parts.sort().join('')).digest('hex');
}
