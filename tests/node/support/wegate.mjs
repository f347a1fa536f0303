// Starts WeGate itself (Development: SQLite in a temporary data directory, or a new PostgreSQL database
// (support/postgres.mjs); the sandbox mounted at /sandbox) for a test from the built server
// (support/process.mjs), and talks to its admin API.
import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { newDatabase } from './postgres.mjs';
import { freePort, runServer, waitUntilReady } from './process.mjs';
import { Sandbox } from './sandbox.mjs';

export class WeGate {
  #server;

  constructor(base, server, adminKey) {
    this.base = base;
    this.#server = server;
    this.adminKey = adminKey;
    // The mounted sandbox, through the same helper as the standalone one.
    this.sandbox = new Sandbox(`${base}/sandbox`, null);
  }

  // database: 'sqlite' (a file in the data directory) or 'postgres' (a database of its own on
  // WEGATE_TEST_POSTGRES's server, dropped when the server stops).
  static async start({ database = 'sqlite' } = {}) {
    const dataDirectory = await mkdtemp(join(tmpdir(), 'wegate-node-'));
    const adminKey = randomBytes(32).toString('base64url');
    const port = await freePort();
    const postgres = database === 'postgres' ? newDatabase() : null;
    // For commands run beside the server on the same database (`wegate admin create`).
    const env = { WeGate__DataDirectory: dataDirectory, ...postgres?.env };
    const server = runServer(['--environment', 'Development', '--urls', `http://127.0.0.1:${port}`],
      { ...env, WeGate__Admin__ApiKey: adminKey },
      () => {
        rmSync(dataDirectory, { recursive: true, force: true });
        postgres?.drop();
      });
    const wegate = new WeGate(`http://127.0.0.1:${port}`, server, adminKey);
    wegate.env = env;
    wegate.database = database;
    try {
      // Ready: migrated, and the sandbox mounted.
      await waitUntilReady(`${wegate.base}/readyz`, server);
      await waitUntilReady(`${wegate.base}/sandbox/control/apps`, server);
    } catch (error) {
      await wegate.stop();
      throw error;
    }
    return wegate;
  }

  // What WeGate wrote to stdout and stderr, for failure messages.
  get output() {
    return this.#server.output;
  }

  stop() {
    return this.#server.stop();
  }

  issuer(pool) {
    return new URL(`${this.base}/pools/${pool}`);
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
