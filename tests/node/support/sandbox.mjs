// Starts the standalone WeChat sandbox (`wegate sandbox`) for a test file, talks to its control API,
// and sends third-party WeChat clients to it.
//
// The sandbox runs from the built server (support/process.mjs). WEGATE_SANDBOX_URL=http://host:port
// uses a sandbox that is already running instead.
import { freePort, runServer, waitUntilReady } from './process.mjs';

// Where each real WeChat host lives in the sandbox (docs/sandbox.md).
const hostPrefixes = {
  'api.weixin.qq.com': '/api',
  'open.weixin.qq.com': '/open',
  'mp.weixin.qq.com': '/mp',
};
const wechatOrigin = /^https?:\/\/(api|open|mp)\.weixin\.qq\.com(?=[/?#]|$)/;

export class Sandbox {
  constructor(base, server) {
    this.base = base;
    this.server = server;
  }

  // args: more settings for the started sandbox, e.g. --Sandbox:ScanListWindow=00:01:00.
  static async start(args = []) {
    if (process.env.WEGATE_SANDBOX_URL) {
      const sandbox = new Sandbox(process.env.WEGATE_SANDBOX_URL.replace(/\/$/, ''), null);
      await waitUntilReady(`${sandbox.base}/control/apps`, null);
      return sandbox;
    }

    const port = await freePort();
    const sandbox = new Sandbox(`http://127.0.0.1:${port}`, runServer(['sandbox', '--urls', `http://127.0.0.1:${port}`, ...args]));
    try {
      await waitUntilReady(`${sandbox.base}/control/apps`, sandbox.server);
    } catch (error) {
      await sandbox.stop();
      throw error;
    }
    return sandbox;
  }

  async stop() {
    await this.server?.stop();
  }

  // https://api.weixin.qq.com/sns/userinfo?… → http://127.0.0.1:port/api/sns/userinfo?…: only the
  // origin changes; the path, query and fragment are the client's own, byte for byte.
  url(wechatUrl) {
    return wechatUrl.replace(wechatOrigin, (_, host) => this.base + hostPrefixes[`${host}.weixin.qq.com`]);
  }

  // Both libraries send every call through their own `request(url, …)` method (wechat-oauth over
  // urllib, co-wechat-api over httpx) and parse what comes back there. Wrapping that method on the
  // instance changes where requests go and nothing else: the HTTP client, the parsing and the error
  // handling are the libraries' own.
  redirect(client) {
    const original = client.request;
    const sandbox = this;
    client.request = function (url, ...rest) {
      return original.call(this, sandbox.url(url), ...rest);
    };
    return client;
  }

  async control(method, path, body) {
    const response = await fetch(`${this.base}/control/${path}`, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (!response.ok) {
      throw new Error(`control ${method} ${path}: ${response.status} ${await response.text()}`);
    }

    return response.status === 204 ? null : response.json();
  }

  createApp(request) {
    return this.control('POST', 'apps', request);
  }

  createPersona(persona) {
    return this.control('POST', 'personas', persona);
  }

  // openid and unionid of a persona in an app, as the sandbox derives them.
  identity(appId, personaId) {
    return this.control('GET', `apps/${encodeURIComponent(appId)}/personas/${encodeURIComponent(personaId)}`);
  }

  async calls(path) {
    return this.control('GET', `calls?path=${encodeURIComponent(path)}`);
  }
}

// Ids unique to one run, so the suite also works against a long-running sandbox.
export function unique(prefix) {
  return `${prefix}-${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}`;
}
