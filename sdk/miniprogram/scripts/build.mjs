// Builds dist/ from src/ with TypeScript: dist/esm (ES modules, for Taro, uni-app and other bundlers)
// and dist/cjs (CommonJS, which WeChat's developer tools need for 构建 npm), each with .d.ts types;
// then type-checks test/typings.ts, which holds the SDK's types to miniprogram-api-typings'.
import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
// TypeScript 7 (the native compiler): its package exports no script path, so its bin is run.
const tsc = resolve(root, 'node_modules/.bin/tsc');
const run = project => execFileSync(tsc, ['-p', project], { cwd: root, stdio: 'inherit' });

rmSync(resolve(root, 'dist'), { recursive: true, force: true });
run('tsconfig.json');
run('tsconfig.cjs.json');
// The package is "type": "module"; this marks dist/cjs as CommonJS for Node and bundlers.
mkdirSync(resolve(root, 'dist/cjs'), { recursive: true });
writeFileSync(resolve(root, 'dist/cjs/package.json'), '{ "type": "commonjs" }\n');
run('test/tsconfig.json');
