// docs/wechat-errors.md is generated from the errcode table in the code; this fails when they drift.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { generate } from './support/wechat-errors.mjs';

test('docs/wechat-errors.md matches WeChatErrors.cs', () => {
  const committed = readFileSync(new URL('../../docs/wechat-errors.md', import.meta.url), 'utf8');
  assert.equal(committed, generate(),
    'docs/wechat-errors.md is out of date: run `node tests/node/support/wechat-errors.mjs > docs/wechat-errors.md`');
});
