// A WeChat user's phone running the mini program, for Node: a `wx` whose login() and the phone
// button's event get real codes from the sandbox's control API (docs/sandbox.md#acting-as-the-user),
// which WeGate then exchanges with the sandbox's simulated WeChat API, and whose request() is real
// HTTP. Storage is the phone's: it outlives a client, as wx storage outlives a page.
import { randomBytes } from 'node:crypto';

export class Phone {
  constructor(sandbox, appId, personaId) {
    this.sandbox = sandbox;
    this.appId = appId;
    this.personaId = personaId;
    this.storage = new Map();
    // Every wx.request, as {method, url, body}, to assert what the SDK sent.
    this.requests = [];
    this.wx = this.#wx();
  }

  // The event of <button open-type="getPhoneNumber"> after the person allowed it.
  async phoneEvent() {
    const { code } = await this.sandbox.control('POST', 'codes/phone', { appId: this.appId, personaId: this.personaId });
    return { type: 'getphonenumber', detail: { code, errMsg: 'getPhoneNumber:ok' } };
  }

  // …and after they refused it: WeChat gives no code (docs/sandbox.md: not simulated by the sandbox,
  // so the event is built as WeChat sends it).
  static deniedPhoneEvent() {
    return { type: 'getphonenumber', detail: { errMsg: 'getPhoneNumber:fail user deny' } };
  }

  #wx() {
    const phone = this;
    const settle = (promise, { success, fail, complete }) => promise.then(
      result => { success?.(result); complete?.(result); },
      error => { const failure = { errMsg: error.message }; fail?.(failure); complete?.(failure); });
    return {
      login(options = {}) {
        settle(phone.sandbox.control('POST', 'codes/js', { appId: phone.appId, personaId: phone.personaId })
          .then(({ code }) => ({ code, errMsg: 'login:ok' })), options);
      },
      request(options) {
        settle(phone.#request(options), options);
      },
      getRandomValues(options) {
        settle(Promise.resolve({ randomValues: randomBytes(options.length).buffer, errMsg: 'getRandomValues:ok' }), options);
      },
      // wx storage keeps JSON-compatible values and answers '' for a missing key.
      getStorageSync: key => (phone.storage.has(key) ? JSON.parse(phone.storage.get(key)) : ''),
      setStorageSync: (key, value) => { phone.storage.set(key, JSON.stringify(value)); },
      removeStorageSync: key => { phone.storage.delete(key); },
    };
  }

  // wx.request: the body as given when it is a string; the answer parsed as JSON when it is JSON
  // (dataType "json"), else left as text; fail only when no HTTP answer came back.
  async #request({ url, method = 'GET', data, header = {}, dataType = 'json' }) {
    this.requests.push({ method, url, body: data });
    let response;
    try {
      response = await fetch(url, { method, headers: header, body: method === 'GET' ? undefined : data });
    } catch (error) {
      throw new Error(`request:fail ${error.cause?.code ?? error.message}`);
    }
    const text = await response.text();
    let parsed = text;
    if (dataType === 'json') {
      try { parsed = JSON.parse(text); } catch { /* not JSON: the text */ }
    }
    return { data: parsed, statusCode: response.status, header: Object.fromEntries(response.headers), errMsg: 'request:ok' };
  }
}
