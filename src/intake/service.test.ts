import { rmSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChunkContext, ChunkProcessor, ChunkResult } from './pipeline/processor.js';
import { isFileRange, messageText, type Chunk, type RawMessage } from './pipeline/slices.js';
import { errorKind, KnownKindError } from './pipeline/script.js';
import type { IntakeService as Service } from './service.js';

/**
 * The lanes' ordering and failure rules, with stand-in processors (the real pipeline is covered by
 * test/intake.int.test.ts): every message is its own chunk, and each stand-in records what it did.
 */

process.env.LMR_INTAKE_CHUNK_MIB = '0.000001'; // about one byte: every message (two bytes) is its own chunk
process.env.LMR_INTAKE_LANES = '2';
const { IntakeService, whole } = await import('./service.js');

let db: DuckDBInstance;
const conns: DuckDBConnection[] = [];
beforeAll(async () => {
  db = await DuckDBInstance.create(':memory:');
  for (let i = 0; i < 3; i++) conns.push(await db.connect());
});
afterAll(() => {
  for (const c of conns) c.closeSync();
  db.closeSync();
});

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
const CTX: ChunkContext = { client: null, channel: 'file', receipts: false };
const counts = { messages: 1, dispensings: 1, accepted: 1, rejected: 0, duplicates: 0, corrected: 0, cancelled: 0 };

/** A stand-in processor: per message text, how long staging takes and whether applying fails. */
function standIn(log: string[], plan: Record<string, { stageMs?: number; fail?: boolean }>): ChunkProcessor {
  let current = '';
  return {
    async stage(messages: readonly RawMessage[]) {
      current = messageText(messages[0]!)!;
      log.push(`stage ${current}`);
      await sleep(plan[current]?.stageMs ?? 5);
      return {};
    },
    async apply(): Promise<ChunkResult> {
      await sleep(5);
      if (plan[current]?.fail) {
        log.push(`fail ${current}`);
        throw new Error('the store is failing');
      }
      log.push(`apply ${current}`);
      return { counts, receipts: [] };
    },
    async discard() {
      log.push(`discard ${current}`);
      return Promise.resolve();
    },
  } as unknown as ChunkProcessor;
}

/** A stand-in processor that logs when it was given a parse started ahead. */
function parsingStandIn(log: string[], plan: Record<string, { stageMs?: number; fail?: boolean }>): ChunkProcessor {
  const p = standIn(log, plan) as unknown as Record<string, unknown>;
  const stage = p.stage as (m: readonly RawMessage[]) => Promise<unknown>;
  return Object.assign(p, {
    async stage(messages: readonly RawMessage[], _ctx: ChunkContext, parsing?: Promise<unknown>) {
      if (parsing) {
        await parsing;
        log.push(`parsed ahead ${messageText(messages[0]!)!}`);
      }
      return stage(messages);
    },
  }) as unknown as ChunkProcessor;
}

/** A stand-in parser process: logs each parse and each abandon. */
function standInParser(log: string[]): unknown {
  return {
    parse(messages: readonly RawMessage[]) {
      log.push(`parse ${messageText(messages[0]!)!}`);
      return Promise.resolve({ slot: 0, files: { messages: '', dispensings: '' } });
    },
    async abandon(parsing: Promise<unknown>) {
      await parsing;
      log.push('abandon');
    },
  };
}

/** A service on `on` (writer, reader, second lane's connection): the shared connections unless given. */
function service(processors: ChunkProcessor[], parser: unknown = null, on: readonly DuckDBConnection[] = conns): Service {
  const make = IntakeService as unknown as new (conn: DuckDBConnection, reader: DuckDBConnection, lanes: { conn: DuckDBConnection; processor: ChunkProcessor }[], parser: unknown) => Service;
  return new make(on[0]!, on[1]!, processors.map((processor, i) => ({ conn: on[i === 0 ? 0 : 2]!, processor })), parser);
}

const messages = (...texts: string[]): RawMessage[] => texts.map((text) => ({ text }));

describe('two lanes', () => {
  it('stage two chunks at once and apply them in arrival order, however long each takes to stage', async () => {
    const log: string[] = [];
    const plan = { aa: { stageMs: 150 }, bb: { stageMs: 5 }, cc: { stageMs: 5 } };
    const s = service([standIn(log, plan), standIn(log, plan)]);
    const r = await s.ingest(messages('aa', 'bb', 'cc'), CTX);
    expect(r.summary.accepted).toBe(3);
    expect(log.filter((l) => l.startsWith('apply'))).toEqual(['apply aa', 'apply bb', 'apply cc']);
    // b was staged while a was still staging
    expect(log.indexOf('stage bb')).toBeLessThan(log.indexOf('apply aa'));
  });

  it('after a chunk fails, apply nothing later, give up only in turn, and leave no work running', async () => {
    const log: string[] = [];
    const plan = { aa: { stageMs: 300 }, bb: { fail: true }, cc: {} };
    const s = service([standIn(log, plan), standIn(log, plan)]);
    // The failure's kind is told (here a plain Error: unknown), never its message.
    await expect(s.ingest(messages('aa', 'bb', 'cc'), CTX)).rejects.toThrow(/stopped after 3 attempts \(unknown error\)/);
    const settled = log.length;
    await sleep(400);
    expect(log.length).toBe(settled); // nothing ran after the call returned
    expect(log.filter((l) => l.startsWith('apply'))).toEqual(['apply aa']);
    expect(log.filter((l) => l.startsWith('fail'))).toEqual(['fail bb', 'fail bb', 'fail bb']);
    // the earlier chunk was applied before the failed one gave up, and c was never applied
    expect(log.indexOf('apply aa')).toBeLessThan(log.indexOf('fail bb'));
    expect(log).not.toContain('apply cc');
  });
});

describe('parsing ahead', () => {
  it('parses the next chunk while both lanes are busy, and uses each parse once', async () => {
    const log: string[] = [];
    const plan = { aa: { stageMs: 150 }, bb: {}, cc: {}, dd: {} };
    const s = service([parsingStandIn(log, plan), parsingStandIn(log, plan)], standInParser(log));
    const r = await s.ingest(messages('aa', 'bb', 'cc', 'dd'), CTX);
    expect(r.summary.accepted).toBe(4);
    // cc's parse started before its lane (aa's) was free, while aa was still staging
    expect(log.indexOf('parse cc')).toBeLessThan(log.indexOf('apply aa'));
    expect(log.filter((l) => l.startsWith('parsed ahead'))).toEqual(['parsed ahead aa', 'parsed ahead bb', 'parsed ahead cc', 'parsed ahead dd']);
    expect(log.filter((l) => l.startsWith('apply'))).toEqual(['apply aa', 'apply bb', 'apply cc', 'apply dd']);
    expect(log).not.toContain('abandon');
  });

  it('parses again on a retry, and abandons the parse of a chunk that is never staged', async () => {
    const log: string[] = [];
    const plan = { aa: { stageMs: 200 }, bb: { fail: true }, cc: {}, dd: {} };
    const s = service([parsingStandIn(log, plan), parsingStandIn(log, plan)], standInParser(log));
    await expect(s.ingest(messages('aa', 'bb', 'cc', 'dd'), CTX)).rejects.toThrow(/stopped after 3 attempts/);
    // bb: its parse ahead served the first attempt only; the retries stage without one
    expect(log.filter((l) => l === 'parsed ahead bb')).toHaveLength(1);
    expect(log.filter((l) => l === 'stage bb')).toHaveLength(3);
    // dd was parsed ahead, but its lane (bb's) was free only once bb's delivery had failed: never
    // staged, its parse abandoned
    expect(log).toContain('parse dd');
    expect(log).not.toContain('stage dd');
    expect(log.filter((l) => l === 'abandon')).toHaveLength(1);
    expect(log.filter((l) => l.startsWith('apply'))).toEqual(['apply aa']);
  });
});

describe('whole: a setting from the environment', () => {
  it('takes a whole number within its bounds, and the default for anything else', () => {
    expect(whole('4', 3, 1, 10)).toBe(4);
    expect(whole(undefined, 3, 1, 10)).toBe(3);
    // Not a number: the default, never NaN (attempts of NaN would retry a failing chunk for ever).
    expect(whole('junk', 3, 1, 10)).toBe(3);
    expect(whole('', 3, 1, 10)).toBe(3);
    expect(whole('0', 3, 1, 10)).toBe(1);
    expect(whole('99', 3, 1, 10)).toBe(10);
  });
});

describe('errorKind', () => {
  it("tells DuckDB's error class and nothing of its message, which may quote a value", () => {
    expect(errorKind(new Error('Out of Memory Error: could not allocate block of size 256.0 KiB'))).toBe('Out of Memory Error');
    expect(errorKind(new Error('Conversion Error: Could not convert string "01018012345" to INT64'))).toBe('Conversion Error');
    expect(errorKind(new Error('the value 01018012345 is bad'))).toBe('unknown error');
    expect(errorKind(new TypeError('x is 01018012345'))).toBe('TypeError');
    expect(errorKind('a string')).toBe('unknown error');
    // A full disk is named by its code, without the message (it may name a file).
    const full = Object.assign(new Error('ENOSPC: no space left on device, write 01018012345'), { code: 'ENOSPC' });
    expect(errorKind(full)).toBe('system error ENOSPC');
    expect(errorKind(Object.assign(new Error('x'), { code: 'not a code 01018012345' }))).toBe('unknown error');
    // DuckDB's shortest class name (a full disk, in DuckDB's own writes).
    expect(errorKind(new Error('IO Error: Could not write file "/d/0-0-dispensings.parquet": No space left on device'))).toBe('IO Error');
    // The parser process's failure keeps the kind it sent back.
    expect(errorKind(new KnownKindError('the parser process failed: IO Error', 'parser process: IO Error'))).toBe('parser process: IO Error');
  });
});

describe('a chunk of a file that keeps failing', () => {
  it("records the messages of its range as stopped (read back from the file), with an event each, and applies nothing after it", async () => {
    const { DISPENSING_SCHEMA } = await import('../dispensing/schema.js');
    const dir = await mkdtemp(join(tmpdir(), 'lmr-stop-'));
    const store = await DuckDBInstance.create(':memory:');
    const own = [await store.connect(), await store.connect()];
    try {
      await own[0]!.run(`ATTACH ':memory:' AS dispensing`);
      await own[0]!.run(DISPENSING_SCHEMA);
      const file = join(dir, 'delivery.ndjson');
      // Every message is its own chunk (LMR_INTAKE_CHUNK_MIB above): three ranges of the file. The
      // number is of the test population's form (month + 80).
      const line = (id: string): string => JSON.stringify({ messageId: id, pharmacy: '9001', dispensings: [{ ref: `r-${id}`, patient: { id: '15818012345' } }] });
      await writeFile(file, ['file-stop-1', 'file-stop-2', 'file-stop-3'].map(line).join('\n') + '\n');
      const log: string[] = [];
      // A stand-in that fails to apply the first range: the store is failing.
      const failing = {
        async stage(chunk: Chunk) {
          if (!isFileRange(chunk)) throw new Error('expected a range of the file');
          log.push(`stage ${chunk.start}`);
          return Promise.resolve({ start: chunk.start });
        },
        async apply(params: { start: number }): Promise<ChunkResult> {
          log.push(`apply ${params.start}`);
          if (params.start === 0) throw new Error('the store is failing');
          return Promise.resolve({ counts, receipts: [] });
        },
        discard: () => Promise.resolve(),
      } as unknown as ChunkProcessor;
      const s = service([failing], null, own);

      // The error names the file the chunk came from.
      await expect(s.ingestFile(file, CTX)).rejects.toMatchObject({
        message: expect.stringMatching(/stopped after 3 attempts \(unknown error\)/) as unknown,
        outcome: { issues: [{ code: 'exception', location: { file } }] },
      });
      // Three attempts at the first range; nothing after it was applied.
      expect(log.filter((l) => l.startsWith('apply'))).toEqual(['apply 0', 'apply 0', 'apply 0']);
      const logged = (await own[0]!.runAndReadAll(`SELECT message_id, pharmacy, channel, status, attempts FROM dispensing.intake_message ORDER BY message_id`)).getRowsJS();
      expect(logged).toEqual([['file-stop-1', '9001', 'file', 'stopped', 3]]);
      const events = (await own[0]!.runAndReadAll(`SELECT kind, message_id, pharmacy, detail FROM dispensing.intake_event`)).getRowsJS();
      // The event names the failure's kind, never the message's text (it holds an identity number).
      expect(events).toEqual([['message-stopped', 'file-stop-1', '9001', 'processing failed 3 times (file): unknown error']]);
      expect(await s.status('file-stop-1', null)).toMatchObject({ status: 'stopped', attempts: 3, channel: 'file' });
      expect(await s.status('file-stop-2', null)).toBeNull();
    } finally {
      for (const c of own) c.closeSync();
      store.closeSync();
      await rm(dir, { recursive: true, force: true });
    }
  });
});

/** Files in a folder of their own, each line its own chunk (LMR_INTAKE_CHUNK_MIB above), for `run`. */
async function withFiles(files: Record<string, string>, run: (path: (name: string) => string, dir: string) => Promise<void>): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'lmr-files-'));
  try {
    for (const [name, text] of Object.entries(files)) await writeFile(join(dir, name), text);
    await run((name) => join(dir, name), dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** A stand-in for file ranges: logs `stage f:start` and `apply f:start`; staging takes `slow[f:start]` ms (else 5). */
function rangeStandIn(log: string[], slow: Record<string, number> = {}): ChunkProcessor {
  return {
    async stage(chunk: Chunk) {
      if (!isFileRange(chunk)) throw new Error('expected a range of a file');
      const k = `${chunk.file.split('/').pop()!}:${chunk.start}`;
      log.push(`stage ${k}`);
      await sleep(slow[k] ?? 5);
      return { k };
    },
    async apply(params: { k: string }): Promise<ChunkResult> {
      log.push(`apply ${params.k}`);
      return Promise.resolve({ counts, receipts: [] });
    },
    discard: () => Promise.resolve(),
  } as unknown as ChunkProcessor;
}

const applied = (log: readonly string[]): string[] => log.filter((l) => l.startsWith('apply')).map((l) => l.slice('apply '.length));

describe('files as one stream', () => {
  it("stages the next file's first chunk while the last chunk of the file before is still staging, and applies every chunk in order", async () => {
    // Ranges start at 0 and 3 in each file.
    await withFiles({ 'a.ndjson': 'a1\na2\n', 'b.ndjson': 'b1\nb2\n' }, async (path) => {
      const log: string[] = [];
      const lane = rangeStandIn(log, { 'a.ndjson:3': 150 });
      const files: [string, number][] = [];
      const r = await service([lane, lane]).ingestFiles([path('a.ndjson'), path('b.ndjson')], CTX, undefined, { onFile: (p, bytes) => files.push([p.split('/').pop()!, bytes]) });

      expect(r.summary.messages).toBe(4);
      expect(files).toEqual([['a.ndjson', 6], ['b.ndjson', 6]]);
      expect(applied(log)).toEqual(['a.ndjson:0', 'a.ndjson:3', 'b.ndjson:0', 'b.ndjson:3']);
      // No drain between the files: b's first chunk was staged before a's last was applied.
      expect(log.indexOf('stage b.ndjson:0')).toBeLessThan(log.indexOf('apply a.ndjson:3'));
    });
  });
});

describe('the inputs of a delivery', () => {
  it('are all checked before any is ingested: a missing file or a folder fails the call, naming it, and nothing is staged', async () => {
    await withFiles({ 'a.ndjson': 'a1\na2\n' }, async (path, dir) => {
      const log: string[] = [];
      const s = service([rangeStandIn(log), rangeStandIn(log)]);
      await expect(s.ingestFiles([path('a.ndjson'), path('missing.ndjson')], CTX)).rejects.toMatchObject({
        outcome: { issues: [{ code: 'not-found', message: 'no such file', location: { file: path('missing.ndjson') } }] },
      });
      await expect(s.ingestFiles([path('a.ndjson'), dir], CTX)).rejects.toMatchObject({ outcome: { issues: [{ code: 'invalid', message: 'a folder, not a file of messages', location: { file: dir } }] } });
      expect(log).toEqual([]);
    });
  });

  it("a progress callback's failure is its own, not the file's", async () => {
    await withFiles({ 'a.ndjson': 'x1\nx2\n' }, async (path) => {
      const log: string[] = [];
      const broken = (): void => {
        throw new Error('the bar broke');
      };
      const r = service([rangeStandIn(log), rangeStandIn(log)]).ingestFiles([path('a.ndjson')], CTX, undefined, { onBytes: broken });
      await expect(r).rejects.toThrow('the bar broke');
      await expect(r).rejects.not.toHaveProperty('outcome');
    });
  });

  it('a file gone since the check fails the call, naming it, once every chunk cut before it is applied', async () => {
    await withFiles({ 'a.ndjson': 'x1\nx2\n', 'b.ndjson': 'x1\nx2\n', 'c.ndjson': 'x1\nx2\n' }, async (path) => {
      const log: string[] = [];
      const lane = rangeStandIn(log);
      // b is removed while a is being cut: after the check, before b is opened.
      const removing = (p: string): void => {
        if (p === path('a.ndjson')) rmSync(path('b.ndjson'));
      };
      await expect(service([lane, lane]).ingestFiles(['a', 'b', 'c'].map((n) => path(`${n}.ndjson`)), CTX, undefined, { onFile: removing })).rejects.toMatchObject({
        outcome: { issues: [{ code: 'not-found', message: 'no such file', location: { file: path('b.ndjson') } }] },
      });
      expect(applied(log)).toEqual(['a.ndjson:0', 'a.ndjson:3']);
    });
  });
});
