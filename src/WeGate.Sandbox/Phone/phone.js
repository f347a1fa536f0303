// The WeGate sandbox's virtual phone (docs/sandbox.md, "The virtual phone"): a person acts as a persona.
// Everything goes through the control API at {root}/control, exactly what automated tests call.
(() => {
  'use strict';
  const root = document.body.dataset.root;
  const $ = selector => document.querySelector(selector);
  const state = { persona: null, personas: [], apps: [], screen: 'scan', launch: null, shown: '', mp: {}, flow: null, spent: new Set() };
  const kinds = {
    qrconnect: ['网站登录', 'Website login'],
    'official-account-qr': ['公众号二维码', 'Official account QR'],
    'miniprogram-code': ['小程序码', 'Mini program code'],
  };
  const types = { 'official-account': '公众号 OA', website: '网站 Website', mobile: '移动应用 App', miniprogram: '小程序 MP' };

  async function control(method, path, body) {
    const response = await fetch(`${root}/control/${path}`, {
      method,
      cache: 'no-store',
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    const data = text ? JSON.parse(text) : null;
    if (!response.ok) {
      throw new Error((data && (data.detail || data.title)) || `HTTP ${response.status}`);
    }
    return data;
  }

  function h(tag, props, ...children) {
    const element = document.createElement(tag);
    for (const [name, value] of Object.entries(props || {})) {
      if (value === undefined || value === null || value === false) continue;
      if (name.startsWith('on')) element.addEventListener(name.slice(2), act(value));
      else if (name === 'dataset') Object.assign(element.dataset, value);
      else if (name === 'className') element.className = value;
      else element.setAttribute(name, value === true ? '' : value);
    }
    element.append(...children.flat().filter(child => child !== null && child !== undefined && child !== false));
    return element;
  }

  // Every handler reports its failure (the control API's problem detail) instead of failing silently.
  function act(handler) {
    return async event => {
      try {
        await handler(event);
      } catch (error) {
        toast(error.message, true);
      }
    };
  }

  function toast(message, isError) {
    const box = $('#toast');
    box.textContent = message;
    box.className = isError ? 'toast error' : 'toast';
    box.hidden = false;
    clearTimeout(toast.timer);
    toast.timer = setTimeout(() => { box.hidden = true; }, 5000);
  }

  function copyable(name, label, value) {
    const code = h('code', {}, value);
    return h('div', { className: 'output', dataset: { output: name } }, h('span', { className: 'meta' }, label), code,
      h('button', { className: 'small', onclick: () => copy(value, code) }, '复制 Copy'));
  }

  async function copy(value, element) {
    try {
      await navigator.clipboard.writeText(value);
    } catch {
      // Clipboard access needs a secure context; select the text so Ctrl+C works instead.
      getSelection().selectAllChildren(element);
      document.execCommand('copy');
    }
    toast('已复制 · Copied');
  }

  // The action card, moved into the list entry it belongs to.
  const flowBox = $('#scan-flow');
  const enc = encodeURIComponent;
  const appName = app => app.originalId || app.appId;
  const appsOf = type => state.apps.filter(app => app.type === type);
  const personaId = () => state.persona.id;

  // Who holds the phone. The cookie is the one the sandbox's own pages read (authorize, confirm).
  function choose(id) {
    state.persona = state.personas.find(persona => persona.id === id) || null;
    if (state.persona) {
      localStorage.setItem('wegate.phone.persona', id);
      document.cookie = `sandbox_persona=${enc(id)}; path=${root}/; SameSite=Lax`;
    }
    $('#persona-current').textContent = state.persona ? `${state.persona.nickname} · ${state.persona.id}` : '未选择身份 · No persona';
    state.shown = '';
  }

  function needPersona() {
    if (state.persona) return true;
    toast('先选择身份 · Pick a persona first', true);
    go('me');
    return false;
  }

  async function loadRegistry() {
    [state.apps, state.personas] = await Promise.all([control('GET', 'apps'), control('GET', 'personas')]);
  }

  function go(screen) {
    state.screen = screen;
    history.replaceState(null, '', `#${screen}`);
    document.querySelectorAll('main > section').forEach(section => { section.hidden = section.dataset.screen !== screen; });
    document.querySelectorAll('nav button').forEach(button => button.setAttribute('aria-current', button.dataset.go === screen));
    return act(screens[screen])();
  }

  // 扫一扫 Scan: what is on screens now, newest first, and what a QR's content is. The sandbox leaves
  // off codes whose page closed or that no longer work; the label is what the PC page shows beside
  // the QR (the last four characters of the uuid or scene), the time when the page drew it.
  async function renderScan() {
    const query = state.persona ? `?persona_id=${enc(personaId())}` : '';
    const items = (await control('GET', `scannables${query}`)).filter(item => !state.spent.has(keyOf(item)));
    const key = JSON.stringify([items, state.flow && state.flow.key]);
    if (key === state.shown) return;
    state.shown = key;
    // The item whose card is open stays where it was even once its code stops working, so the
    // outcome shows where the person tapped.
    if (state.flow && !items.some(item => keyOf(item) === state.flow.key)) {
      items.splice(Math.min(state.flow.index, items.length), 0, { ...state.flow.item, ended: true });
    }
    const rows = items.map(item => h('li', { className: 'scannable', dataset: { kind: item.kind, id: item.id, label: item.label } },
      h('div', { className: 'row' },
        h('div', {}, h('strong', {}, `${kinds[item.kind][0]} `), h('small', {}, kinds[item.kind][1]),
          h('div', { className: 'meta' }, h('b', { className: 'label', title: '电脑上二维码旁的编号 · the code beside the QR on the PC page' }, item.label),
            ` · ${item.appName} · ${describe(item)}`, item.shownAt ? ` · ${new Date(item.shownAt).toLocaleTimeString()}` : '')),
        item.ended ? '' : h('button', { className: 'scan', onclick: () => scan(item) }, '扫描 Scan'))));
    $('#scannables').replaceChildren(...rows);
    const open = state.flow && rows.find(row => row.dataset.id === state.flow.item.id);
    if (open) open.append(flowBox);
    $('#scannables-empty').hidden = items.length > 0;
  }

  const keyOf = item => `${item.kind} ${item.id}`;

  function describe(item) {
    if (item.kind === 'qrconnect') return item.status === 'scanned' ? `已扫描 scanned by ${item.personaId}` : '等待扫描 waiting';
    const page = item.page ? ` · ${item.page}` : '';
    return `scene ${item.scene}${page}${item.following ? ' · 已关注 following' : ''}`;
  }

  // The action card opens inside the entry the person tapped, scrolled into view, its first button focused.
  function flow(...children) {
    const box = flowBox;
    box.replaceChildren(...children, h('button', { className: 'link close', onclick: closeFlow }, '关闭 Close'));
    box.hidden = false;
    box.scrollIntoView({ block: 'nearest' });
    const first = box.querySelector('.actions button') || box.querySelector('button');
    first.focus({ preventScroll: true });
  }

  function closeFlow() {
    flowBox.hidden = true;
    state.flow = null;
    state.shown = '';
    return renderScan();
  }

  async function scan(item) {
    if (!needPersona()) return;
    const rows = [...document.querySelectorAll('#scannables li.scannable')];
    const index = rows.findIndex(row => row.dataset.id === item.id);
    state.flow = item.kind === 'miniprogram-code' ? null : { key: keyOf(item), item, index: index < 0 ? 0 : index };
    flowBox.hidden = true;
    state.shown = '';
    if (item.kind === 'qrconnect') {
      await renderScan();
      await scanLogin(item);
    } else if (item.kind === 'official-account-qr') {
      await renderScan();
      await scanOfficialAccount(item);
    } else {
      state.launch = { appId: item.appId, scene: item.scene, page: item.page, key: keyOf(item) };
      state.mp = {};
      await go('miniprogram');
      await sayScanned(state.launch);
    }
  }

  async function scanLogin(item) {
    const login = item.status === 'waiting'
      ? await control('POST', `qrconnect/${enc(item.id)}/scan`, { personaId: personaId() })
      : await control('GET', `qrconnect/${enc(item.id)}`);
    if (login.status !== 'scanned' || login.personaId !== personaId()) {
      flow(h('p', { className: 'done', dataset: { status: login.status } }, `此二维码不可用 · This login is ${login.status}${login.personaId ? ` (${login.personaId})` : ''}`));
      return;
    }
    const decide = step => async () => {
      const after = await control('POST', `qrconnect/${enc(item.id)}/${step}`);
      flow(h('p', { className: 'done', dataset: { status: after.status } },
        after.status === 'confirmed' ? '已确认登录 · Login confirmed: continue on the computer' : '已取消登录 · Login cancelled'));
      await renderScan();
    };
    flow(h('h3', {}, `${item.appName} 申请使用你的微信帐号登录`),
      h('p', { className: 'meta' }, `${new URL(login.redirectUri).host} wants you to log in with WeChat`),
      h('div', { className: 'actions' },
        h('button', { id: 'login-approve', onclick: decide('confirm') }, '允许 · Allow'),
        h('button', { id: 'login-deny', className: 'secondary', onclick: decide('deny') }, '拒绝 · Deny')));
  }

  // A follower's scan opens the chat and pushes SCAN; anyone else sees the profile and may follow,
  // which pushes subscribe (docs/wechat-contract.md#event-pushes). Looking without following pushes nothing.
  async function scanOfficialAccount(item) {
    const send = async follow => {
      const result = await control('POST', 'qr/scan', { ticket: item.id, personaId: personaId(), follow });
      flow(h('h3', {}, item.appName), h('p', {}, follow ? '已关注 · Followed' : '已关注，进入公众号 · Already following: opened the chat'), eventView(result));
    };
    if (item.following) {
      await send(false);
      return;
    }
    flow(h('h3', {}, item.appName), h('p', { className: 'meta' }, `公众号 · Official account · scene ${item.scene}`),
      h('div', { className: 'actions' },
        h('button', { id: 'oa-follow', onclick: () => send(true) }, '关注公众号 · Follow'),
        h('button', { className: 'secondary', onclick: closeFlow }, '不关注 · Not now')));
  }

  function eventView(result) {
    const box = h('div', { className: 'event', dataset: { event: result.event || '', deliveryId: result.deliveryId || '' } },
      h('p', {}, `事件 Event: ${result.event || '无 none'}`));
    if (result.deliveryId) {
      const line = h('p', { className: 'meta delivery' }, '推送中… · Pushing to the server…');
      box.append(line);
      control('GET', `deliveries/${enc(result.deliveryId)}?wait=true&timeout_ms=20000`)
        .then(delivery => { line.textContent = deliveryText(delivery); line.dataset.outcome = delivery.outcome; })
        .catch(error => { line.textContent = error.message; });
    } else if (result.event) {
      box.append(h('p', { className: 'meta' }, '未推送：公众号没有配置服务器 · Not pushed: the account has no server URL'));
    }
    return box;
  }

  function deliveryText(delivery) {
    const notice = delivery.userNotice ? ` · 用户看到 the user sees: ${delivery.userNotice}` : '';
    return `服务器 Server: ${delivery.outcome} (${delivery.attempts.length} 次 attempts)${notice}`;
  }

  async function resolvePasted(event) {
    event.preventDefault();
    if (!needPersona()) return;
    const item = await control('POST', 'scannables/resolve', { content: $('#qr-content').value, personaId: personaId() });
    await scan(item);
  }

  // 小程序 Mini program: launched from a code (with its scene) or directly.
  function fillApps(select, type, preferred) {
    const current = preferred || select.value;
    select.replaceChildren(...appsOf(type).map(app => h('option', { value: app.appId }, app.originalId ? `${app.originalId} · ${app.appId}` : app.appId)));
    if (current && appsOf(type).some(app => app.appId === current)) select.value = current;
    return select.value;
  }

  async function renderMiniProgram() {
    await loadRegistry();
    const appId = fillApps($('#mp-app'), 'miniprogram', state.launch && state.launch.appId);
    $('#mp-empty').hidden = Boolean(appId);
    const launch = state.launch && state.launch.appId === appId ? state.launch : null;
    $('#mp-launch').replaceChildren(launch
      ? h('p', {}, '从小程序码打开 · Opened from a mini program code: ', h('br'),
        'scene ', h('code', { id: 'mp-scene' }, launch.scene), launch.page ? ' · page ' : '', launch.page ? h('code', {}, launch.page) : '')
      : h('p', { className: 'meta' }, '直接打开，无 scene · Opened directly, no scene'),
      launch && launch.said ? launch.said : '');
    renderCodes();
  }

  // A mini program app with a loginUrl is WeGate's mp-qr (docs/logins.md, "3. Mini program code on PC"):
  // as its page's onLoad would, the phone tells {loginUrl}/scan the scene, so the PC page says it
  // was scanned, and points 发送 at {loginUrl}/confirm.
  async function sayScanned(launch) {
    const app = state.apps.find(candidate => candidate.appId === launch.appId);
    if (!app || !app.loginUrl) return;
    $('#mp-post-url').value = `${app.loginUrl}/confirm`;
    const answer = await post(`${app.loginUrl}/scan`, { scene: launch.scene });
    const scanned = answer.status === 200 && answer.data && answer.data.status === 'scanned';
    if (!scanned && answer.status >= 400 && answer.status < 500) state.spent.add(launch.key);
    launch.said = h('p', { id: 'mp-scan-result', className: scanned ? '' : 'meta', dataset: { status: scanned ? 'scanned' : `http-${answer.status}` } }, scanned
      ? `已扫码，确认登录「${answer.data.application}」· Scanned: confirm to sign in to ${answer.data.application}`
      : `服务器 Server: ${answer.text}`);
    if (state.launch === launch && state.screen === 'miniprogram') await renderMiniProgram();
  }

  // A JSON POST to the developer's server, as wx.request would make it; never throws.
  async function post(url, body) {
    try {
      const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
      const text = await response.text();
      let data = null;
      try { data = JSON.parse(text); } catch { data = null; }
      const detail = data && (data.error_description || data.message);
      return { status: response.status, data, text: detail || `HTTP ${response.status} ${text.slice(0, 2000)}`, raw: text };
    } catch (error) {
      return { status: 0, data: null, text: `${error.message}: the server must be reachable from this browser and allow CORS`, raw: '' };
    }
  }

  function renderCodes() {
    $('#mp-codes').replaceChildren(
      state.mp.code ? copyable('js-code', 'wx.login() → code', state.mp.code) : '',
      state.mp.phoneCode ? copyable('phone-code', 'getPhoneNumber → e.detail.code', state.mp.phoneCode) : '');
  }

  async function miniProgramCode(kind) {
    if (!needPersona()) return;
    const issued = await control('POST', `codes/${kind}`, { appId: $('#mp-app').value, personaId: personaId() });
    state.mp[kind === 'js' ? 'code' : 'phoneCode'] = issued.code;
    renderCodes();
  }

  // What a mini program page would POST to its server: {scene, code, phoneCode} (docs/wechat-contract.md#mini-program-codes).
  async function postCodes(event) {
    event.preventDefault();
    const launch = state.launch && state.launch.appId === $('#mp-app').value ? state.launch : {};
    const body = { appId: $('#mp-app').value, scene: launch.scene, code: state.mp.code, phoneCode: state.mp.phoneCode };
    const result = $('#mp-post-result');
    result.hidden = false;
    localStorage.setItem('wegate.phone.mp-post-url', $('#mp-post-url').value);
    const answer = await post($('#mp-post-url').value, body);
    result.textContent = answer.status ? `HTTP ${answer.status}\n${answer.raw.slice(0, 2000)}` : answer.text;
    // A signed-in code is used up: it leaves the Scan list.
    if (launch.key && answer.data && answer.data.status === 'confirmed') state.spent.add(launch.key);
  }

  // 移动应用 Mobile app: the WeChat side of SendAuth (docs/wechat-contract.md#mobile-app-login).
  async function renderApp() {
    await loadRegistry();
    $('#app-empty').hidden = Boolean(fillApps($('#app-app'), 'mobile'));
  }

  async function sendAuth(allow) {
    if (!needPersona()) return;
    const stateValue = $('#app-state').value;
    const response = allow
      ? { errCode: 0, code: (await control('POST', 'codes/oauth', { appId: $('#app-app').value, personaId: personaId() })).code, state: stateValue, lang: 'zh_CN', country: 'CN' }
      : { errCode: -4, errStr: 'ERR_AUTH_DENIED', state: stateValue };
    $('#app-result').replaceChildren(h('pre', { dataset: { errCode: response.errCode } }, `SendAuth.Resp ${JSON.stringify(response, null, 2)}`),
      response.code ? copyable('app-code', 'code', response.code) : '');
  }

  // 消息 Messages: SMS to this persona's phone and every email (the outbox), then the events this
  // persona's actions pushed and what the chat shows.
  async function renderMessages() {
    const phone = state.persona && state.persona.phone ? `+${state.persona.phoneCountryCode}${state.persona.phone}` : null;
    const messages = (await control('GET', 'outbox')).filter(message => message.channel === 'email' || message.to === phone);
    $('#outbox').replaceChildren(...messages.reverse().map(message => h('li', { className: 'message', dataset: { id: message.id, channel: message.channel } },
      h('div', {}, h('strong', {}, message.channel === 'sms' ? '短信 SMS' : '邮件 Email'), ` · ${message.to}`,
        message.subject ? h('div', {}, message.subject) : '',
        h('pre', {}, message.body),
        h('div', { className: 'meta' }, new Date(message.sentAt).toLocaleString())))));
    $('#outbox-empty').hidden = messages.length > 0;
    if (!state.persona) return;
    const deliveries = await control('GET', `personas/${enc(personaId())}/deliveries`);
    const names = Object.fromEntries(state.apps.map(app => [app.appId, appName(app)]));
    $('#deliveries').replaceChildren(...deliveries.reverse().map(delivery => h('li', { className: 'delivery', dataset: { id: delivery.id, event: delivery.event } },
      h('div', {}, h('strong', {}, names[delivery.appId] || delivery.appId), ` ${delivery.event}`, delivery.eventKey ? ` · ${delivery.eventKey}` : '',
        h('div', { className: 'meta' }, deliveryText(delivery))))));
    $('#deliveries-empty').hidden = deliveries.length > 0;
  }

  // 我 Me: pick or create a persona, and see its ids in every app.
  async function renderMe() {
    await loadRegistry();
    $('#personas').replaceChildren(...state.personas.map(persona => h('li', { className: 'persona', dataset: { id: persona.id } },
      h('div', {}, h('strong', {}, persona.nickname), ` · ${persona.id}`,
        h('div', { className: 'meta' }, [persona.phone ? `+${persona.phoneCountryCode} ${persona.phone}` : '无手机号 no phone', persona.snapshot ? '快照 snapshot' : ''].filter(Boolean).join(' · '))),
      state.persona && state.persona.id === persona.id
        ? h('span', { className: 'current' }, '当前 Current')
        : h('button', { className: 'small', onclick: async () => { choose(persona.id); await renderMe(); } }, '使用 Use'))));
    const identities = $('#identities');
    identities.replaceChildren();
    if (!state.persona) return;
    const views = await control('GET', `personas/${enc(personaId())}/apps`);
    identities.replaceChildren(...views.map(view => h('li', { dataset: { appId: view.appId } },
      h('div', {}, h('strong', {}, view.appName), ` · ${types[view.type]}`,
        h('div', { className: 'meta' }, `开放平台 Open Platform: ${view.openPlatformAccount || '未绑定 not bound'}`),
        h('div', { className: 'meta' }, 'openid ', h('code', {}, view.openId)),
        view.unionId ? h('div', { className: 'meta' }, 'unionid ', h('code', {}, view.unionId)) : ''),
      view.following === false ? h('button', { className: 'small', onclick: () => follow(view.appId) }, '关注 Follow') : '',
      view.following ? h('span', { className: 'current' }, '已关注 Following') : '')));
  }

  async function follow(appId) {
    const result = await control('POST', `apps/${enc(appId)}/followers`, { personaId: personaId() });
    toast(result.deliveryId ? 'subscribe 已推送 · pushed' : '已关注 · Followed (no server URL: nothing pushed)');
    await renderMe();
  }

  async function createPersona(event) {
    event.preventDefault();
    const form = event.target;
    const field = name => form.elements.namedItem(name);
    const persona = {
      id: field('persona-id').value.trim(),
      nickname: field('nickname').value.trim() || undefined,
      phone: field('phone').value.trim() || undefined,
      snapshot: field('snapshot').checked,
    };
    await control('POST', 'personas', persona);
    form.reset();
    await loadRegistry();
    choose(persona.id);
    await renderMe();
  }

  const screens = { scan: renderScan, miniprogram: renderMiniProgram, app: renderApp, messages: renderMessages, me: renderMe };

  async function start() {
    document.querySelectorAll('nav button').forEach(button => button.addEventListener('click', () => go(button.dataset.go)));
    window.addEventListener('hashchange', () => go(screens[location.hash.slice(1)] ? location.hash.slice(1) : 'scan'));
    $('#persona-current').addEventListener('click', () => go('me'));
    $('#scan-refresh').addEventListener('click', act(() => { state.shown = ''; return renderScan(); }));
    $('#scan-paste').addEventListener('submit', act(resolvePasted));
    $('#mp-app').addEventListener('change', act(() => { state.mp = {}; return renderMiniProgram(); }));
    $('#mp-login').addEventListener('click', act(() => miniProgramCode('js')));
    $('#mp-phone').addEventListener('click', act(() => miniProgramCode('phone')));
    $('#mp-post-form').addEventListener('submit', act(postCodes));
    // The server URL is typed once: the next scan posts to the same place.
    $('#mp-post-url').value = localStorage.getItem('wegate.phone.mp-post-url') || '';
    $('#app-allow').addEventListener('click', act(() => sendAuth(true)));
    $('#app-deny').addEventListener('click', act(() => sendAuth(false)));
    $('#persona-form').addEventListener('submit', act(createPersona));

    await loadRegistry();
    const asked = new URLSearchParams(location.search).get('persona');
    choose(asked || localStorage.getItem('wegate.phone.persona'));
    await go(screens[location.hash.slice(1)] ? location.hash.slice(1) : 'scan');
    document.body.dataset.ready = 'true';

    // The list of things to scan follows what the PC pages show.
    setInterval(() => {
      if (!document.hidden && (state.screen === 'scan' || state.screen === 'messages')) {
        screens[state.screen]().catch(() => {});
      }
    }, 1500);
  }

  act(start)();
})();
