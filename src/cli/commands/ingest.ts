import { createWriteStream } from 'node:fs';
import type { Command } from 'commander';
import { openRegister } from '../../intake/register.js';
import { IntakeService } from '../../intake/service.js';
import { profileReport } from '../../intake/pipeline/profile.js';
import type { IngestSummary } from '../../intake/message/message.js';
import { terminalProgress } from '../../shared/progress.js';
import { action } from '../command.js';
import { dispensingStats } from '../../dispensing/stats.js';

export function summaryLine(s: IngestSummary): string {
  const rate = s.seconds > 0 ? Math.round(s.dispensings / s.seconds) : 0;
  return (
    `${s.messages} messages, ${s.dispensings} dispensings: ${s.accepted} accepted, ${s.rejected} rejected, ${s.duplicates} duplicates, ` +
    `${s.corrected} corrected, ${s.cancelled} cancelled in ${s.seconds.toFixed(1)} s (${rate}/s)`
  );
}

export function register(program: Command): void {
  registerStats(program);
  program
    .command('ingest')
    .description('ingest dispensing files (NDJSON messages or FHIR Bundles, one per line) through the intake pipeline')
    .argument('<files...>', 'files of dispensing messages, one JSON message (or FHIR transaction Bundle) per line')
    .option('--receipts <file>', 'write the receipt of every message to this file (NDJSON)')
    .addHelpText(
      'after',
      `
The same pipeline as POST /api/intake/v1/messages: validation rules, the identity split, idempotency
and corrections. Each chunk of whole messages is committed in one transaction; re-running a file adds
nothing (everything comes back as duplicates). Several files are one stream of chunks, in the order
given: the next file is cut and parsed while the last chunks of the one before are applied, and the
summary counts them all. The server holds the stores while it runs: with
\`lmr serve\` running, put files in its drop directory or use the API instead. The register's DuckDB
instance runs one thread here (the intake's lanes are the parallelism; the vault keeps DuckDB's
default); LMR_THREADS sets another number. Messages are parsed, and their identity numbers replaced by
keyed digests, in a parser process of its own (LMR_PARSER_MEMORY, default 600MB), which reads each
file itself in ranges of whole lines (LMR_INTAKE_CHUNK_MIB, default 128; a pipe is streamed instead),
so this process reads no message text (but a stopped chunk's, for its message ids), and its DuckDB
never holds an identity-number field (LMR_MEMORY, default 1100MB here).

--json prints {"messages","dispensings","accepted","rejected","duplicates","corrected","cancelled","seconds"}.`,
    )
    .action(
      action(async ({ layout, out }, files: string[], opts: { receipts?: string }) => {
        // This process only ingests: one thread for the register's instance, the lanes are the parallelism.
        // It parses nothing itself (the parser process does, in 600 MB of its own), and its allocator
        // keeps freed pages 30 s (shared/jemalloc.ts), so its memory stays near its peak: 1100 MB keeps
        // the two processes under 4 GiB together.
        const register = await openRegister(layout, { threads: 1, memory: '1100MB' });
        const progress = terminalProgress();
        const receiptsOut = opts.receipts ? createWriteStream(opts.receipts) : null;
        try {
          const intake = await IntakeService.create(register);
          const started = performance.now();
          let counts: IngestSummary;
          try {
            // One stream of chunks for all the files: the next file is cut and parsed while the last
            // chunks of the one before are applied. The bar follows the file being cut.
            const r = await intake.ingestFiles(files, { client: null, channel: 'file', receipts: receiptsOut !== null }, (chunk) => {
              if (receiptsOut) for (const rc of chunk.receipts) receiptsOut.write(JSON.stringify(rc) + '\n');
            }, {
              onFile: (file, size) => progress.start(file.split('/').pop() ?? file, size),
              onBytes: (b) => progress.update(b),
            });
            progress.stop();
            counts = r.summary;
          } finally {
            intake.close();
          }
          const summary: IngestSummary = { ...counts, seconds: Math.round((performance.now() - started) / 10) / 100 };
          if (process.env.LMR_INTAKE_PROFILE) process.stderr.write(profileReport() + '\n');
          out.result(summary, () => summaryLine(summary));
        } finally {
          progress.stop();
          register.close();
          if (receiptsOut) await new Promise((r) => receiptsOut.end(r));
        }
      }),
    );
}

export function registerStats(program: Command): void {
  program
    .command('dispensings')
    .description('the dispensing store')
    .command('stats')
    .description('counts of the dispensing store: versions, current, cancelled, corrected, patients, messages, stopped messages, events')
    .action(
      action(async ({ layout, out }) => {
        const register = await openRegister(layout);
        try {
          const s = await dispensingStats(register.store.conn);
          out.result(s, () => Object.entries(s).map(([k, v]) => `${k.padEnd(16)} ${String(v)}`).join('\n'));
        } finally {
          register.close();
        }
      }),
    );
}
