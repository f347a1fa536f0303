// A mobile app's side of flows 6 and 7 (docs/mobile.md), over HTTP exactly as an Android or iOS app
// sends it after WeChat's OpenSDK has answered: every request is a form POST (JSON for the ticket)
// to the pool's issuer, and each is recorded so a test can hold docs/mobile.md to the same sequence.
import { createHash, randomBytes } from 'node:crypto';

export const tokenExchange = 'urn:ietf:params:oauth:grant-type:token-exchange';
export const mobileCode = 'urn:wegate:params:oauth:token-type:wechat-mobile-code';
export const loginTicket = 'urn:wegate:params:oauth:token-type:wechat-login-ticket';

export class MobileApp {
  constructor(issuer, clientId) {
    this.issuer = issuer;
    this.clientId = clientId;
    // [{ method, path (under the issuer), fields (names sent) }]
    this.requests = [];
  }

  // Flow 6: the code of SendAuth.Resp (WeChat's answer to SendAuth.Req) for WeGate tokens. The PKCE
  // challenge lets an interaction_required answer be finished in the browser
  // (docs/oidc.md#when-the-person-must-choose); `verifier` keeps its verifier.
  signInWithWeChat(code, { scope = 'openid profile' } = {}) {
    return this.#post('/oauth2/token', {
      grant_type: tokenExchange, client_id: this.clientId, subject_token_type: mobileCode, subject_token: code, scope, ...this.#pkce(),
    });
  }

  // Flow 7, step 1: a ticket, and what WXLaunchMiniProgram.Req needs.
  requestTicket() {
    return this.#post('/login/app-mp/tickets', { client_id: this.clientId }, 'json');
  }

  // Flow 7, step 3: the ticket that came back in extMsg, redeemed with the secret the app kept.
  redeemTicket(ticket, ticketSecret, { scope = 'openid profile' } = {}) {
    return this.#post('/oauth2/token', {
      grant_type: tokenExchange, client_id: this.clientId, subject_token_type: loginTicket, subject_token: ticket, ticket_secret: ticketSecret, scope,
      ...this.#pkce(),
    });
  }

  refresh(refreshToken) {
    return this.#post('/oauth2/token', { grant_type: 'refresh_token', client_id: this.clientId, refresh_token: refreshToken });
  }

  async userinfo(accessToken) {
    this.requests.push({ method: 'GET', path: '/oauth2/userinfo', fields: [] });
    const response = await fetch(`${this.issuer}/oauth2/userinfo`, { headers: { authorization: `Bearer ${accessToken}` } });
    return { status: response.status, body: await response.json() };
  }

  #pkce() {
    this.verifier = randomBytes(32).toString('base64url');
    return { code_challenge: createHash('sha256').update(this.verifier).digest('base64url'), code_challenge_method: 'S256' };
  }

  async #post(path, fields, encoding = 'form') {
    this.requests.push({ method: 'POST', path, fields: Object.keys(fields) });
    const response = await fetch(`${this.issuer}${path}`, {
      method: 'POST',
      headers: { 'content-type': encoding === 'json' ? 'application/json' : 'application/x-www-form-urlencoded' },
      body: encoding === 'json' ? JSON.stringify(fields) : new URLSearchParams(fields),
    });
    return { status: response.status, body: await response.json() };
  }
}
