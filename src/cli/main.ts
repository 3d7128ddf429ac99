import { Command, InvalidArgumentError, Option } from 'commander';
import { ConfigError, loadConfig } from '../config.ts';
import { DataFolderInUseError, openDatabase } from '../db/client.ts';
import type { DatabaseHandle } from '../db/client.ts';
import { ChangedMigrationError, migrate } from '../db/migrate.ts';
import { isIsoDate, ukDateOf } from '../domain/dates.ts';
import { roleMisfitMessage, rolesForKind } from '../domain/access/roles.ts';
import { createLogger } from '../logger.ts';
import { createRuntimeServices } from '../runtime.ts';
import { loadPopulation } from '../seed/load-population.ts';
import { ROLES } from '../domain/access/actor.ts';
import type { SetupError } from '../services/setup-service.ts';
import type { CreateUserError } from '../services/user-service.ts';
import { PortInUseError, SERVER_ROLES, startServer, UnsafeProductionError } from '../server.ts';
import type { ServerRole } from '../server.ts';
import { BackupError } from '../db/embedded-backup.ts';
import { registerAuditCommand } from './audit-command.ts';
import { registerBackupCommands } from './backup-command.ts';
import { registerStatsCommand } from './stats-command.ts';
import { registerTokenCommand } from './token-command.ts';
import { registerFoiCommand } from './foi-command.ts';
import { registerLinkCommand } from './link-command.ts';
import { registerSsda903Commands } from './ssda903-command.ts';
import { registerTrainingCommand } from './training-command.ts';
import { createProgress } from './progress.ts';

function positiveInteger(value: string): number {
  const number = Number(value);
  if (!Number.isInteger(number) || number < 0) throw new InvalidArgumentError('Enter a whole number, 0 or more.');
  return number;
}

function isoDate(value: string): string {
  if (!isIsoDate(value)) throw new InvalidArgumentError('Enter a date as YYYY-MM-DD.');
  return value;
}

async function withDatabase<T>(work: (handle: DatabaseHandle) => Promise<T>): Promise<T> {
  const config = loadConfig();
  const handle = await openDatabase(config.database);
  try {
    await migrate(handle);
    return await work(handle);
  } finally {
    // Closing the embedded database resets process.exitCode; keep what the command decided.
    const exitCode = process.exitCode;
    await handle.close();
    process.exitCode = exitCode;
  }
}

const program = new Command()
  .name('lantern')
  .description('Lantern: the record of trafficked and unaccompanied looked-after children and the times they go missing')
  .showHelpAfterError();

program
  .command('serve')
  .description('Start the web service (the default data folder is ./data; set DATABASE_URL for PostgreSQL)')
  .addOption(
    new Option('--role <role>', 'web: pages and the API; worker: alert delivery, clocks and audit checkpoints; all: both').choices(SERVER_ROLES).default('all'),
  )
  .action(async (options: { role: ServerRole }) => {
    const config = loadConfig();
    await startServer(config, createLogger(config.logLevel), options.role);
  });

program
  .command('migrate')
  .description('Bring the database schema up to date')
  .action(async () => {
    const config = loadConfig();
    const handle = await openDatabase(config.database);
    try {
      const { applied } = await migrate(handle, (name) => {
        console.log(`Applied ${name}`);
      });
      console.log(applied.length === 0 ? 'The database is up to date.' : `Applied ${applied.length} migration(s).`);
    } finally {
      await handle.close();
    }
  });

program
  .command('seed')
  .description('Add a fictional, synthetic national population (same seed, same data)')
  .option('--children <n>', 'number of children', positiveInteger, 2000)
  .option('--seed <s>', 'random seed', positiveInteger, 2016)
  .option('--census-date <date>', 'the "today" of the data (YYYY-MM-DD)', isoDate)
  .action(async (options: { children: number; seed: number; censusDate?: string }) => {
    await withDatabase(async (handle) => {
      const progress = createProgress('Seeding children');
      const started = performance.now();
      const counts = await loadPopulation(
        handle,
        { children: options.children, seed: options.seed, censusDate: options.censusDate ?? ukDateOf(new Date().toISOString()) },
        (done, total) => {
          progress.update(done, total);
        },
      );
      progress.stop();
      console.log(`Seeded in ${((performance.now() - started) / 1000).toFixed(1)} s:`, counts);
    });
  });

registerAuditCommand(program, withDatabase);
registerStatsCommand(program, withDatabase);
registerFoiCommand(program, withDatabase);
registerSsda903Commands(program, withDatabase);
registerTrainingCommand(program, withDatabase);
registerLinkCommand(program);
registerBackupCommands(program);

program
  .command('setup')
  .description(
    'Set up a new deployment: create the national unit and its first system administrator (once); reads the password from standard input and prints the TOTP secret once',
  )
  .requiredOption('--email <email>', 'the administrator’s work email address')
  .requiredOption('--name <name>', 'the administrator’s name as shown in Lantern')
  .option('--organisation <code>', 'the national unit’s code', 'NATIONAL-UNIT')
  .option('--organisation-name <name>', 'the national unit’s name', 'National coordination unit')
  .action(async (options: { email: string; name: string; organisation: string; organisationName: string }) => {
    const password = (await readStdin()).split('\n')[0] ?? '';
    await withDatabase(async (handle) => {
      const result = await createRuntimeServices(handle).setup.setUpNationalDeployment({
        organisationCode: options.organisation,
        organisationName: options.organisationName,
        email: options.email,
        displayName: options.name,
        password,
      });
      if (!result.ok) {
        console.error(`lantern: ${setupProblem(result.error)}`);
        process.exitCode = 1;
        return;
      }
      const code = options.organisation.trim().toUpperCase();
      console.log(
        `${result.value.organisationCreated ? 'Created' : 'Found'} the national unit ${code} and created its system administrator ${options.email.trim()}.\n` +
          `Add this to the administrator's authenticator app (shown once):\n  secret: ${result.value.totpSecret}\n  ${result.value.otpauthUrl}\n` +
          'Sign in with it, then add the other accounts under Accounts, or with bin/lantern user create.',
      );
    });
  });

/** Why a deployment was not set up, in a line for the operator. */
function setupProblem(error: SetupError): string {
  switch (error.kind) {
    case 'ALREADY_SET_UP':
      return 'Lantern is already set up: it has a system administrator. Nothing was changed. Add accounts under Accounts, or with bin/lantern user create.';
    case 'OTHER_NATIONAL_UNIT':
      return `There is already a national unit, ${error.code}. Nothing was changed. Run setup again with --organisation ${error.code}.`;
    case 'CODE_TAKEN':
      return 'That code belongs to an organisation that is not a national unit. Nothing was changed. Choose another --organisation code.';
    case 'INVALID_ORGANISATION':
      return error.field === 'organisationCode'
        ? 'Enter --organisation as 2 to 40 capital letters, digits and hyphens, for example NATIONAL-UNIT.'
        : 'Enter --organisation-name, at most 200 characters.';
    case 'ACCOUNT':
      return `Could not create the administrator's account: ${createUserProblem(error.error)}. Correct it and run setup again.`;
  }
}

const user = program.command('user').description('Manage people’s accounts');
user
  .command('create')
  .description('Create an account; reads the password from standard input and prints the TOTP secret once')
  .requiredOption('--organisation <code>', 'organisation code, e.g. the authority code E10000016')
  .requiredOption('--role <role>', `one of ${ROLES.join(', ')}`)
  .requiredOption('--email <email>', 'the person’s work email address')
  .requiredOption('--name <name>', 'the person’s name as shown in Lantern')
  .action(async (options: { organisation: string; role: string; email: string; name: string }) => {
    const password = (await readStdin()).split('\n')[0] ?? '';
    await withDatabase(async (handle) => {
      const result = await createRuntimeServices(handle).users.createUser({
        organisationCode: options.organisation,
        role: options.role,
        email: options.email,
        displayName: options.name,
        password,
      });
      if (!result.ok) {
        console.error(`Could not create the account: ${createUserProblem(result.error)}`);
        process.exitCode = 1;
        return;
      }
      console.log(
        `Account created. Add this to the person's authenticator app (shown once):\n  secret: ${result.value.totpSecret}\n  ${result.value.otpauthUrl}`,
      );
    });
  });

/** Why an account was not made, in a line for the operator. */
function createUserProblem(error: CreateUserError): string {
  if (typeof error === 'string') return error;
  if (error.kind === 'WEAK_PASSWORD') return `${error.kind} (${JSON.stringify(error.problem)})`;
  return `${error.kind}: ${roleMisfitMessage(error.organisationKind)}, one of ${rolesForKind(error.organisationKind).join(', ')}`;
}

async function readStdin(): Promise<string> {
  if (process.stdin.isTTY)
    throw new InvalidArgumentError('Pipe the password in on standard input, e.g. printf %s "$PASSWORD" | lantern user create … (or lantern setup …)');
  let text = '';
  for await (const chunk of process.stdin) text += String(chunk);
  return text;
}

registerTokenCommand(program, withDatabase);

try {
  await program.parseAsync();
} catch (error) {
  if (
    error instanceof DataFolderInUseError ||
    error instanceof BackupError ||
    error instanceof ConfigError ||
    error instanceof InvalidArgumentError ||
    error instanceof UnsafeProductionError ||
    error instanceof PortInUseError ||
    error instanceof ChangedMigrationError
  ) {
    console.error(`lantern: ${error.message}`);
    process.exitCode = 1;
  } else {
    throw error;
  }
}
