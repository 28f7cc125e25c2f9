/**
 * A real PostgreSQL server for the tests and the bench: Debian's `initdb` and `pg_ctl` make a cluster in a temporary
 * folder and run it on a free port of 127.0.0.1, with a password, as a merchant's server would ask for one. The
 * server refuses to run as root, so as root the folder belongs to the `postgres` user and the commands run as it.
 * Every server started is stopped and its folder removed when the suite ends, whatever fails, and at the latest when
 * the process exits.
 */
import { execFile, execFileSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { userInfo, tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import postgres from 'postgres';
import { freePort } from './servers.ts';

const run = promisify(execFile);

/** Where the server's programs are: MAEMANEE_PG_BIN, else Debian's newest /usr/lib/postgresql/<version>/bin. */
function binaries(): string {
  const given = process.env.MAEMANEE_PG_BIN;
  if (given) return given;
  const root = '/usr/lib/postgresql';
  const versions = existsSync(root) ? readdirSync(root).filter((v) => existsSync(join(root, v, 'bin', 'pg_ctl'))) : [];
  if (versions.length === 0) {
    throw new Error('No PostgreSQL server found for the tests: install it (Debian/Ubuntu: sudo apt-get install -y postgresql) or set MAEMANEE_PG_BIN to the folder of its pg_ctl');
  }
  return join(root, versions.sort((a, b) => Number(b) - Number(a))[0], 'bin');
}

const asRoot = userInfo().uid === 0;

/** Runs one of the server's programs, as the `postgres` user when this process is root. */
function pg(program: string, args: string[]) {
  const path = join(binaries(), program);
  return asRoot ? run('runuser', ['-u', 'postgres', '--', path, ...args]) : run(path, args);
}

const USER = 'maemanee';
const PASSWORD = 'test-password-not-a-secret';

export interface PostgresServer {
  /** The URL of its first database, as MAEMANEE_DB takes it. */
  url: string;
  port: number;
  /** A new, empty database on the server, and its URL. */
  database(name?: string): Promise<string>;
  /** Stops the server (a fast shutdown: connections are cut), keeping its data, as an outage would. */
  halt(): Promise<void>;
  /** Starts it again on the same port, after `halt`. */
  resume(): Promise<void>;
  /** Stops it for good and removes its folder. */
  stop(): Promise<void>;
}

const running = new Set<{ data: string; dir: string }>();
process.once('exit', () => {
  for (const server of running) {
    try {
      const ctl = join(binaries(), 'pg_ctl');
      execFileSync(asRoot ? 'runuser' : ctl, [...(asRoot ? ['-u', 'postgres', '--', ctl] : []), 'stop', '-D', server.data, '-m', 'immediate'], { stdio: 'ignore' });
    } catch {
      // not running
    }
    rmSync(server.dir, { recursive: true, force: true });
  }
});

/**
 * Starts a server. `durable` keeps fsync on (the bench measures what a merchant's server does); the tests turn it off,
 * as they never cut the machine's power.
 */
export async function startPostgres({ durable = false } = {}): Promise<PostgresServer> {
  const dir = mkdtempSync(join(tmpdir(), 'maemanee-pg-'));
  const data = join(dir, 'data');
  const pwfile = join(dir, 'password');
  writeFileSync(pwfile, PASSWORD);
  if (asRoot) {
    const { uid, gid } = postgresUser();
    chownSync(dir, uid, gid);
    chownSync(pwfile, uid, gid);
  }
  const server = { data, dir };
  running.add(server);
  await pg('initdb', ['-D', data, '-U', USER, `--pwfile=${pwfile}`, '--auth=scram-sha-256', '--no-sync', '-E', 'UTF8', '--locale=C']);
  let port = 0;
  const start = async () => {
    const settings = [
      `-c listen_addresses=127.0.0.1`,
      `-p ${port}`,
      `-k ${dir}`,
      `-c max_connections=200`,
      ...(durable ? [] : ['-c fsync=off', '-c synchronous_commit=off', '-c full_page_writes=off']),
    ];
    await pg('pg_ctl', ['start', '-D', data, '-w', '-t', '60', '-l', join(dir, 'log'), '-o', settings.join(' ')]);
  };
  // A port found free can be taken before the server binds it: another, a few times.
  for (let attempt = 1; ; attempt++) {
    port = await freePort();
    try {
      await start();
      break;
    } catch (error) {
      if (attempt >= 3) throw error;
    }
  }
  const urlOf = (db: string) => `postgres://${USER}:${PASSWORD}@127.0.0.1:${port}/${db}`;
  const admin = postgres(urlOf('postgres'), { max: 1, onnotice: () => {} });
  let databases = 0;
  return {
    url: urlOf('postgres'),
    port,
    async database(name = `ledger_${++databases}`) {
      await admin.unsafe(`CREATE DATABASE ${name}`);
      return urlOf(name);
    },
    async halt() {
      await admin.close();
      await pg('pg_ctl', ['stop', '-D', data, '-m', 'fast', '-w']);
    },
    resume: start,
    async stop() {
      await admin.end({ timeout: 1 });
      await pg('pg_ctl', ['stop', '-D', data, '-m', 'immediate', '-w']).catch(() => {});
      running.delete(server);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

function postgresUser(): { uid: number; gid: number } {
  const line = execFileSync('getent', ['passwd', 'postgres'], { encoding: 'utf8' }).split(':');
  return { uid: Number(line[2]), gid: Number(line[3]) };
}
