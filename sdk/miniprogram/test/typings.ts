// Compiled (not run) by scripts/build.mjs: the SDK's types against miniprogram-api-typings 5.2.3, so
// a native mini program passes its real `wx` and its real getPhoneNumber event without a cast.
import { createClient, type PhoneNumberEvent, type WxLike } from '../src/index.js';

const realWx: WxLike = wx;
const client = createClient({ issuer: 'https://id.example.com/pools/default', clientId: 'mini', wx: realWx });

declare const tap: WechatMiniprogram.ButtonGetPhoneNumber;
const event: PhoneNumberEvent = tap;
void client.loginWithPhone(tap);
void client.confirmScan('scene', { phoneEvent: event });
