// What `npm pack` publishes: both builds with their types and the README, no runtime dependency, and
// the version of the WeGate it was built with (Directory.Build.props).
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { test } from 'node:test';

const root = new URL('../', import.meta.url);
const manifest = JSON.parse(readFileSync(new URL('package.json', root), 'utf8'));

test('the package version is the server\'s', () => {
  const props = readFileSync(new URL('../../Directory.Build.props', root), 'utf8');
  const server = /<Version>([^<]+)<\/Version>/.exec(props)?.[1];
  assert.ok(server, 'Directory.Build.props has a <Version>');
  assert.equal(manifest.version, server, 'set "version" in sdk/miniprogram/package.json to the server\'s <Version>');
});

test('npm pack ships both builds with their types, the README and the sources, and no tests', () => {
  const [{ files }] = JSON.parse(execFileSync('npm', ['pack', '--dry-run', '--json'], { cwd: root, encoding: 'utf8' }));
  const paths = files.map(f => f.path);
  for (const path of ['README.md', 'package.json', 'dist/esm/index.js', 'dist/esm/index.d.ts', 'dist/cjs/index.js', 'dist/cjs/index.d.ts', 'dist/cjs/package.json', 'src/client.ts']) {
    assert.ok(paths.includes(path), `${path} is in the package`);
  }
  assert.deepEqual(paths.filter(p => p.startsWith('test/') || p.includes('node_modules')), []);
  assert.equal(manifest.dependencies, undefined, 'no runtime dependencies');
});

test('require() gets the CommonJS build and import the ES module build, with the same API', async () => {
  const required = createRequire(import.meta.url)('@wegate/miniprogram');
  const imported = await import('@wegate/miniprogram');
  for (const api of [required, imported]) {
    assert.equal(typeof api.createClient, 'function');
    assert.equal(typeof api.WeGateError, 'function');
  }
  assert.notEqual(required.createClient, imported.createClient, 'two builds');
  assert.match(readFileSync(new URL('dist/cjs/index.js', root), 'utf8'), /exports\.createClient/);
});

test('the builds import nothing but their own files: no Node built-in, no package, so WeChat\'s tools and any bundler take them', () => {
  for (const build of ['esm', 'cjs']) {
    const dir = new URL(`dist/${build}/`, root);
    for (const file of readdirSync(dir).filter(f => f.endsWith('.js'))) {
      const source = readFileSync(new URL(file, dir), 'utf8');
      const specifiers = [...source.matchAll(/(?:from |require\()["']([^"']+)["']/g)].map(m => m[1]);
      assert.deepEqual(specifiers.filter(s => !s.startsWith('./')), [], `dist/${build}/${file}`);
    }
  }
});
