import { InvalidArgumentError } from 'commander';
import type { Command } from 'commander';
import type { DatabaseHandle } from '../db/client.ts';
import { TOKEN_DAYS, TOKEN_MAX_DAYS, tokenLifetime } from '../domain/api-token.ts';
import { roleMisfitMessage, rolesForKind } from '../domain/access/roles.ts';
import { createRuntimeServices } from '../runtime.ts';
import { isRole, ROLES } from '../domain/access/actor.ts';
import type { ApiTokenService, TokenError } from '../services/api-token-service.ts';
import { consoleOutput } from './audit-command.ts';
import type { Output } from './audit-command.ts';
import { isUuid } from '../domain/ids.ts';

// `lantern token …`: the operator makes API tokens for case-management systems, lists them with whether
// each still works, rotates one (a new token in its place, the old one revoked at once) and revokes one.
// A token is printed alone on standard output, once; everything else goes to standard error.

function tokenId(value: string): string {
  if (!isUuid(value)) throw new InvalidArgumentError('Enter the token id (a UUID) printed when the token was created, or shown by lantern token list.');
  return value.toLowerCase();
}

function days(value: string): number {
  const lifetime = tokenLifetime(/^\d+$/.test(value) ? Number(value) : Number.NaN);
  if (!lifetime.ok) throw new InvalidArgumentError(`${lifetime.error}.`);
  return lifetime.value;
}

/** Why a token was not made, in a line for the operator. */
function tokenProblem(error: TokenError, organisationCode: string): string {
  if (error === 'UNKNOWN_ORGANISATION') return `There is no organisation with the code ${organisationCode}. Check the code and try again.`;
  if (error.kind === 'INVALID_LIFETIME') return `Could not create the token: ${error.message}.`;
  return `Could not create the token: ${error.kind}: ${roleMisfitMessage(error.organisationKind)}, one of ${rolesForKind(error.organisationKind).join(', ')}`;
}

/** `lantern token list`: one line a token, newest first, with whether it works now. Returns the exit code. */
export async function runTokenList(tokens: ApiTokenService, organisationCode: string | null, output: Output): Promise<number> {
  const listed = await tokens.listTokens(organisationCode);
  if (!listed.ok) {
    output.err(`There is no organisation with the code ${organisationCode ?? ''}. Check the code and try again.`);
    return 1;
  }
  if (listed.value.length === 0) {
    output.err(organisationCode === null ? 'There are no API tokens.' : `${organisationCode} has no API tokens.`);
    return 0;
  }
  output.out(['id', 'organisation', 'role', 'status', 'expires', 'created', 'replaced by', 'description'].join('\t'));
  for (const token of listed.value) {
    output.out(
      [token.id, token.organisationCode, token.role, token.status, token.expiresAt, token.createdAt, token.replacedBy ?? '-', token.description].join('\t'),
    );
  }
  return 0;
}

/** `lantern token rotate`: prints the new token on standard output, the rest on standard error. Returns the exit code. */
export async function runTokenRotate(tokens: ApiTokenService, id: string, options: { days?: number }, output: Output): Promise<number> {
  const rotated = await tokens.rotateToken(id, options);
  if (!rotated.ok) {
    output.err(
      rotated.error === 'UNKNOWN_TOKEN'
        ? `There is no token ${id} that is not revoked. lantern token list shows them.`
        : `Could not rotate the token: ${rotated.error.message}.`,
    );
    return 1;
  }
  output.err(
    `Token ${id} is revoked. Its replacement ${rotated.value.id} works until ${rotated.value.expiresAt}; give it to the system that used the old one.`,
  );
  output.out(rotated.value.token);
  return 0;
}

export function registerTokenCommand(
  program: Command,
  withDatabase: <T>(work: (handle: DatabaseHandle) => Promise<T>) => Promise<T>,
  output: Output = consoleOutput,
): void {
  const token = program.command('token').description('Manage API tokens for case-management systems');
  const tokenService = (handle: DatabaseHandle) => createRuntimeServices(handle).apiTokens;

  token
    .command('create')
    .description('Create an API token and print it (shown once; only its hash is kept)')
    .requiredOption('--organisation <code>', 'organisation code, e.g. the authority code E10000016')
    .requiredOption('--role <role>', `one of ${ROLES.join(', ')}`)
    .option('--description <text>', 'what the token is for', 'API client')
    .option('--days <n>', `how many days it works (default ${String(TOKEN_DAYS)}, at most ${String(TOKEN_MAX_DAYS)})`, days)
    .action(async (options: { organisation: string; role: string; description: string; days?: number }) => {
      const role = options.role;
      if (!isRole(role)) throw new InvalidArgumentError(`Enter a role: one of ${ROLES.join(', ')}.`);
      await withDatabase(async (handle) => {
        const result = await tokenService(handle).createToken(
          options.organisation,
          role,
          options.description,
          options.days === undefined ? {} : { days: options.days },
        );
        if (!result.ok) {
          output.err(tokenProblem(result.error, options.organisation));
          process.exitCode = 1;
          return;
        }
        output.err(
          `Token ${result.value.id} created for ${options.organisation} (${role}), working until ${result.value.expiresAt}. Rotate it with: lantern token rotate ${result.value.id}`,
        );
        output.out(result.value.token);
      });
    });

  token
    .command('list')
    .description('List API tokens (never the tokens themselves): organisation, role, whether each works, when it expires')
    .option('--organisation <code>', 'only this organisation’s')
    .action(async (options: { organisation?: string }) => {
      await withDatabase(async (handle) => {
        process.exitCode = await runTokenList(tokenService(handle), options.organisation ?? null, output);
      });
    });

  token
    .command('rotate')
    .description('Replace an API token with a new one for the same organisation and role, revoking the old one at once; prints the new token')
    .argument('<id>', 'the id of the token to replace', tokenId)
    .option('--days <n>', `how many days the new token works (default ${String(TOKEN_DAYS)}, at most ${String(TOKEN_MAX_DAYS)})`, days)
    .action(async (id: string, options: { days?: number }) => {
      await withDatabase(async (handle) => {
        process.exitCode = await runTokenRotate(tokenService(handle), id, options.days === undefined ? {} : { days: options.days }, output);
      });
    });

  token
    .command('revoke')
    .description('Revoke an API token by its id')
    .argument('<id>', 'the token id printed when it was created', tokenId)
    .action(async (id: string) => {
      await withDatabase(async (handle) => {
        const revoked = await tokenService(handle).revokeToken(id);
        if (!revoked) {
          output.err(`There is no active token ${id}. It may already be revoked.`);
          process.exitCode = 1;
          return;
        }
        output.out(`Token ${id} revoked.`);
      });
    });
}
