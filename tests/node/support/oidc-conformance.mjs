// Plays a person's browser on the hosted login page for the OIDC conformance suite: fetch with a small
// cookie jar, no redirects followed, so every step can be checked. WeGate itself is support/wegate.mjs.

// A person's browser: keeps cookies (name, value, path; removed when the server expires them), never
// follows redirects, so the test sees every 303.
export class Browser {
  #cookies = new Map();

  async get(url) {
    return this.#send(url, { method: 'GET' });
  }

  async postForm(url, fields) {
    return this.#send(url, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(fields).toString(),
    });
  }

  // The jar as it is now, for sending stale cookies later.
  copy() {
    const copy = new Browser();
    for (const [name, cookie] of this.#cookies) {
      copy.#cookies.set(name, { ...cookie });
    }
    return copy;
  }

  has(name) {
    return this.#cookies.has(name);
  }

  // Follows an authorization URL to the application's redirect URI. Signs in on the hosted login page
  // when WeGate asks; with a live single sign-on session WeGate answers at once. Returns the URL the
  // browser would land on (never called: it is only registered).
  async authorize(authorizationUrl, redirectUri, login, password) {
    let response = await this.get(authorizationUrl);
    expectSeeOther(response, 'authorize');
    let location = new URL(response.headers.get('location'), authorizationUrl);
    if (!isAt(location, redirectUri)) {
      if (login === undefined) {
        throw new Error(`authorize sent the browser to ${location}, not back to ${redirectUri}`);
      }

      const page = await this.get(location);
      const html = await page.text();
      if (page.status !== 200) {
        throw new Error(`the login page answered ${page.status}: ${html}`);
      }

      response = await this.postForm(new URL(formAction(html), location), {
        request: hidden(html, 'request'),
        __RequestVerificationToken: hidden(html, '__RequestVerificationToken'),
        login,
        password,
      });
      expectSeeOther(response, 'sign-in');
      location = new URL(response.headers.get('location'), location);
    }

    if (!isAt(location, redirectUri)) {
      throw new Error(`the flow ended at ${location}, not at ${redirectUri}`);
    }
    return location;
  }

  async #send(url, init) {
    url = new URL(url);
    const cookie = [...this.#cookies]
      .filter(([, c]) => url.pathname === c.path || url.pathname.startsWith(c.path.endsWith('/') ? c.path : `${c.path}/`))
      .map(([name, c]) => `${name}=${c.value}`)
      .join('; ');
    const response = await fetch(url, {
      ...init,
      redirect: 'manual',
      headers: { ...init.headers, ...(cookie ? { cookie } : {}) },
    });
    for (const header of response.headers.getSetCookie()) {
      this.#store(header);
    }
    return response;
  }

  #store(header) {
    const [pair, ...attributes] = header.split(';').map(s => s.trim());
    const eq = pair.indexOf('=');
    const name = pair.slice(0, eq);
    const value = pair.slice(eq + 1);
    let path = '/';
    let expired = false;
    for (const attribute of attributes) {
      const [key, ...rest] = attribute.split('=');
      const v = rest.join('=');
      switch (key.toLowerCase()) {
        case 'path':
          path = v || '/';
          break;
        case 'max-age':
          expired ||= Number(v) <= 0;
          break;
        case 'expires':
          expired ||= Date.parse(v) <= Date.now();
          break;
      }
    }
    if (expired) {
      this.#cookies.delete(name);
    } else {
      this.#cookies.set(name, { value, path });
    }
  }
}

function expectSeeOther(response, step) {
  if (response.status !== 303) {
    throw new Error(`${step}: expected 303, got ${response.status}`);
  }
}

function isAt(location, redirectUri) {
  return `${location.origin}${location.pathname}` === redirectUri;
}

function hidden(html, name) {
  const match = html.match(new RegExp(`name="${name}" value="([^"]*)"`));
  if (!match) {
    throw new Error(`no hidden field ${name} in the page`);
  }
  return decodeHtml(match[1]);
}

function formAction(html) {
  const match = html.match(/<form method="post" action="([^"]+)"/);
  if (!match) {
    throw new Error('no form in the page');
  }
  return decodeHtml(match[1]);
}

function decodeHtml(text) {
  return text.replace(/&(#x[0-9a-f]+|#\d+|amp|lt|gt|quot|apos);/gi, (_, entity) => {
    switch (entity.toLowerCase()) {
      case 'amp': return '&';
      case 'lt': return '<';
      case 'gt': return '>';
      case 'quot': return '"';
      case 'apos': return '\'';
      default: return String.fromCodePoint(entity[1].toLowerCase() === 'x' ? parseInt(entity.slice(2), 16) : parseInt(entity.slice(1), 10));
    }
  });
}
