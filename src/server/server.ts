import { existsSync } from 'node:fs';
import { serve } from '@hono/node-server';
import type { AddressInfo } from 'node:net';
import { DropWatcher } from '../intake/drop.js';
import { openRegister } from '../intake/register.js';
import { IntakeService } from '../intake/service.js';
import type { DataLayout } from '../shared/config.js';
import { createLogger, type Logger } from '../shared/logger.js';
import { accessConfig, createVerifier } from '../access/index.js';
import { createApp } from './app.js';
import { StatisticsBank } from '../statistics/bank.js';
import { attachStatisticsStore } from '../statistics/store.js';
import { StatisticsUpdater } from '../statistics/updater.js';

export interface RunningServer {
  port: number;
  close(): Promise<void>;
}

export interface ServerOptions {
  port: number;
  host?: string;
  logger?: Logger;
  /** Watch the drop directory (default: yes). */
  drop?: boolean;
  /** Keep the statistics bank up to date (default: yes). */
  statistics?: boolean;
}

/**
 * Starts the register's HTTP server on the embedded default stores. Start-up opens the stores and the
 * key ring (creating the key file on first start), the intake pipeline and the drop-directory
 * watcher; `close` mirrors it in reverse order.
 */
export async function startServer(layout: DataLayout, options: ServerOptions): Promise<RunningServer> {
  const logger = options.logger ?? createLogger();
  // Before the stores open: a bad access configuration fails start-up with nothing to close.
  const verifier = await createVerifier(accessConfig(layout.root));
  const register = await openRegister(layout);
  let intake: IntakeService | undefined;
  let drop: DropWatcher | undefined;
  let updater: StatisticsUpdater | undefined;
  try {
    await attachStatisticsStore(register.store, layout.statisticsDb);
    intake = await IntakeService.create(register);
    if (options.drop !== false) {
      drop = new DropWatcher(layout.dropDir, intake, logger);
      await drop.start();
    }
    if (options.statistics !== false) {
      updater = new StatisticsUpdater(register.store, logger);
      updater.start();
    }
  } catch (err) {
    await updater?.stop();
    intake?.close();
    register.close();
    throw err;
  }
  const vault = register.vault;
  const app = createApp({
    reference: register.store.instance,
    logger,
    verifier,
    intake,
    statistics: new StatisticsBank(register.store.instance),
    signingKeys: () => vault.signingKeys(),
    startedAt: new Date(),
    storeStates: async () => {
      try {
        await vault.ping();
        return { vault: { status: 'ok' }, dispensing: { status: 'ok' } };
      } catch {
        return { vault: { status: existsSync(layout.vaultDb) ? 'error' : 'absent' }, dispensing: { status: 'ok' } };
      }
    },
  });
  const server = await new Promise<ReturnType<typeof serve>>((resolve, reject) => {
    const s = serve({ fetch: app.fetch, port: options.port, hostname: options.host ?? '0.0.0.0' }, () => resolve(s));
    s.once('error', reject);
  });
  const port = (server.address() as AddressInfo).port;
  logger.info({ port }, 'lmr listening');
  const running = intake;
  return {
    port,
    close: () =>
      new Promise<void>((resolve) => {
        drop?.stop();
        server.close(() => {
          void (async () => {
            await updater?.stop();
            running.close();
            register.close();
            resolve();
          })();
        });
      }),
  };
}
