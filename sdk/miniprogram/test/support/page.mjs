// Runs a mini program page module in Node: its Page({...}) definition becomes an object with WeChat's
// data/setData, on a phone whose `wx` is the global the page and the SDK use.
let loads = 0;

export async function loadPage(moduleUrl, phone, { issuer }) {
  let definition;
  globalThis.Page = options => { definition = options; };
  globalThis.wx = phone.wx;
  globalThis.exampleIssuer = issuer;
  // A fresh module per load: each page load on its own phone.
  await import(`${moduleUrl}?load=${++loads}`);
  const page = { ...definition, data: structuredClone(definition.data) };
  page.setData = patch => { page.data = { ...page.data, ...patch }; };
  return page;
}
