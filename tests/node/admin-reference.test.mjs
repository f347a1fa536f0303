// The admin API's browsable reference (docs/admin-api.md, "The OpenAPI document"): in Development WeGate
// serves it at /admin/reference/v1 from its own package, so the page lists every operation with its
// schemas and reaches nothing but WeGate (no CDN, web fonts or telemetry), and it can call the API with
// an admin key.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { browserMissing, skipBrowserTests, startWithBrowser } from './support/browser.mjs';

test('the admin API reference lists every operation, shows its schemas and fetches nothing from elsewhere', { skip: skipBrowserTests }, async t => {
  if (browserMissing) throw new Error(browserMissing);
  const { wegate, browser } = await startWithBrowser(t);
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  const elsewhere = [];
  page.on('request', request => {
    if (!request.url().startsWith(wegate.base) && !request.url().startsWith('data:')) elsewhere.push(request.url());
  });
  const errors = [];
  page.on('pageerror', error => errors.push(error.message));
  await page.goto(`${wegate.base}/admin/reference/v1`);
  await page.getByRole('heading', { name: 'WeGate admin API' }).waitFor();

  // Every operation of the document is in the sidebar, by its summary.
  const doc = await (await fetch(`${wegate.base}/openapi/v1.json`)).json();
  const summaries = Object.values(doc.paths).flatMap(path => Object.values(path).map(op => op.summary));
  assert.ok(summaries.length > 20 && summaries.every(Boolean), 'an operation has no summary');
  const sidebar = await page.locator('aside, nav').first().innerText();
  for (const summary of summaries) {
    assert.ok(sidebar.includes(summary), `"${summary}" is not listed`);
  }
  // An operation shows its body's fields by their wire names.
  await page.getByText('Create an application (an OIDC client)').first().click();
  await page.getByText('redirect_uris').first().waitFor();
  await page.getByText('post_logout_redirect_uris').first().waitFor();
  assert.deepEqual(elsewhere, []);
  assert.deepEqual(errors, []);
  await page.close();
});
