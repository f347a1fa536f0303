// What `npm pack` publishes: the built modules with their types and the README, nothing else, no
// runtime dependencies, and the version of the server it is released with (Directory.Build.props).
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';

const sdk = new URL('..', import.meta.url);
const manifest = JSON.parse(readFileSync(new URL('package.json', sdk), 'utf8'));

test('the package version is WeGate\'s', () => {
  const props = readFileSync(new URL('../../Directory.Build.props', sdk), 'utf8');
  const version = /<Version>([^<]+)<\/Version>/.exec(props)?.[1];
  assert.ok(version, 'Directory.Build.props sets no <Version>');
  assert.equal(manifest.version, version, 'set "version" in sdk/js/package.json to the server\'s <Version>');
});

test('npm pack holds the ES modules, their .d.ts types and the README, and the SDK depends on nothing', () => {
  const [packed] = JSON.parse(execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: sdk, encoding: 'utf8' }));
  const files = packed.files.map(file => file.path).sort();
  for (const needed of ['README.md', 'package.json', 'dist/index.js', 'dist/index.d.ts', 'dist/client.d.ts', 'dist/embedded.js', 'dist/jwt.js']) {
    assert.ok(files.includes(needed), `the package lacks ${needed}: ${files.join(', ')}`);
  }
  assert.deepEqual(files.filter(file => !file.startsWith('dist/') && !['README.md', 'package.json'].includes(file)), []);
  assert.equal(manifest.dependencies, undefined);
  assert.equal(packed.name, '@wegate/js');
  assert.equal(manifest.exports['.'].types, './dist/index.d.ts');
});
