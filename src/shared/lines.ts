import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';

/** Streams a text file line by line with its 1-based line number; memory stays bounded. */
export async function* readLines(path: string): AsyncGenerator<{ line: string; lineNo: number }> {
  const input = createReadStream(path, { encoding: 'utf8', highWaterMark: 1 << 20 });
  const rl = createInterface({ input, crlfDelay: Infinity });
  let lineNo = 0;
  try {
    for await (const line of rl) {
      lineNo++;
      yield { line, lineNo };
    }
  } finally {
    rl.close();
    input.destroy();
  }
}
