import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { MESSAGE_LIMITS } from './message/message.js';
import { messageText, type RawMessage } from './pipeline/slices.js';
import { bundleToMessage } from './fhir/index.js';

/**
 * Reads an NDJSON file of messages as a stream of raw lines, in bounded memory: bytes are split on
 * newlines without parsing (DuckDB parses them, set-based). A line longer than the message limit is
 * passed on as `null` (rejected as too large) without being kept.
 */
export function readMessageLines(path: string, onBytes?: (bytes: number) => void): AsyncGenerator<RawMessage> {
  return splitMessages(createReadStream(path, { highWaterMark: 4 * 1024 * 1024 }) as AsyncIterable<Buffer>, onBytes);
}

/** Splits a byte stream (a file, an HTTP body) into messages, one per line. */
export async function* splitMessages(source: AsyncIterable<Uint8Array>, onBytes?: (bytes: number) => void): AsyncGenerator<RawMessage> {
  let carry: Buffer[] = [];
  let carryBytes = 0;
  let oversize = false;
  let read = 0;
  for await (const bytes of source) {
    const chunk = Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    read += chunk.length;
    let start = 0;
    for (;;) {
      const nl = chunk.indexOf(10, start);
      if (nl < 0) break;
      const piece = chunk.subarray(start, nl);
      start = nl + 1;
      if (oversize || carryBytes + piece.length > MESSAGE_LIMITS.maxMessageBytes) yield { text: null };
      else {
        // The line's bytes, not decoded here: DuckDB decodes them (a view of the read buffer, which
        // the stream does not reuse).
        const text = carry.length ? Buffer.concat([...carry, piece]) : piece;
        if (!blank(text)) yield { text };
      }
      carry = [];
      carryBytes = 0;
      oversize = false;
    }
    const rest = chunk.subarray(start);
    if (rest.length) {
      if (carryBytes + rest.length > MESSAGE_LIMITS.maxMessageBytes) {
        oversize = true;
        carry = [];
        carryBytes = 0;
      } else if (!oversize) {
        carry.push(Buffer.from(rest));
        carryBytes += rest.length;
      }
    }
    onBytes?.(read);
  }
  if (oversize) yield { text: null };
  else if (carryBytes > 0) {
    const text = Buffer.concat(carry);
    if (!blank(text)) yield { text };
  }
}

/** Whether a line holds nothing but white space (stops at the first other byte: `{` for a message). */
function blank(line: Uint8Array): boolean {
  for (const b of line) if (b !== 0x20 && b !== 0x09 && b !== 0x0d && b !== 0x0a && b !== 0x0b && b !== 0x0c) return false;
  return true;
}

export async function fileSize(path: string): Promise<number> {
  return (await stat(path)).size;
}

const BUNDLE_START = /^\s*\{\s*"resourceType"\s*:\s*"Bundle"/;

/**
 * Lines that are FHIR transaction Bundles become dispensing messages (intake/fhir); other lines pass
 * through untouched. A Bundle that cannot be mapped is passed on as it is, so the message rules
 * reject it with a receipt. Only Bundles are parsed in JavaScript; plain messages go to DuckDB as text.
 */
export async function* internalMessages(source: AsyncIterable<RawMessage>): AsyncGenerator<RawMessage> {
  for await (const m of source) {
    if (m.text === null || !BUNDLE_START.test(messageText({ text: m.text.slice(0, 64) })!)) {
      yield m;
      continue;
    }
    let mapped: ReturnType<typeof bundleToMessage> | null = null;
    try {
      mapped = bundleToMessage(JSON.parse(messageText(m)!));
    } catch {
      mapped = null;
    }
    yield mapped?.message ? { text: JSON.stringify(mapped.message) } : m;
  }
}
