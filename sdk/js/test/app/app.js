// A whole single-page application on @wegate/js: docs/sdk-js.md shows it, and the SDK's Chromium tests
// (sdk/js/test/) run it against WeGate. config.json names the issuer and the application.
import { WeGateClient, renderQrLogin } from '/sdk/index.js';

const config = await (await fetch('/config.json')).json();

const wegate = new WeGateClient({
  issuer: config.issuer, // e.g. https://id.example.com/pools/default
  clientId: config.clientId, // a "spa" application with the authorization_code and refresh_token grants
  redirectUri: `${location.origin}/callback`,
  postLogoutRedirectUri: `${location.origin}/`,
  scope: 'openid profile',
  storage: 'session', // keep the sign-in across reloads of this tab; the default is memory
  weChatConnection: config.weChatConnection, // inside WeChat, straight to this oa-web connection
});

const $ = id => document.getElementById(id);

// The ID token's claims say who signed in and how (sub, amr); userinfo gives the profile the scope allows.
async function show(message) {
  const user = wegate.getUser();
  const profile = user && !message ? await wegate.userInfo() : null;
  $('claims').textContent = user ? JSON.stringify(user, null, 2) : '';
  $('status').textContent = message ?? (user ? `Signed in as ${profile.name ?? profile.nickname ?? user.sub}` : 'Signed out');
}

// Back from WeGate: a code (or an error) for the sign-in this tab started.
if (location.pathname === '/callback') {
  try {
    const result = await wegate.handleRedirectCallback();
    history.replaceState(null, '', result?.returnTo ?? '/');
    await show(result && !result.user ? 'No session at WeGate' : undefined);
  } catch (error) {
    history.replaceState(null, '', '/');
    await show(`Sign-in failed: ${error.error} ${error.description ?? ''}`);
  }
} else {
  await show();
}

$('sign-in').onclick = () => wegate.signInWithRedirect({ returnTo: '/' });
$('check-session').onclick = () => wegate.checkSession();
$('sign-out').onclick = () => wegate.signOut();

$('refresh').onclick = async () => {
  try {
    await wegate.refresh();
    show('Refreshed');
  } catch (error) {
    show(`Refresh failed: ${error.error}`);
  }
};

// The WeChat QR codes inside this page: the person never leaves it.
$('qr-login').onclick = async () => {
  const login = await renderQrLogin(wegate, $('qr'), { connection: config.qrConnection });
  try {
    await login.signedIn;
    show();
  } catch (error) {
    show(`Sign-in failed: ${error.error} ${error.description ?? ''}`);
  }
};
