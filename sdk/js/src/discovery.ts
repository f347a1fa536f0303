import { WeGateError } from './errors.js';
import type { Jwk } from './jwt.js';

// The parts of OIDC Discovery 1.0 / RFC 8414 metadata the SDK uses.
export interface ProviderMetadata {
  issuer: string;
  authorization_endpoint: string;
  token_endpoint: string;
  userinfo_endpoint?: string;
  jwks_uri: string;
  end_session_endpoint?: string;
  revocation_endpoint?: string;
  pushed_authorization_request_endpoint?: string;
  authorization_response_iss_parameter_supported?: boolean;
}

export async function readJson(response: Response, what: string): Promise<Record<string, unknown>> {
  let body: unknown;
  try {
    body = await response.json();
  } catch {
    throw new WeGateError('invalid_response', `${what} answered ${response.status} without JSON`);
  }
  if (!body || typeof body !== 'object') {
    throw new WeGateError('invalid_response', `${what} answered ${response.status} with JSON that is not an object`);
  }
  const json = body as Record<string, unknown>;
  if (!response.ok) {
    const error = typeof json.error === 'string' ? json.error : 'server_error';
    throw new WeGateError(error, typeof json.error_description === 'string' ? json.error_description : `${what} answered ${response.status}`,
      typeof json.error_uri === 'string' ? json.error_uri : undefined);
  }
  return json;
}

// Discovery and the JWKS, each fetched once and kept for the page's life; the JWKS again when an ID
// token names a key it does not have (docs/oidc.md#signing-keys: a rotated-in key is published first).
export class Provider {
  readonly #issuer: string;
  readonly #fetch: typeof fetch;
  #metadata: Promise<ProviderMetadata> | undefined;
  #keys: Promise<Jwk[]> | undefined;

  constructor(issuer: string, fetcher: typeof fetch) {
    this.#issuer = issuer;
    this.#fetch = fetcher;
  }

  metadata(): Promise<ProviderMetadata> {
    this.#metadata ??= this.#discover().catch(error => {
      this.#metadata = undefined;
      throw error;
    });
    return this.#metadata;
  }

  async #discover(): Promise<ProviderMetadata> {
    const response = await this.#fetch(`${this.#issuer}/.well-known/openid-configuration`);
    const metadata = await readJson(response, 'discovery') as unknown as ProviderMetadata;
    if (metadata.issuer !== this.#issuer) {
      throw new WeGateError('invalid_issuer', `discovery names the issuer ${metadata.issuer}, not ${this.#issuer} (OIDC Discovery §4.3)`);
    }
    return metadata;
  }

  keys(refresh: boolean): Promise<Jwk[]> {
    if (refresh || !this.#keys) {
      this.#keys = this.metadata()
        .then(m => this.#fetch(m.jwks_uri))
        .then(r => readJson(r, 'the JWKS'))
        .then(j => (Array.isArray(j.keys) ? j.keys : []) as Jwk[]);
      this.#keys.catch(() => { this.#keys = undefined; });
    }
    return this.#keys;
  }
}
