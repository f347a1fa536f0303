import { base64UrlDecode } from './encoding.js';
import { WeGateError } from './errors.js';

export interface Jwk {
  kty: string;
  kid?: string;
  alg?: string;
  use?: string;
  crv?: string;
  x?: string;
  y?: string;
  n?: string;
  e?: string;
}

export interface IdTokenClaims {
  iss: string;
  sub: string;
  aud: string | string[];
  exp: number;
  iat: number;
  nonce?: string;
  azp?: string;
  auth_time?: number;
  amr?: string[];
  sid?: string;
  [claim: string]: unknown;
}

// What an ID token must match (OIDC Core §3.1.3.7).
export interface IdTokenExpectations {
  issuer: string;
  clientId: string;
  // Checked when given: after an authorization request it is that request's nonce. A refreshed ID token
  // carries the sign-in's nonce again or none (OIDC Core §12.2), so it is not checked then.
  nonce?: string;
  now: number;
  skewSeconds: number;
}

// The two algorithms WeGate signs with (docs/oidc.md#tokens), as WebCrypto names them. "none", HMAC and
// everything else are refused, whatever the token's header says.
const algorithms: Record<string, { import: EcKeyImportParams | RsaHashedImportParams; verify: EcdsaParams | AlgorithmIdentifier }> = {
  ES256: { import: { name: 'ECDSA', namedCurve: 'P-256' }, verify: { name: 'ECDSA', hash: 'SHA-256' } },
  RS256: { import: { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' }, verify: { name: 'RSASSA-PKCS1-v1_5' } },
};

const invalid = (what: string) => new WeGateError('invalid_id_token', what);

function decodeJson(part: string, what: string): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(new TextDecoder().decode(base64UrlDecode(part)));
    if (value && typeof value === 'object' && !Array.isArray(value)) {
      return value as Record<string, unknown>;
    }
  } catch {
    // reported below
  }
  throw invalid(`the ID token's ${what} is not a base64url JSON object`);
}

// Verifies the signature against the issuer's keys (fetched by `keys`, which may fetch again once when
// the kid is unknown: a key rotated in since the last fetch), then the claims.
export async function verifyIdToken(token: string, keys: (refresh: boolean) => Promise<Jwk[]>, expect: IdTokenExpectations): Promise<IdTokenClaims> {
  const parts = token.split('.');
  if (parts.length !== 3) {
    throw invalid('the ID token is not a compact JWS (three parts)');
  }
  const [headerPart, payloadPart, signaturePart] = parts as [string, string, string];
  const header = decodeJson(headerPart, 'header');
  const alg = typeof header.alg === 'string' ? header.alg : '';
  const algorithm = algorithms[alg];
  if (!algorithm) {
    throw invalid(`the ID token is signed with ${alg || 'no algorithm'}; only ES256 and RS256 are accepted`);
  }
  const kid = typeof header.kid === 'string' ? header.kid : undefined;
  const pick = (jwks: Jwk[]) => jwks.find(k => (kid === undefined || k.kid === kid) && (k.alg === undefined || k.alg === alg)
    && (k.use === undefined || k.use === 'sig') && k.kty === (alg === 'ES256' ? 'EC' : 'RSA'));
  const jwk = pick(await keys(false)) ?? pick(await keys(true));
  if (!jwk) {
    throw invalid(`no key in the issuer's JWKS matches the ID token's kid ${kid ?? '(none)'} and ${alg}`);
  }
  const key = await crypto.subtle.importKey('jwk', { kty: jwk.kty, crv: jwk.crv, x: jwk.x, y: jwk.y, n: jwk.n, e: jwk.e, ext: true } as JsonWebKey,
    algorithm.import, false, ['verify']);
  let signature: Uint8Array<ArrayBuffer>;
  try {
    signature = base64UrlDecode(signaturePart);
  } catch {
    throw invalid('the ID token signature is not base64url');
  }
  const signed = new TextEncoder().encode(`${headerPart}.${payloadPart}`);
  if (!await crypto.subtle.verify(algorithm.verify, key, signature, signed)) {
    throw invalid('the ID token signature does not verify with the issuer\'s key');
  }

  const claims = decodeJson(payloadPart, 'payload') as Partial<IdTokenClaims>;
  if (claims.iss !== expect.issuer) {
    throw invalid(`the ID token's iss ${String(claims.iss)} is not the issuer ${expect.issuer}`);
  }
  const audiences = Array.isArray(claims.aud) ? claims.aud : [claims.aud];
  if (!audiences.includes(expect.clientId)) {
    throw invalid(`the ID token's aud does not include the client ${expect.clientId}`);
  }
  if (audiences.length > 1 && claims.azp !== expect.clientId) {
    throw invalid('the ID token has several audiences and its azp is not this client');
  }
  if (typeof claims.sub !== 'string' || claims.sub.length === 0) {
    throw invalid('the ID token has no sub');
  }
  if (typeof claims.exp !== 'number' || claims.exp + expect.skewSeconds <= expect.now) {
    throw invalid('the ID token has expired (or the computer\'s clock is wrong)');
  }
  if (typeof claims.iat !== 'number' || claims.iat - expect.skewSeconds > expect.now) {
    throw invalid('the ID token was issued in the future (or the computer\'s clock is wrong)');
  }
  if (expect.nonce !== undefined && claims.nonce !== expect.nonce) {
    throw invalid('the ID token\'s nonce is not the one this sign-in sent (a replayed or injected token)');
  }
  return claims as IdTokenClaims;
}
