// The peer of docs/performance.md#against-the-certified-peer: node oidc-provider (OpenID Certified), everything
// in its built-in memory adapter, one confidential client, ES256, refresh tokens rotating on each use, PKCE
// required. It has no login at all: /interaction/:uid signs the next of 10,000 accounts in at once and
// grants the scopes asked for, so its code flow is the protocol alone (three redirects and a token request).
//
//   node peer-server.mjs <port>        issuer http://127.0.0.1:<port>; prints {"ready":true,…} when listening
import crypto from 'node:crypto';
import http from 'node:http';
import Provider from 'oidc-provider';

const port = Number(process.argv[2]);
if (!Number.isInteger(port) || port < 1 || port > 65535) {
  console.error('usage: node peer-server.mjs <port>');
  process.exit(2);
}

const client = {
  client_id: 'bench-client',
  client_secret: 'bench-secret-0123456789abcdef0123456789abcdef',
  redirect_uris: ['http://127.0.0.1/cb'],
  grant_types: ['authorization_code', 'refresh_token', 'client_credentials'],
  response_types: ['code'],
  token_endpoint_auth_method: 'client_secret_basic',
  id_token_signed_response_alg: 'ES256',
};

const { privateKey } = crypto.generateKeyPairSync('ec', { namedCurve: 'P-256' });
const provider = new Provider(`http://127.0.0.1:${port}`, {
  clients: [client],
  jwks: { keys: [{ ...privateKey.export({ format: 'jwk' }), kid: 'peer', alg: 'ES256', use: 'sig' }] },
  cookies: { keys: [crypto.randomBytes(32).toString('base64url')] },
  findAccount: (ctx, sub) => ({ accountId: sub, claims: async () => ({ sub, name: `Peer ${sub}` }) }),
  pkce: { required: () => true },
  responseTypes: ['code'],
  features: { devInteractions: { enabled: false }, clientCredentials: { enabled: true } },
  interactions: { url: (ctx, interaction) => `/interaction/${interaction.uid}` },
  // A refresh token with every code, as WeGate issues one to an application with the refresh_token grant,
  // so that neither server needs prompt=consent and offline_access.
  issueRefreshToken: async (ctx, c, code) => c.grantTypeAllowed('refresh_token') && code.kind === 'AuthorizationCode',
  rotateRefreshToken: () => true,
  renderError: async (ctx, out) => { ctx.type = 'json'; ctx.body = out; },
});

let accounts = 0;
async function interaction(req, res) {
  try {
    const { params } = await provider.interactionDetails(req, res);
    const accountId = `user-${accounts++ % 10_000}`;
    const grant = new provider.Grant({ accountId, clientId: params.client_id });
    grant.addOIDCScope(params.scope);
    const grantId = await grant.save();
    await provider.interactionFinished(req, res, { login: { accountId }, consent: { grantId } }, { mergeWithLastSubmission: false });
  } catch (error) {
    res.writeHead(error.statusCode ?? 500, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ error: error.error ?? 'server_error', error_description: error.message }));
  }
}

const callback = provider.callback();
const server = http.createServer((req, res) => {
  if (req.method === 'GET' && req.url.startsWith('/interaction/')) {
    interaction(req, res);
  } else {
    callback(req, res);
  }
});
server.keepAliveTimeout = 65_000;
server.listen(port, '127.0.0.1', () => console.log(JSON.stringify({ ready: true, pid: process.pid, node: process.version })));
process.on('SIGTERM', () => process.exit(0));
