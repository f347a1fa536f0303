// Starts WeGate itself (Development: SQLite in a temporary data directory, the sandbox mounted at
// /sandbox) for a browser test, and talks to its admin API. Like support/sandbox.mjs it runs the built
// server: `dotnet build` must have run; WEGATE_DLL=/path/to/wegate.dll runs another build.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Sandbox } from './sandbox.mjs';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const defaultDll = resolve(repo, 'src/WeGate.Server/bin/Debug/net10.0/wegate.dll');

export class WeGate {
  constructor(base, child, dataDirectory, adminKey) {
    this.base = base;
    this.child = child;
    this.dataDirectory = dataDirectory;
    this.adminKey = adminKey;
    // The mounted sandbox, through the same helper as the standalone one.
    this.sandbox = new Sandbox(`${base}/sandbox`, null);
  }

  static async start() {
    const dll = process.env.WEGATE_DLL ?? defaultDll;
    if (!existsSync(dll)) {
      throw new Error(`${dll} does not exist: run \`dotnet build\` (or \`dotnet test\`) before \`npm test\`.`);
    }

    const dataDirectory = await mkdtemp(join(tmpdir(), 'wegate-node-'));
    const adminKey = randomBytes(24).toString('hex');
    const port = await freePort();
    const child = spawn('dotnet', [dll, '--environment', 'Development', '--urls', `http://127.0.0.1:${port}`], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, DOTNET_NOLOGO: '1', WeGate__DataDirectory: dataDirectory, WeGate__Admin__ApiKey: adminKey },
    });
    let output = '';
    child.stdout.on('data', chunk => { output += chunk; });
    child.stderr.on('data', chunk => { output += chunk; });
    let exited = null;
    child.on('exit', code => { exited = code ?? 'signal'; });
    const wegate = new WeGate(`http://127.0.0.1:${port}`, child, dataDirectory, adminKey);
    for (let i = 0; ; i++) {
      if (exited !== null) {
        throw new Error(`wegate exited (${exited}):\n${output}`);
      }
      try {
        if ((await fetch(`${wegate.base}/sandbox/control/apps`)).ok) {
          return wegate;
        }
      } catch {
        // not listening yet
      }
      if (i > 300) {
        await wegate.stop();
        throw new Error(`wegate did not start within 30 s:\n${output}`);
      }
      await new Promise(done => setTimeout(done, 100));
    }
  }

  async stop() {
    if (this.child.exitCode === null && this.child.signalCode === null) {
      const exited = new Promise(done => this.child.once('exit', done));
      this.child.kill('SIGTERM');
      const timer = setTimeout(() => this.child.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(timer);
    }
    await rm(this.dataDirectory, { recursive: true, force: true });
  }

  // Any 2xx answer passes, unless `status` names the one the call must answer with (201 for a create).
  async admin(method, path, body, { status } = {}) {
    const response = await fetch(`${this.base}/admin/api/${path}`, {
      method,
      headers: { authorization: `Bearer ${this.adminKey}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (status === undefined ? !response.ok : response.status !== status) {
      throw new Error(`admin ${method} ${path}: ${response.status} ${await response.text()}`);
    }
    return response.status === 204 ? null : response.json();
  }

  // The application's back end after a login: the callback's code at the token endpoint (a public
  // client by client_id, a confidential one by HTTP Basic), then userinfo with the access token.
  async claimsFor(pool, { client, code, redirectUri, verifier }) {
    if (!code) {
      throw new Error('the callback carries no code');
    }
    const confidential = typeof client !== 'string';
    const response = await fetch(`${this.base}/pools/${pool}/oauth2/token`, {
      method: 'POST',
      headers: confidential
        ? { authorization: `Basic ${Buffer.from(`${encodeURIComponent(client.clientId)}:${encodeURIComponent(client.secret)}`).toString('base64')}` }
        : {},
      body: new URLSearchParams({
        grant_type: 'authorization_code', code, redirect_uri: redirectUri, code_verifier: verifier,
        ...(confidential ? {} : { client_id: client }),
      }),
    });
    if (response.status !== 200) {
      throw new Error(`token endpoint: ${response.status} ${await response.text()}`);
    }
    const { access_token: accessToken } = await response.json();
    const claims = await fetch(`${this.base}/pools/${pool}/oauth2/userinfo`, { headers: { authorization: `Bearer ${accessToken}` } });
    if (claims.status !== 200) {
      throw new Error(`userinfo: ${claims.status} ${await claims.text()}`);
    }
    return claims.json();
  }
}

function freePort() {
  return new Promise((done, fail) => {
    const server = createServer();
    server.unref();
    server.on('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => done(port));
    });
  });
}
