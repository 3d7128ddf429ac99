import type { Logger } from 'pino';
import type { DatabaseHandle } from './db/client.ts';
import { ukDateOf } from './domain/dates.ts';
import { loadPopulation } from './seed/load-population.ts';
import type { Services } from './services/index.ts';

/** The authority whose staff the demo signs in as: Kent, the largest gateway authority for UASC. */
export const DEMO_AUTHORITY_CODE = 'E10000016';
export const DEMO_SEED = 2016;

/**
 * A first start outside production gets a fictional national population, so that every page
 * and API has something to show, and an API token to try the API with.
 */
export async function seedDemoIfEmpty(handle: DatabaseHandle, services: Services, children: number, log: Logger): Promise<void> {
  const existing = await handle.db.selectFrom('child').select('id').limit(1).executeTakeFirst();
  if (existing !== undefined || children === 0) return;
  log.info({ children }, 'Seeding the fictional demo population');
  const counts = await loadPopulation(handle, { children, seed: DEMO_SEED, censusDate: ukDateOf(new Date().toISOString()) });
  const token = await services.apiTokens.createToken(DEMO_AUTHORITY_CODE, 'data_officer', 'Demo data officer');
  log.info({ counts }, 'Demo population seeded');
  if (token.ok) {
    process.stdout.write(
      `\nDemo API token for a data officer of Kent County Council (fictional data only):\n  ${token.value.token}\n` +
        `Try: curl -H "Authorization: Bearer ${token.value.token}" http://localhost:3000/api/v1/missing-episodes?open=true\n\n`,
    );
  }
}
