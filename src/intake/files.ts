import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { MESSAGE_LIMITS } from './message/message.js';
import { messageText, type FileRange, type RawMessage } from './pipeline/slices.js';
import { bundleToMessage } from './fhir/index.js';

/**
 * Cuts bytes into messages, one per line, without parsing them (DuckDB parses them, set-based). A
 * line longer than the message limit becomes `null` (rejected as too large) and is not kept; blank
 * lines are skipped. Bytes may arrive in pieces (`push`, then `end`); each message is a view of the
 * bytes it came in, or a copy where a line spans two pieces.
 */
export class LineSplitter {
  private carry: Buffer[] = [];
  private carryBytes = 0;
  private oversize = false;

  /** The messages whose lines end in `bytes`. */
  push(bytes: Uint8Array): RawMessage[] {
    const chunk = Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const out: RawMessage[] = [];
    let start = 0;
    for (;;) {
      const nl = chunk.indexOf(10, start);
      if (nl < 0) break;
      const piece = chunk.subarray(start, nl);
      start = nl + 1;
      if (this.oversize || this.carryBytes + piece.length > MESSAGE_LIMITS.maxMessageBytes) out.push({ text: null });
      else {
        const text = this.carry.length ? Buffer.concat([...this.carry, piece]) : piece;
        if (!blank(text)) out.push({ text });
      }
      this.carry = [];
      this.carryBytes = 0;
      this.oversize = false;
    }
    const rest = chunk.subarray(start);
    if (rest.length) {
      if (this.carryBytes + rest.length > MESSAGE_LIMITS.maxMessageBytes) {
        this.oversize = true;
        this.carry = [];
        this.carryBytes = 0;
      } else if (!this.oversize) {
        this.carry.push(Buffer.from(rest));
        this.carryBytes += rest.length;
      }
    }
    return out;
  }

  /** The last line, when the bytes did not end with a newline. */
  end(): RawMessage[] {
    const out: RawMessage[] = [];
    if (this.oversize) out.push({ text: null });
    else if (this.carryBytes > 0) {
      const text = Buffer.concat(this.carry);
      if (!blank(text)) out.push({ text });
    }
    this.carry = [];
    this.carryBytes = 0;
    this.oversize = false;
    return out;
  }
}

/** The messages of bytes that hold whole lines (a file range): views of `bytes`. */
export function messageLines(bytes: Uint8Array): RawMessage[] {
  const s = new LineSplitter();
  return [...s.push(bytes), ...s.end()];
}

/** The messages of a file that is not a regular file (a pipe), read as a stream; Bundles mapped to messages. */
export async function* streamedMessages(path: string, onBytes?: (bytes: number) => void): AsyncGenerator<RawMessage> {
  for await (const m of splitMessages(createReadStream(path, { highWaterMark: 4 * 1024 * 1024 }) as AsyncIterable<Buffer>, onBytes)) yield internalMessage(m);
}

/** Splits a byte stream (a file, an HTTP body) into messages, one per line. */
export async function* splitMessages(source: AsyncIterable<Uint8Array>, onBytes?: (bytes: number) => void): AsyncGenerator<RawMessage> {
  const lines = new LineSplitter();
  let read = 0;
  for await (const bytes of source) {
    read += bytes.byteLength;
    // Views of the read buffer, which the stream does not reuse.
    yield* lines.push(bytes);
    onBytes?.(read);
  }
  yield* lines.end();
}

/** Whether a line holds nothing but white space (stops at the first other byte: `{` for a message). */
function blank(line: Uint8Array): boolean {
  for (const b of line) if (b !== 0x20 && b !== 0x09 && b !== 0x0d && b !== 0x0a && b !== 0x0b && b !== 0x0c) return false;
  return true;
}

/** Bytes read at a time while looking for the end of a line. */
const PROBE_BYTES = 64 * 1024;

/**
 * A file cut into ranges of whole lines, reading only a few bytes around each cut: the parser process
 * reads the ranges' text itself (parser.ts). As with messages held in memory (service.ts), a range
 * ends at the first line end at or after `minBytes` (so it holds at least one line), unless the line
 * running over that point is longer than a message may be: then the range ends before that line, and
 * the line comes on its own as one message too large to keep (`{ text: null }`), its bytes skipped.
 * So a range holds at most `minBytes` + `messageLimit` + 2 bytes. `onBytes` gets the bytes cut so far.
 */
export async function* fileChunks(
  path: string,
  minBytes: number,
  onBytes?: (bytes: number) => void,
  /** The longest message (a test's may be shorter). */
  messageLimit: number = MESSAGE_LIMITS.maxMessageBytes,
): AsyncGenerator<FileRange | RawMessage[]> {
  const file = await open(path, 'r');
  try {
    const size = (await file.stat()).size;
    const probe = Buffer.allocUnsafe(PROBE_BYTES);
    /** The position just after the first newline in [from, to), or -1. */
    const nextLineEnd = async (from: number, to: number): Promise<number> => {
      for (let at = from; at < to; ) {
        const { bytesRead } = await file.read(probe, 0, Math.min(PROBE_BYTES, to - at), at);
        if (bytesRead === 0) break;
        const i = probe.subarray(0, bytesRead).indexOf(10);
        if (i >= 0) return at + i + 1;
        at += bytesRead;
      }
      return -1;
    };
    /** The position just after the last newline in [from, to), or -1. */
    const lastLineEnd = async (from: number, to: number): Promise<number> => {
      for (let hi = to; hi > from; ) {
        const lo = Math.max(from, hi - PROBE_BYTES);
        const { bytesRead } = await file.read(probe, 0, hi - lo, lo);
        const i = probe.subarray(0, bytesRead).lastIndexOf(10);
        if (i >= 0) return lo + i + 1;
        hi = lo;
      }
      return -1;
    };
    for (let start = 0; start < size; ) {
      // The line that holds byte start + minBytes - 1 ends the range, if it ends in time (or the file ends).
      const from = Math.min(start + Math.max(1, minBytes), size) - 1;
      const limit = Math.min(size, from + messageLimit + 2);
      const end = await nextLineEnd(from, limit);
      if (end >= 0 || limit === size) {
        const stop = end >= 0 ? end : size;
        yield { file: path, start, end: stop };
        start = stop;
      } else {
        // That line is too long for a message: the range ends before it, and it comes on its own.
        const before = await lastLineEnd(start, from);
        if (before > start) {
          yield { file: path, start, end: before };
          start = before;
        } else {
          yield [{ text: null }];
          const after = await nextLineEnd(limit, size);
          start = after >= 0 ? after : size;
        }
      }
      onBytes?.(start);
    }
  } finally {
    await file.close();
  }
}

/**
 * Reads a file range (whole lines) into `into` (at least the range's size): its messages, views of
 * `into`, with Bundles mapped to messages. The parser process reads every range this way, into the
 * buffer of its parse; the intake only a stopped chunk's, to record its messages' ids.
 */
export async function readRange(range: FileRange, into: Buffer): Promise<{ text: Buffer; messages: RawMessage[] }> {
  const text = into.subarray(0, range.end - range.start);
  const file = await open(range.file, 'r');
  try {
    for (let got = 0; got < text.length; ) {
      const { bytesRead } = await file.read(text, got, text.length - got, range.start + got);
      if (bytesRead === 0) throw new Error('the file is shorter than the range');
      got += bytesRead;
    }
  } finally {
    await file.close();
  }
  return { text, messages: messageLines(text).map(internalMessage) };
}

const BUNDLE_START = /^\s*\{\s*"resourceType"\s*:\s*"Bundle"/;

/**
 * A line that is a FHIR transaction Bundle becomes a dispensing message (intake/fhir); other lines
 * pass through untouched. A Bundle that cannot be mapped is passed on as it is, so the message rules
 * reject it with a receipt. Only Bundles are parsed in JavaScript; plain messages go to DuckDB as text.
 */
export function internalMessage(m: RawMessage): RawMessage {
  if (m.text === null || !BUNDLE_START.test(messageText({ text: m.text.slice(0, 64) })!)) return m;
  let mapped: ReturnType<typeof bundleToMessage> | null = null;
  try {
    mapped = bundleToMessage(JSON.parse(messageText(m)!));
  } catch {
    mapped = null;
  }
  return mapped?.message ? { text: JSON.stringify(mapped.message) } : m;
}
