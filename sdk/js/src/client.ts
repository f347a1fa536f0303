import { Provider, readJson, type ProviderMetadata } from './discovery.js';
import { codeChallenge, randomToken } from './encoding.js';
import { WeGateError } from './errors.js';
import { verifyIdToken, type IdTokenClaims } from './jwt.js';
import { MemoryStore, SessionStore, type KeyValueStore, type TokenStorage } from './storage.js';
import { isInsideWeChat } from './wechat.js';

export interface WeGateClientOptions {
  // The pool's issuer, e.g. https://id.example.com/pools/default (docs/oidc.md).
  issuer: string;
  // A `spa` application's client id: a public client, which proves itself with PKCE.
  clientId: string;
  // Registered on the application exactly; where WeGate sends the browser back with the code.
  redirectUri: string;
  // Default `openid profile`. Refresh needs the refresh_token grant on the application, not a scope.
  scope?: string;
  // Registered in the application's post_logout_redirect_uris.
  postLogoutRedirectUri?: string;
  // Where tokens live: memory (default) or sessionStorage (survives a reload of this tab).
  storage?: TokenStorage;
  // The oa-web connection's slug: inside WeChat's browser sign-in goes straight to its one-tap login.
  weChatConnection?: string;
  // Seconds of clock difference tolerated in ID token times; default 60.
  clockSkewSeconds?: number;
  fetch?: typeof fetch;
}

export interface SignInOptions {
  // Go straight to one login of the application (a connection's slug) instead of the login page.
  connection?: string;
  prompt?: 'login' | 'select_account';
  loginHint?: string;
  uiLocales?: string;
  // Where the application wants to be once signed in; handed back by handleRedirectCallback.
  returnTo?: string;
}

export interface Tokens {
  accessToken: string;
  idToken: string;
  refreshToken?: string;
  // Milliseconds since the epoch.
  expiresAt: number;
  scope?: string;
  claims: IdTokenClaims;
}

export interface CallbackResult {
  // Null after a silent check that found no session at WeGate (login_required).
  user: IdTokenClaims | null;
  returnTo?: string;
}

// What one authorization request must remember across the redirect (RFC 9700 §2.1, §4.7): the PKCE
// verifier, the state and the nonce. Kept in sessionStorage whatever the token storage: the page
// that sends the browser away is not the page that comes back.
interface Transaction {
  verifier: string;
  nonce: string;
  silent?: boolean;
  returnTo?: string;
  createdAt: number;
}

export interface AuthorizationParameters {
  state: string;
  nonce: string;
  verifier: string;
  params: URLSearchParams;
}

const transactionPrefix = 'wegate.tx.';
const tokensKey = 'wegate.tokens';
const transactionLifetimeMs = 10 * 60 * 1000;

export class WeGateClient {
  readonly options: Readonly<Required<Pick<WeGateClientOptions, 'issuer' | 'clientId' | 'redirectUri' | 'scope'>>> & WeGateClientOptions;
  readonly provider: Provider;
  readonly #fetch: typeof fetch;
  readonly #store: KeyValueStore;
  #refreshing: Promise<Tokens> | undefined;

  constructor(options: WeGateClientOptions) {
    if (!options.issuer || !options.clientId || !options.redirectUri) {
      throw new WeGateError('invalid_configuration', 'issuer, clientId and redirectUri are required');
    }
    this.options = { scope: 'openid profile', ...options, issuer: options.issuer.replace(/\/+$/, '') };
    this.#fetch = options.fetch ?? globalThis.fetch.bind(globalThis);
    this.provider = new Provider(this.options.issuer, this.#fetch);
    this.#store = options.storage === 'session' ? new SessionStore() : new MemoryStore();
  }

  isInsideWeChat(): boolean {
    return isInsideWeChat();
  }

  // Sends the browser to WeGate (authorization code + PKCE S256, state, nonce). Inside WeChat's browser
  // with a weChatConnection configured, straight to the one-tap official-account login.
  async signInWithRedirect(options: SignInOptions = {}): Promise<void> {
    location.assign(await this.authorizationUrl(options));
  }

  // Asks WeGate, by a top-level redirect with prompt=none, whether the person has a session there. The
  // answer comes back to the redirect URI: handleRedirectCallback gives the user, or null. A redirect and
  // not a hidden iframe: WeGate's session cookie is SameSite=Lax, which browsers do not send to a
  // cross-site iframe, and browsers that block third-party cookies would not send it at all.
  async checkSession(options: Pick<SignInOptions, 'returnTo'> = {}): Promise<void> {
    location.assign(await this.authorizationUrl({ ...options }, true));
  }

  async authorizationUrl(options: SignInOptions = {}, silent = false): Promise<string> {
    const metadata = await this.provider.metadata();
    const { state, nonce, verifier, params } = await this.authorizationParameters(options, silent);
    const tx: Transaction = { verifier, nonce, silent, createdAt: Date.now() };
    if (options.returnTo) tx.returnTo = options.returnTo;
    sessionStorage.setItem(transactionPrefix + state, JSON.stringify(tx));
    return `${metadata.authorization_endpoint}?${params}`;
  }

  // The parameters of one authorization request, with a fresh state, nonce and PKCE pair.
  async authorizationParameters(options: SignInOptions, silent = false): Promise<AuthorizationParameters> {
    const state = randomToken();
    const nonce = randomToken();
    const verifier = randomToken();
    const params = new URLSearchParams({
      response_type: 'code', client_id: this.options.clientId, redirect_uri: this.options.redirectUri, scope: this.options.scope,
      state, nonce, code_challenge: await codeChallenge(verifier), code_challenge_method: 'S256',
    });
    const connection = options.connection ?? (this.options.weChatConnection && isInsideWeChat() ? this.options.weChatConnection : undefined);
    if (connection) params.set('connection', connection);
    if (silent) params.set('prompt', 'none');
    else if (options.prompt) params.set('prompt', options.prompt);
    if (options.loginHint) params.set('login_hint', options.loginHint);
    if (options.uiLocales) params.set('ui_locales', options.uiLocales);
    return { state, nonce, verifier, params };
  }

  // The redirect URI's page calls this: checks state and iss (RFC 9207), redeems the code with the
  // verifier, verifies the ID token, keeps the tokens. Null when the URL is no authorization response,
  // or when this page is the embedded QR login's frame (its parent page finishes that sign-in).
  async handleRedirectCallback(url: string = location.href): Promise<CallbackResult | null> {
    if (isEmbeddedFrame()) {
      window.parent.postMessage({ type: embeddedCallbackMessage, url }, location.origin);
      return null;
    }
    const query = new URL(url).searchParams;
    const state = query.get('state');
    if (!state || (!query.has('code') && !query.has('error'))) {
      return null;
    }
    const key = transactionPrefix + state;
    const saved = sessionStorage.getItem(key);
    sessionStorage.removeItem(key);
    this.#forgetOldTransactions();
    if (!saved) {
      throw new WeGateError('invalid_state', 'this sign-in response matches no sign-in started in this tab (a forged, replayed or stale response)');
    }
    const tx = JSON.parse(saved) as Transaction;
    if (Date.now() - tx.createdAt > transactionLifetimeMs) {
      throw new WeGateError('invalid_state', 'this sign-in was started more than 10 minutes ago; sign in again');
    }
    const result = await this.completeAuthorization(query, { verifier: tx.verifier, nonce: tx.nonce, silent: tx.silent === true });
    return tx.returnTo ? { ...result, returnTo: tx.returnTo } : result;
  }

  // An authorization response for a request whose state the caller has already matched.
  async completeAuthorization(query: URLSearchParams, tx: { verifier: string; nonce: string; silent: boolean }): Promise<CallbackResult> {
    const metadata = await this.provider.metadata();
    const iss = query.get('iss');
    if (iss !== null ? iss !== metadata.issuer : metadata.authorization_response_iss_parameter_supported === true) {
      throw new WeGateError('invalid_issuer', `the response comes from ${iss ?? 'an unnamed issuer'}, not ${metadata.issuer} (RFC 9207: a mix-up attack, or a wrong issuer setting)`);
    }
    const error = query.get('error');
    if (error) {
      if (tx.silent && ['login_required', 'interaction_required', 'account_selection_required', 'consent_required'].includes(error)) {
        return { user: null };
      }
      throw new WeGateError(error, query.get('error_description') ?? undefined, query.get('error_uri') ?? undefined);
    }
    const code = query.get('code');
    if (!code) {
      throw new WeGateError('invalid_response', 'the response carries neither a code nor an error');
    }
    const tokens = await this.#tokenRequest(metadata, new URLSearchParams({
      grant_type: 'authorization_code', code, redirect_uri: this.options.redirectUri, code_verifier: tx.verifier, client_id: this.options.clientId,
    }), tx.nonce);
    return { user: tokens.claims };
  }

  // The person's ID token claims, or null when nobody is signed in.
  getUser(): IdTokenClaims | null {
    return this.#tokens()?.claims ?? null;
  }

  getTokens(): Tokens | null {
    return this.#tokens();
  }

  // A valid access token, refreshed first when it expires within a minute.
  async getAccessToken(): Promise<string> {
    const tokens = this.#tokens();
    if (!tokens) {
      throw new WeGateError('login_required', 'nobody is signed in');
    }
    if (tokens.expiresAt - 60_000 > Date.now()) {
      return tokens.accessToken;
    }
    return (await this.refresh()).accessToken;
  }

  // A refresh token works once (docs/oidc.md#tokens: it rotates, and a used one revokes the sign-in), so
  // every caller at one moment shares one request: the first starts it, the others wait for its answer.
  refresh(): Promise<Tokens> {
    this.#refreshing ??= this.#refresh().finally(() => { this.#refreshing = undefined; });
    return this.#refreshing;
  }

  async #refresh(): Promise<Tokens> {
    const tokens = this.#tokens();
    if (!tokens?.refreshToken) {
      throw new WeGateError('login_required', tokens ? 'no refresh token: give the application the refresh_token grant' : 'nobody is signed in');
    }
    const metadata = await this.provider.metadata();
    try {
      return await this.#tokenRequest(metadata, new URLSearchParams({
        grant_type: 'refresh_token', refresh_token: tokens.refreshToken, client_id: this.options.clientId,
      }), undefined, tokens);
    } catch (error) {
      if (error instanceof WeGateError && error.error === 'invalid_grant') {
        this.#store.remove(tokensKey);
      }
      throw error;
    }
  }

  async userInfo(): Promise<Record<string, unknown>> {
    const metadata = await this.provider.metadata();
    if (!metadata.userinfo_endpoint) {
      throw new WeGateError('invalid_configuration', 'the issuer has no userinfo endpoint');
    }
    const response = await this.#fetch(metadata.userinfo_endpoint, { headers: { authorization: `Bearer ${await this.getAccessToken()}` } });
    return readJson(response, 'userinfo');
  }

  // RP-Initiated Logout 1.0 (docs/oidc.md#introspection-revocation-and-logout): forgets the tokens here,
  // then sends the browser to WeGate, which ends its session and revokes the grants made in it. The ID
  // token as id_token_hint lets WeGate sign out without asking.
  async signOut(options: { postLogoutRedirectUri?: string; state?: string } = {}): Promise<void> {
    const metadata = await this.provider.metadata();
    const tokens = this.#tokens();
    this.#store.remove(tokensKey);
    if (!metadata.end_session_endpoint) {
      throw new WeGateError('invalid_configuration', 'the issuer has no end_session_endpoint');
    }
    const params = new URLSearchParams({ client_id: this.options.clientId });
    if (tokens) params.set('id_token_hint', tokens.idToken);
    const back = options.postLogoutRedirectUri ?? this.options.postLogoutRedirectUri;
    if (back) params.set('post_logout_redirect_uri', back);
    if (options.state) params.set('state', options.state);
    location.assign(`${metadata.end_session_endpoint}?${params}`);
  }

  // Forgets the tokens in this page without telling WeGate.
  forget(): void {
    this.#store.remove(tokensKey);
  }

  async #tokenRequest(metadata: ProviderMetadata, body: URLSearchParams, nonce: string | undefined, previous?: Tokens): Promise<Tokens> {
    const response = await this.#fetch(metadata.token_endpoint, { method: 'POST', body, headers: { accept: 'application/json' } });
    const json = await readJson(response, 'the token endpoint');
    const accessToken = json.access_token;
    const idToken = typeof json.id_token === 'string' ? json.id_token : previous?.idToken;
    if (typeof accessToken !== 'string' || !idToken) {
      throw new WeGateError('invalid_response', 'the token endpoint answered without an access token or ID token: ask for the openid scope');
    }
    const claims = json.id_token === undefined ? previous!.claims : await verifyIdToken(idToken, r => this.provider.keys(r), {
      issuer: metadata.issuer, clientId: this.options.clientId, nonce, now: Math.floor(Date.now() / 1000), skewSeconds: this.options.clockSkewSeconds ?? 60,
    });
    if (previous && claims.sub !== previous.claims.sub) {
      throw new WeGateError('invalid_id_token', 'the refreshed ID token names another person (OIDC Core §12.2)');
    }
    const tokens: Tokens = {
      accessToken, idToken, claims,
      expiresAt: Date.now() + (typeof json.expires_in === 'number' ? json.expires_in : 300) * 1000,
    };
    const refreshToken = typeof json.refresh_token === 'string' ? json.refresh_token : undefined;
    if (refreshToken) tokens.refreshToken = refreshToken;
    if (typeof json.scope === 'string') tokens.scope = json.scope;
    this.#store.set(tokensKey, JSON.stringify(tokens));
    return tokens;
  }

  #tokens(): Tokens | null {
    const saved = this.#store.get(tokensKey);
    return saved ? JSON.parse(saved) as Tokens : null;
  }

  // Sign-ins abandoned at WeGate leave their transaction behind; drop those older than their lifetime.
  #forgetOldTransactions() {
    for (let i = sessionStorage.length - 1; i >= 0; i--) {
      const key = sessionStorage.key(i);
      if (!key?.startsWith(transactionPrefix)) continue;
      try {
        const tx = JSON.parse(sessionStorage.getItem(key) ?? '{}') as Partial<Transaction>;
        if (!tx.createdAt || Date.now() - tx.createdAt > transactionLifetimeMs) sessionStorage.removeItem(key);
      } catch {
        sessionStorage.removeItem(key);
      }
    }
  }
}

// The embedded QR login (embedded.ts) marks its frame; the application's callback page loaded there
// hands the response to the page around it, which holds the verifier, and does nothing else.
export const embeddedCallbackMessage = 'wegate:qr-login-callback';

function isEmbeddedFrame(): boolean {
  try {
    return window.frameElement?.hasAttribute('data-wegate-qr-login') === true;
  } catch {
    return false;
  }
}
