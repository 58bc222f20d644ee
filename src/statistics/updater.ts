import type { Store } from '../shared/duckdb.js';
import { buildStatistics, type BuildSummary } from './build.js';

interface Log {
  info(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

/**
 * Keeps the preliminary statistics up to date inside a running server: a build at start, then every
 * `intervalMs` an incremental build, which does nothing when no dispensing arrived since the last.
 * Builds never overlap; `stop` waits for one in progress.
 */
export class StatisticsUpdater {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<BuildSummary | null> | null = null;

  constructor(
    private readonly store: Store,
    private readonly log: Log,
    private readonly intervalMs = Number(process.env.LMR_STATS_INTERVAL_SECONDS ?? 60) * 1000,
  ) {}

  start(): void {
    void this.update();
    this.timer = setInterval(() => void this.update(), this.intervalMs);
    this.timer.unref();
  }

  /** One incremental build now (or the one in progress). */
  update(): Promise<BuildSummary | null> {
    this.running ??= buildStatistics(this.store)
      .then((s) => {
        if (s.years.length > 0) this.log.info({ years: s.years, cells: s.cells, primary: s.primary, secondary: s.secondary, seconds: s.seconds }, 'statistics built');
        return s;
      })
      .catch((err: unknown) => {
        this.log.error({ err: err instanceof Error ? err.message : 'failed' }, 'statistics build failed');
        return null;
      })
      .finally(() => {
        this.running = null;
      });
    return this.running;
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.running;
  }
}
