import type { Logger } from 'pino';
import type { DatabaseHandle } from './db/client.ts';
import { addDemoOrganisations, childrenInCareNotMissing, coverWithGuardianScheme, hasAnyChild } from './db/repositories/population-repository.ts';
import { addDays, ukDateOf } from './domain/dates.ts';
import type { EntryInput } from './domain/guardian-record.ts';
import { suggestedRoleFor } from './domain/guardians.ts';
import { loadPopulation } from './seed/load-population.ts';
import type { Actor, Role } from './domain/access/actor.ts';
import type { Services } from './services/index.ts';

// The demo that `npm start` seeds on a first start outside production: a fictional national
// population, one person per role, and a few children missing now in the demo authorities.

const DEMO_SEED = 2016;
export const DEMO_EMAIL_DOMAIN = 'demo.invalid';
/** Shared by every demo account; printed at first start. Never valid in production (see server.ts). */
export const DEMO_PASSWORD = 'Safe-return-within-72-hours';

const KENT = 'E10000016';
const MEDWAY = 'E06000035';
const GUARDIANS = 'DEMO-GUARDIANS';
const POLICE = 'DEMO-KENT-POLICE';
const NATIONAL = 'DEMO-NATIONAL-UNIT';

const DEMO_USERS: readonly { organisation: string; role: Role; email: string; name: string }[] = [
  ...([KENT, MEDWAY] as const).flatMap((authority) => {
    const place = authority === KENT ? 'kent' : 'medway';
    return (['social_worker', 'team_manager', 'data_officer', 'organisation_administrator'] as const).map((role) => ({
      organisation: authority,
      role,
      email: `${role.replaceAll('_', '.')}@${place}.${DEMO_EMAIL_DOMAIN}`,
      name: `${place === 'kent' ? 'Kent' : 'Medway'} ${role.replaceAll('_', ' ')}`,
    }));
  }),
  { organisation: GUARDIANS, role: 'advocate', email: `advocate@guardians.${DEMO_EMAIL_DOMAIN}`, name: 'Guardian advocate' },
  { organisation: GUARDIANS, role: 'guardian_manager', email: `manager@guardians.${DEMO_EMAIL_DOMAIN}`, name: 'Guardian service manager' },
  { organisation: POLICE, role: 'police_coordinator', email: `missing.persons@police.${DEMO_EMAIL_DOMAIN}`, name: 'Police missing-person coordinator' },
  { organisation: NATIONAL, role: 'national_analyst', email: `analyst@national.${DEMO_EMAIL_DOMAIN}`, name: 'National analyst' },
  { organisation: NATIONAL, role: 'system_administrator', email: `admin@national.${DEMO_EMAIL_DOMAIN}`, name: 'System administrator' },
];

export interface DemoAccount {
  readonly role: Role;
  readonly email: string;
  readonly totpSecret: string;
}

/** Seeds the demo into an empty database; returns the demo accounts it created (none if it seeded nothing). */
export async function seedDemoIfEmpty(handle: DatabaseHandle, services: Services, children: number, log: Logger): Promise<readonly DemoAccount[]> {
  if (children === 0 || (await hasAnyChild(handle.db))) return [];
  log.info({ children }, 'Seeding the fictional demo population');
  const now = services.now();
  const counts = await loadPopulation(handle, { children, seed: DEMO_SEED, censusDate: ukDateOf(now) });
  log.info({ counts }, 'Demo population seeded');

  await addDemoOrganisations(
    handle.db,
    [
      { code: GUARDIANS, name: 'Independent Child Trafficking Guardians (demo)', kind: 'guardian_service' },
      { code: POLICE, name: 'Kent Police (demo)', kind: 'police_force' },
      { code: NATIONAL, name: 'National coordination unit (demo)', kind: 'national_unit' },
    ],
    { organisationCode: POLICE, localAuthorityCodes: [KENT, MEDWAY] },
  );

  const accounts: DemoAccount[] = [];
  const actors = new Map<Role, Actor>();
  const people: Actor[] = [];
  for (const user of DEMO_USERS) {
    const created = await services.users.createUser({
      organisationCode: user.organisation,
      role: user.role,
      email: user.email,
      displayName: user.name,
      password: DEMO_PASSWORD,
    });
    if (!created.ok) throw new Error(`Could not create the demo user ${user.email}: ${JSON.stringify(created.error)}`);
    accounts.push({ role: user.role, email: user.email, totpSecret: created.value.totpSecret });
    const person: Actor = {
      id: created.value.id,
      organisationCode: user.organisation,
      localAuthorityCode: user.organisation === KENT || user.organisation === MEDWAY ? user.organisation : null,
      role: user.role,
    };
    people.push(person);
    if (user.organisation === KENT || user.organisation === GUARDIANS) actors.set(user.role, person);
  }
  const worker = actors.get('social_worker');
  const advocate = actors.get('advocate');
  const manager = actors.get('guardian_manager');
  if (worker && advocate && manager) await referToGuardians(handle, services, worker, { advocate, manager }, now);
  await recordDemoTraining(services, people, ukDateOf(now));
  await gateDemoNrmReferrals(services, people, ukDateOf(now));
  if (worker) await reportDemoChildrenMissing(handle, services, worker, now);
  const teamManager = actors.get('team_manager');
  if (worker && teamManager) await allocateDemoCaseloads(services, teamManager, worker);

  return accounts;
}

/**
 * The guardian service covers Kent and Medway in the demo (the sources do not name them: this is demo
 * data, not reference data), and the Kent children with a trafficking concern are referred to it, most
 * allocated by the service's manager to the advocate, a few awaiting triage or allocation, and two left
 * to propose. The advocate has recorded contacts, meetings, the child's views and consent for each.
 */
async function referToGuardians(
  handle: DatabaseHandle,
  services: Services,
  worker: Actor,
  service: { readonly advocate: Actor; readonly manager: Actor },
  now: string,
): Promise<void> {
  await coverWithGuardianScheme(handle.db, GUARDIANS, 'ICTG', [KENT, MEDWAY], '2017-01-01');
  const listed = await services.guardians.list(worker);
  if (!listed.ok) return;
  for (const [index, { childId }] of listed.value.proposals.slice(2).entries()) {
    const referral = await services.guardians.refer(worker, childId, { parentalResponsibility: index % 4 === 3 ? 'YES' : 'NO' });
    if (!referral.ok || index % 5 === 0) continue;
    if (index % 5 === 1) {
      await services.guardians.triage(service.manager, referral.value.id, referral.value.version);
      continue;
    }
    await services.guardians.allocate(service.manager, referral.value.id, {
      advocateId: service.advocate.id,
      guardianRole: suggestedRoleFor(referral.value.parentalResponsibility),
      version: referral.value.version,
    });
    await recordDemoGuardianWork(services, service.advocate, childId, index, ukDateOf(now));
  }
}

/** What a guardian records in their first days with a child: a meeting, the child's views, their consent (given by most). */
async function recordDemoGuardianWork(services: Services, advocate: Actor, childId: string, index: number, today: string): Promise<void> {
  const entries: EntryInput[] = [
    {
      kind: 'CONTACT',
      occurredOn: today,
      type: 'IN_PERSON',
      withWhom: 'The child, at their placement',
      text: 'First meeting: explained what a guardian does.',
    },
    { kind: 'CHILD_VIEWS', occurredOn: today, type: null, withWhom: null, text: 'I want to go to college and I want to stay near my friends.' },
    { kind: 'CONSENT', occurredOn: today, type: index % 3 === 2 ? 'REFUSED' : 'GIVEN', withWhom: null, text: null },
    ...(index % 2 === 0
      ? [
          {
            kind: 'MEETING',
            occurredOn: today,
            type: 'STRATEGY',
            withWhom: null,
            text: 'Attended the strategy meeting with the child’s social worker.',
          } as const,
        ]
      : []),
  ];
  for (const entry of entries) await services.guardianRecord.addEntry(advocate, childId, entry);
}

/**
 * Child-specific training for every demo person, completed over the last three years: some courses
 * current, some due or out of date, some never done, as in any workforce.
 */
async function recordDemoTraining(services: Services, people: readonly Actor[], today: string): Promise<void> {
  const courses = ['TRAFFICKING-FOUNDATION', 'UASC-CARE', 'MISSING-STATUTORY', 'NRM-FIRST-RESPONDER', 'AGE-ASSESSMENT', 'RHI-PRACTICE'];
  for (const [personIndex, person] of people.entries()) {
    for (const [courseIndex, courseCode] of courses.entries()) {
      if ((personIndex + courseIndex) % 4 === 0) continue;
      const daysAgo = ((personIndex * 7 + courseIndex * 11) % 40) * 30;
      await services.training.recordCompletion(person, { personId: null, courseCode, completedOn: addDays(today, -daysAgo) });
    }
  }
}

/**
 * The one training gate the demo turns on (issue 15, item 5): Kent's and Medway's NRM referrals need current NRM
 * first-responder training. Kent's social worker holds it (completed two months ago), so the demo's NRM referrals go
 * through; Kent's team manager has never done the course (recordDemoTraining), and is told which course when they try.
 */
async function gateDemoNrmReferrals(services: Services, people: readonly Actor[], today: string): Promise<void> {
  for (const manager of people.filter((person) => person.role === 'team_manager')) await services.training.setGates(manager, ['NRM_REFERRAL']);
  const worker = people.find((person) => person.role === 'social_worker' && person.organisationCode === KENT);
  if (worker) await services.training.recordCompletion(worker, { personId: null, courseCode: 'NRM-FIRST-RESPONDER', completedOn: addDays(today, -60) });
}

/** A few Kent children missing now, reported through the service like any other report. */
async function reportDemoChildrenMissing(handle: DatabaseHandle, services: Services, worker: Actor, now: string): Promise<void> {
  const candidates = await childrenInCareNotMissing(handle.db, KENT, 3);
  const reports = [
    { hours: 5, risk: 'HIGH', reference: 'KP-DEMO-0001' },
    { hours: 30, risk: 'MEDIUM', reference: 'KP-DEMO-0002' },
    { hours: 96, risk: 'HIGH', reference: 'KP-DEMO-0003' },
  ] as const;
  for (const [index, { id }] of candidates.entries()) {
    const report = reports[index];
    if (!report) break;
    const startAt = new Date(Date.parse(now) - report.hours * 3_600_000).toISOString();
    await services.missingEpisodes.reportMissing(worker, id, {
      type: 'M',
      startAt,
      reportedToPoliceAt: new Date(Date.parse(startAt) + 3_600_000).toISOString(),
      policeForce: 'Kent Police',
      policeReference: report.reference,
      policeRiskLevel: report.risk,
      lastSeenLocation: 'Near the placement',
    });
  }
}

/**
 * A Kent team with the demo social worker and team manager in it, and the Kent children missing now
 * allocated: one to the social worker, one to the team with no social worker yet, the rest left for
 * the team manager to allocate. The children with interviews due follow the same pattern.
 */
async function allocateDemoCaseloads(services: Services, manager: Actor, worker: Actor): Promise<void> {
  const team = await services.caseloads.createTeam(manager, { name: 'Children in care team' });
  if (!team.ok) return;
  for (const person of [worker, manager]) await services.caseloads.addTeamMember(manager, team.value.id, { userId: person.id });
  const work = await services.myWork.myWork(manager);
  if (!work.ok) return;
  const children = [...new Set([...work.value.missingNow, ...work.value.interviewsToDo].map((row) => row.childId))];
  for (const [index, childId] of children.entries()) {
    if (index % 3 === 2) continue;
    const socialWorkerId = index % 3 === 0 ? worker.id : null;
    await services.caseloads.allocate(manager, childId, { teamId: team.value.id, socialWorkerId, reason: null });
  }
}

/** What `npm start` prints after seeding: how to sign in as each demo account. */
export function describeDemoAccounts(accounts: readonly DemoAccount[]): string {
  const lines = accounts.map((account) => `  ${account.role.padEnd(28)} ${account.email.padEnd(48)} ${account.totpSecret}`);
  return (
    `\nDemo accounts (fictional data only). Password for all: ${DEMO_PASSWORD}\n` +
    `Add the TOTP secret to an authenticator app, or compute a code from it, for the second step.\n` +
    `  ${'role'.padEnd(28)} ${'email'.padEnd(48)} TOTP secret\n${lines.join('\n')}\n\n`
  );
}
