import type { DuckDBConnection } from '@duckdb/node-api';
import { LmrError, badRequest, issue, notFound } from '../shared/outcome.js';
import type { IngestSummary, Receipt } from './message/message.js';
import { ChunkProcessor, StaleChunkError, type ChunkContext, type Counts } from './pipeline/processor.js';
import { isFileRange, messageText, type Chunk, type RawMessage } from './pipeline/slices.js';
import { fileChunks, readRange, streamedMessages } from './files.js';
import { access, stat } from 'node:fs/promises';
import { constants } from 'node:fs';
import type { Register } from './register.js';
import { SplitCache } from './pipeline/split.js';
import { ParserProcess, type Parsed } from './pipeline/parser.js';
import { errorKind } from './pipeline/script.js';
import { timed } from './pipeline/profile.js';
import { RECEIPT_JSON } from '../dispensing/schema.js';

/** A whole number from the environment, within [lo, hi]; the default when unset or not a number. */
export function whole(value: string | undefined, fallback: number, lo: number, hi: number): number {
  const n = Number.parseInt(value ?? '', 10);
  return Number.isNaN(n) ? fallback : Math.min(hi, Math.max(lo, n));
}

/** Processing limits (rules as data). */
export const INTAKE_LIMITS = {
  /**
   * Bytes of message text per chunk (one transaction): a chunk ends with the first message that reaches
   * it. Bounds the memory of chunks (the parser process holds one per parse at once, LMR_PARSER_PARSING;
   * for messages held here, an API body or a pipe, this process holds lanes + ahead chunks and the one
   * being cut); larger chunks mean fewer key look-ups against the store. LMR_INTAKE_CHUNK_MIB.
   */
  chunkBytes: Math.max(1, Math.floor(Number(process.env.LMR_INTAKE_CHUNK_MIB ?? 128) * 1024 * 1024)),
  chunkMessages: 200_000,
  /** Chunks staged at once, each on its own connection (LMR_INTAKE_LANES, 1–4; default 2). */
  lanes: whole(process.env.LMR_INTAKE_LANES, 2, 1, 4),
  /**
   * Chunks cut and parsed ahead of the lanes (LMR_INTAKE_AHEAD, 0–4; default 1): the parser process
   * parses the next chunk while the lanes stage and apply theirs.
   */
  ahead: whole(process.env.LMR_INTAKE_AHEAD, 1, 0, 4),
  /** Chunks the parser process parses at once (LMR_PARSER_PARSING, 1–4; default 1). */
  parsing: whole(process.env.LMR_PARSER_PARSING, 1, 1, 4),
  /** Attempts per chunk before its messages are stopped (LMR_INTAKE_ATTEMPTS, 1–10; default 3). */
  attempts: whole(process.env.LMR_INTAKE_ATTEMPTS, 3, 1, 10),
  retryDelayMs: [200, 1000],
} as const;

export type ProcessingStatus = 'ready' | 'processing' | 'aborted' | 'done' | 'stopped';

export interface MessageState {
  messageId: string;
  pharmacy: string | null;
  status: ProcessingStatus;
  attempts: number;
  receivedAt: string;
  finishedAt: string | null;
  channel: string;
  receipt: Receipt | null;
}

export interface IngestResult {
  summary: IngestSummary;
  receipts: Receipt[];
}

const zero = (): Counts => ({ messages: 0, dispensings: 0, accepted: 0, rejected: 0, duplicates: 0, corrected: 0, cancelled: 0 });

/** The messageId and pharmacy of a message that could not be processed, for the event log (best effort). */
function headerOf(m: RawMessage): { messageId: string | null; pharmacy: string | null } {
  const text = messageText(m);
  const id = text ? /"messageId"\s*:\s*"([A-Za-z0-9._:-]{1,64})"/.exec(text) : null;
  const ph = text ? /"pharmacy"\s*:\s*"([A-Za-z0-9._:-]{1,64})"/.exec(text) : null;
  return { messageId: id?.[1] ?? null, pharmacy: ph?.[1] ?? null };
}

/** A chunk's messages (a file range's are read from the file). */
async function messagesOf(chunk: Chunk): Promise<readonly RawMessage[]> {
  return isFileRange(chunk) ? (await readRange(chunk, Buffer.alloc(chunk.end - chunk.start))).messages : chunk;
}

/** An input of a delivery: a regular file (cut into ranges) or a pipe or device (read as a stream). */
interface Input {
  path: string;
  regular: boolean;
  bytes: number;
}

/** What a failure to open or read an input says: its system code, never its contents; the file is named. */
function unreadable(path: string, err: unknown): LmrError {
  const code = (err as NodeJS.ErrnoException | null)?.code;
  if (code === 'ENOENT' || code === 'ENOTDIR') return notFound('no such file', { location: { file: path } });
  return new LmrError(issue('invalid', `cannot be read (${code ?? 'unknown error'})`, { location: { file: path } }));
}

/**
 * Every input of a delivery, checked in the order given before any is ingested: the first one that is
 * missing, unreadable or a folder fails the whole call, naming it, and nothing is applied.
 */
async function inputs(paths: readonly string[]): Promise<Input[]> {
  const checked: Input[] = [];
  for (const path of paths) {
    let info: Awaited<ReturnType<typeof stat>>;
    try {
      info = await stat(path);
      if (!info.isDirectory()) await access(path, constants.R_OK);
    } catch (err) {
      throw unreadable(path, err);
    }
    if (info.isDirectory()) throw badRequest('a folder, not a file of messages', { location: { file: path } });
    checked.push({ path, regular: info.isFile(), bytes: info.isFile() ? info.size : 0 });
  }
  return checked;
}

/**
 * The chunks of a delivery's inputs, one after the other: ranges of a regular file (read by the parser
 * process itself), messages of anything else (read here as a stream). An input that fails to be read
 * (gone since it was checked, a read error) ends the stream there: `failed.error` names it, and the
 * chunks cut before it are still applied. Any other failure (a progress callback's) is thrown as it is.
 */
async function* deliveryChunks(
  files: readonly Input[],
  progress: { onFile?: (path: string, bytes: number) => void; onBytes?: (bytes: number) => void },
  failed: { error: LmrError | null },
): AsyncGenerator<Chunk> {
  for (const { path, regular, bytes } of files) {
    progress.onFile?.(path, bytes);
    try {
      if (regular) yield* fileChunks(path, INTAKE_LIMITS.chunkBytes, progress.onBytes);
      else yield* messageChunks(streamedMessages(path, progress.onBytes));
    } catch (err) {
      // Only a failure of the file itself (a system error) ends the stream here; any other is thrown.
      if (typeof (err as NodeJS.ErrnoException | null)?.code !== 'string') throw err;
      failed.error = unreadable(path, err);
      return;
    }
  }
}

/**
 * Messages cut into chunks of whole messages: at most INTAKE_LIMITS.chunkBytes of text (or
 * chunkMessages messages) each.
 */
async function* messageChunks(messages: AsyncIterable<RawMessage> | Iterable<RawMessage>): AsyncGenerator<RawMessage[]> {
  let chunk: RawMessage[] = [];
  let bytes = 0;
  for await (const m of messages) {
    chunk.push(m);
    bytes += m.text?.length ?? 0;
    if (bytes >= INTAKE_LIMITS.chunkBytes || chunk.length >= INTAKE_LIMITS.chunkMessages) {
      yield chunk;
      chunk = [];
      bytes = 0;
    }
  }
  if (chunk.length > 0) yield chunk;
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** One call's chunks: once one fails, the rest are not applied. */
interface Delivery {
  failed: boolean;
}

/**
 * The intake pipeline behind every channel (HTTP API, FHIR, file drop, `lmr ingest`): messages are
 * cut into chunks of whole messages, each applied in one transaction.
 *
 * Two lanes: each chunk is staged (parsed, split, enriched, validated: see `ChunkProcessor.stage`) on
 * one of two connections, so two chunks are staged at once; DuckDB runs a statement on a small table
 * on one core, and two chunks keep both busy. Chunks are then applied (settled against the store and
 * committed) one at a time, in the order they arrived: a single writer, so two channels never settle
 * the same dispensing at once. A chunk takes its lane and its turn together when it is cut, so the
 * order of both is the arrival order and no chunk waits on a later one.
 *
 * A chunk that fails is retried; after the last attempt its messages are recorded as stopped, with an
 * event for the alerts.
 */
export class IntakeService {
  private lock: Promise<unknown> = Promise.resolve();
  /** The commit order: each chunk's apply waits for the previous chunk's. */
  private turn: Promise<unknown> = Promise.resolve();
  private readonly laneBusy: Promise<unknown>[];
  private nextLane = 0;
  private readonly inFlight = new Map<string, MessageState>();

  private constructor(
    private readonly conn: DuckDBConnection,
    /** For reads while a chunk may be in its transaction on `conn`. */
    private readonly reader: DuckDBConnection,
    private readonly lanes: readonly { conn: DuckDBConnection; processor: ChunkProcessor }[],
    private readonly parser: ParserProcess | null = null,
  ) {
    this.laneBusy = lanes.map(() => Promise.resolve());
  }

  static async create(register: Register): Promise<IntakeService> {
    const conn = await register.store.instance.connect();
    const reader = await register.store.instance.connect();
    const cache = await SplitCache.create(conn, register.vault);
    const parser = new ParserProcess(cache.key, await register.parserDir(), INTAKE_LIMITS.parsing);
    const lanes = [];
    for (let i = 0; i < INTAKE_LIMITS.lanes; i++) {
      const c = i === 0 ? conn : await register.store.instance.connect();
      lanes.push({ conn: c, processor: new ChunkProcessor(c, cache, parser) });
    }
    return new IntakeService(conn, reader, lanes, parser);
  }

  /** Stops the parser process and closes the connections (the split cache, in memory, goes with the register's instance). */
  close(): void {
    this.parser?.close();
    for (const l of this.lanes) if (l.conn !== this.conn) l.conn.closeSync();
    this.conn.closeSync();
    this.reader.closeSync();
  }

  /**
   * Ingests a stream of messages; resolves when every chunk is committed (or stopped). `onChunk`, when
   * given, gets each committed chunk's counts and receipts (then the result holds no receipts: a
   * stream of any size is ingested in bounded memory).
   */
  ingest(messages: AsyncIterable<RawMessage> | Iterable<RawMessage>, ctx: ChunkContext, onChunk?: (c: { counts: Counts; receipts: Receipt[] }) => void): Promise<IngestResult> {
    return this.ingestChunks(messageChunks(messages), ctx, onChunk);
  }

  /**
   * Ingests a file of messages (NDJSON, or FHIR Bundles one per line), cut into ranges of whole lines
   * that the parser process reads itself: this process never holds the file's text. `onBytes` gets
   * the bytes cut so far (a progress bar).
   */
  ingestFile(path: string, ctx: ChunkContext, onChunk?: (c: { counts: Counts; receipts: Receipt[] }) => void, onBytes?: (bytes: number) => void): Promise<IngestResult> {
    return this.ingestFiles([path], ctx, onChunk, { onBytes });
  }

  /**
   * Ingests files one after the other as one stream of chunks (as `ingestFile` each): the next file's
   * first chunks are cut and parsed while the last ones of the file before are applied, so the cores
   * are not left idle between files. Chunks still commit in order, and a chunk that fails stops the
   * chunks after it, in whichever file. `progress.onFile` gets each file as its cutting starts (ahead
   * of its processing), with its size (0 for a pipe); `progress.onBytes` the bytes of it cut so far.
   * Every path is checked first: one that is missing, unreadable or a folder fails the call before
   * anything is ingested. A file that fails to be read later (gone since) fails the call once the
   * chunks cut before it are applied; the files after it are not ingested.
   */
  async ingestFiles(
    paths: readonly string[],
    ctx: ChunkContext,
    onChunk?: (c: { counts: Counts; receipts: Receipt[] }) => void,
    progress: { onFile?: (path: string, bytes: number) => void; onBytes?: (bytes: number) => void } = {},
  ): Promise<IngestResult> {
    const failed: { error: LmrError | null } = { error: null };
    const result = await this.ingestChunks(deliveryChunks(await inputs(paths), progress, failed), ctx, onChunk);
    if (failed.error) throw failed.error;
    return result;
  }

  private async ingestChunks(chunks: AsyncIterable<Chunk>, ctx: ChunkContext, onChunk?: (c: { counts: Counts; receipts: Receipt[] }) => void): Promise<IngestResult> {
    const started = performance.now();
    const totals = zero();
    const receipts: Receipt[] = [];
    // Chunks are processed (one per lane) while the next are cut and parsed: at most `lanes + ahead`
    // chunks in flight and one being cut. They commit strictly in order; counts and receipts are taken in that order.
    // When a chunk fails, the chunks after it are not applied (as with one lane, nothing after a failed
    // chunk is stored), and every chunk still running is settled before the error is returned, so no
    // work outlives the call.
    const delivery: Delivery = { failed: false };
    const active = new Set<Promise<unknown>>();
    const inFlight: Promise<void>[] = [];
    let reported: Promise<void> = Promise.resolve();
    try {
      for await (const batch of chunks) {
        if (inFlight.length >= this.lanes.length + (this.parser ? INTAKE_LIMITS.ahead : 0)) await inFlight.shift();
        const work = this.schedule(batch, ctx, delivery);
        active.add(work);
        void work.then(() => active.delete(work), () => active.delete(work));
        const done = (reported = reported.then(() => work).then((r) => {
          for (const k of Object.keys(totals) as (keyof Counts)[]) totals[k] += r.counts[k];
          if (onChunk) onChunk(r);
          else receipts.push(...r.receipts);
        }));
        // A failure surfaces when the chunk is awaited; until then it must not count as unhandled.
        done.catch(() => undefined);
        inFlight.push(done);
      }
      while (inFlight.length > 0) await inFlight.shift();
    } catch (err) {
      delivery.failed = true;
      await Promise.allSettled([...active]);
      throw err;
    }
    return { summary: { ...totals, seconds: Math.round((performance.now() - started) / 10) / 100 }, receipts };
  }

  private exclusive<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.lock.then(fn, fn);
    this.lock = run.catch(() => undefined);
    return run;
  }

  /**
   * Takes a lane and a turn for a chunk, both in arrival order, starts its parse, and processes it: the
   * lane is held from staging to the end of its apply (its tables live on the lane's connection).
   */
  private schedule(batch: Chunk, ctx: ChunkContext, delivery: Delivery): Promise<{ counts: Counts; receipts: Receipt[] }> {
    const i = this.nextLane;
    this.nextLane = (i + 1) % this.lanes.length;
    const lane = this.lanes[i]!;
    const previousTurn = this.turn;
    let endTurn!: () => void;
    this.turn = new Promise<void>((r) => (endTurn = r));
    // Parsed while the lane is still busy with its last chunk (a failure surfaces when it is staged).
    const parsing = this.parser && !delivery.failed ? this.parser.parse(batch) : undefined;
    parsing?.catch(() => undefined);
    const run = this.laneBusy[i]!.then(() => this.processWithRetry(batch, ctx, lane.processor, previousTurn, delivery, parsing)).finally(endTurn);
    this.laneBusy[i] = run.catch(() => undefined);
    return run;
  }

  /**
   * Stages and applies a chunk, retrying (3 attempts) what fails for reasons other than the input. It
   * acts in its turn only: applying, recording its messages as stopped, and giving up all wait for the
   * chunk before it, so nothing of a later chunk is written before an earlier one. A chunk whose
   * delivery already failed is not applied.
   */
  private async processWithRetry(
    batch: Chunk,
    ctx: ChunkContext,
    processor: ChunkProcessor,
    previousTurn: Promise<unknown>,
    delivery: Delivery,
    parsing?: Promise<Parsed>,
  ): Promise<{ counts: Counts; receipts: Receipt[] }> {
    // The parse started ahead serves the first attempt; one not used is abandoned (its files and slot).
    let ahead = parsing;
    try {
      return await this.attempts(batch, ctx, processor, previousTurn, delivery, () => {
        const p = ahead;
        ahead = undefined;
        return p;
      });
    } finally {
      if (ahead) await this.parser?.abandon(ahead);
    }
  }

  private async attempts(
    batch: Chunk,
    ctx: ChunkContext,
    processor: ChunkProcessor,
    previousTurn: Promise<unknown>,
    delivery: Delivery,
    parsed: () => Promise<Parsed> | undefined,
  ): Promise<{ counts: Counts; receipts: Receipt[] }> {
    const track = ctx.channel !== 'file';
    const headers = track ? (await messagesOf(batch)).map((m) => headerOf(m)) : [];
    const receivedAt = new Date().toISOString();
    const mark = (status: ProcessingStatus, attempts: number): void => {
      for (const h of headers) {
        if (h.messageId === null) continue;
        this.inFlight.set(h.messageId, { messageId: h.messageId, pharmacy: h.pharmacy, status, attempts, receivedAt, finishedAt: null, channel: ctx.channel, receipt: null });
      }
    };
    mark('ready', 0);
    const forget = (): void => {
      for (const h of headers) if (h.messageId !== null) this.inFlight.delete(h.messageId);
    };
    const notApplied = (): LmrError => new LmrError(issue('exception', 'not processed: an earlier chunk of the same delivery failed', { severity: 'fatal' }));
    for (let attempt = 1; ; ) {
      try {
        if (delivery.failed) throw notApplied();
        // Queued as ready until its lane is free; processing while staged, then in its turn applied.
        mark('processing', attempt);
        const params = await timed('stage (whole)', () => processor.stage(batch, ctx, parsed()));
        await timed('stage: waited for the turn to apply', () => previousTurn);
        if (delivery.failed) {
          await processor.discard();
          throw notApplied();
        }
        const r = await this.exclusive(() => timed('apply (whole)', () => processor.apply(params, ctx)));
        forget();
        return { counts: r.counts, receipts: r.receipts };
      } catch (err) {
        // Staged before an earlier chunk committed one of its message ids: staged again at once; not a
        // failed attempt (it holds its turn, so the second staging sees every earlier chunk).
        if (err instanceof StaleChunkError) continue;
        await previousTurn;
        if (err instanceof LmrError) {
          delivery.failed = true;
          forget();
          throw err;
        }
        if (attempt >= INTAKE_LIMITS.attempts) {
          delivery.failed = true;
          const kind = errorKind(err);
          await this.exclusive(() => this.stop(batch, ctx, attempt, kind));
          forget();
          // A file's chunk names its file (with several files, the one being processed, not the one being cut).
          const where = isFileRange(batch) ? { location: { file: batch.file } } : {};
          throw new LmrError(issue('exception', `processing stopped after ${attempt} attempts (${kind}); the messages are recorded as stopped`, { severity: 'fatal', ...where }));
        }
        mark('aborted', attempt);
        await sleep(INTAKE_LIMITS.retryDelayMs[attempt - 1] ?? 1000);
        attempt++;
      }
    }
  }

  /** Records stopped messages and an event for each (no message text is kept). */
  private async stop(batch: Chunk, ctx: ChunkContext, attempts: number, kind: string): Promise<void> {
    try {
      for (const m of await messagesOf(batch)) {
        const h = headerOf(m);
        await this.conn.run(`INSERT INTO dispensing.intake_event VALUES (now()::TIMESTAMP, 'message-stopped', $id, $ph, $detail)`, {
          id: h.messageId, ph: h.pharmacy, detail: `processing failed ${attempts} times (${ctx.channel}): ${kind}`,
        });
        if (h.messageId !== null) {
          await this.conn.run(`DELETE FROM dispensing.intake_message WHERE message_id = $id AND status <> 'done'`, { id: h.messageId });
          await this.conn.run(
            `INSERT INTO dispensing.intake_message (message_id, pharmacy, channel, status, attempts, received_at, dispensings, accepted, rejected, duplicates, corrected, cancelled)
             SELECT $id, $ph, $channel, 'stopped', $attempts, now()::TIMESTAMP, 0, 0, 0, 0, 0, 0
             WHERE NOT EXISTS (SELECT 1 FROM dispensing.intake_message WHERE message_id = $id)`,
            { id: h.messageId, ph: h.pharmacy, channel: ctx.channel, attempts },
          );
        }
      }
    } catch {
      // The store itself is failing; the error that stopped the chunk is reported to the caller.
    }
  }

  /** Records an intake event (for the alerts). */
  async recordEvent(kind: string, detail: string, messageId: string | null = null, pharmacy: string | null = null): Promise<void> {
    await this.exclusive(() => this.conn.run(`INSERT INTO dispensing.intake_event VALUES (now()::TIMESTAMP, $kind, $id, $ph, $detail)`, { kind, id: messageId, ph: pharmacy, detail }));
  }

  /** The konsesjonsnummer of the pharmacy with this organisation number (FHIR senders may give only that). */
  async pharmacyByOrgnr(orgnr: string): Promise<string | null> {
    const rows = (await this.reader.runAndReadAll(`SELECT konsesjonsnr FROM pharmacy WHERE orgnr = $o ORDER BY closed NULLS FIRST LIMIT 1`, { o: orgnr })).getRowsJS();
    return (rows[0]?.[0] as string | undefined) ?? null;
  }

  /** The processing state of a message: in flight, or as logged. `pharmacy` limits it to one sender. */
  async status(messageId: string, pharmacy: string | null): Promise<MessageState | null> {
    const live = this.inFlight.get(messageId);
    if (live && (pharmacy === null || live.pharmacy === pharmacy)) return live;
    const rows = (
      await this.reader.runAndReadAll(
        `SELECT message_id, pharmacy, status, attempts, strftime(received_at, '%Y-%m-%dT%H:%M:%S.%gZ') AS received_at,
           strftime(finished_at, '%Y-%m-%dT%H:%M:%S.%gZ') AS finished_at, channel, (${RECEIPT_JSON('m')})::VARCHAR AS receipt
         FROM dispensing.intake_message m WHERE message_id = $id`,
        { id: messageId },
      )
    ).getRowObjectsJS() as unknown as { message_id: string; pharmacy: string | null; status: ProcessingStatus; attempts: number; received_at: string; finished_at: string | null; channel: string; receipt: string | null }[];
    const r = rows[0];
    if (!r || (pharmacy !== null && r.pharmacy !== pharmacy)) return null;
    return {
      messageId: r.message_id, pharmacy: r.pharmacy, status: r.status, attempts: r.attempts, receivedAt: r.received_at,
      finishedAt: r.finished_at, channel: r.channel, receipt: r.receipt ? (JSON.parse(r.receipt) as Receipt) : null,
    };
  }
}
