// Starts the standalone WeChat sandbox (`wegate sandbox`) for a test file, talks to its control API,
// and sends third-party WeChat clients to it.
//
// The sandbox runs from the built server: `dotnet build` (or `dotnet test`, which builds) must have run.
// WEGATE_SANDBOX_URL=http://host:port uses a sandbox that is already running instead;
// WEGATE_DLL=/path/to/wegate.dll runs another build.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const defaultDll = resolve(repo, 'src/WeGate.Server/bin/Debug/net10.0/wegate.dll');

// Where each real WeChat host lives in the sandbox (docs/sandbox.md).
const hostPrefixes = {
  'api.weixin.qq.com': '/api',
  'open.weixin.qq.com': '/open',
  'mp.weixin.qq.com': '/mp',
};
const wechatOrigin = /^https?:\/\/(api|open|mp)\.weixin\.qq\.com(?=[/?#]|$)/;

export class Sandbox {
  constructor(base, child) {
    this.base = base;
    this.child = child;
  }

  static async start() {
    if (process.env.WEGATE_SANDBOX_URL) {
      const sandbox = new Sandbox(process.env.WEGATE_SANDBOX_URL.replace(/\/$/, ''), null);
      await sandbox.#waitUntilReady(() => null);
      return sandbox;
    }

    const dll = process.env.WEGATE_DLL ?? defaultDll;
    if (!existsSync(dll)) {
      throw new Error(`${dll} does not exist: run \`dotnet build\` (or \`dotnet test\`) before \`npm test\`.`);
    }

    const port = await freePort();
    const child = spawn('dotnet', [dll, 'sandbox', '--urls', `http://127.0.0.1:${port}`], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, DOTNET_NOLOGO: '1' },
    });
    let output = '';
    child.stdout.on('data', chunk => { output += chunk; });
    child.stderr.on('data', chunk => { output += chunk; });
    let exited = null;
    child.on('exit', code => { exited = code ?? 'signal'; });
    const sandbox = new Sandbox(`http://127.0.0.1:${port}`, child);
    await sandbox.#waitUntilReady(() => exited === null ? null : `wegate sandbox exited (${exited}):\n${output}`);
    return sandbox;
  }

  async stop() {
    if (!this.child || this.child.exitCode !== null || this.child.signalCode !== null) {
      return;
    }

    const exited = new Promise(done => this.child.once('exit', done));
    this.child.kill('SIGTERM');
    const timer = setTimeout(() => this.child.kill('SIGKILL'), 5000);
    await exited;
    clearTimeout(timer);
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

  async #waitUntilReady(failure) {
    const deadline = Date.now() + 60_000;
    for (;;) {
      const failed = failure();
      if (failed) {
        throw new Error(failed);
      }

      try {
        const response = await fetch(`${this.base}/control/apps`);
        if (response.ok) {
          return;
        }
      } catch {
        // not listening yet
      }

      if (Date.now() > deadline) {
        throw new Error(`The sandbox at ${this.base} did not answer within 60 s.`);
      }

      await new Promise(done => setTimeout(done, 200));
    }
  }
}

async function freePort() {
  const server = createServer();
  await new Promise(done => server.listen(0, '127.0.0.1', done));
  const { port } = server.address();
  await new Promise(done => server.close(done));
  return port;
}

// Ids unique to one run, so the suite also works against a long-running sandbox.
export function unique(prefix) {
  return `${prefix}-${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}`;
}
