/**
 * The parser process (see parser.ts): parses chunks of messages and writes them out with every identity
 * number replaced by its keyed digest; checks the numbers behind the digests the split asks about. It
 * writes no store. Its only output is the Parquet files of parsed chunks and its answers over IPC; it
 * never logs a message's text or a DuckDB error's message (either may quote a number).
 */
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { BulkLoader } from '../../shared/duckdb.js';
import { ChunkBuffers, parseSlices, type FileRange, type RawMessage } from './slices.js';
import { readRange } from '../files.js';
import { PROFILE } from './profile.js';
import { errorKind, script } from './script.js';
import { MACROS, PARSE_CLEANUP, PARSE_DISPENSINGS, PARSE_EXPORT, PARSE_FIRST, PARSE_MORE, RAW_TABLE } from './stage.js';
import { FINGERPRINT_HI, FINGERPRINT_LO, NumberPacker, ROLE_LIST, type Misses } from './split.js';
import type { ParserRequest, ParserReply } from './parser.js';

let key = '';
let instance: DuckDBInstance | null = null;

/**
 * Ends the process, closing DuckDB first: its spill files (which may hold message text) go with the
 * instance. Nothing of a failure but its kind leaves this process.
 */
function end(code: number, err?: unknown): never {
  if (err !== undefined) process.stderr.write(`lmr parser process: ${errorKind(err)}\n`);
  try {
    instance?.closeSync();
  } catch {
    // exiting anyway
  }
  process.exit(code);
}
process.on('uncaughtException', (err) => end(70, err));
process.on('unhandledRejection', (err) => end(70, err));
// Closed by the intake (SIGTERM), or the intake that started it is gone: so is the parser.
process.on('SIGTERM', () => end(0));
process.on('disconnect', () => end(0));
/** One connection per slot: a chunk holds its slot (its tables) from its parse to its release. */
const slots = new Map<number, Promise<DuckDBConnection>>();
function slot(n: number): Promise<DuckDBConnection> {
  let c = slots.get(n);
  if (!c) {
    if (!instance) throw new Error('not initialised');
    c = instance.connect().then(async (conn) => {
      await script(conn, MACROS);
      return conn;
    });
    slots.set(n, c);
    // A slot whose connection failed gets a new one next time.
    c.catch(() => slots.delete(n));
  }
  return c;
}

/**
 * The messages' bytes, read from stdin in the order of the parse requests: `take(n)` gives the next n
 * bytes once they have arrived.
 */
const arrived: Buffer[] = [];
let arrivedBytes = 0;
const takers: { n: number; buffer: number; resolve: (b: Buffer) => void }[] = [];
const buffers = new ChunkBuffers();
function serve(): void {
  while (takers.length > 0 && arrivedBytes >= takers[0]!.n) {
    const { n, buffer, resolve } = takers.shift()!;
    const out = buffers.get(buffer, n).subarray(0, n);
    let at = 0;
    while (at < n) {
      const head = arrived[0]!;
      const k = Math.min(head.length, n - at);
      head.copy(out, at, 0, k);
      at += k;
      if (k === head.length) arrived.shift();
      else arrived[0] = head.subarray(k);
    }
    arrivedBytes -= n;
    resolve(out);
  }
}
process.stdin.on('data', (b: Buffer) => {
  arrived.push(b);
  arrivedBytes += b.length;
  serve();
});
function take(n: number, buffer: number): Promise<Buffer> {
  return new Promise((resolve) => {
    takers.push({ n, buffer, resolve });
    serve();
  });
}

/** The messages of bytes that came down stdin: `lengths` per message, -1 for one too large to keep. */
function piped(text: Buffer, lengths: Int32Array): RawMessage[] {
  const messages: RawMessage[] = [];
  let at = 0;
  for (const n of lengths) {
    messages.push({ text: n < 0 ? null : text.subarray(at, at + n) });
    if (n > 0) at += n;
  }
  return messages;
}

/** Reads a file range into the parse's buffer (emptied again if the read fails). */
async function read(range: FileRange, n: number): Promise<{ text: Buffer; messages: RawMessage[] }> {
  const buffer = buffers.get(n, range.end - range.start);
  try {
    return await readRange(range, buffer);
  } catch (err) {
    buffer.fill(0);
    throw err;
  }
}

/** Parses one chunk on its slot's connection and writes it out (PARSE_EXPORT). s_numx stays for `numbers`. */
async function parse(conn: DuckDBConnection, chunk: Promise<{ text: Buffer; messages: RawMessage[] }>, files: { messages: string; dispensings: string }): Promise<void> {
  const { text, messages } = await chunk;
  try {
    // A slice at a time: the raw table holds one slice's text (a few MiB), and each slice's table
    // reuses the memory the one before freed. A whole chunk's (128 MiB, copied twice on its way in)
    // was fresh memory for every chunk, faulted in a page at a time.
    for (const [i, [lo, hi]] of parseSlices(messages).entries()) {
      await script(conn, RAW_TABLE);
      const raw = await BulkLoader.create(conn, 'raw');
      try {
        // A Bundle mapped to a message is a string; every other message is bytes (DuckDB decodes them).
        for (let seq = lo; seq < hi; seq++) {
          const m = messages[seq]!;
          raw.append(typeof m.text === 'string' ? [BigInt(seq), m.text, null, false] : [BigInt(seq), null, m.text, m.text === null]);
        }
      } finally {
        raw.close();
      }
      await script(conn, i === 0 ? PARSE_FIRST(lo, hi) : PARSE_MORE(lo, hi));
    }
    await script(conn, 'DROP TABLE raw;');
    await script(conn, PARSE_DISPENSINGS);
    await script(conn, PARSE_EXPORT(files), { split_key: key });
  } catch (err) {
    await script(conn, PARSE_CLEANUP);
    throw err;
  } finally {
    // The chunk's text does not wait in memory for the buffer's next chunk.
    text.fill(0);
  }
}

/** The missed numbers (by position k in the chunk), checked; the number itself only where valid and `ok`. */
async function numbers(conn: DuckDBConnection, misses: Misses) {
  await conn.run(`CREATE OR REPLACE TEMP TABLE s_q (i INTEGER, k INTEGER)`);
  const q = await conn.createAppender('s_q');
  try {
    misses.k.forEach((k, i) => {
      q.appendInteger(i);
      q.appendInteger(k);
      q.endRow();
    });
  } finally {
    q.flushSync();
    q.closeSync();
  }
  // Each number's role as its position in ROLE_LIST, and its digest's fingerprint as two 32-bit halves:
  // plain JavaScript numbers, no BigInt per number.
  const [role, plain, lo, hi] = (
    await conn.runAndReadAll(
      `SELECT list_position(${ROLE_LIST}, n.role) - 1, n.plain, ${FINGERPRINT_LO('n.digest')}, ${FINGERPRINT_HI('n.digest')}
       FROM s_q q LEFT JOIN s_numx n USING (k) ORDER BY q.i`,
    )
  ).getColumnsJS() as [(number | null)[], (string | null)[], (number | null)[], (number | null)[]];
  await conn.run('DROP TABLE s_q');
  const packer = new NumberPacker(misses.k.length);
  for (let i = 0; i < misses.k.length; i++) {
    const r = role?.[i];
    const n = plain?.[i];
    const l = lo?.[i];
    const h = hi?.[i];
    // An empty string is a number too (an invalid one); only a k the chunk does not hold fails.
    if ((r !== 0 && r !== 1) || n == null || l == null || h == null) throw new Error('a number the chunk does not hold');
    packer.set(i, r, n, misses.ok[i] === 1, l, h);
  }
  return packer.packed();
}

function reply(r: ParserReply): void {
  if (PROFILE && PROFILE.size > 0) {
    r.profile = [...PROFILE];
    PROFILE.clear();
  }
  process.send!(r);
}

process.on('message', (req: ParserRequest) => {
  // Bytes are taken in the order the requests arrive, before anything is awaited.
  const lengths = req.op === 'parse' ? req.lengths : null;
  const bytes = req.op === 'parse' && lengths ? take(lengths.reduce((a, n) => a + Math.max(n, 0), 0), req.buffer) : null;
  void (async () => {
    try {
      if (req.op === 'init') {
        key = req.key;
        instance = await DuckDBInstance.create(':memory:', { memory_limit: req.memoryLimit, threads: '1', temp_directory: req.spill });
        reply({ id: req.id, ok: true });
        return;
      }
      const conn = await slot(req.slot);
      switch (req.op) {
        case 'parse':
          await parse(conn, lengths ? bytes!.then((text) => ({ text, messages: piped(text, lengths) })) : read(req.range!, req.buffer), req.files);
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
