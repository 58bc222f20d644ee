import type { Command } from 'commander';
import { accessConfig, DEFAULT_SCOPES, DEFAULT_TTL_SECONDS, LocalIssuer, MAX_TTL_SECONDS } from '../../access/index.js';
import { issue } from '../../shared/outcome.js';
import { action, intArg } from '../command.js';

export function register(program: Command): void {
  const auth = program.command('auth').description("the register's local token issuer (OAuth2 bearer JWTs for the HTTP API)");

  auth
    .command('token')
    .description('issue an access token for a client; prints just the token (with --json, a token response)')
    .requiredOption('--client <id>', 'pharmacy:NNNN (4-digit konsesjonsnummer), staff:NAME or system:NAME')
    .option('--ttl <seconds>', `lifetime in seconds (at most ${MAX_TTL_SECONDS})`, intArg('--ttl', 1), DEFAULT_TTL_SECONDS)
    .option('--scope <scopes>', 'space-separated scopes (default by client kind, see below)')
    .addHelpText(
      'after',
      [
        '',
        'Default scopes:',
        ...Object.entries(DEFAULT_SCOPES).map(([kind, s]) => `  ${kind.padEnd(9)} ${s.join(' ')}`),
        '',
        'The signing key is keys/issuer-key.json in the data directory (created on first use), or LMR_ISSUER_KEY_FILE.',
        'iss is LMR_TOKEN_ISSUER (default urn:lmr:local-issuer), aud is LMR_TOKEN_AUDIENCE (default lmr).',
        'Use it as: curl -H "Authorization: Bearer $(lmr auth token --client pharmacy:1234)" …',
      ].join('\n'),
    )
    .action(
      action(async ({ layout, out }, opts: { client: string; ttl: number; scope?: string }) => {
        const config = accessConfig(layout.root);
        if (config.jwksUrl) {
          out.warn([issue('invalid', 'LMR_JWKS_URL is set: the server accepts only tokens of that issuer, not of this local one', { severity: 'warning' })]);
        }
        const issuer = await LocalIssuer.open(config.issuerKeyFile);
        const scopes = opts.scope?.split(' ').filter((s) => s.length > 0);
        const token = await issuer.issue(opts.client, { issuer: config.issuer, audience: config.audience, ttlSeconds: opts.ttl, ...(scopes ? { scopes } : {}) });
        out.result(token, () => token.access_token);
      }),
    );

  auth
    .command('jwks')
    .description("print the local issuer's public key set (JWKS, as served at /.well-known/jwks.json)")
    .action(
      action(async ({ layout, out }) => {
        const issuer = await LocalIssuer.open(accessConfig(layout.root).issuerKeyFile);
        const jwks = issuer.jwks();
        out.result(jwks, () => JSON.stringify(jwks, null, 2));
      }),
    );
}
