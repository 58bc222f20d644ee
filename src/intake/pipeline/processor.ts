import type { DuckDBConnection } from '@duckdb/node-api';
import { BulkLoader, scriptStatements, transaction } from '../../shared/duckdb.js';
import { RECEIPT_JSON } from '../../dispensing/schema.js';
import type { IngestSummary, Receipt } from '../message/message.js';
import { CHUNK_TOTALS, CLASSIFY, CLEANUP, LOG_MESSAGES, META_TABLES, RECEIPTS, REPEATED, STORE } from './apply.js';
import { settle, type Arrival } from './classify.js';
import type { SplitCache } from './split.js';
import { PROFILE, timed } from './profile.js';
import { PRICE_PERIODS, MACROS, RAW_TABLE, PARSE_FIRST, PARSE_MORE, STAGE_DISPENSINGS, STAGE_ENRICH, STAGE_KEYS, ENRICH_WINDOW, STAGE_MESSAGES, STAGE_SPLIT, STAGE_CLEANUP } from './stage.js';

/**
 * One message as received: its JSON text, as a string or as the UTF-8 bytes it arrived in (a file's or
 * a body's lines stay bytes: DuckDB decodes them, so the text is never transcoded in JavaScript), or
 * null when it was too large to keep.
 */
export interface RawMessage {
  text: string | Uint8Array | null;
}

/** A message's text as a string (for the few that JavaScript reads: FHIR Bundles, failed chunks' headers). */
export function messageText(m: RawMessage): string | null {
  return m.text === null || typeof m.text === 'string' ? m.text : Buffer.from(m.text.buffer, m.text.byteOffset, m.text.byteLength).toString('utf8');
}

export type Channel = 'api' | 'fhir' | 'file';

export interface ChunkContext {
  /** The pharmacy the sender may report for; null for register staff and files (any pharmacy). */
  client: string | null;
  channel: Channel;
  /** Return the receipts (the API does; a file ingest only counts). */
  receipts: boolean;
}

export type Counts = Omit<IngestSummary, 'seconds'>;

export interface ChunkResult {
  counts: Counts;
  receipts: Receipt[];
}

type Bind = Record<string, string | null>;

/**
 * A chunk's messages are parsed a slice at a time (stage.ts, PARSE_MESSAGES): at most this many bytes
 * of message text, or 2,048 messages (one DuckDB vector), per slice. In a microbenchmark, parsing a
 * 128 MiB chunk in one statement took the process to 1.9 GB; in slices, to 0.8 GB, in the same time.
 * LMR_INTAKE_PARSE_SLICE_KIB (default 8192).
 */
export const PARSE_SLICE = { bytes: Number(process.env.LMR_INTAKE_PARSE_SLICE_KIB ?? 8192) * 1024, messages: 2048 } as const;

/** The [lo, hi) ranges of message positions (seq) that make up the slices of a chunk. */
export function parseSlices(messages: readonly RawMessage[], limits: { bytes: number; messages: number } = PARSE_SLICE): [number, number][] {
  const slices: [number, number][] = [];
  let lo = 0;
  let bytes = 0;
  messages.forEach((m, i) => {
    bytes += m.text?.length ?? 0;
    if (bytes >= limits.bytes || i + 1 - lo >= limits.messages) {
      slices.push([lo, i + 1]);
      lo = i + 1;
      bytes = 0;
    }
  });
  if (lo < messages.length || slices.length === 0) slices.push([lo, messages.length]);
  return slices;
}

/** Runs a script of statements with named parameters: each statement gets the ones it uses. */
async function script(conn: DuckDBConnection, sql: string, params: Bind = {}): Promise<void> {
  for (const { sql: statement, params: used } of scriptStatements(sql, params)) {
    const t = PROFILE ? performance.now() : 0;
    // LMR_INTAKE_EXPLAIN=<text>: the query plan, with timings, of each statement containing <text> (to stderr).
    const explain = process.env.LMR_INTAKE_EXPLAIN;
    if (explain && statement.includes(explain)) {
      const r = await conn.runAndReadAll('EXPLAIN ANALYZE ' + statement, used);
      process.stderr.write(`${(r.getRowsJS()[0]?.[1] as string | undefined) ?? ''}\n`);
    } else await conn.run(statement, used);
    if (PROFILE) {
      const label = statement.slice(0, 70).replace(/\s+/g, ' ');
      PROFILE.set(label, (PROFILE.get(label) ?? 0) + performance.now() - t);
    }
  }
}

/**
 * Messages whose id an earlier chunk committed for another pharmacy after this chunk was staged, and
 * which the message rules therefore did not flag: the chunk must be staged again.
 */
const STALE_MESSAGE_IDS = `SELECT count(*) FROM s_m m
JOIN (SELECT message_id, min(pharmacy) AS pharmacy FROM dispensing.intake_message WHERE message_id IN (SELECT message_id FROM s_m) GROUP BY ALL) h
  ON h.message_id = m.message_id
WHERE h.pharmacy IS DISTINCT FROM m.pharmacy AND NOT list_contains(m.msg_rules, 'message.id-conflict')`;

/** A chunk staged before an earlier chunk committed a conflicting message id: retried (staged again). */
export class StaleChunkError extends Error {
  constructor() {
    super('the chunk was staged before an earlier chunk committed one of its message ids');
    this.name = 'StaleChunkError';
  }
}

async function count(conn: DuckDBConnection, sql: string): Promise<number> {
  return Number((await conn.runAndReadAll(sql)).getRowsJS()[0]![0]);
}

function localDate(d: Date): string {
  const p = (n: number): string => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}`;
}

/**
 * Processes one chunk of whole messages on the intake connection: stage, split, enrich, validate,
 * settle against what the register holds, store, and receipt — committed as one transaction, so a
 * message is applied fully or not at all. Plain identity numbers exist only in the connection's
 * in-memory temp tables until the split, and in this process's memory while they are checked.
 */
export class ChunkProcessor {
  private ready = false;

  constructor(
    private readonly conn: DuckDBConnection,
    private readonly cache: SplitCache,
  ) {}

  private async init(): Promise<void> {
    if (this.ready) return;
    await script(this.conn, MACROS + META_TABLES + PRICE_PERIODS + ';\n');
    this.ready = true;
  }

  /** Stages and applies a chunk in one go (see `stage` and `apply`). */
  async process(messages: readonly RawMessage[], ctx: ChunkContext): Promise<ChunkResult> {
    const staged = await this.stage(messages, ctx);
    return this.apply(staged, ctx);
  }

  /**
   * The first phase of a chunk, which reads only the reference store, the vault and committed message
   * ids, so two chunks can be staged at once on two processors: parse, the message rules, the split
   * (numbers to the vault, ids back; the numbers are dropped), enrichment and the dispensing rules.
   * On failure the chunk's tables are dropped.
   */
  async stage(messages: readonly RawMessage[], ctx: ChunkContext): Promise<Bind> {
    await this.init();
    const conn = this.conn;
    const now = new Date();
    const params: Bind = { client: ctx.client, today: localDate(now), now: now.toISOString(), channel: ctx.channel };
    try {
      await timed('js: load raw', async () => {
        await conn.run(RAW_TABLE);
        const raw = await BulkLoader.create(conn, 'raw');
        try {
          messages.forEach((m, seq) =>
            raw.append(typeof m.text === 'string' ? [BigInt(seq), m.text, null, false] : [BigInt(seq), null, m.text, m.text === null]),
          );
        } finally {
          raw.close();
        }
      });
      for (const [i, [lo, hi]] of parseSlices(messages).entries()) await script(conn, i === 0 ? PARSE_FIRST(lo, hi) : PARSE_MORE(lo, hi), params);
      await script(conn, STAGE_MESSAGES, params);
      await script(conn, STAGE_DISPENSINGS, params);
      await timed('split', () => this.cache.split(conn));
      await script(conn, STAGE_SPLIT, params);
      await script(conn, STAGE_KEYS, params);
      const [lo, hi] = (await conn.runAndReadAll(ENRICH_WINDOW, { today: params.today! })).getRowsJS()[0] as [string | null, string | null];
      await script(conn, STAGE_ENRICH(lo !== null && hi !== null ? { lo, hi } : null), params);
      return params;
    } catch (err) {
      await this.discard();
      throw err;
    }
  }

  /**
   * The second phase, one chunk at a time and in the order chunks arrived: settle against what the
   * store holds, store, log and receipt, in one transaction. A message id that an earlier chunk
   * committed for another pharmacy after this chunk was staged makes the chunk stale: it is staged
   * again (a retry), so the message-level rules always see every earlier chunk.
   */
  async apply(params: Bind, ctx: ChunkContext): Promise<ChunkResult> {
    const conn = this.conn;
    try {
      if ((await count(conn, STALE_MESSAGE_IDS)) > 0) throw new StaleChunkError();
      await script(conn, CLASSIFY, params);
      await this.settleRepeated();
      await script(conn, RECEIPTS, params);
      await transaction(conn, async () => {
        await script(conn, STORE, params);
        await script(conn, LOG_MESSAGES, params);
      });
      const totals = (await conn.runAndReadAll(CHUNK_TOTALS)).getRowObjectsJS()[0] as unknown as Counts;
      const receipts = ctx.receipts
        ? ((await conn.runAndReadAll(`SELECT (${RECEIPT_JSON('s_receipt')})::VARCHAR AS r FROM s_receipt ORDER BY seq`)).getRowsJS() as [string][]).map(([r]) => JSON.parse(r) as Receipt)
        : [];
      return { counts: totals, receipts };
    } finally {
      await this.discard();
    }
  }

  /** Drops every table of the chunk (staging and settling). */
  async discard(): Promise<void> {
    await script(this.conn, STAGE_CLEANUP + CLEANUP);
  }

  /** Keys that arrive more than once in the chunk: settled in order (rare). */
  private async settleRepeated(): Promise<void> {
    const rows = (await this.conn.runAndReadAll(REPEATED)).getRowObjectsJS() as unknown as {
      seq: bigint; idx: number; pharmacy: string; ref: string; version: number; cancelled: boolean; content_hash: string; held_version: number | null; held_hash: string | null;
    }[];
    if (rows.length === 0) return;
    const arrivals: Arrival[] = rows.map((r) => ({
      seq: Number(r.seq), idx: r.idx, pharmacy: r.pharmacy, ref: r.ref, version: r.version, cancelled: r.cancelled,
      contentHash: r.content_hash, heldVersion: r.held_version, heldHash: r.held_hash,
    }));
    const loader = await BulkLoader.create(this.conn, 's_k2');
    try {
      for (const v of settle(arrivals)) loader.append([BigInt(v.seq), v.idx, v.status, v.rule, v.effective, v.isCurrent]);
    } finally {
      loader.close();
    }
  }
}
