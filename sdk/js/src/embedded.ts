import { embeddedCallbackMessage, type CallbackResult, type WeGateClient } from './client.js';
import { readJson } from './discovery.js';
import { WeGateError } from './errors.js';

export interface QrLoginOptions {
  // One QR login of the application (an oa-follow or mp-qr connection's slug); default: every QR login
  // it has, behind WeGate's switch.
  connection?: string;
  uiLocales?: string;
  width?: number;
  height?: number;
}

export interface QrLogin {
  // Settles with the signed-in person once the phone confirms; rejects with the OAuth error otherwise.
  readonly signedIn: Promise<CallbackResult>;
  // Takes the QR away; signedIn then never settles.
  close(): void;
}

// The embedded QR login (docs/oidc.md#embedded-qr-login). The SDK pushes the authorization request
// (RFC 9126) with `embed=qr` from this page, so the request and its PKCE challenge come from here. WeGate
// answers with a request_uri; the frame opens the authorization endpoint with it and shows only the QR
// codes, and only to a page of the redirect URI's own origin (its CSP frame-ancestors). When the phone
// confirms, the frame is sent to the redirect URI with the code: this origin again, so this page reads
// the code from the frame and redeems it with the verifier it never let out.
export async function renderQrLogin(client: WeGateClient, container: HTMLElement, options: QrLoginOptions = {}): Promise<QrLogin> {
  const redirectUri = new URL(client.options.redirectUri);
  if (redirectUri.origin !== location.origin) {
    throw new WeGateError('invalid_configuration', `the embedded QR login needs a redirect URI on this page's origin ${location.origin}, not ${redirectUri.origin}`);
  }
  const metadata = await client.provider.metadata();
  if (!metadata.pushed_authorization_request_endpoint) {
    throw new WeGateError('invalid_configuration', 'the issuer has no pushed_authorization_request_endpoint: upgrade WeGate');
  }
  const { state, nonce, verifier, params } = await client.authorizationParameters({
    ...(options.connection ? { connection: options.connection } : {}), ...(options.uiLocales ? { uiLocales: options.uiLocales } : {}),
  });
  params.set('embed', 'qr');
  const pushed = await readJson(await (client.options.fetch ?? fetch)(metadata.pushed_authorization_request_endpoint, { method: 'POST', body: params }),
    'the pushed authorization request endpoint');
  if (typeof pushed.request_uri !== 'string') {
    throw new WeGateError('invalid_response', 'the pushed authorization request endpoint answered without a request_uri');
  }

  const frame = document.createElement('iframe');
  frame.setAttribute('data-wegate-qr-login', '');
  frame.title = 'WeChat QR login';
  frame.width = String(options.width ?? 360);
  frame.height = String(options.height ?? 460);
  frame.style.border = '0';
  // Scripts and its own origin for WeGate's page (its ticket events); no top navigation, no popups: the
  // frame can only ever move itself.
  frame.setAttribute('sandbox', 'allow-scripts allow-same-origin');
  frame.referrerPolicy = 'no-referrer';
  frame.src = `${metadata.authorization_endpoint}?${new URLSearchParams({ client_id: client.options.clientId, request_uri: pushed.request_uri })}`;

  let closed = false;
  let stopListening = () => {};
  const signedIn = new Promise<CallbackResult>((resolve, reject) => {
    const finish = (url: string) => {
      let landed: URL;
      try {
        landed = new URL(url);
      } catch {
        return;
      }
      if (closed || landed.origin + landed.pathname !== redirectUri.origin + redirectUri.pathname) {
        return;
      }
      closed = true;
      stopListening();
      frame.remove();
      if (landed.searchParams.get('state') !== state) {
        reject(new WeGateError('invalid_state', 'the embedded sign-in came back with another state'));
        return;
      }
      client.completeAuthorization(landed.searchParams, { verifier, nonce, silent: false }).then(resolve, reject);
    };
    // The callback page tells this page when it runs the SDK (handleRedirectCallback in a marked frame)...
    const onMessage = (event: MessageEvent) => {
      if (event.source === frame.contentWindow && event.origin === location.origin && event.data?.type === embeddedCallbackMessage) {
        finish(String(event.data.url));
      }
    };
    window.addEventListener('message', onMessage);
    stopListening = () => window.removeEventListener('message', onMessage);
    // ...and otherwise this page reads the frame's address once it is back on this origin (WeGate's page
    // is another origin, whose address cannot be read).
    frame.addEventListener('load', () => {
      try {
        finish(frame.contentWindow!.location.href);
      } catch {
        // still at WeGate
      }
    });
  });
  container.replaceChildren(frame);
  return {
    signedIn,
    close() {
      closed = true;
      stopListening();
      frame.remove();
    },
  };
}
