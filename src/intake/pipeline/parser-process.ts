/**
 * The parser process (see parser.ts): parses chunks of messages and writes them out with every identity
 * number replaced by its keyed digest; checks the numbers behind the digests the split asks about. It
 * writes no store. Its only output is the Parquet files of parsed chunks and its answers over IPC; it
 * never logs a message's text or a DuckDB error's message (either may quote a number).
 */
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { BulkLoader } from '../../shared/duckdb.js';
import type { Role } from '../../identity/index.js';
import { parseSlices, type RawMessage } from './slices.js';
import { PROFILE } from './profile.js';
import { errorKind, script } from './script.js';
import { MACROS, PARSE_CLEANUP, PARSE_DISPENSINGS, PARSE_EXPORT, PARSE_FIRST, PARSE_MORE, RAW_TABLE } from './stage.js';
import { checkNumber } from './split.js';
import type { ParserRequest, ParserReply } from './parser.js';

// Nothing of a failure but its kind leaves this process.
const die = (err: unknown): never => {
  process.stderr.write(`lmr parser process: ${errorKind(err)}\n`);
  process.exit(70);
};
process.on('uncaughtException', die);
process.on('unhandledRejection', die);
// The intake that started it is gone: so is the parser.
process.on('disconnect', () => process.exit(0));

let key = '';
let instance: DuckDBInstance | null = null;
const lanes = new Map<number, Promise<DuckDBConnection>>();
function lane(n: number): Promise<DuckDBConnection> {
  let c = lanes.get(n);
  if (!c) {
    if (!instance) throw new Error('not initialised');
    c = instance.connect().then(async (conn) => {
      await script(conn, MACROS);
      return conn;
    });
    lanes.set(n, c);
  }
  return c;
}

/** Parses one chunk on the lane's connection and writes it out (PARSE_EXPORT). s_numx stays for `numbers`. */
async function parse(conn: DuckDBConnection, bytes: Uint8Array, lengths: Int32Array, files: { messages: string; dispensings: string }): Promise<void> {
  const messages: RawMessage[] = [];
  let at = 0;
  for (const n of lengths) {
    messages.push({ text: n < 0 ? null : bytes.subarray(at, at + n) });
    if (n > 0) at += n;
  }
  try {
    await script(conn, RAW_TABLE);
    const raw = await BulkLoader.create(conn, 'raw');
    try {
      messages.forEach((m, seq) => raw.append([BigInt(seq), null, m.text, m.text === null]));
    } finally {
      raw.close();
    }
    for (const [i, [lo, hi]] of parseSlices(messages).entries()) await script(conn, i === 0 ? PARSE_FIRST(lo, hi) : PARSE_MORE(lo, hi));
    await script(conn, 'DROP TABLE raw;');
    await script(conn, PARSE_DISPENSINGS);
    await script(conn, PARSE_EXPORT(files), { split_key: key });
  } catch (err) {
    await script(conn, PARSE_CLEANUP);
    throw err;
  }
}

/** The missed digests' numbers, checked; the number itself only where valid and `ok`. */
async function numbers(conn: DuckDBConnection, misses: readonly { role: Role; digest: string; ok: boolean }[]) {
  await conn.run(`CREATE OR REPLACE TEMP TABLE s_q (i INTEGER, role VARCHAR, digest VARCHAR)`);
  const q = await BulkLoader.create(conn, 's_q');
  try {
    misses.forEach((m, i) => q.append([i, m.role, m.digest]));
  } finally {
    q.close();
  }
  const rows = (await conn.runAndReadAll(`SELECT q.i, n.plain FROM s_q q JOIN s_numx n ON n.role = q.role AND n.digest = q.digest::UHUGEINT`)).getRowsJS() as [number, string][];
  await conn.run('DROP TABLE s_q');
  const plain: (string | undefined)[] = [];
  for (const [i, n] of rows) plain[i] = n;
  return misses.map((m, i) => {
    const n = plain[i];
    if (n === undefined) throw new Error('a digest the chunk does not hold');
    return checkNumber(m.role, n, m.ok);
  });
}

function reply(r: ParserReply): void {
  if (PROFILE && PROFILE.size > 0) {
    r.profile = [...PROFILE];
    PROFILE.clear();
  }
  process.send!(r);
}

process.on('message', (req: ParserRequest) => {
  void (async () => {
    try {
      if (req.op === 'init') {
        key = req.key;
        instance = await DuckDBInstance.create(':memory:', { memory_limit: req.memoryLimit, threads: '1', temp_directory: req.spill });
        reply({ id: req.id, ok: true });
        return;
      }
      const conn = await lane(req.lane);
      switch (req.op) {
        case 'parse':
          await parse(conn, req.bytes, req.lengths, req.files);
          reply({ id: req.id, ok: true });
          break;
        case 'numbers':
          reply({ id: req.id, ok: true, numbers: await numbers(conn, req.misses) });
          break;
        case 'release':
          await script(conn, PARSE_CLEANUP);
          reply({ id: req.id, ok: true });
          break;
      }
    } catch (err) {
      reply({ id: req.id, ok: false, error: errorKind(err) });
    }
  })();
});
process.send!({ id: 0, ok: true });
