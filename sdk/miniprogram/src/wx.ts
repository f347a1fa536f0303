// The few mini program APIs the SDK calls, as shapes rather than the global `wx`: WeChat's own `wx`,
// Taro's `Taro` and uni-app's `uni` all fit (their callback forms are WeChat's), and tests pass one
// that speaks HTTP. test/typings.ts checks that miniprogram-api-typings' `WechatMiniprogram.Wx` fits.

export interface WxFailure {
  errMsg: string;
  errno?: number;
}

interface Callbacks<T> {
  success?: (result: T) => void;
  fail?: (error: WxFailure) => void;
}

export interface WxRequestOptions extends Callbacks<WxResponse> {
  url: string;
  method?: 'GET' | 'POST';
  data?: string;
  header?: Record<string, string>;
  dataType?: string;
  timeout?: number;
}

export interface WxResponse {
  data: unknown;
  statusCode: number;
  header: Record<string, unknown>;
}

export interface WxLike {
  login(options: Callbacks<{ code: string; errMsg: string }> & { timeout?: number }): unknown;
  request(options: WxRequestOptions): unknown;
  getStorageSync(key: string): unknown;
  setStorageSync(key: string, value: unknown): void;
  removeStorageSync(key: string): void;
  // Base library 2.15.0; without it the SDK uses globalThis.crypto where the runtime has one.
  getRandomValues?(options: Callbacks<{ randomValues: ArrayBuffer }> & { length: number }): unknown;
}

// A WeChat callback API as a promise: success resolves, fail rejects with WeChat's errMsg/errno.
export function call<T, O extends object>(api: (options: O & Callbacks<T>) => unknown, thisArg: unknown, options: O): Promise<T> {
  return new Promise((resolve, reject) => {
    api.call(thisArg, { ...options, success: resolve, fail: reject });
  });
}

// The `wx` to use: the one passed in, else the runtime's global `wx`.
export function resolveWx(given: WxLike | undefined): WxLike {
  const found = given ?? (globalThis as { wx?: WxLike }).wx;
  if (!found || typeof found.request !== 'function' || typeof found.login !== 'function') {
    throw new TypeError('@wegate/miniprogram: no wx object. In a native mini program the global wx is used; '
      + 'elsewhere pass it: createClient({ ..., wx: Taro }) or createClient({ ..., wx: uni }).');
  }
  return found;
}
