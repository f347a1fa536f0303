// docs/sdk-js.md shows the application these tests run: its html and js blocks are test/app/index.html
// and test/app/app.js, whole.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';

test('docs/sdk-js.md shows the whole example application the Chromium tests run', () => {
  const read = path => readFileSync(new URL(path, import.meta.url), 'utf8');
  const page = read('../../../docs/sdk-js.md');
  const blocks = language => [...page.matchAll(new RegExp('```' + language + '\\n([\\s\\S]*?)\\n```', 'g'))].map(m => m[1]);
  assert.deepEqual(blocks('html'), [read('app/index.html').trimEnd()], 'copy sdk/js/test/app/index.html into the html block of docs/sdk-js.md');
  assert.deepEqual(blocks('js'), [read('app/app.js').trimEnd()], 'copy sdk/js/test/app/app.js into the js block of docs/sdk-js.md');
});
