// Starts WeGate itself (the built wegate.dll, Development, SQLite in a temporary data directory, a
// configured admin key) for one test file, talks to its admin API, and plays a person's browser on the
// hosted login page: fetch with a small cookie jar, no redirects followed, so every step can be checked.
//
// `dotnet build` (or `dotnet test`) must have run; WEGATE_DLL=/path/to/wegate.dll runs another build.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, rmSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const defaultDll = resolve(repo, 'src/WeGate.Server/bin/Debug/net10.0/wegate.dll');

export class WeGate {
  #child;
  #dataDirectory;
  #output = '';

  constructor(base, adminKey, child, dataDirectory) {
    this.base = base;
    this.adminKey = adminKey;
    this.#child = child;
    this.#dataDirectory = dataDirectory;
  }

  static async start() {
    const dll = process.env.WEGATE_DLL ?? defaultDll;
    if (!existsSync(dll)) {
      throw new Error(`${dll} does not exist: run \`dotnet build\` (or \`dotnet test\`) before \`npm test\`.`);
    }

    const dataDirectory = await mkdtemp(join(tmpdir(), 'wegate-oidc-'));
    const adminKey = randomBytes(32).toString('base64url');
    const port = await freePort();
    // Its own process group (detached), so stop() ends dotnet and anything it started, all at once.
    const child = spawn('dotnet', [dll, '--environment', 'Development', '--urls', `http://127.0.0.1:${port}`], {
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: {
        ...process.env,
        DOTNET_NOLOGO: '1',
        WeGate__DataDirectory: dataDirectory,
        WeGate__Admin__ApiKey: adminKey,
      },
    });
    const wegate = new WeGate(`http://127.0.0.1:${port}`, adminKey, child, dataDirectory);
    // If this process ends without stop() (an uncaught error, a closed stdout), take WeGate with it.
    const onExit = () => {
      if (child.exitCode === null && child.signalCode === null) {
        signalGroup(child, 'SIGKILL');
      }
      rmSync(dataDirectory, { recursive: true, force: true });
    };
    process.once('exit', onExit);
    child.once('exit', () => process.off('exit', onExit));
    child.stdout.on('data', chunk => { wegate.#output += chunk; });
    child.stderr.on('data', chunk => { wegate.#output += chunk; });
    let exited = null;
    child.on('exit', code => { exited = code ?? 'signal'; });
    try {
      await wegate.#waitUntilReady(() => exited === null ? null : `wegate exited (${exited}):\n${wegate.#output}`);
    } catch (error) {
      await wegate.stop();
      throw error;
    }
    return wegate;
  }

  // What WeGate wrote to stdout and stderr, for failure messages.
  get output() {
    return this.#output;
  }

  async stop() {
    const child = this.#child;
    if (child && child.exitCode === null && child.signalCode === null) {
      const exited = new Promise(done => child.once('exit', done));
      signalGroup(child, 'SIGTERM');
      const timer = setTimeout(() => signalGroup(child, 'SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    }
    await rm(this.#dataDirectory, { recursive: true, force: true });
  }

  async admin(method, path, body) {
    const response = await fetch(`${this.base}/admin/api/${path}`, {
      method,
      headers: {
        authorization: `Bearer ${this.adminKey}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    if (!response.ok) {
      throw new Error(`admin ${method} ${path}: ${response.status} ${text}`);
    }

    return text ? JSON.parse(text) : null;
  }

  issuer(pool) {
    return new URL(`${this.base}/pools/${pool}`);
  }

  async #waitUntilReady(failure) {
    const deadline = Date.now() + 60_000;
    for (;;) {
      const failed = failure();
      if (failed) {
        throw new Error(failed);
      }

      try {
        const response = await fetch(`${this.base}/admin/api/pools`, { headers: { authorization: `Bearer ${this.adminKey}` } });
        if (response.ok) {
          return;
        }
      } catch {
        // not listening yet
      }

      if (Date.now() > deadline) {
        throw new Error(`WeGate at ${this.base} did not answer within 60 s:\n${this.#output}`);
      }

      await new Promise(done => setTimeout(done, 200));
    }
  }
}

function signalGroup(child, signal) {
  try {
    process.kill(-child.pid, signal);
  } catch (error) {
    if (error.code !== 'ESRCH') {
      throw error;
    }
  }
}

export async function freePort() {
  const server = createServer();
  await new Promise(done => server.listen(0, '127.0.0.1', done));
  const { port } = server.address();
  await new Promise(done => server.close(done));
  return port;
}

// A person's browser: keeps cookies (name, value, path; removed when the server expires them), never
// follows redirects, so the test sees every 303.
export class Browser {
  #cookies = new Map();

  async get(url) {
    return this.#send(url, { method: 'GET' });
  }

  async postForm(url, fields) {
    return this.#send(url, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(fields).toString(),
    });
  }

  // The jar as it is now, for sending stale cookies later.
  copy() {
    const copy = new Browser();
    for (const [name, cookie] of this.#cookies) {
      copy.#cookies.set(name, { ...cookie });
    }
    return copy;
  }

  has(name) {
    return this.#cookies.has(name);
  }

  // Follows an authorization URL to the application's redirect URI. Signs in on the hosted login page
  // when WeGate asks; with a live single sign-on session WeGate answers at once. Returns the URL the
  // browser would land on (never called: it is only registered).
  async authorize(authorizationUrl, redirectUri, login, password) {
    let response = await this.get(authorizationUrl);
    expectSeeOther(response, 'authorize');
    let location = new URL(response.headers.get('location'), authorizationUrl);
    if (!isAt(location, redirectUri)) {
      if (login === undefined) {
        throw new Error(`authorize sent the browser to ${location}, not back to ${redirectUri}`);
      }

      const page = await this.get(location);
      const html = await page.text();
      if (page.status !== 200) {
        throw new Error(`the login page answered ${page.status}: ${html}`);
      }

      response = await this.postForm(new URL(formAction(html), location), {
        request: hidden(html, 'request'),
        __RequestVerificationToken: hidden(html, '__RequestVerificationToken'),
        login,
        password,
      });
      expectSeeOther(response, 'sign-in');
      location = new URL(response.headers.get('location'), location);
    }

    if (!isAt(location, redirectUri)) {
      throw new Error(`the flow ended at ${location}, not at ${redirectUri}`);
    }
    return location;
  }

  async #send(url, init) {
    url = new URL(url);
    const cookie = [...this.#cookies]
      .filter(([, c]) => url.pathname === c.path || url.pathname.startsWith(c.path.endsWith('/') ? c.path : `${c.path}/`))
      .map(([name, c]) => `${name}=${c.value}`)
      .join('; ');
    const response = await fetch(url, {
      ...init,
      redirect: 'manual',
      headers: { ...init.headers, ...(cookie ? { cookie } : {}) },
    });
    for (const header of response.headers.getSetCookie()) {
      this.#store(header);
    }
    return response;
  }

  #store(header) {
    const [pair, ...attributes] = header.split(';').map(s => s.trim());
    const eq = pair.indexOf('=');
    const name = pair.slice(0, eq);
    const value = pair.slice(eq + 1);
    let path = '/';
    let expired = false;
    for (const attribute of attributes) {
      const [key, ...rest] = attribute.split('=');
      const v = rest.join('=');
      switch (key.toLowerCase()) {
        case 'path':
          path = v || '/';
          break;
        case 'max-age':
          expired ||= Number(v) <= 0;
          break;
        case 'expires':
          expired ||= Date.parse(v) <= Date.now();
          break;
      }
    }
    if (expired) {
      this.#cookies.delete(name);
    } else {
      this.#cookies.set(name, { value, path });
    }
  }
}

function expectSeeOther(response, step) {
  if (response.status !== 303) {
    throw new Error(`${step}: expected 303, got ${response.status}`);
  }
}

function isAt(location, redirectUri) {
  return `${location.origin}${location.pathname}` === redirectUri;
}

function hidden(html, name) {
  const match = html.match(new RegExp(`name="${name}" value="([^"]*)"`));
  if (!match) {
    throw new Error(`no hidden field ${name} in the page`);
  }
  return decodeHtml(match[1]);
}

function formAction(html) {
  const match = html.match(/<form method="post" action="([^"]+)"/);
  if (!match) {
    throw new Error('no form in the page');
  }
  return decodeHtml(match[1]);
}

function decodeHtml(text) {
  return text.replace(/&(#x[0-9a-f]+|#\d+|amp|lt|gt|quot|apos);/gi, (_, entity) => {
    switch (entity.toLowerCase()) {
      case 'amp': return '&';
      case 'lt': return '<';
      case 'gt': return '>';
      case 'quot': return '"';
      case 'apos': return '\'';
      default: return String.fromCodePoint(entity[1].toLowerCase() === 'x' ? parseInt(entity.slice(2), 16) : parseInt(entity.slice(1), 10));
    }
  });
}
