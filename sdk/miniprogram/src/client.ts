// The mini program's sign-in to WeGate (docs/sdk-miniprogram.md): wx.login (and the phone button) to
// WeGate tokens by RFC 8693 token exchange, kept in wx storage and refreshed; and the two logins where
// the mini program signs someone in elsewhere: a PC page's mini program code (flow 3, mp-qr) and an
// app that launched the mini program (flow 7, app-mp).
import { fromResponse, WeGateError } from './errors.js';
import { expectOk, send } from './http.js';
import { phoneCodeOf, type PhoneNumberEvent } from './phone.js';
import { newPkce } from './pkce.js';
import { readTokens, toTokenSet, type TokenResponse, type TokenSet, type TokenStorage } from './tokens.js';
import { call, resolveWx, type WxLike } from './wx.js';

const tokenExchange = 'urn:ietf:params:oauth:grant-type:token-exchange';
const miniProgramCode = 'urn:wegate:params:oauth:token-type:wechat-miniprogram-code';
// An access token this close to its expiry is refreshed before use.
const refreshMarginMs = 60_000;

export interface ClientOptions {
  // The pool's issuer, e.g. https://id.example.com/pools/default
  issuer: string;
  // The application's client_id (a public client: type miniprogram, no secret). Needed to sign in to
  // the mini program itself; confirming a PC code or an app launch needs none.
  clientId?: string;
  // Default "openid"; e.g. "openid profile phone"
  scope?: string;
  // The connection's slug, when the application has several mini program connections
  connection?: string;
  // Where the session is kept: wx storage under `storageKey` unless another storage is given
  storage?: TokenStorage;
  storageKey?: string;
  // The API object: the global wx by default; Taro or uni in those frameworks
  wx?: WxLike;
}

export type LoginResult = { status: 'signed_in'; tokens: TokenSet } | InteractionRequired;

// WeGate needs the person on a page before it can sign them in (docs/oidc.md#when-the-person-must-choose):
// their WeChat reaches two accounts (select_account) or they must create or link one (bind_account).
export interface InteractionRequired {
  status: 'interaction_required';
  interaction: 'select_account' | 'bind_account' | (string & {});
  description: string;
  authSession?: string;
  expiresIn?: number;
  // The authorization request to open in a <web-view> (an https page on the business domain as
  // redirect_uri); give the code it comes back with to completeInteraction().
  authorizationUrl(options: { redirectUri: string; state?: string }): string;
}

export interface ScanInfo {
  // The name of the application the person is signing in to on the PC: show it.
  application: string;
  expiresIn: number;
}

export interface UserInfo {
  sub: string;
  [claim: string]: unknown;
}

// Refreshes in progress, by storage key: every caller and every client on the same session shares one,
// because a refresh token works once and a second use revokes the whole sign-in (RFC 9700 §4.14.2).
const refreshing = new Map<string, Promise<TokenSet>>();

export class WeGateClient {
  readonly issuer: string;
  readonly clientId: string | undefined;
  readonly #options: ClientOptions;
  readonly #wx: WxLike;
  readonly #storage: TokenStorage;
  readonly #key: string;

  constructor(options: ClientOptions) {
    if (!options?.issuer || !/^https?:\/\//.test(options.issuer)) {
      throw new TypeError('@wegate/miniprogram: `issuer` must be the pool\'s issuer URL, e.g. https://id.example.com/pools/default');
    }
    this.#options = options;
    this.issuer = options.issuer.replace(/\/+$/, '');
    this.clientId = options.clientId;
    this.#wx = resolveWx(options.wx);
    const wx = this.#wx;
    this.#storage = options.storage ?? {
      get: key => wx.getStorageSync(key),
      set: (key, value) => wx.setStorageSync(key, value),
      remove: key => wx.removeStorageSync(key),
    };
    this.#key = options.storageKey ?? `wegate:${this.clientId ?? ''}@${this.issuer}`;
  }

  // Signs in with wx.login: no tap needed, so it can run in App.onLaunch.
  async login(options: { phoneCode?: string } = {}): Promise<LoginResult> {
    const clientId = this.#requireClientId('login()');
    const code = await this.#wxLogin();
    const pkce = await newPkce(this.#wx);
    const answer = await send(this.#wx, this.#endpoint('token'), {
      form: {
        grant_type: tokenExchange, client_id: clientId, subject_token_type: miniProgramCode, subject_token: code,
        phone_code: options.phoneCode, scope: this.#options.scope, connection: this.#options.connection,
        code_challenge: pkce.challenge, code_challenge_method: 'S256',
      },
    });
    const body = answer.body as { error?: string; error_description?: string; auth_session?: string; interaction?: string; expires_in?: number };
    if (answer.status === 400 && body?.error === 'interaction_required') {
      if (body.auth_session) this.#storage.set(`${this.#key}:verifier`, pkce.verifier);
      return this.#interaction(body, pkce.challenge);
    }
    if (answer.status !== 200) throw fromResponse(answer.status, answer.body);
    return { status: 'signed_in', tokens: this.#save(answer.body as TokenResponse) };
  }

  // The handler of <button open-type="getPhoneNumber" bindgetphonenumber="…">: signs in with the
  // person's verified phone number. A refusal is a WeGateError with code "phone_denied".
  loginWithPhone(event: PhoneNumberEvent): Promise<LoginResult> {
    let phoneCode: string;
    try {
      phoneCode = phoneCodeOf(event);
    } catch (error) {
      return Promise.reject(error);
    }
    return this.login({ phoneCode });
  }

  // After interaction_required: the code the <web-view> brought back to redirect_uri, redeemed with
  // the exchange's PKCE verifier.
  async completeInteraction({ code, redirectUri }: { code: string; redirectUri: string }): Promise<TokenSet> {
    const verifier = this.#storage.get(`${this.#key}:verifier`);
    if (typeof verifier !== 'string' || !verifier) {
      throw new WeGateError({ code: 'login_required', description: 'No interaction is waiting in this mini program (its PKCE verifier is not in storage)' });
    }
    const response = await expectOk<TokenResponse>(send(this.#wx, this.#endpoint('token'), {
      form: { grant_type: 'authorization_code', client_id: this.#requireClientId('completeInteraction()'), code, redirect_uri: redirectUri, code_verifier: verifier },
    }));
    this.#storage.remove(`${this.#key}:verifier`);
    return this.#save(response);
  }

  // The session in storage, as it is (possibly expired); null when signed out.
  getTokens(): TokenSet | null {
    return readTokens(this.#storage, this.#key);
  }

  isLoggedIn(): boolean {
    return this.getTokens() !== null;
  }

  // A live access token for your own API, refreshed first when it is about to expire.
  async getAccessToken(): Promise<string> {
    const tokens = this.getTokens();
    if (!tokens) throw new WeGateError({ code: 'login_required', description: 'Not signed in' });
    if (tokens.expiresAt - refreshMarginMs > Date.now()) return tokens.accessToken;
    return (await this.refresh()).accessToken;
  }

  // Rotates the refresh token. Concurrent calls share one request. When WeGate refuses the refresh
  // token the session is cleared and the error is "login_required".
  refresh(): Promise<TokenSet> {
    let pending = refreshing.get(this.#key);
    if (!pending) {
      pending = this.#refresh().finally(() => refreshing.delete(this.#key));
      refreshing.set(this.#key, pending);
    }
    return pending;
  }

  // The person's claims from the userinfo endpoint (by the scopes granted: docs/oidc.md#userinfo-claims-by-scope).
  async getUser(): Promise<UserInfo> {
    const answer = await send(this.#wx, this.#endpoint('userinfo'), { bearer: await this.getAccessToken() });
    if (answer.status !== 401) return expectOk<UserInfo>(Promise.resolve(answer));
    // Expired or revoked meanwhile: once more with a refreshed token.
    return expectOk<UserInfo>(send(this.#wx, this.#endpoint('userinfo'), { bearer: (await this.refresh()).accessToken }));
  }

  // Revokes the sign-in at WeGate (every token of it, RFC 7009) and clears the storage. The storage is
  // cleared even when WeGate cannot be reached; the error then says the tokens may still be live.
  async logout(): Promise<void> {
    await refreshing.get(this.#key)?.catch(() => undefined);
    const tokens = this.getTokens();
    this.#storage.remove(this.#key);
    this.#storage.remove(`${this.#key}:verifier`);
    if (!tokens) return;
    const answer = await send(this.#wx, this.#endpoint('revoke'), {
      form: { client_id: this.#requireClientId('logout()'), token: tokens.refreshToken ?? tokens.accessToken, token_type_hint: tokens.refreshToken ? 'refresh_token' : 'access_token' },
    });
    if (answer.status !== 200) throw fromResponse(answer.status, answer.body);
  }

  // Flow 3, optional first step: tells the PC page its code was scanned and returns the application's
  // name to show. `scene` is the page's decoded scene (sceneOf(query)).
  scan(scene: string): Promise<ScanInfo> {
    return expectOk<{ application: string; expires_in: number }>(send(this.#wx, this.#loginUrl('mp-qr/scan'), { json: { scene } }))
      .then(body => ({ application: body.application, expiresIn: body.expires_in }));
  }

  // Flow 3: signs the PC page in as this WeChat user (with their phone number when `phoneEvent` is the
  // getPhoneNumber event). Resolves when the PC page is signed in; a refusal is code "refused".
  async confirmScan(scene: string, options: { phoneEvent?: PhoneNumberEvent } = {}): Promise<{ status: 'confirmed' }> {
    const phoneCode = options.phoneEvent ? phoneCodeOf(options.phoneEvent) : undefined;
    const code = await this.#wxLogin();
    return expectOk(send(this.#wx, this.#loginUrl('mp-qr/confirm'), { json: { scene, code, phone_code: phoneCode } }));
  }

  // Flow 7: the app launched this mini program with a ticket (the launch query's `ticket`). Signs the
  // person in against it; hand `appParameter` back to the app with
  // <button open-type="launchApp" app-parameter="{{appParameter}}">.
  async confirmAppLaunch(params: { ticket?: string } | string, options: { phoneEvent?: PhoneNumberEvent } = {}): Promise<{ appParameter: string }> {
    const ticket = typeof params === 'string' ? params : params?.ticket;
    if (!ticket) {
      throw new WeGateError({ code: 'invalid_request', description: 'No ticket in the launch parameters: open this page from the app (WXLaunchMiniProgram with the path WeGate gave it)' });
    }
    const phoneCode = options.phoneEvent ? phoneCodeOf(options.phoneEvent) : undefined;
    const code = await this.#wxLogin();
    const body = await expectOk<{ app_parameter: string }>(send(this.#wx, this.#loginUrl(`app-mp/tickets/${encodeURIComponent(ticket)}/confirm`),
      { json: { code, phone_code: phoneCode } }));
    return { appParameter: body.app_parameter };
  }

  async #refresh(): Promise<TokenSet> {
    const tokens = this.getTokens();
    if (!tokens?.refreshToken) {
      throw new WeGateError({ code: 'login_required', description: tokens ? 'The session has no refresh token (the application lacks the refresh_token grant)' : 'Not signed in' });
    }
    const answer = await send(this.#wx, this.#endpoint('token'), {
      form: { grant_type: 'refresh_token', client_id: this.#requireClientId('refresh()'), refresh_token: tokens.refreshToken },
    });
    if (answer.status === 200) return this.#save(answer.body as TokenResponse);
    const error = fromResponse(answer.status, answer.body);
    if (error.code !== 'invalid_grant') throw error;
    this.#storage.remove(this.#key);
    throw new WeGateError({ code: 'login_required', description: `WeGate ended this sign-in: ${error.description}`, status: answer.status, errorId: error.errorId });
  }

  async #wxLogin(): Promise<string> {
    try {
      const { code } = await call(this.#wx.login, this.#wx, {});
      return code;
    } catch (failure) {
      const { errMsg, errno } = failure as { errMsg?: string; errno?: number };
      throw new WeGateError({ code: 'wx_login_failed', description: `wx.login failed: ${errMsg ?? String(failure)}${errno ? ` (errno ${errno})` : ''}; check the network and call again` });
    }
  }

  #interaction(body: { error_description?: string; auth_session?: string; interaction?: string; expires_in?: number }, challenge: string): InteractionRequired {
    const authSession = body.auth_session;
    const query = { response_type: 'code', client_id: this.clientId as string, scope: this.#options.scope ?? 'openid', code_challenge: challenge, code_challenge_method: 'S256' };
    const authorize = this.#endpoint('authorize');
    return {
      status: 'interaction_required',
      interaction: body.interaction ?? 'unknown',
      description: body.error_description ?? '',
      ...(authSession ? { authSession } : {}),
      ...(body.expires_in ? { expiresIn: body.expires_in } : {}),
      authorizationUrl({ redirectUri, state }) {
        if (!authSession) {
          throw new WeGateError({ code: 'interaction_required', description: body.error_description ?? 'WeGate gave no auth_session' });
        }
        const all: Record<string, string | undefined> = { ...query, redirect_uri: redirectUri, state, auth_session: authSession };
        return `${authorize}?${Object.entries(all).filter(([, v]) => v).map(([k, v]) => `${k}=${encodeURIComponent(v!)}`).join('&')}`;
      },
    };
  }

  #requireClientId(method: string): string {
    if (!this.clientId) {
      throw new TypeError(`@wegate/miniprogram: ${method} needs \`clientId\`, the client_id of the WeGate application (createClient({ issuer, clientId }))`);
    }
    return this.clientId;
  }

  #save(response: TokenResponse): TokenSet {
    const tokens = toTokenSet(response, Date.now());
    this.#storage.set(this.#key, tokens);
    return tokens;
  }

  #endpoint(name: 'token' | 'userinfo' | 'revoke' | 'authorize'): string {
    return `${this.issuer}/oauth2/${name}`;
  }

  #loginUrl(path: string): string {
    return `${this.issuer}/login/${path}`;
  }
}

export function createClient(options: ClientOptions): WeGateClient {
  return new WeGateClient(options);
}

// The scene of a mini program code, from the page's onLoad query: WeChat passes it URL-encoded
// (docs/wechat-contract.md#mini-program-codes).
export function sceneOf(query: { scene?: string } | undefined): string {
  return decodeURIComponent(query?.scene ?? '');
}
