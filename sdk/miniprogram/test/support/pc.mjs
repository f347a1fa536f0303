// The PC of flow 3 over HTTP: a browser (cookies kept, redirects not followed) opens the application's
// authorization request, gets WeGate's login page with the mini program code, and follows the code's
// ticket as the page's script does (GET …/tickets/{ticket}, then …/complete) until it signs in.
import { createHash, randomBytes } from 'node:crypto';
import { Browser } from '../../../../tests/node/support/oidc-conformance.mjs';

export async function openLoginPage(world) {
  const browser = new Browser();
  const verifier = randomBytes(32).toString('base64url');
  const query = new URLSearchParams({
    response_type: 'code', client_id: 'pc-site', redirect_uri: world.callback, scope: 'openid phone', state: 'st',
    code_challenge: createHash('sha256').update(verifier).digest('base64url'), code_challenge_method: 'S256',
  });
  const authorize = await browser.get(`${world.issuer}/oauth2/authorize?${query}`);
  const loginPage = new URL(authorize.headers.get('location'), world.issuer);
  const html = await (await browser.get(loginPage)).text();
  const ticket = /data-wegate-ticket="([^"]+)"/.exec(html)?.[1];
  if (!ticket) throw new Error(`the login page shows no mini program code:\n${html.slice(0, 2000)}`);
  const request = loginPage.searchParams.get('request');
  const tickets = `${world.issuer}/login/tickets/${encodeURIComponent(ticket)}`;
  return {
    ticket,
    // What the page's script reads: pending, scanned, confirmed …
    state: async () => (await (await browser.get(`${tickets}?request=${request}`)).json()).state,
    // The page's last step once confirmed: the redirect to the application, and its code redeemed.
    async signIn() {
      const done = await browser.get(`${tickets}/complete?request=${request}`);
      const landed = new URL(done.headers.get('location'));
      return world.wegate.claimsFor(world.pool, { client: 'pc-site', code: landed.searchParams.get('code'), redirectUri: world.callback, verifier });
    },
  };
}
