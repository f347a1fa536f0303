// WeChat's in-app browser names itself MicroMessenger in its user agent (docs/logins.md#4-in-wechat-web-page-oa-web).
// The WeChat desktop app's browser does too, and WeGate offers its one-tap login there as well.
export function isInsideWeChat(userAgent: string = typeof navigator === 'undefined' ? '' : navigator.userAgent): boolean {
  return /MicroMessenger/i.test(userAgent);
}
