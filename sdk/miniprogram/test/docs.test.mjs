// docs/sdk-miniprogram.md shows pages the tests run, whole and unchanged: the example page
// (test/example/pages/account/index.js, driven by login.test.mjs) and the login mini program's scan
// page (miniprogram/pages/scan/index.js, driven by miniprogram/test/pages.test.mjs).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';

const read = path => readFileSync(new URL(`../../../${path}`, import.meta.url), 'utf8');

test('docs/sdk-miniprogram.md shows the example page the tests run', () => {
  const page = read('docs/sdk-miniprogram.md');
  const example = read('sdk/miniprogram/test/example/pages/account/index.js').trimEnd();
  assert.ok(page.includes('```js\n' + example + '\n```'),
    'docs/sdk-miniprogram.md lacks sdk/miniprogram/test/example/pages/account/index.js: copy the file into its "A complete page" block');
});

test('docs/sdk-miniprogram.md shows the login mini program\'s scan page that its tests run', () => {
  const scan = read('miniprogram/pages/scan/index.js').trimEnd();
  assert.ok(read('docs/sdk-miniprogram.md').includes('```js\n' + scan + '\n```'),
    'docs/sdk-miniprogram.md lacks miniprogram/pages/scan/index.js: copy the file into its "PC code and app launch" block');
});

test('the README and the docs index link the mini program SDK\'s page', () => {
  assert.match(read('README.md'), /\]\(docs\/sdk-miniprogram\.md\)/);
  assert.match(read('docs/README.md'), /\]\(sdk-miniprogram\.md\)/);
});
