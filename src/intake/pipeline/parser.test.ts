import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { syntheticHpr, syntheticNumber } from '../../identity/index.js';
import { ParserProcess } from './parser.js';
import { errorKind } from './script.js';
import { unpackNumbers } from './split.js';
import { PARSED_IMPORT, type ParsedFiles } from './stage.js';
import { bundleToMessage, messageToBundle } from '../fhir/index.js';
import type { DispensingMessage } from '../message/message.js';

/**
 * The parser process for real (the compiled dist/ build, as `npm test` builds it first): what it
 * writes out holds no number and no message text, it hands over only valid numbers of passing
 * messages, and it comes back after a crash.
 */

const A = syntheticNumber('1980-05-17', 'female', 0, 'fnr')!;
const B = syntheticNumber('1975-01-02', 'male', 0, 'fnr')!;
const H = syntheticHpr(7);
const INVALID = A.slice(0, 10) + String((Number(A[10]) + 1) % 10);
const KEY = 'ab'.repeat(32);

const message = (id: string, dispensings: { patient: string; hpr?: string }[]): string =>
  JSON.stringify({
    messageId: id,
    pharmacy: 'P1',
    dispensings: dispensings.map((d, i) => ({
      ref: `${id}-${i}`, version: 1, patient: { id: d.patient, birthDate: '1980-05-17', sex: '2' },
      ...(d.hpr !== undefined ? { prescriber: { hpr: d.hpr } } : {}), product: { varenr: '123456' }, packs: 1, dispensedOn: '2024-03-01',
    })),
  });

let dir: string;
let parser: ParserProcess;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'lmr-parser-'));
  parser = new ParserProcess(KEY, dir);
});
afterEach(async () => {
  parser.close();
  await rm(dir, { recursive: true, force: true });
});

describe('the parser process', () => {
  it('writes a chunk out with digests for numbers: no number and no message text in its files', async () => {
    const messages = [message('m1', [{ patient: A, hpr: H }, { patient: INVALID }]), message('m2', [{ patient: B, hpr: H }])];
    const { slot, files } = await parser.parse(messages.map((text, i) => ({ text: i === 0 ? text : Buffer.from(text) })));
    for (const f of [files.messages, files.dispensings]) {
      const bytes = (await readFile(f)).toString('latin1');
      for (const secret of [A, B, H, INVALID, '"id":"', '"hpr":"', KEY]) expect(bytes).not.toContain(secret);
    }
    // Read back as the intake does: every dispensing, each with a digest per number (the same number, the same digest).
    const db = await DuckDBInstance.create(':memory:');
    const conn = await db.connect();
    try {
      for (const statement of PARSED_IMPORT(files).split(';').filter((s) => s.trim() !== '')) await conn.run(statement);
      const rows = (await conn.runAndReadAll(`SELECT d.seq, d.idx, r.patient_k, r.hpr_k, r.patient_digest IS NOT NULL, r.hpr_digest IS NOT NULL FROM s_d d JOIN s_ref r USING (seq, idx) ORDER BY ALL`)).getRowsJS();
      expect(rows).toEqual([[0n, 0, expect.any(Number), expect.any(Number), true, true], [0n, 1, expect.any(Number), null, true, false], [1n, 0, expect.any(Number), expect.any(Number), true, true]]);
      expect(rows[0]![3]).toBe(rows[2]![3]); // H twice: one number
      const digests = (await conn.runAndReadAll(`SELECT count(DISTINCT patient_digest), count(DISTINCT hpr_digest) FROM s_ref`)).getRowsJS()[0];
      expect(digests).toEqual([3n, 1n]);
      const headers = (await conn.runAndReadAll(`SELECT message_id, n_ds FROM s_msg ORDER BY seq`)).getRowsJS();
      expect(headers).toEqual([['m1', 2n], ['m2', 1n]]);

      // The split asks about every number; only the valid ones of passing messages come back as numbers.
      const ks = (await conn.runAndReadAll(`SELECT patient_k, hpr_k FROM s_ref ORDER BY seq, idx`)).getRowsJS() as [number, number | null][];
      const [kA, kH] = ks[0]!;
      const kInvalid = ks[1]![0];
      const kB = ks[2]![0];
      const checked = unpackNumbers(await parser.numbers(slot, { k: Int32Array.from([kA, kH!, kInvalid, kB]), ok: Uint8Array.from([1, 1, 1, 0]) }));
      expect(checked.map((c) => ({ role: c.role, status: c.status, kind: c.kind, number: c.number }))).toEqual([
        { role: 'patient', status: 'valid', kind: 'fnr', number: A },
        { role: 'prescriber', status: 'valid', kind: 'hpr', number: H },
        { role: 'patient', status: 'invalid', kind: '', number: null },
        { role: 'patient', status: 'valid', kind: 'fnr', number: null },
      ]);
      // Each answer carries the fingerprint (the low 64 bits) of the digest the intake holds for that number.
      const held = (await conn.runAndReadAll(`SELECT patient_digest, hpr_digest FROM s_ref ORDER BY seq, idx`)).getRowsJS() as [bigint, bigint | null][];
      const fingerprint = (d: bigint): [number, number] => [Number(d & 0xffffffffn), Number((d >> 32n) & 0xffffffffn)];
      expect(checked.map((c) => c.fingerprint)).toEqual([held[0]![0], held[0]![1]!, held[1]![0], held[2]![0]].map(fingerprint));
    } finally {
      conn.closeSync();
      db.closeSync();
      await ParserProcess.remove(files);
    }
    // Released: the parser no longer holds the chunk's numbers.
    await parser.release(slot);
    await expect(parser.numbers(slot, { k: Int32Array.from([0]), ok: Uint8Array.from([1]) })).rejects.toThrow(/parser process failed/);
  });

  it('reads a file range itself: the same chunk as the same messages sent to it, Bundles mapped', async () => {
    const messages = [message('m1', [{ patient: A, hpr: H }, { patient: INVALID }]), message('m2', [{ patient: B, hpr: H }])];
    const bundle = JSON.stringify(messageToBundle(JSON.parse(message('m3', [{ patient: B, hpr: H }])) as DispensingMessage));
    const before = `${message('x0', [{ patient: A }])}\n`;
    const range = `${messages[0]}\n\n${messages[1]}\n${bundle}\n`;
    const path = join(dir, 'input.ndjson');
    await writeFile(path, before + range + `${message('x9', [{ patient: A }])}\n`);
    const start = Buffer.byteLength(before);
    const fromFile = (await parser.parse({ file: path, start, end: start + Buffer.byteLength(range) })).files;
    const sent = (await parser.parse([...messages.map((text) => ({ text })), { text: JSON.stringify(bundleToMessage(JSON.parse(bundle)).message) }])).files;
    const read = async (files: ParsedFiles): Promise<unknown[]> => {
      const db = await DuckDBInstance.create(':memory:');
      const conn = await db.connect();
      try {
        for (const statement of PARSED_IMPORT(files).split(';').filter((s) => s.trim() !== '')) await conn.run(statement);
        return [
          (await conn.runAndReadAll(`SELECT message_id, n_ds FROM s_msg ORDER BY seq`)).getRowsJS(),
          (await conn.runAndReadAll(`SELECT * FROM s_d JOIN s_ref USING (seq, idx) ORDER BY seq, idx`)).getRowsJS(),
        ];
      } finally {
        conn.closeSync();
        db.closeSync();
        await ParserProcess.remove(files);
      }
    };
    const [headers, rows] = await read(fromFile);
    expect(headers).toEqual([['m1', 2n], ['m2', 1n], ['m3', 1n]]);
    expect(rows).toHaveLength(4);
    expect([headers, rows]).toEqual(await read(sent));
  });

  it('parses chunks ahead in slots of their own, in the order asked, each holding its numbers until released', async () => {
    const order: string[] = [];
    // One parse at a time (the default): the second waits for the first, and both are then held at once.
    const first = parser.parse([{ text: message('m1', [{ patient: A }]) }]).then((p) => (order.push('first'), p));
    const second = parser.parse([{ text: message('m2', [{ patient: B }]) }]).then((p) => (order.push('second'), p));
    const [p1, p2] = await Promise.all([first, second]);
    expect(order).toEqual(['first', 'second']);
    expect(p1.slot).not.toBe(p2.slot);
    for (const p of [p1, p2]) await ParserProcess.remove(p.files);
    const ask = { k: Int32Array.from([0]), ok: Uint8Array.from([1]) };
    expect(unpackNumbers(await parser.numbers(p1.slot, ask)).map((c) => c.number)).toEqual([A]);
    expect(unpackNumbers(await parser.numbers(p2.slot, ask)).map((c) => c.number)).toEqual([B]);
    // A released slot holds nothing and is taken again by the next chunk.
    await parser.release(p1.slot);
    await expect(parser.numbers(p1.slot, ask)).rejects.toThrow(/parser process failed/);
    const p3 = await parser.parse([{ text: message('m3', [{ patient: A }]) }]);
    expect(p3.slot).toBe(p1.slot);
    expect(unpackNumbers(await parser.numbers(p2.slot, ask)).map((c) => c.number)).toEqual([B]);
    // A parse abandoned (its chunk will not be staged) leaves no file and frees its slot.
    await parser.abandon(Promise.resolve(p3));
    await parser.release(p2.slot);
    expect((await readdir(dir)).filter((f) => f.endsWith('.parquet'))).toEqual([]);
    expect((await parser.parse([{ text: message('m4', [{ patient: B }]) }])).slot).toBe(0);
  });

  it('takes an empty number for an invalid one, not for a failure', async () => {
    const { slot, files } = await parser.parse([{ text: message('m1', [{ patient: '', hpr: '' }]) }]);
    await ParserProcess.remove(files);
    const checked = unpackNumbers(await parser.numbers(slot, { k: Int32Array.from([0, 1]), ok: Uint8Array.from([1, 1]) }));
    expect(checked.map((c) => [c.role, c.status, c.number])).toEqual([['patient', 'invalid', null], ['prescriber', 'invalid', null]]);
  });

  it('fails every parse in flight when it dies, starts again, and on close removes its folder', async () => {
    parser.close();
    // A folder of its own: the one closed is removed once its process has exited, which may be after this starts.
    dir = await mkdtemp(join(tmpdir(), 'lmr-parser-'));
    parser = new ParserProcess(KEY, dir, 2); // two parses at once
    await ParserProcess.remove((await parser.parse([{ text: message('m1', [{ patient: A }]) }])).files);
    const pid = (parser as unknown as { child: { pid: number } }).child.pid;
    const big = Array.from({ length: 400 }, (_, i) => ({ text: message(`b${i}`, Array.from({ length: 50 }, () => ({ patient: A, hpr: H }))) }));
    const inFlight = [parser.parse(big), parser.parse(big)];
    await new Promise((r) => setTimeout(r, 50)); // both sent
    process.kill(pid, 'SIGKILL');
    // Both awaited at once: either may fail first.
    await Promise.all(inFlight.map((p) => expect(p).rejects.toThrow(/parser process stopped/)));
    const again = await parser.parse([{ text: message('m2', [{ patient: B }]) }]);
    await ParserProcess.remove(again.files);
    const child = (parser as unknown as { child: { pid: number; once: (e: string, f: () => void) => void } }).child;
    expect(child.pid).not.toBe(pid);
    const exited = new Promise<void>((r) => child.once('exit', r));
    parser.close();
    await exited;
    await new Promise((r) => setTimeout(r, 100));
    await expect(readdir(dir)).rejects.toThrow(/ENOENT/);
  });

  it('says only the kind of a failure, and starts again after a crash', async () => {
    const failure = await parser.numbers(1, { k: Int32Array.from([0]), ok: Uint8Array.from([1]) }).then(() => null, (e: unknown) => e);
    expect((failure as Error).message).toMatch(/^the parser process failed: [A-Za-z ]+$/);
    // What a stopped chunk records: the kind the parser sent back, named as the parser's.
    expect(errorKind(failure)).toMatch(/^parser process: [A-Za-z ]+$/);
    expect(errorKind(failure)).not.toBe('parser process: unknown error');
    const first = await parser.parse([{ text: message('m1', [{ patient: A }]) }]);
    await ParserProcess.remove(first.files);
    const pid = (parser as unknown as { child: { pid: number } }).child.pid;
    process.kill(pid, 'SIGKILL');
    await new Promise((r) => setTimeout(r, 200));
    const again = await parser.parse([{ text: message('m2', [{ patient: B }]) }]);
    expect((parser as unknown as { child: { pid: number } }).child.pid).not.toBe(pid);
    await ParserProcess.remove(again.files);
    expect((await readdir(dir)).filter((f) => f.endsWith('.parquet'))).toEqual([]);
  });
});
