// The same application on oidc-client-ts (its browser build, global `oidc`), with nothing WeGate-specific:
// WeGate keeps working with any OIDC library.
const config = await (await fetch('/config.json')).json();
const manager = new oidc.UserManager({
  authority: config.issuer,
  client_id: config.clientId,
  redirect_uri: `${location.origin}/oidc-client-ts.html`,
  scope: 'openid profile',
  loadUserInfo: true, // the profile claims come from userinfo
});

const $ = id => document.getElementById(id);
if (new URLSearchParams(location.search).has('code')) {
  try {
    const user = await manager.signinRedirectCallback();
    history.replaceState(null, '', location.pathname);
    $('status').textContent = `Signed in as ${user.profile.sub}`;
    $('claims').textContent = JSON.stringify(user.profile, null, 2);
  } catch (error) {
    $('status').textContent = `Sign-in failed: ${error.message}`;
  }
} else {
  $('status').textContent = 'Signed out';
}
$('sign-in').onclick = () => manager.signinRedirect();
