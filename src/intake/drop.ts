import { mkdir, readdir, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Logger } from '../shared/logger.js';
import { normalizeError } from '../shared/outcome.js';
import type { IngestSummary } from './message/message.js';
import type { IntakeService } from './service.js';

/** Drop-directory rules (as data). */
export const DROP_RULES = {
  /** Files taken: NDJSON messages or FHIR Bundles, one per line. Anything else is left alone. */
  pattern: /\.(ndjson|jsonl|json)$/i,
  /** A file is taken once its size and mtime have not changed for this long (the sender has finished). */
  settleMs: 1000,
  pollMs: 2000,
  attempts: 3,
} as const;

/**
 * The watched drop directory, for monthly deliveries and migrations of history. A file is taken
 * once it has stopped growing, moved to `processing/`, ingested through the same pipeline as the
 * API, and then deleted: the original (which holds identity numbers) is kept only until it is split.
 * What remains is `receipts/NAME.summary.json`. After a crash the file is still in `processing/` and
 * is ingested again on start (idempotent: what was committed comes back as duplicates). A file that
 * fails three times is moved to `failed/` and recorded as an intake event.
 */
export class DropWatcher {
  private timer: NodeJS.Timeout | undefined;
  private busy = false;
  private readonly seen = new Map<string, { size: number; mtime: number; since: number }>();
  private readonly failures = new Map<string, number>();

  constructor(
    private readonly dir: string,
    private readonly intake: IntakeService,
    private readonly logger: Logger,
  ) {}

  async start(): Promise<void> {
    for (const sub of ['processing', 'receipts', 'failed']) await mkdir(join(this.dir, sub), { recursive: true });
    // Files left in processing/ by a crash go first.
    for (const name of await readdir(join(this.dir, 'processing'))) await this.ingest(name);
    this.timer = setInterval(() => void this.scan(), DROP_RULES.pollMs);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
  }

  /** One pass over the directory (also called by tests). */
  async scan(): Promise<void> {
    if (this.busy) return;
    this.busy = true;
    try {
      const { stat } = await import('node:fs/promises');
      for (const entry of await readdir(this.dir, { withFileTypes: true })) {
        if (!entry.isFile() || !DROP_RULES.pattern.test(entry.name)) continue;
        const path = join(this.dir, entry.name);
        const st = await stat(path);
        const prev = this.seen.get(entry.name);
        const now = Date.now();
        if (!prev || prev.size !== st.size || prev.mtime !== st.mtimeMs) {
          this.seen.set(entry.name, { size: st.size, mtime: st.mtimeMs, since: now });
          continue;
        }
        if (now - prev.since < DROP_RULES.settleMs) continue;
        this.seen.delete(entry.name);
        await rename(path, join(this.dir, 'processing', entry.name));
        await this.ingest(entry.name);
      }
    } finally {
      this.busy = false;
    }
  }

  private async ingest(name: string): Promise<void> {
    const path = join(this.dir, 'processing', name);
    try {
      const { summary } = await this.intake.ingestFile(path, { client: null, channel: 'file', receipts: false });
      await this.done(name, summary);
      await rm(path);
      this.logger.info({ file: name, ...summary }, 'drop file ingested');
    } catch (err) {
      const n = (this.failures.get(name) ?? 0) + 1;
      this.failures.set(name, n);
      const reason = normalizeError(err).issues[0]?.message ?? 'failed';
      this.logger.error({ file: name, attempt: n, reason }, 'drop file failed');
      if (n >= DROP_RULES.attempts) {
        await rename(path, join(this.dir, 'failed', name));
        await this.intake.recordEvent('file-stopped', `drop file failed ${n} times: ${reason}`);
        this.failures.delete(name);
      } else {
        await rename(path, join(this.dir, name));
      }
    }
  }

  private async done(name: string, summary: IngestSummary): Promise<void> {
    await writeFile(join(this.dir, 'receipts', `${name}.summary.json`), JSON.stringify({ file: name, finishedAt: new Date().toISOString(), ...summary }) + '\n');
  }
}
