export { createClient, sceneOf, WeGateClient } from './client.js';
export type { ClientOptions, InteractionRequired, LoginResult, ScanInfo, UserInfo } from './client.js';
export { WeGateError } from './errors.js';
export type { WeGateErrorCode } from './errors.js';
export type { PhoneNumberEvent } from './phone.js';
export type { TokenSet, TokenStorage } from './tokens.js';
export type { WxLike, WxRequestOptions, WxResponse } from './wx.js';
