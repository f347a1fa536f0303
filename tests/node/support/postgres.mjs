// The browser tests on PostgreSQL (docs/console.md): WEGATE_TEST_POSTGRES is the .NET tests' connection
// string of a server where a test may create databases (.ci/run starts one). Each WeGate started on
// PostgreSQL gets a new database, made and dropped with psql (Debian's postgresql-client).
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';

const server = process.env.WEGATE_TEST_POSTGRES ?? '';
const inCi = /^(1|true)$/i.test(process.env.CI ?? '');

// Why the PostgreSQL runs cannot happen here, or false. In CI that fails them instead of skipping.
export const skipPostgres = server.trim() === '' && !inCi
  ? 'needs PostgreSQL: set WEGATE_TEST_POSTGRES to a connection string of a server where it may create databases (.ci/run does)'
  : false;

// The databases a test that runs on both runs on, each with its skip reason.
export const databases = [['sqlite', false], ['postgres', skipPostgres]];

// "Host=…;Port=…;Username=…;Password=…;Database=…" as psql's environment.
function psqlEnv(connectionString) {
  const parts = Object.fromEntries(connectionString.split(';').filter(p => p.includes('='))
    .map(p => p.split(/=(.*)/s).slice(0, 2)).map(([k, v]) => [k.trim().toLowerCase(), v.trim()]));
  return {
    PGHOST: parts.host ?? parts.server ?? '127.0.0.1', PGPORT: parts.port ?? '5432', PGUSER: parts.username ?? parts['user id'] ?? parts.user ?? '',
    PGPASSWORD: parts.password ?? '', PGDATABASE: parts.database ?? 'postgres',
  };
}

function psql(sql) {
  const run = spawnSync('psql', ['-v', 'ON_ERROR_STOP=1', '-qAt', '-c', sql], { env: { ...process.env, ...psqlEnv(server) }, encoding: 'utf8' });
  if (run.error || run.status !== 0) {
    throw new Error(`psql ${sql}: ${run.error?.message ?? run.stderr}`);
  }
}

// A new, empty database: the environment that points WeGate at it, and drop() for when WeGate has stopped.
export function newDatabase() {
  if (server.trim() === '') {
    throw new Error('WEGATE_TEST_POSTGRES is not set: the PostgreSQL runs need a server (.ci/postgres start)');
  }
  const name = `wegate_node_${randomBytes(8).toString('hex')}`;
  psql(`CREATE DATABASE ${name}`);
  const connectionString = server.split(';').filter(p => p.trim() !== '' && !/^\s*database\s*=/i.test(p)).concat(`Database=${name}`).join(';');
  return {
    env: { WeGate__Database__Provider: 'postgres', WeGate__Database__ConnectionString: connectionString },
    drop: () => psql(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`),
  };
}

// What a test's name says of its database: nothing for SQLite, the default.
export const onDatabase = database => (database === 'sqlite' ? '' : ' (PostgreSQL)');
