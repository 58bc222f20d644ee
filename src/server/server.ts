import { existsSync } from 'node:fs';
import { serve } from '@hono/node-server';
import type { AddressInfo } from 'node:net';
import { Vault } from '../identity/index.js';
import { openReferenceStore } from '../reference/store.js';
import type { DataLayout } from '../shared/config.js';
import { createLogger, type Logger } from '../shared/logger.js';
import { accessConfig, createVerifier } from '../access/index.js';
import { createApp } from './app.js';

export interface RunningServer {
  port: number;
  close(): Promise<void>;
}

/**
 * Starts the register's HTTP server on the embedded default stores. Start-up opens the stores and the
 * key ring (creating the key file on first start); `close` mirrors it in reverse order.
 */
export async function startServer(layout: DataLayout, options: { port: number; host?: string; logger?: Logger }): Promise<RunningServer> {
  const logger = options.logger ?? createLogger();
  // Before the stores open: a bad access configuration fails start-up with nothing to close.
  const verifier = await createVerifier(accessConfig(layout.root));
  const reference = await openReferenceStore(layout.referenceDb);
  let vault: Vault | undefined;
  try {
    vault = await Vault.open(layout);
  } catch (err) {
    reference.close();
    throw err;
  }
  const app = createApp({
    reference: reference.instance,
    logger,
    verifier,
    startedAt: new Date(),
    storeStates: async () => {
      try {
        await vault.ping();
        return { vault: { status: 'ok' } };
      } catch {
        return { vault: { status: existsSync(layout.vaultDb) ? 'error' : 'absent' } };
      }
    },
  });
  const server = await new Promise<ReturnType<typeof serve>>((resolve, reject) => {
    const s = serve({ fetch: app.fetch, port: options.port, hostname: options.host ?? '0.0.0.0' }, () => resolve(s));
    s.once('error', reject);
  });
  const port = (server.address() as AddressInfo).port;
  logger.info({ port }, 'lmr listening');
  return {
    port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => {
          vault.close();
          reference.close();
          resolve();
        });
      }),
  };
}
