import { createWriteStream, type WriteStream } from 'node:fs';
import { once } from 'node:events';

const XML_ESCAPES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&apos;',
};

/** Escapes text for XML element content and double- or single-quoted attribute values. */
export function escapeXml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => XML_ESCAPES[c] ?? c);
}

/**
 * A small buffered writer over a file stream that honours backpressure: chunks are gathered up to
 * `highWaterMark` characters, and each flush waits for 'drain' when the stream asks it to.
 */
export class StreamingTextWriter {
  private readonly stream: WriteStream;
  private buffer: string[] = [];
  private buffered = 0;

  constructor(path: string, private readonly highWaterMark = 64 * 1024) {
    this.stream = createWriteStream(path, { encoding: 'utf8' });
  }

  async write(chunk: string): Promise<void> {
    this.buffer.push(chunk);
    this.buffered += chunk.length;
    if (this.buffered >= this.highWaterMark) await this.flush();
  }

  async flush(): Promise<void> {
    if (this.buffered === 0) return;
    const text = this.buffer.join('');
    this.buffer = [];
    this.buffered = 0;
    if (!this.stream.write(text)) await once(this.stream, 'drain');
  }

  async close(): Promise<void> {
    await this.flush();
    const finished = once(this.stream, 'finish');
    this.stream.end();
    await finished;
  }

  /** Closes the underlying stream after a failure, without waiting for pending data. */
  destroy(): void {
    this.stream.destroy();
  }
}
