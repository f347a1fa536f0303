// Runs the built server (wegate.dll) as a child process for a test file: `dotnet build` (or `dotnet
// test`, which builds) must have run; WEGATE_DLL=/path/to/wegate.dll runs another build.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');

export async function freePort() {
  const server = createServer();
  await new Promise(done => server.listen(0, '127.0.0.1', done));
  const { port } = server.address();
  await new Promise(done => server.close(done));
  return port;
}

// `dotnet wegate.dll <args>` in its own process group (detached), so stop() ends dotnet and anything it
// started at once; if this process ends without stop(), the server goes with it. `cleanup` runs after
// the server has ended either way.
export function runServer(args, env = {}, cleanup = () => {}) {
  const dll = process.env.WEGATE_DLL ?? resolve(repo, 'src/WeGate.Server/bin/Debug/net10.0/wegate.dll');
  if (!existsSync(dll)) {
    throw new Error(`${dll} does not exist: run \`dotnet build\` (or \`dotnet test\`) before \`npm test\`.`);
  }

  const child = spawn('dotnet', [dll, ...args], {
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, DOTNET_NOLOGO: '1', ...env },
  });
  const server = { output: '', exited: null };
  child.stdout.on('data', chunk => { server.output += chunk; });
  child.stderr.on('data', chunk => { server.output += chunk; });
  child.on('exit', code => { server.exited = code ?? 'signal'; });
  const onExit = () => {
    if (child.exitCode === null && child.signalCode === null) {
      signalGroup(child, 'SIGKILL');
    }
    cleanup();
  };
  process.once('exit', onExit);
  child.once('exit', () => process.off('exit', onExit));

  server.stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise(done => child.once('exit', done));
      signalGroup(child, 'SIGTERM');
      const timer = setTimeout(() => signalGroup(child, 'SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    }
    cleanup();
  };
  return server;
}

// Polls `url` until it answers 2xx. Fails at once when `server` (from runServer, or null for one
// started elsewhere) has exited, and after 60 s.
export async function waitUntilReady(url, server) {
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (server?.exited != null) {
      throw new Error(`the server exited (${server.exited}) before ${url} answered:\n${server.output}`);
    }

    try {
      if ((await fetch(url)).ok) {
        return;
      }
    } catch {
      // not listening yet
    }

    if (Date.now() > deadline) {
      throw new Error(`${url} did not answer within 60 s:\n${server?.output ?? ''}`);
    }

    await new Promise(done => setTimeout(done, 100));
  }
}

function signalGroup(child, signal) {
  try {
    process.kill(-child.pid, signal);
  } catch (error) {
    if (error.code !== 'ESRCH') {
      throw error;
    }
  }
}
