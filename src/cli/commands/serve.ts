import type { Command } from 'commander';
import { startServer } from '../../server/server.js';
import type { DataLayout } from '../../shared/config.js';
import { action, intArg } from '../command.js';

async function serveUntilSignalled(layout: DataLayout, port: number): Promise<void> {
  const server = await startServer(layout, { port });
  process.stderr.write(`lmr: serving on http://localhost:${server.port} (health: /health, API reference: /api/openapi.json)\n`);
  await new Promise<void>((resolve) => {
    const stop = (): void => {
      void server.close().then(resolve);
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
}

export function register(program: Command): void {
  program
    .command('serve')
    .description('run the HTTP server on the data directory')
    .option('--port <n>', 'port to listen on (0 = any free port)', intArg('--port'), Number(process.env.PORT ?? 8080))
    .action(
      action(async ({ layout }, opts: { port: number }) => {
        await serveUntilSignalled(layout, opts.port);
      }),
    );
  program
    .command('start')
    .description('build a demo register on an empty data directory (synthetic nation), then serve')
    .option('--port <n>', 'port to listen on', intArg('--port'), Number(process.env.PORT ?? 8080))
    .option('--persons <n>', 'size of the demo nation', intArg('--persons', 1), 50_000)
    .action(
      action(async ({ layout }, opts: { port: number; persons: number }) => {
        const { ensureDemo } = await import('../../demo.js');
        await ensureDemo(layout, { persons: opts.persons });
        await serveUntilSignalled(layout, opts.port);
      }),
    );
}
