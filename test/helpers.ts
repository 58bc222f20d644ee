import { spawn, spawnSync } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

/** Typed helpers for integration tests: the real CLI (compiled), real files, real servers. */

export const ROOT = resolve(import.meta.dirname, '..');
export const CLI = join(ROOT, 'dist', 'cli', 'main.js');
export const FIXTURES = resolve(ROOT, 'test/__fixtures__');

export async function tempDir(prefix = 'lmr-test-'): Promise<{ path: string; remove(): Promise<void> }> {
  const path = await mkdtemp(join(tmpdir(), prefix));
  return { path, remove: () => rm(path, { recursive: true, force: true }) };
}

export interface CliResult {
  status: number;
  stdout: string;
  stderr: string;
  json<T = Record<string, unknown>>(): T;
}

/** Runs `lmr` synchronously with `--data DATA`. */
export function lmr(data: string, args: string[], env: Record<string, string> = {}): CliResult {
  const r = spawnSync(process.execPath, [CLI, '--data', data, ...args], {
    encoding: 'utf8',
    env: { ...process.env, LMR_LOG_LEVEL: 'warn', ...env },
    maxBuffer: 64 * 1024 * 1024,
  });
  return {
    status: r.status ?? -1,
    stdout: r.stdout,
    stderr: r.stderr,
    json<T>() {
      return JSON.parse(r.stdout) as T;
    },
  };
}

/** Starts `lmr serve --port 0` and waits for it to listen. */
export async function serve(data: string, extraEnv: Record<string, string> = {}): Promise<{ url: string; logs: () => string; stop(): Promise<void> }> {
  const child = spawn(process.execPath, [CLI, '--data', data, 'serve', '--port', '0'], {
    env: { ...process.env, LMR_LOG_LEVEL: 'info', ...extraEnv },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let logs = '';
  const url = await new Promise<string>((resolveUrl, reject) => {
    const onData = (b: Buffer): void => {
      logs += b.toString();
      const m = /serving on (http:\/\/localhost:\d+)/.exec(logs);
      if (m) resolveUrl(m[1]!);
    };
    child.stderr.on('data', onData);
    child.stdout.on('data', (b: Buffer) => (logs += b.toString()));
    child.once('exit', (code) => reject(new Error(`server exited with ${String(code)}: ${logs}`)));
    setTimeout(() => reject(new Error(`server did not start: ${logs}`)), 30_000);
  });
  return {
    url,
    logs: () => logs,
    stop: () =>
      new Promise<void>((done) => {
        child.once('exit', () => done());
        child.kill('SIGTERM');
      }),
  };
}

/** Every file under `root`. */
export async function allFilePaths(root: string): Promise<string[]> {
  const out: string[] = [];
  for (const e of await readdir(root, { recursive: true, withFileTypes: true })) if (e.isFile()) out.push(join(e.parentPath, e.name));
  return out;
}

export interface Leak {
  needle: string;
  file: string;
  where: string;
}

/**
 * Looks for any of `needles` (identity numbers) in every file under `root`, two ways:
 * - in the raw bytes, as a run of digits in UTF-8/Latin-1 or UTF-16 text (logs, JSON, CSV, WAL, …);
 * - inside every DuckDB database, by value: every column of every table, cast to text. A byte scan
 *   alone could miss a number that DuckDB stored compressed.
 * A run of digits inside a hexadecimal token of a pseudonym's or a hash's length (16, 20, 32, 40 or 64
 * characters, with at least one letter) is part of that token, not a number: a random 16-digit project
 * number holds a 7-digit run equal to some HPR number often enough to fail a test by chance.
 */
export async function scanForNeedles(root: string, needles: ReadonlySet<string>): Promise<Leak[]> {
  const leaks: Leak[] = [];
  for (const file of await allFilePaths(root)) {
    const bytes = await readFile(file);
    const latin = bytes.toString('latin1');
    const utf16 = bytes.length % 2 === 0 ? bytes.toString('utf16le') : '';
    for (const text of [latin, utf16]) {
      for (const m of text.matchAll(/\d{1,11}/g)) {
        if (needles.has(m[0]) && !insideHexToken(text, m.index, m[0].length)) leaks.push({ needle: m[0], file, where: 'bytes' });
      }
    }
    if (bytes.subarray(8, 12).toString('latin1') === 'DUCK') leaks.push(...(await scanDuckDb(file, needles)));
  }
  return leaks;
}

const HEX = /[0-9a-f]/i;
const TOKEN_LENGTHS = new Set([16, 20, 32, 40, 64]);

function insideHexToken(text: string, at: number, length: number): boolean {
  let start = at;
  let end = at + length;
  while (start > 0 && HEX.test(text[start - 1]!)) start--;
  while (end < text.length && HEX.test(text[end]!)) end++;
  return TOKEN_LENGTHS.has(end - start) && /[a-f]/i.test(text.slice(start, end));
}

async function scanDuckDb(file: string, needles: ReadonlySet<string>): Promise<Leak[]> {
  const { DuckDBInstance } = await import('@duckdb/node-api');
  const db = await DuckDBInstance.create(':memory:');
  const conn = await db.connect();
  const leaks: Leak[] = [];
  try {
    await conn.run(`ATTACH '${file.replaceAll("'", "''")}' AS scanned (READ_ONLY)`);
    await conn.run('CREATE TEMP TABLE needles (n VARCHAR)');
    const app = await conn.createAppender('needles');
    for (const n of needles) {
      app.appendVarchar(n);
      app.endRow();
    }
    app.closeSync();
    const cols = (await conn.runAndReadAll(
      `SELECT table_name, column_name FROM duckdb_columns() WHERE database_name = 'scanned'`,
    )).getRowsJS() as [string, string][];
    for (const [t, c] of cols) {
      const q = `SELECT DISTINCT CAST("${c.replaceAll('"', '""')}" AS VARCHAR) AS v FROM scanned."${t.replaceAll('"', '""')}"
                 WHERE CAST("${c.replaceAll('"', '""')}" AS VARCHAR) IN (SELECT n FROM needles) LIMIT 5`;
      for (const [v] of (await conn.runAndReadAll(q)).getRowsJS() as [string][]) leaks.push({ needle: v, file, where: `${t}.${c}` });
    }
  } finally {
    conn.closeSync();
    db.closeSync();
  }
  return leaks;
}
