// WeGate's endpoints over wx.request. Bodies are encoded here rather than by wx.request, so WeChat,
// Taro and uni-app send the same bytes.
import { fromResponse, WeGateError } from './errors.js';
import type { WxFailure, WxLike, WxResponse } from './wx.js';

export interface Answer {
  status: number;
  body: unknown;
}

export function send(wx: WxLike, url: string, init: { method?: 'GET' | 'POST'; form?: Record<string, string | undefined>; json?: object; bearer?: string }): Promise<Answer> {
  const header: Record<string, string> = { accept: 'application/json' };
  let data: string | undefined;
  if (init.form) {
    header['content-type'] = 'application/x-www-form-urlencoded';
    data = Object.entries(init.form)
      .filter((entry): entry is [string, string] => entry[1] !== undefined && entry[1] !== '')
      .map(([name, value]) => `${encodeURIComponent(name)}=${encodeURIComponent(value)}`)
      .join('&');
  } else if (init.json) {
    header['content-type'] = 'application/json';
    data = JSON.stringify(init.json);
  }
  if (init.bearer) header.authorization = `Bearer ${init.bearer}`;
  return new Promise((resolve, reject) => {
    wx.request({
      url,
      method: init.method ?? (data === undefined ? 'GET' : 'POST'),
      header,
      data,
      dataType: 'json',
      success: (response: WxResponse) => resolve({ status: response.statusCode, body: response.data }),
      fail: (failure: WxFailure) => reject(new WeGateError({ code: 'network_error', description: `wx.request to ${url} failed: ${failure.errMsg}` })),
    });
  });
}

// A 2xx answer's JSON body, or the error WeGate answered with.
export async function expectOk<T>(answer: Promise<Answer>): Promise<T> {
  const { status, body } = await answer;
  if (status >= 200 && status < 300 && body && typeof body === 'object') return body as T;
  throw fromResponse(status, body);
}
