// Every failure is a WeGateError: `code` to decide on (an OAuth error code from WeGate, RFC 6749 §5.2,
// or one of the SDK's own below), `errcode` when WeChat's verdict is behind it, and a message that says
// what to fix. WeGate puts WeChat's errcode in its error_description as "(errcode N)"
// (docs/oidc.md#wechat-logins-by-token-exchange); docs/wechat-errors.md lists the codes.

export type WeGateErrorCode =
  // WeGate's answers (docs/oidc.md#errors)
  | 'invalid_request' | 'invalid_client' | 'invalid_grant' | 'unauthorized_client' | 'unsupported_grant_type'
  | 'invalid_scope' | 'access_denied' | 'server_error' | 'temporarily_unavailable' | 'slow_down'
  | 'authorization_pending' | 'invalid_token'
  // the SDK's own
  | 'phone_denied' // the person declined getPhoneNumber
  | 'phone_unavailable' // getPhoneNumber gave no code for another reason (quota, unverified mini program)
  | 'wx_login_failed' // wx.login itself failed
  | 'network_error' // wx.request failed: no answer from WeGate
  | 'login_required' // no session in storage, or WeGate ended it
  | 'refused' // the account step said no (a login-only connection, a blocked account)
  | 'unexpected_response';

// What to do about a WeChat errcode, for the developer reading the error.
const wechatFixes: Record<number, string> = {
  [-1]: 'WeChat was busy: call login() again; it takes a new wx.login code, since codes work once',
  40029: 'WeChat does not know this code: it expired (5 minutes) or another mini program issued it. Check that the '
    + 'WeGate connection\'s AppID is this mini program\'s (project.config.json "appid"), then call login() again',
  40163: 'this wx.login code was already used: call login() again for a new one, and never send one code twice',
  42003: 'this code expired: call login() again and send the code at once',
  40226: 'WeChat blocked this user\'s login as high-risk: offer the person another way to sign in',
  45011: 'this WeChat user signed in too often this minute: wait a minute before calling login() again',
};

const codeFixes: Partial<Record<WeGateErrorCode, string>> = {
  invalid_client: 'check `clientId`: it must name an enabled application of this pool',
  unauthorized_client: 'in WeGate, give the application the token-exchange grant and add this connection to its `connections`',
  server_error: 'WeGate\'s side is misconfigured (AppSecret, IP whitelist, permission); its operator finds the fix in WeGate\'s log. Nothing to change in the mini program',
  temporarily_unavailable: 'try again in a moment',
  slow_down: 'too many requests from this client: wait before retrying',
  login_required: 'call login()',
  network_error: 'add the issuer\'s origin to the mini program\'s request domains (开发管理 → 开发设置 → 服务器域名 → request合法域名; HTTPS only), '
    + 'or in the developer tools tick 不校验合法域名 while developing',
};

export interface WeGateErrorDetails {
  code: WeGateErrorCode | (string & {});
  description: string;
  status?: number;
  errcode?: number;
  errorId?: string;
  errorUri?: string;
}

export class WeGateError extends Error {
  readonly code: WeGateErrorCode | (string & {});
  // WeChat's errcode, when WeChat's verdict caused the error.
  readonly errcode?: number;
  // WeGate's own description, unchanged.
  readonly description: string;
  readonly status?: number;
  // WeGate's stable error id (WG…) and its page in WeGate's error catalogue (docs/errors.md).
  readonly errorId?: string;
  readonly errorUri?: string;

  constructor(details: WeGateErrorDetails) {
    const fix = (details.errcode !== undefined ? wechatFixes[details.errcode] : undefined) ?? codeFixes[details.code as WeGateErrorCode];
    super(`${details.code}: ${details.description}${fix ? ` — ${fix}` : ''}`);
    this.name = 'WeGateError';
    this.code = details.code;
    this.description = details.description;
    if (details.errcode !== undefined) this.errcode = details.errcode;
    if (details.status !== undefined) this.status = details.status;
    if (details.errorId !== undefined) this.errorId = details.errorId;
    if (details.errorUri !== undefined) this.errorUri = details.errorUri;
  }
}

interface ErrorBody {
  error?: unknown;
  error_description?: unknown;
  error_id?: unknown;
  error_uri?: unknown;
  message?: unknown;
  status?: unknown;
}

const text = (value: unknown) => (typeof value === 'string' ? value : undefined);

// WeGate's JSON error answer (RFC 6749 §5.2 plus error_id/error_uri) as a WeGateError.
export function fromResponse(status: number, body: unknown): WeGateError {
  const b = (body && typeof body === 'object' ? body : {}) as ErrorBody;
  // A refusal by the account step: 403 {"status":"refused","message"} (docs/logins.md).
  if (b.status === 'refused') {
    return new WeGateError({ code: 'refused', description: text(b.message) ?? 'The sign-in was refused', status });
  }
  const description = text(b.error_description) ?? (typeof body === 'string' ? body.slice(0, 200) : `HTTP ${status}`);
  const errcode = /\(errcode (-?\d+)\)/.exec(description)?.[1];
  return new WeGateError({
    code: text(b.error) ?? 'unexpected_response',
    description,
    status,
    errcode: errcode === undefined ? undefined : Number(errcode),
    errorId: text(b.error_id),
    errorUri: text(b.error_uri),
  });
}
