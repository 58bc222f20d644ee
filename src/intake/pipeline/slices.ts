/**
 * One message as received: its JSON text, as a string or as the UTF-8 bytes it arrived in (a file's or
 * a body's lines stay bytes: DuckDB decodes them, so the text is never transcoded in JavaScript), or
 * null when it was too large to keep.
 */
export interface RawMessage {
  text: string | Uint8Array | null;
}

/** Bytes [start, end) of a file, holding whole lines: messages the parser process reads itself. */
export interface FileRange {
  file: string;
  start: number;
  end: number;
}

/**
 * A chunk's messages: held (an API body, a test), or a range of a file that only the parser process
 * reads, so the intake process never holds a file's message text (intake/files.ts, fileChunks).
 */
export type Chunk = readonly RawMessage[] | FileRange;

export const isFileRange = (c: Chunk): c is FileRange => !Array.isArray(c);

/** A message's text as a string (for the few that JavaScript reads: FHIR Bundles, failed chunks' headers). */
export function messageText(m: RawMessage): string | null {
  return m.text === null || typeof m.text === 'string' ? m.text : Buffer.from(m.text.buffer, m.text.byteOffset, m.text.byteLength).toString('utf8');
}

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

/**
 * Reusable buffers, one per parse that may be in flight at once, for a chunk's bytes on their way
 * between processes: grown when a chunk needs more, never freed (a fresh 128 MiB buffer per chunk cost
 * a page fault per 4 KiB, twice).
 */
export class ChunkBuffers {
  private readonly buffers = new Map<number, Buffer>();

  get(n: number, bytes: number): Buffer {
    const b = this.buffers.get(n);
    if (b && b.length >= bytes) return b;
    const grown = Buffer.allocUnsafeSlow(Math.max(bytes, Math.ceil((b?.length ?? 0) * 1.25)));
    this.buffers.set(n, grown);
    return grown;
  }
}
