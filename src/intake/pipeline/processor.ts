import type { DuckDBConnection } from '@duckdb/node-api';
import { BulkLoader, transaction } from '../../shared/duckdb.js';
import { RECEIPT_JSON } from '../../dispensing/schema.js';
import type { IngestSummary, Receipt } from '../message/message.js';
import { CHUNK_TOTALS, CLASSIFY, CLEANUP, FULL_HELD, LOG_MESSAGES, META_TABLES, PRE_CLASSIFY, PRE_HELD, PRE_HELD_MOVED, RECEIPTS, REPEATED, SINCE_STAGED, STORE, STORE_EXTENT } from './apply.js';
import { settle, type Arrival } from './classify.js';
import type { SplitCache } from './split.js';
import { timed } from './profile.js';
import { PRICE_PERIODS, MACROS, PARSED_IMPORT, STAGE_ENRICH, STAGE_KEYS, ENRICH_WINDOW, STAGE_MESSAGES, STAGE_SPLIT, STAGE_CLEANUP } from './stage.js';
import { ParserProcess, type Parsed } from './parser.js';
import { script, type Bind } from './script.js';
import type { Chunk } from './slices.js';

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
 * Processes one chunk of whole messages: parsed in the parser process (parser.ts), then on the intake
 * connection split, enriched, validated, settled against what the register holds, stored, and
 * receipted — committed as one transaction, so a message is applied fully or not at all. The intake
 * connection never holds a message's text or a plain number; the numbers the vault must register pass
 * through this process's JavaScript memory only, on their way to the vault.
 */
export class ChunkProcessor {
  private ready = false;
  /** The store's extent when this lane last staged a chunk: the next reading starts there (the store only grows). */
  private extent = 0n;

  constructor(
    private readonly conn: DuckDBConnection,
    private readonly cache: SplitCache,
    private readonly parser: ParserProcess,
  ) {}

  private async init(): Promise<void> {
    if (this.ready) return;
    await script(this.conn, MACROS + META_TABLES + PRICE_PERIODS + ';\n');
    this.ready = true;
  }

  /** Stages and applies a chunk in one go (see `stage` and `apply`). */
  async process(chunk: Chunk, ctx: ChunkContext): Promise<ChunkResult> {
    const staged = await this.stage(chunk, ctx);
    return this.apply(staged, ctx);
  }

  /**
   * The first phase of a chunk, which reads only the reference store, the vault and committed message
   * ids, so two chunks can be staged at once on two processors: parse (in the parser process), the
   * message rules, the split (digests looked up; new numbers to the vault, ids back), enrichment and the
   * dispensing rules. `parsing`: the chunk's parse, when the service started it ahead (ParserProcess.parse).
   * On failure the chunk's tables are dropped.
   */
  async stage(chunk: Chunk, ctx: ChunkContext, parsing?: Promise<Parsed>): Promise<Bind> {
    try {
      await this.init();
    } catch (err) {
      // The parse started ahead is this call's now: its files and slot (with the chunk's numbers) go.
      if (parsing) await this.parser.abandon(parsing);
      throw err;
    }
    const conn = this.conn;
    const now = new Date();
    const params: Bind = { client: ctx.client, today: localDate(now), now: now.toISOString(), channel: ctx.channel };
    try {
      const { slot, files } = await timed('parse (parser process, waited for)', () => parsing ?? this.parser.parse(chunk));
      try {
        try {
          await script(conn, PARSED_IMPORT(files));
        } finally {
          await ParserProcess.remove(files);
        }
        await script(conn, STAGE_MESSAGES, params);
        await timed('split', () => this.cache.split(conn, (misses) => this.parser.numbers(slot, misses)));
      } finally {
        // The parser drops the chunk's numbers, also when a step failed (if it is gone, they went with it).
        await this.parser.release(slot).catch(() => undefined);
      }
      await script(conn, STAGE_SPLIT, params);
      await script(conn, STAGE_KEYS, params);
      const [lo, hi] = (await conn.runAndReadAll(ENRICH_WINDOW, { today: params.today! })).getRowsJS()[0] as [string | null, string | null];
      await script(conn, STAGE_ENRICH(lo !== null && hi !== null ? { lo, hi } : null), params);
      // The key look-up against the store as it is now (the rows committed before the chunk's turn
      // are looked up then: see apply).
      const [[extent]] = (await conn.runAndReadAll(STORE_EXTENT, { hint: this.extent.toString() })).getRowsJS() as [[bigint]];
      this.extent = extent;
      params.w = extent.toString();
      await script(conn, PRE_CLASSIFY, params);
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
      await this.held(params);
      await script(conn, CLASSIFY, params);
      await this.settleRepeated();
      await script(conn, RECEIPTS, params);
      // Timed whole: less its statements, the profile shows the COMMIT (the store's new row groups
      // written and compressed, the WAL), which is a tenth of the intake's CPU.
      await timed('apply: transaction (store, log, commit)', () =>
        transaction(conn, async () => {
          await script(conn, STORE, params);
          await script(conn, LOG_MESSAGES, params);
        }),
      );
      const totals = (await conn.runAndReadAll(CHUNK_TOTALS)).getRowObjectsJS()[0] as unknown as Counts;
      const receipts = ctx.receipts
        ? ((await conn.runAndReadAll(`SELECT (${RECEIPT_JSON('s_receipt')})::VARCHAR AS r FROM s_receipt ORDER BY seq`)).getRowsJS() as [string][]).map(([r]) => JSON.parse(r) as Receipt)
        : [];
      return { counts: totals, receipts };
    } finally {
      await this.discard();
    }
  }

  /**
   * The rows the store holds for the chunk's keys, current now (s_held): those found when the chunk was
   * staged, still current, and those committed since. Should a rowid no longer name the row it named
   * then (it cannot, while nothing deletes dispensing rows), the whole look-up runs again here.
   */
  private async held(params: Bind): Promise<void> {
    const conn = this.conn;
    await script(conn, PRE_HELD, params);
    const [moved, shrunk] = (await conn.runAndReadAll(PRE_HELD_MOVED, { w: params.w! })).getRowsJS()[0] as [bigint, boolean];
    await script(conn, moved === 0n && !shrunk ? SINCE_STAGED : FULL_HELD, params);
  }

  /** Drops every table of the chunk (staging and settling). */
  async discard(): Promise<void> {
    await script(this.conn, STAGE_CLEANUP + CLEANUP);
  }

  /** Keys that arrive more than once in the chunk: settled in order (rare). */
  private async settleRepeated(): Promise<void> {
    const rows = (await this.conn.runAndReadAll(REPEATED)).getRowObjectsJS() as unknown as {
      seq: bigint; idx: number; pharmacy: string; ref: string; version: number; cancelled: boolean; content_hash: string; held_scheme_hash: string; held_version: number | null; held_hash: string | null;
    }[];
    if (rows.length === 0) return;
    const arrivals: Arrival[] = rows.map((r) => ({
      seq: Number(r.seq), idx: r.idx, pharmacy: r.pharmacy, ref: r.ref, version: r.version, cancelled: r.cancelled,
      contentHash: r.content_hash, heldSchemeHash: r.held_scheme_hash, heldVersion: r.held_version, heldHash: r.held_hash,
    }));
    const loader = await BulkLoader.create(this.conn, 's_k2');
    try {
      for (const v of settle(arrivals)) loader.append([BigInt(v.seq), v.idx, v.status, v.rule, v.effective, v.isCurrent]);
    } finally {
      loader.close();
    }
  }
}
