import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fileChunks, LineSplitter, messageLines, readRange } from './files.js';
import { MESSAGE_LIMITS } from './message/message.js';
import { isFileRange, messageText, type FileRange, type RawMessage } from './pipeline/slices.js';

/** A range's messages, read as the intake reads a stopped chunk's. */
const rangeMessages = async (r: FileRange): Promise<RawMessage[]> => (await readRange(r, Buffer.alloc(r.end - r.start))).messages;
const texts = (ms: readonly RawMessage[]): (string | null)[] => ms.map((m) => messageText(m));

describe('messageLines', () => {
  it('gives one message per line, skips blank lines, and takes a last line without a newline', () => {
    expect(texts(messageLines(Buffer.from('{"a":1}\n\n  \r\n{"b":2}\n{"c":3}')))).toEqual(['{"a":1}', '{"b":2}', '{"c":3}']);
  });

  it('gives null for a line longer than the message limit, and goes on after it', () => {
    const long = 'x'.repeat(MESSAGE_LIMITS.maxMessageBytes + 1);
    expect(texts(messageLines(Buffer.from(`{"a":1}\n${long}\n{"b":2}\n`)))).toEqual(['{"a":1}', null, '{"b":2}']);
  });

  it('joins a line that arrives in pieces', () => {
    const s = new LineSplitter();
    expect(texts(s.push(Buffer.from('{"a":')))).toEqual([]);
    expect(texts(s.push(Buffer.from('1}\n{"b"')))).toEqual(['{"a":1}']);
    expect(texts(s.end())).toEqual(['{"b"']);
  });
});

describe('fileChunks', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'lmr-files-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  async function cut(text: string, maxBytes: number, messageLimit: number) {
    const path = join(dir, `f${Math.random().toString(36).slice(2)}.ndjson`);
    await writeFile(path, text);
    const progress: number[] = [];
    const chunks = [];
    for await (const c of fileChunks(path, maxBytes, (b) => progress.push(b), messageLimit)) chunks.push(c);
    return { path, chunks, progress };
  }

  it('cuts a file into ranges of whole lines that cover it exactly, each ending at the first line end past the size asked', async () => {
    const lines = Array.from({ length: 200 }, (_, i) => JSON.stringify({ messageId: `m${i}`, pad: 'p'.repeat(i % 37) }));
    const text = lines.join('\n') + '\n';
    const { chunks, progress } = await cut(text, 300, 100);
    let at = 0;
    const seen: string[] = [];
    for (const [i, c] of chunks.entries()) {
      if (!isFileRange(c)) throw new Error('no line here is too long');
      expect(c.start).toBe(at);
      const range = text.slice(c.start, c.end);
      // At least the size asked (but the last), ending at the first line end past it.
      if (i < chunks.length - 1) expect(range.length).toBeGreaterThanOrEqual(300);
      expect(range.slice(299, -1)).not.toContain('\n');
      expect(range.at(-1)).toBe('\n');
      seen.push(...range.split('\n').filter(Boolean));
      at = c.end;
    }
    expect(chunks.length).toBeGreaterThan(10);
    expect(at).toBe(Buffer.byteLength(text));
    expect(seen).toEqual(lines);
    expect(progress.at(-1)).toBe(Buffer.byteLength(text));
  });

  it('gives each message a range of its own when the size asked is smaller than a message', async () => {
    const { chunks } = await cut('{"a":1}\n{"b":2}\n{"c":3}', 1, 100);
    expect(chunks.map((c) => (isFileRange(c) ? [c.start, c.end] : c))).toEqual([[0, 8], [8, 16], [16, 23]]);
  });

  it('reads a range back as its messages', async () => {
    const { chunks } = await cut('{"a":1}\n{"b":2}\n{"c":3}', 1000, 100);
    expect(chunks).toHaveLength(1);
    expect(texts(await rangeMessages(chunks[0] as never))).toEqual(['{"a":1}', '{"b":2}', '{"c":3}']);
  });

  it('ends a range before a line too long for a message, which comes on its own as one too large, its bytes skipped', async () => {
    const text = `{"a":1}\n${'y'.repeat(1000)}\n{"b":2}\n`;
    const { path, chunks } = await cut(text, 200, 100);
    expect(chunks.map((c) => (isFileRange(c) ? [c.start, c.end] : texts(c)))).toEqual([[0, 8], [null], [1009, 1017]]);
    const messages: (string | null)[] = [];
    for (const c of chunks) messages.push(...(isFileRange(c) ? texts(await rangeMessages({ ...c, file: path })) : texts(c)));
    expect(messages).toEqual(['{"a":1}', null, '{"b":2}']);
  });

  it('keeps a range bounded when a long line ends it: the line becomes one message too large', async () => {
    const text = `{"a":1}\n${'y'.repeat(150)}\n{"b":2}\n`;
    const { path, chunks } = await cut(text, 20, 100);
    const messages: (string | null)[] = [];
    for (const c of chunks) {
      if (isFileRange(c)) expect(c.end - c.start).toBeLessThanOrEqual(20 + 100 + 2);
      messages.push(...(isFileRange(c) ? texts(await rangeMessages({ ...c, file: path })) : texts(c)));
    }
    expect(messages).toEqual(['{"a":1}', null, '{"b":2}']);
  });

});
