// OpenID Connect conformance (docs/oidc.md): WeGate's discovery, tokens and flows as npm
// openid-client 6 (panva's, on oauth4webapi) and jose 6 see them, libraries we did not write. Every
// ID token signature is really checked against the JWKS: openid-client runs with
// enableNonRepudiationChecks, and jose verifies independently; both must refuse a token with one
// flipped signature byte.
//
// The suite starts WeGate itself (support/wegate.mjs: the built wegate.dll, Development,
// SQLite in a temporary directory, a configured admin key), creates a pool, a local user and
// applications through the admin API, and signs the person in on the hosted login page with fetch and
// a cookie jar, no browser. The
// registered redirect URI is never called: the test reads the 303 Location and hands it to
// openid-client, which checks state and iss (RFC 9207) before redeeming the code.
//
// Run with `npm test` (node --test tests/node/) after `dotnet build`.
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import * as jose from 'jose';
import * as client from 'openid-client';
import { Browser } from './support/oidc-conformance.mjs';
import { freePort } from './support/process.mjs';
import { WeGate } from './support/wegate.mjs';

const login = 'mei';
const password = `pw-${randomBytes(12).toString('base64url')}`;

let wegate;
let pool;
let issuer;
let user;
let redirectUri;
let postLogoutUri;

before(async () => {
  wegate = await WeGate.start();
  pool = `oidc-${Date.now().toString(36)}${randomBytes(3).toString('hex')}`;
  issuer = wegate.issuer(pool);
  // Only registered, never listened on: the browser stops at the 303 that names it.
  const rp = `http://127.0.0.1:${await freePort()}`;
  redirectUri = `${rp}/cb`;
  postLogoutUri = `${rp}/signed-out`;
  await wegate.admin('POST', 'pools', { name: pool, display_name: 'OIDC conformance' });
  ({ user } = await wegate.admin('POST', `pools/${pool}/users`, {
    username: login, email: 'mei@example.com', password, profile: { name: 'Mei', nickname: '梅' },
  }));
});

after(async () => {
  await wegate?.stop();
});

async function createApplication(body) {
  return wegate.admin('POST', `pools/${pool}/applications`, {
    redirect_uris: [redirectUri],
    post_logout_redirect_uris: [postLogoutUri],
    grants: ['authorization_code', 'refresh_token'],
    ...body,
  });
}

// openid-client's Configuration from the pool's discovery document. Plain http on 127.0.0.1 needs
// allowInsecureRequests; enableNonRepudiationChecks makes it verify every ID token's signature
// against the JWKS (without it, openid-client trusts the direct channel to the token endpoint).
async function configure(clientId, alg, auth, { nonRepudiation = true } = {}) {
  const execute = [client.allowInsecureRequests];
  if (nonRepudiation) {
    execute.push(client.enableNonRepudiationChecks);
  }
  return client.discovery(issuer, clientId, { id_token_signed_response_alg: alg }, auth, { execute });
}

// Code flow with PKCE (S256), nonce and state, through the hosted login page (or the SSO session).
async function signIn(config, browser, { scope = 'openid profile email', parameters = {} } = {}) {
  const codeVerifier = client.randomPKCECodeVerifier();
  const nonce = client.randomNonce();
  const state = client.randomState();
  const authorizationUrl = client.buildAuthorizationUrl(config, {
    redirect_uri: redirectUri,
    scope,
    code_challenge: await client.calculatePKCECodeChallenge(codeVerifier),
    code_challenge_method: 'S256',
    nonce,
    state,
    ...parameters,
  });
  const callback = await browser.authorize(authorizationUrl, redirectUri, login, password);
  const tokens = await client.authorizationCodeGrant(config, callback, {
    pkceCodeVerifier: codeVerifier, expectedNonce: nonce, expectedState: state, idTokenExpected: true,
  });
  return { tokens, callback, codeVerifier, nonce, state };
}

// prompt=none: WeGate answers at once. Hands the answer to openid-client as a real client would.
async function silentSignIn(config, browser) {
  const codeVerifier = client.randomPKCECodeVerifier();
  const state = client.randomState();
  const nonce = client.randomNonce();
  const callback = await browser.authorize(client.buildAuthorizationUrl(config, {
    redirect_uri: redirectUri, scope: 'openid', prompt: 'none', nonce, state,
    code_challenge: await client.calculatePKCECodeChallenge(codeVerifier), code_challenge_method: 'S256',
  }), redirectUri);
  return client.authorizationCodeGrant(config, callback, {
    pkceCodeVerifier: codeVerifier, expectedNonce: nonce, expectedState: state, idTokenExpected: true,
  });
}

// One signature byte flipped: header and payload untouched, so only a signature check can tell.
function flipSignatureByte(jwt) {
  const [header, payload, signature] = jwt.split('.');
  const bytes = Buffer.from(signature, 'base64url');
  bytes[bytes.length >> 1] ^= 0x01;
  return `${header}.${payload}.${bytes.toString('base64url')}`;
}

// OIDC Core §3.1.3.6: the left half of SHA-256 of the access token, base64url.
function atHash(accessToken) {
  return createHash('sha256').update(accessToken, 'ascii').digest().subarray(0, 16).toString('base64url');
}

// A fetch for openid-client that rewrites the ID token in token-endpoint answers.
function tamperingFetch(config) {
  return async (url, options) => {
    const response = await fetch(url, options);
    if (url.toString() !== config.serverMetadata().token_endpoint || !response.ok) {
      return response;
    }
    const body = await response.json();
    if (body.id_token) {
      body.id_token = flipSignatureByte(body.id_token);
    }
    const headers = new Headers(response.headers);
    headers.delete('content-length');
    return new Response(JSON.stringify(body), { status: response.status, headers });
  };
}

const isSignatureFailure = error =>
  error instanceof client.ClientError && error.cause?.message === 'JWT signature verification failed';

function isResponseBodyError(code) {
  return err => {
    assert.ok(err instanceof client.ResponseBodyError, `expected a ResponseBodyError, got ${err}`);
    assert.equal(err.error, code, `${err.error}: ${err.error_description}`);
    return true;
  };
}

function isAuthorizationError(code) {
  return err => {
    assert.ok(err instanceof client.AuthorizationResponseError, `expected an AuthorizationResponseError, got ${err}`);
    assert.equal(err.error, code, `${err.error}: ${err.error_description}`);
    return true;
  };
}

const invalidGrant = isResponseBodyError('invalid_grant');

function isInvalidToken(err) {
  assert.ok(err instanceof client.WWWAuthenticateChallengeError, `expected a WWW-Authenticate challenge, got ${err}`);
  assert.equal(err.status, 401);
  const [challenge] = err.cause;
  assert.equal(challenge.scheme, 'bearer');
  assert.equal(challenge.parameters.error, 'invalid_token');
  return true;
}

async function introspect(config, token, hint) {
  return client.tokenIntrospection(config, token, hint ? { token_type_hint: hint } : undefined);
}

test('discovery: openid-client reads the pool\'s metadata; issuer, endpoints and RFC 9207 as the spec asks', async () => {
  const config = await configure('anyone', 'ES256', client.None());
  const metadata = config.serverMetadata();
  // OIDC Discovery §4.3: the issuer in the document is exactly the one discovery was started from
  // (openid-client has already refused a mismatch; this says what it was).
  assert.equal(metadata.issuer, issuer.href);
  for (const endpoint of ['authorization_endpoint', 'token_endpoint', 'userinfo_endpoint', 'jwks_uri',
    'introspection_endpoint', 'revocation_endpoint', 'end_session_endpoint']) {
    assert.ok(metadata[endpoint].startsWith(`${issuer.href}/`), `${endpoint} ${metadata[endpoint]} is under the issuer`);
  }
  assert.equal(metadata.authorization_response_iss_parameter_supported, true);
  assert.deepEqual(metadata.code_challenge_methods_supported, ['S256']);
  assert.deepEqual(metadata.response_types_supported, ['code']);
  assert.ok(metadata.id_token_signing_alg_values_supported.includes('RS256'), 'RS256 is offered (OIDC Discovery §3)');
  assert.ok(metadata.id_token_signing_alg_values_supported.includes('ES256'));
  assert.ok(metadata.subject_types_supported.includes('public'));
  assert.equal(metadata.request_parameter_supported, false);
  assert.equal(metadata.request_uri_parameter_supported, false);
  assert.ok(config.serverMetadata().supportsPKCE());

  // The issuer does not follow the request: asked as …/pools/{pool}/ the document still names
  // …/pools/{pool}, and openid-client refuses the mismatch (OIDC Discovery §4.3).
  await assert.rejects(
    client.discovery(new URL(`${wegate.base}/pools/${pool}/`), 'anyone', undefined, client.None(), { execute: [client.allowInsecureRequests] }),
    err => err instanceof client.ClientError && /issuer/.test(err.cause?.message ?? err.message));
});

for (const [alg, Auth, OtherAuth] of [
  ['RS256', client.ClientSecretBasic, client.ClientSecretPost],
  ['ES256', client.ClientSecretPost, client.ClientSecretBasic],
]) {
  describe(`confidential web application signing with ${alg}`, () => {
    let clientId;
    let secret;
    let config; // client authentication by Auth, non-repudiation on
    let other; // the same client authenticating by OtherAuth
    const browser = new Browser();

    before(async () => {
      const created = await createApplication({
        client_id: `web-${alg.toLowerCase()}`, display_name: `Web ${alg}`, type: 'web', signing_algorithm: alg,
      });
      assert.equal(created.application.signing_algorithm, alg);
      clientId = created.application.client_id;
      secret = created.client_secret;
      config = await configure(clientId, alg, Auth(secret));
      other = await configure(clientId, alg, OtherAuth(secret));
    });

    test(`code + PKCE + nonce + state (${Auth.name}): openid-client redeems the code and validates the ID token`, async () => {
      const { tokens, callback, nonce } = await signIn(config, browser);
      // RFC 9207: WeGate put iss on the redirect (openid-client compared it with the issuer).
      assert.equal(callback.searchParams.get('iss'), issuer.href);
      assert.equal(tokens.token_type, 'bearer');
      assert.ok(tokens.expiresIn() > 0);
      assert.ok(tokens.refresh_token, 'a refresh token, since the application has the refresh_token grant');

      const header = jose.decodeProtectedHeader(tokens.id_token);
      assert.equal(header.alg, alg);
      assert.ok(header.kid, 'the ID token names its key');
      const claims = tokens.claims();
      assert.equal(claims.iss, issuer.href);
      assert.equal(claims.sub, user.id);
      assert.equal(claims.nonce, nonce);
      assert.ok(claims.aud === clientId || (Array.isArray(claims.aud) && claims.aud.includes(clientId)));
      assert.equal(claims.at_hash, atHash(tokens.access_token));
      assert.equal(typeof claims.auth_time, 'number');
      assert.ok(claims.auth_time <= claims.iat);
      assert.ok(claims.exp > claims.iat);
    });

    test('ID token and access token verify with jose against the JWKS; one flipped signature byte fails', async () => {
      const { tokens } = await signIn(other, browser);
      const jwksUri = new URL(config.serverMetadata().jwks_uri);
      const jwks = jose.createRemoteJWKSet(jwksUri);

      const { payload, protectedHeader } = await jose.jwtVerify(tokens.id_token, jwks, {
        issuer: issuer.href, audience: clientId, algorithms: [alg],
      });
      assert.equal(payload.sub, user.id);
      const access = await jose.jwtVerify(tokens.access_token, jwks, {
        issuer: issuer.href, algorithms: [alg], typ: 'at+jwt',
      });
      assert.equal(access.payload.sub, user.id);
      assert.equal(access.payload.client_id, clientId);

      // The published key: the right type, and public parts only.
      const { keys } = await (await fetch(jwksUri)).json();
      const key = keys.find(k => k.kid === protectedHeader.kid);
      assert.ok(key, `the JWKS publishes kid ${protectedHeader.kid}`);
      assert.deepEqual([key.kty, key.crv], alg === 'ES256' ? ['EC', 'P-256'] : ['RSA', undefined]);
      for (const k of keys) {
        for (const member of ['d', 'p', 'q', 'dp', 'dq', 'qi', 'k']) {
          assert.equal(k[member], undefined, `the JWKS carries no private member ${member}`);
        }
      }

      await assert.rejects(jose.jwtVerify(flipSignatureByte(tokens.id_token), jwks, { issuer: issuer.href, audience: clientId }),
        jose.errors.JWSSignatureVerificationFailed);
      await assert.rejects(jose.jwtVerify(flipSignatureByte(tokens.access_token), jwks, { issuer: issuer.href }),
        jose.errors.JWSSignatureVerificationFailed);
    });

    test('non-repudiation is really on: openid-client refuses an ID token with a flipped signature byte', async () => {
      // The same tampering on a client without non-repudiation passes: the signature check is the
      // only thing that can catch it, so the refusal below proves the check ran.
      const trusting = await configure(clientId, alg, Auth(secret), { nonRepudiation: false });
      trusting[client.customFetch] = tamperingFetch(trusting);
      const accepted = await signIn(trusting, browser);
      assert.equal(accepted.tokens.claims().sub, user.id);

      const checking = await configure(clientId, alg, Auth(secret));
      checking[client.customFetch] = tamperingFetch(checking);
      await assert.rejects(signIn(checking, browser), isSignatureFailure);

      // And untouched tokens pass the same check (the first test), so it is the signature it refused.
    });

    test('max_age: the ID token carries auth_time and openid-client\'s maxAge check passes', async () => {
      const codeVerifier = client.randomPKCECodeVerifier();
      const state = client.randomState();
      const callback = await browser.authorize(client.buildAuthorizationUrl(config, {
        redirect_uri: redirectUri, scope: 'openid', state, max_age: '600',
        code_challenge: await client.calculatePKCECodeChallenge(codeVerifier), code_challenge_method: 'S256',
      }), redirectUri, login, password);
      const tokens = await client.authorizationCodeGrant(config, callback, {
        pkceCodeVerifier: codeVerifier, expectedState: state, maxAge: 600, idTokenExpected: true,
      });
      assert.ok(tokens.claims().auth_time >= Date.now() / 1000 - 600);
    });

    test('userinfo: openid-client fetches it with the access token and the sub matches the ID token', async () => {
      const { tokens } = await signIn(config, browser, { scope: 'openid profile email' });
      const info = await client.fetchUserInfo(config, tokens.access_token, tokens.claims().sub);
      assert.equal(info.sub, user.id);
      assert.equal(info.email, 'mei@example.com');
      assert.equal(info.name, 'Mei');
      assert.equal(info.nickname, '梅');

      // openid-client checks sub against the one expected (OIDC Core §5.3.4).
      await assert.rejects(client.fetchUserInfo(config, tokens.access_token, 'someone-else'),
        err => err instanceof client.ClientError && /sub/.test(err.cause?.message ?? ''));
      // A tampered access token is refused by WeGate.
      await assert.rejects(client.fetchUserInfo(config, flipSignatureByte(tokens.access_token), user.id), isInvalidToken);
    });

    test('refresh: rotation gives a new refresh token; reusing the old one is invalid_grant and ends the grant', async () => {
      const { tokens } = await signIn(config, browser);
      const first = tokens.refresh_token;

      const refreshed = await client.refreshTokenGrant(other, first);
      assert.ok(refreshed.access_token);
      assert.notEqual(refreshed.access_token, tokens.access_token);
      assert.ok(refreshed.refresh_token, 'the answer carries the next refresh token');
      assert.notEqual(refreshed.refresh_token, first);
      if (refreshed.id_token) {
        // OIDC Core §12.2: same iss, sub, aud and azp; auth_time, if present, of the original
        // sign-in; no nonce required. Its signature went through the non-repudiation check.
        const original = tokens.claims();
        const renewed = refreshed.claims();
        assert.equal(jose.decodeProtectedHeader(refreshed.id_token).alg, alg);
        assert.equal(renewed.iss, original.iss);
        assert.equal(renewed.sub, original.sub);
        assert.deepEqual(renewed.aud, original.aud);
        assert.equal(renewed.azp, original.azp);
        if (renewed.auth_time !== undefined) {
          assert.equal(renewed.auth_time, original.auth_time);
        }
      }
      assert.equal((await client.fetchUserInfo(config, refreshed.access_token, user.id)).sub, user.id);

      // RFC 9700 §4.14.2: the used refresh token is refused, and the reuse revokes the whole grant.
      await assert.rejects(client.refreshTokenGrant(config, first), invalidGrant);
      await assert.rejects(client.refreshTokenGrant(config, refreshed.refresh_token), invalidGrant);
      assert.equal((await introspect(config, refreshed.access_token)).active, false);
    });

    // A client registered with require_auth_time (OIDC Registration §2) or default_max_age refuses an ID
    // token without auth_time, so a refresh must carry the sign-in's auth_time (OIDC Core §12.2).
    test('a client that requires auth_time (require_auth_time) can refresh', async () => {
      const strict = await client.discovery(issuer, clientId, { id_token_signed_response_alg: alg, require_auth_time: true },
        Auth(secret), { execute: [client.allowInsecureRequests, client.enableNonRepudiationChecks] });
      const { tokens } = await signIn(strict, browser);
      const refreshed = await client.refreshTokenGrant(strict, tokens.refresh_token);
      assert.equal(refreshed.claims().auth_time, tokens.claims().auth_time);
    });

    test('a replayed authorization code is invalid_grant and revokes what the first redemption gave', async () => {
      const { tokens, callback, codeVerifier, nonce, state } = await signIn(config, browser);
      await assert.rejects(client.authorizationCodeGrant(config, callback, {
        pkceCodeVerifier: codeVerifier, expectedNonce: nonce, expectedState: state, idTokenExpected: true,
      }), invalidGrant);
      assert.equal((await introspect(config, tokens.access_token)).active, false);
      await assert.rejects(client.refreshTokenGrant(config, tokens.refresh_token), invalidGrant);
    });

    test('introspection is active until the refresh token is revoked; then the whole grant is gone', async () => {
      const { tokens } = await signIn(config, browser);

      const live = await introspect(config, tokens.access_token, 'access_token');
      assert.equal(live.active, true);
      assert.equal(live.sub, user.id);
      assert.equal(live.client_id, clientId);
      assert.equal(live.iss, issuer.href);
      assert.equal(live.token_type.toLowerCase(), 'bearer');
      assert.ok(live.scope.split(' ').includes('openid'));
      assert.ok(live.exp > Date.now() / 1000);
      assert.equal((await introspect(other, tokens.refresh_token, 'refresh_token')).active, true);
      assert.equal((await introspect(other, flipSignatureByte(tokens.access_token))).active, false);

      await client.tokenRevocation(other, tokens.refresh_token, { token_type_hint: 'refresh_token' });
      assert.equal((await introspect(config, tokens.access_token)).active, false);
      assert.equal((await introspect(config, tokens.refresh_token)).active, false);
      await assert.rejects(client.fetchUserInfo(config, tokens.access_token, user.id), isInvalidToken);
      await assert.rejects(client.refreshTokenGrant(config, tokens.refresh_token), invalidGrant);

      // RFC 7009 §2.2: an unknown or already revoked token is still a success.
      await client.tokenRevocation(config, tokens.refresh_token);
      await client.tokenRevocation(config, 'not-a-token');
    });

    test('revoking the access token revokes the grant behind it', async () => {
      const { tokens } = await signIn(other, browser);
      await client.tokenRevocation(config, tokens.access_token, { token_type_hint: 'access_token' });
      assert.equal((await introspect(config, tokens.access_token)).active, false);
      await assert.rejects(client.refreshTokenGrant(config, tokens.refresh_token), invalidGrant);
    });

    test('RP-initiated logout: id_token_hint + post_logout_redirect_uri → 303 back with state; then prompt=none is login_required', async () => {
      const person = new Browser(); // its own SSO session, so the other tests keep theirs
      const { tokens } = await signIn(config, person);
      // The session answers prompt=none at once before logout.
      assert.equal((await silentSignIn(config, person)).claims().sub, user.id);
      const stale = person.copy();
      assert.ok(stale.has('wegate_sso'));

      const state = client.randomState();
      const endSession = client.buildEndSessionUrl(config, {
        id_token_hint: tokens.id_token, post_logout_redirect_uri: postLogoutUri, state,
      });
      const response = await person.get(endSession);
      assert.equal(response.status, 303);
      const back = new URL(response.headers.get('location'));
      assert.equal(`${back.origin}${back.pathname}`, postLogoutUri);
      assert.deepEqual([...back.searchParams], [['state', state]]);
      assert.equal(person.has('wegate_sso'), false, 'the SSO cookie is removed');

      // The grants made in the session are revoked.
      assert.equal((await introspect(config, tokens.access_token)).active, false);
      await assert.rejects(client.refreshTokenGrant(config, tokens.refresh_token), invalidGrant);

      // No session: prompt=none is login_required, in this browser and with the old cookie replayed
      // (the session ended on the server too). openid-client checks state and iss on the error first.
      await assert.rejects(silentSignIn(config, person), isAuthorizationError('login_required'));
      await assert.rejects(silentSignIn(config, stale), isAuthorizationError('login_required'));
    });

    // Changes the pool's active key for the algorithm; no other test depends on which key signs.
    test('key rotation: the new signing key was already in the JWKS openid-client cached; old tokens still verify', async () => {
      const earlier = await signIn(config, browser);
      const oldKid = jose.decodeProtectedHeader(earlier.tokens.id_token).kid;
      const cached = client.getJwksCache(config);
      assert.ok(cached?.jwks?.keys?.length, 'non-repudiation fetched and cached the JWKS');

      const rotated = await wegate.admin('POST', `pools/${pool}/signing-keys/rotate`, { algorithm: alg });
      assert.equal(rotated.algorithm, alg);
      assert.notEqual(rotated.kid, oldKid);
      assert.ok(cached.jwks.keys.some(k => k.kid === rotated.kid),
        'the key that now signs was published (as next) before the rotation');

      const later = await signIn(config, browser);
      assert.equal(jose.decodeProtectedHeader(later.tokens.id_token).kid, rotated.kid);
      assert.equal(jose.decodeProtectedHeader(later.tokens.access_token).kid, rotated.kid);

      // The retired key stays published: tokens it signed still verify, with a fresh JWKS too.
      const jwks = jose.createRemoteJWKSet(new URL(config.serverMetadata().jwks_uri));
      await jose.jwtVerify(earlier.tokens.id_token, jwks, { issuer: issuer.href, audience: clientId, algorithms: [alg] });
      await jose.jwtVerify(later.tokens.id_token, jwks, { issuer: issuer.href, audience: clientId, algorithms: [alg] });
      assert.equal((await client.fetchUserInfo(config, earlier.tokens.access_token, user.id)).sub, user.id);
    });

    test('logout without id_token_hint asks the person to confirm instead of signing out at once', async () => {
      const person = new Browser();
      await signIn(config, person);
      // openid-client adds client_id, which names the application for the redirect check.
      const response = await person.get(client.buildEndSessionUrl(config, { post_logout_redirect_uri: postLogoutUri, state: 'x' }));
      assert.equal(response.status, 200);
      assert.match(await response.text(), /<form method="post" action="[^"]*\/oauth2\/logout"/);
      assert.ok(person.has('wegate_sso'));
      assert.equal((await silentSignIn(config, person)).claims().sub, user.id);
    });

    test('logout with an unregistered post_logout_redirect_uri does not redirect', async () => {
      const person = new Browser();
      const { tokens } = await signIn(config, person);
      const response = await person.get(client.buildEndSessionUrl(config, {
        id_token_hint: tokens.id_token, post_logout_redirect_uri: `${postLogoutUri}/elsewhere`,
      }));
      assert.notEqual(response.status, 303);
      assert.equal(response.headers.get('location'), null);
      assert.ok(person.has('wegate_sso'), 'the session is kept');
    });
  });
}

describe('public SPA client (no secret, PKCE)', () => {
  let clientId;
  let config;
  const browser = new Browser();

  before(async () => {
    const created = await createApplication({ client_id: 'spa', display_name: 'SPA', type: 'spa' });
    assert.equal(created.client_secret, undefined);
    assert.equal(created.application.signing_algorithm, 'ES256');
    clientId = created.application.client_id;
    config = await configure(clientId, 'ES256', client.None());
  });

  test('code + PKCE with client authentication none: tokens, userinfo, refresh rotation, revocation', async () => {
    const { tokens, nonce } = await signIn(config, browser);
    const claims = tokens.claims();
    assert.equal(claims.sub, user.id);
    assert.equal(claims.nonce, nonce);
    assert.equal(jose.decodeProtectedHeader(tokens.id_token).alg, 'ES256');
    await jose.jwtVerify(tokens.id_token, jose.createRemoteJWKSet(new URL(config.serverMetadata().jwks_uri)), {
      issuer: issuer.href, audience: clientId, algorithms: ['ES256'],
    });
    assert.equal((await client.fetchUserInfo(config, tokens.access_token, claims.sub)).sub, user.id);

    const refreshed = await client.refreshTokenGrant(config, tokens.refresh_token);
    assert.ok(refreshed.refresh_token);
    assert.notEqual(refreshed.refresh_token, tokens.refresh_token);
    await assert.rejects(client.refreshTokenGrant(config, tokens.refresh_token), invalidGrant);

    // A public client revokes its own tokens with its client_id alone.
    const again = await signIn(config, browser);
    await client.tokenRevocation(config, again.tokens.refresh_token);
    await assert.rejects(client.refreshTokenGrant(config, again.tokens.refresh_token), invalidGrant);
    await assert.rejects(client.fetchUserInfo(config, again.tokens.access_token, user.id), isInvalidToken);
  });

  test('a public client without a code_challenge gets an error on its redirect URI, checked by openid-client', async () => {
    const state = client.randomState();
    const callback = await browser.authorize(client.buildAuthorizationUrl(config, {
      redirect_uri: redirectUri, scope: 'openid', state,
    }), redirectUri);
    assert.equal(callback.searchParams.get('iss'), issuer.href);
    await assert.rejects(client.authorizationCodeGrant(config, callback, { expectedState: state }),
      isAuthorizationError('invalid_request'));
  });

  test('the wrong code_verifier is invalid_grant', async () => {
    const codeVerifier = client.randomPKCECodeVerifier();
    const state = client.randomState();
    const callback = await browser.authorize(client.buildAuthorizationUrl(config, {
      redirect_uri: redirectUri, scope: 'openid', state,
      code_challenge: await client.calculatePKCECodeChallenge(codeVerifier), code_challenge_method: 'S256',
    }), redirectUri, login, password);
    await assert.rejects(client.authorizationCodeGrant(config, callback, {
      pkceCodeVerifier: client.randomPKCECodeVerifier(), expectedState: state, idTokenExpected: true,
    }), invalidGrant);
  });

  test('introspection is for confidential clients: the SPA is refused', async () => {
    const { tokens } = await signIn(config, browser);
    // RFC 6749 §5.2 (via RFC 7662 §2.1): no client authentication included → 401 invalid_client.
    await assert.rejects(introspect(config, tokens.access_token), err => {
      assert.ok(err instanceof client.ResponseBodyError, `expected a ResponseBodyError, got ${err}`);
      assert.equal(err.error, 'invalid_client');
      assert.equal(err.status, 401);
      return true;
    });
  });
});
