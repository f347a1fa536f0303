// A web application that signs people in with WeGate (docs/quickstart.md). Run it with
//   CLIENT_ID=my-app CLIENT_SECRET=wgs_… node app.mjs
// and open http://localhost:3000. Needs `npm install openid-client` (version 6).
import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import * as client from 'openid-client';

const issuer = new URL(process.env.WEGATE_ISSUER ?? 'http://localhost:5080/pools/default');
const port = Number(process.env.PORT ?? 3000);
const redirectUri = `http://localhost:${port}/callback`;

// allowInsecureRequests lets openid-client talk plain http to WeGate on this machine; leave it out
// once WeGate is behind https.
const config = await client.discovery(issuer, process.env.CLIENT_ID, process.env.CLIENT_SECRET, undefined,
  { execute: issuer.protocol === 'http:' ? [client.allowInsecureRequests] : [] });

const signIns = new Map(); // state → PKCE verifier, for sign-ins under way
const sessions = new Map(); // session cookie → the person's claims

createServer(async (request, response) => {
  const url = new URL(request.url, redirectUri);
  try {
    if (url.pathname === '/login') {
      const verifier = client.randomPKCECodeVerifier();
      const state = client.randomState();
      signIns.set(state, verifier);
      const authorize = client.buildAuthorizationUrl(config, {
        redirect_uri: redirectUri, scope: 'openid profile', state,
        code_challenge: await client.calculatePKCECodeChallenge(verifier), code_challenge_method: 'S256',
      });
      response.writeHead(302, { location: authorize.href }).end();
    } else if (url.pathname === '/callback') {
      const state = url.searchParams.get('state');
      const verifier = signIns.get(state);
      signIns.delete(state);
      const tokens = await client.authorizationCodeGrant(config, url, { pkceCodeVerifier: verifier, expectedState: state });
      const claims = await client.fetchUserInfo(config, tokens.access_token, tokens.claims().sub);
      const session = randomUUID();
      sessions.set(session, claims);
      response.writeHead(302, { location: '/', 'set-cookie': `session=${session}; HttpOnly; SameSite=Lax; Path=/` }).end();
    } else {
      const claims = sessions.get(/(?:^|; )session=([^;]+)/.exec(request.headers.cookie ?? '')?.[1]);
      response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      response.end(claims
        ? `<h1>Hello, ${html(claims.nickname ?? claims.sub)}</h1><pre>${html(JSON.stringify(claims, null, 2))}</pre>`
        : '<a href="/login">Sign in with WeChat</a>');
    }
  } catch (error) {
    response.writeHead(400, { 'content-type': 'text/plain; charset=utf-8' }).end(`Sign-in failed: ${error.message}`);
  }
}).listen(port, () => console.log(`Listening on http://localhost:${port}`));

function html(text) {
  return String(text).replace(/[&<>"']/g, c => `&#${c.charCodeAt(0)};`);
}
