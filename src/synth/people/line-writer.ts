import { createWriteStream, type WriteStream } from 'node:fs';
import { once } from 'node:events';

/**
 * Buffered text output with backpressure: `add` collects text and says when the buffer is full;
 * `flush` writes it and waits for the stream to drain when the OS is behind. Memory stays at about
 * one buffer plus the stream's high-water mark, whatever the file size.
 */
export class LineWriter {
  private parts: string[] = [];
  private size = 0;
  private failure: Error | undefined;
  private readonly stream: WriteStream;

  constructor(
    path: string,
    private readonly bufferChars = 1 << 20,
  ) {
    this.stream = createWriteStream(path, { encoding: 'utf8', highWaterMark: 1 << 20 });
    this.stream.on('error', (err) => {
      this.failure = err;
    });
  }

  /** Adds text; true when the caller should `await flush()` before adding more. */
  add(text: string): boolean {
    this.parts.push(text);
    this.size += text.length;
    return this.size >= this.bufferChars;
  }

  async flush(): Promise<void> {
    this.throwIfFailed();
    if (this.size === 0) return;
    const chunk = this.parts.join('');
    this.parts = [];
    this.size = 0;
    if (!this.stream.write(chunk)) await once(this.stream, 'drain');
    this.throwIfFailed();
  }

  private throwIfFailed(): void {
    if (this.failure) throw this.failure;
  }

  async close(): Promise<void> {
    await this.flush();
    await new Promise<void>((resolve, reject) => {
      this.stream.end((err?: Error | null) => (err ? reject(err) : resolve()));
    });
    this.throwIfFailed();
  }

  /** Closes the file without caring about errors (cleanup after a failure). */
  destroy(): void {
    this.stream.destroy();
  }
}
