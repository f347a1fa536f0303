// Docs generated from or copied out of code CI runs: this fails when they drift.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { generate } from './support/wechat-errors.mjs';

test('docs/wechat-errors.md matches WeChatErrors.cs', () => {
  const committed = readFileSync(new URL('../../docs/wechat-errors.md', import.meta.url), 'utf8');
  assert.equal(committed, generate(),
    'docs/wechat-errors.md is out of date: run `node tests/node/support/wechat-errors.mjs > docs/wechat-errors.md`');
});

// docs/quickstart.md shows code that CI runs: the whole of examples/quickstart/app.mjs
// (tests/node/quickstart.test.mjs) and the region of the ASP.NET Core test between its quickstart
// markers (tests/WeGate.Server.Tests/Quickstart/AspNetCoreQuickstartTests.cs), dedented.
test('docs/quickstart.md shows the code the quickstart tests run', () => {
  const read = path => readFileSync(new URL(`../../${path}`, import.meta.url), 'utf8');
  const page = read('docs/quickstart.md');
  const blocks = language => [...page.matchAll(new RegExp('```' + language + '\\n([\\s\\S]*?)\\n```', 'g'))].map(m => m[1]);

  assert.deepEqual(blocks('js'), [read('examples/quickstart/app.mjs').trimEnd()],
    'the js block of docs/quickstart.md differs from examples/quickstart/app.mjs: copy the file into the page');

  const test = read('tests/WeGate.Server.Tests/Quickstart/AspNetCoreQuickstartTests.cs');
  const region = /\/\/ quickstart:aspnetcore:begin\n([\s\S]*?)\n[ \t]*\/\/ quickstart:aspnetcore:end/.exec(test)[1].split('\n');
  const indent = Math.min(...region.filter(line => line.trim()).map(line => line.length - line.trimStart().length));
  assert.deepEqual(blocks('csharp'), [region.map(line => line.slice(indent)).join('\n')],
    'the csharp block of docs/quickstart.md differs from the quickstart region of AspNetCoreQuickstartTests.cs: copy the region into the page');
});

// docs/operations.md#verifying-a-webhook shows the signature check the webhook tests run
// (tests/WeGate.Server.Tests/Webhooks/WebhookReceiver.cs, between its webhooks:verify markers), dedented.
test('docs/operations.md shows the webhook signature check the tests run', () => {
  const read = path => readFileSync(new URL(`../../${path}`, import.meta.url), 'utf8');
  const page = read('docs/operations.md');
  const blocks = [...page.matchAll(/```csharp\n([\s\S]*?)\n```/g)].map(m => m[1]);
  const source = read('tests/WeGate.Server.Tests/Webhooks/WebhookReceiver.cs');
  const region = /\/\/ webhooks:verify:begin\n([\s\S]*?)\n[ \t]*\/\/ webhooks:verify:end/.exec(source)[1].split('\n');
  const indent = Math.min(...region.filter(line => line.trim()).map(line => line.length - line.trimStart().length));
  assert.deepEqual(blocks, [region.map(line => line.slice(indent)).join('\n')],
    'the csharp block of docs/operations.md differs from the webhooks:verify region of WebhookReceiver.cs: copy the region into the page');
});
