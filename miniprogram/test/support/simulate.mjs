// Runs the login mini program's pages with miniprogram-simulate (WeChat's own page test kit) in a
// jsdom document: their WXML is rendered, their events dispatched, and their `wx` is the test phone's
// (sdk/miniprogram/test/support/wx.mjs), so the SDK inside them talks to a real WeGate.
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { JSDOM } from 'jsdom';

const require = createRequire(import.meta.url);
const root = join(dirname(fileURLToPath(import.meta.url)), '../..');

// miniprogram-simulate expects a browser's globals (it is made for jest's jsdom environment).
const { window } = new JSDOM('<!doctype html><html><head></head><body></body></html>', { url: 'https://servicewechat.com/' });
for (const name of ['window', 'document', 'Node', 'Element', 'HTMLElement', 'Event', 'CustomEvent', 'MutationObserver']) {
  globalThis[name] = name === 'window' ? window : window[name];
}
const simulate = require('miniprogram-simulate');

// A page as WeChat opens it on `phone`: loaded, rendered, attached, then onLoad(query). config.js
// names the test's WeGate, as a deployment's names its own.
export async function openPage(name, phone, query, { issuer }) {
  require(join(root, 'config.js')).issuer = issuer;
  globalThis.wx = phone.wx;
  const id = simulate.load(join(root, 'pages', name, 'index'), { compiler: 'simulate', rootPath: root });
  const page = simulate.render(id);
  page.attach(document.createElement('parent-wrapper'));
  await page.instance.onLoad(query);
  return page;
}

// Waits for the page's asynchronous work (its calls to WeGate) to reach `state`.
export async function until(page, state) {
  const deadline = Date.now() + 10_000;
  while (page.data.state !== state) {
    if (Date.now() > deadline) throw new Error(`the page stayed "${page.data.state}" (error: ${page.data.error}), not "${state}"`);
    await new Promise(done => setTimeout(done, 20));
  }
}

// A tap or another event on the element `selector`: dispatched (j-component delivers it in a microtask),
// and handed to the page's handler before this returns.
export async function fire(page, selector, name, detail) {
  const element = page.querySelector(selector);
  if (!element) throw new Error(`the page shows no ${selector}`);
  element.dispatchEvent(name, detail === undefined ? {} : { detail });
  await new Promise(done => setTimeout(done, 0));
}

export const text = (page, selector) => page.querySelector(selector)?.dom.textContent.trim();
