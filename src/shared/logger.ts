import { pino, type Logger } from 'pino';

/**
 * The register's structured logger (pino, JSON lines on stderr). Log fields are chosen by the code,
 * never copied wholesale from input: identity numbers must never reach a log. `redact` is a second
 * line of defence for field names that could carry them.
 */
export function createLogger(options: { level?: string; destination?: number | string } = {}): Logger {
  return pino(
    {
      level: options.level ?? process.env.LMR_LOG_LEVEL ?? 'info',
      base: { service: 'lmr' },
      redact: {
        paths: ['*.nationalId', '*.fnr', '*.hpr', '*.number', '*.identities', 'req.headers.authorization'],
        censor: '[redacted]',
      },
    },
    pino.destination({ dest: options.destination ?? 2, sync: true }),
  );
}

export type { Logger };
