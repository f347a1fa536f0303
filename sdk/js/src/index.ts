export { WeGateClient } from './client.js';
export type { AuthorizationParameters, CallbackResult, SignInOptions, Tokens, WeGateClientOptions } from './client.js';
export { renderQrLogin } from './embedded.js';
export type { QrLogin, QrLoginOptions } from './embedded.js';
export { WeGateError } from './errors.js';
export type { IdTokenClaims } from './jwt.js';
export type { TokenStorage } from './storage.js';
export { isInsideWeChat } from './wechat.js';
