import type { Kysely } from 'kysely';
import {
  allowancesIn,
  authorityOrganisations,
  completionsIn,
  completionsOf,
  gateSettings,
  insertAllowance,
  insertCompletions,
  insertRequest,
  listCourses,
  requestById,
  requestsOf,
  saveAnswer,
  saveGate,
  trainedPeople,
  trainedPerson,
  unusedAllowance,
  useAllowance,
  waitingRequestCount,
  waitingRequestsIn,
} from '../db/repositories/training-repository.ts';
import { childExists } from '../db/repositories/child-record-repository.ts';
import { teamsOf } from '../db/repositories/caseload-repository.ts';
import type { Database } from '../db/schema.ts';
import type { TrainedPerson } from '../db/repositories/training-repository.ts';
import { inScope } from '../db/scope.ts';
import type { Actor } from '../domain/access/actor.ts';
import { isApiClient } from '../domain/access/actor.ts';
import {
  canAllowTraining,
  canRecordTrainingForOthers,
  canSeeNationalTraining,
  canSeeOrganisationTraining,
  canSetTrainingGates,
  rowScope,
} from '../domain/access/policy.ts';
import { ukDateOf } from '../domain/dates.ts';
import { isUuid } from '../domain/ids.ts';
import { fail, ok } from '../domain/result.ts';
import type { Result } from '../domain/result.ts';
import { readCsv } from '../domain/ssda903/csv.ts';
import { checkRequest, decideRequest } from '../domain/training-request.ts';
import type { RequestOutcome, TrainingRequest } from '../domain/training-request.ts';
import * as training from '../domain/training.ts';
import type {
  Course,
  GatedAction,
  ImportedCompletion,
  RecordedCompletion,
  TopicCompliance,
  TopicSummary,
  TrainingAllowance,
  TrainingState,
  TrainingTopic,
} from '../domain/training.ts';
import type { ServiceDeps } from './deps.ts';
import { invalidField, notFound } from './errors.ts';
import type { ServiceError } from './errors.ts';

// Child-specific training (issue 15, item 4): each person's own training and what is due, completions
// recorded by the person or their manager or imported from a CSV file, an organisation's compliance
// by topic, and the national league table by authority. Authorised by src/domain/access/policy.ts;
// every list, view and change audited (counts, never names).

const ENTITY = 'trainingCompletion';

export interface CompletionItem extends RecordedCompletion {
  readonly course: Course;
  readonly until: string | null;
}

export interface MyTraining {
  readonly topics: readonly TopicSummary[];
  readonly completions: readonly CompletionItem[];
  readonly courses: readonly Course[];
  /** The person's requests to their team managers, newest first, with the answers. */
  readonly requests: readonly TrainingRequest[];
  readonly canRecordForOthers: boolean;
  readonly canSeeOrganisation: boolean;
  readonly canSeeNational: boolean;
}

export interface RecordingOptions {
  readonly courses: readonly Course[];
  /** Whom the actor may record for: themselves, and for a manager everyone in their organisation. */
  readonly people: readonly TrainedPerson[];
  readonly forOthers: boolean;
}

interface PersonTraining extends TrainedPerson {
  readonly states: Readonly<Record<TrainingTopic, TrainingState>>;
}

export interface OrganisationTraining {
  readonly topics: readonly TopicCompliance[];
  /** An authority's teams (none for another organisation): compliance by topic of the people in each now. */
  readonly teams: readonly { readonly name: string; readonly topics: readonly TopicCompliance[] }[];
  readonly people: readonly PersonTraining[];
}

export interface LeagueTableRow {
  readonly organisationCode: string;
  readonly name: string;
  readonly people: number;
  readonly topics: readonly TopicCompliance[];
  /** Current (or due) training across every topic and person, of all there could be: the table's order. */
  readonly share: number;
}

export interface ImportSummary {
  readonly rows: number;
  readonly imported: number;
  readonly alreadyRecorded: number;
}

interface GateSetting {
  readonly action: GatedAction;
  readonly label: string;
  readonly topic: TrainingTopic;
  readonly on: boolean;
}

interface AllowanceItem extends TrainingAllowance {
  readonly personName: string;
  readonly allowedByName: string | null;
}

export interface RequestItem extends TrainingRequest {
  readonly personName: string;
}

export interface GatesAndAllowances {
  readonly gates: readonly GateSetting[];
  readonly allowances: readonly AllowanceItem[];
  /** Requests waiting for a team manager's answer, oldest first. */
  readonly requests: readonly RequestItem[];
  /** Whom a team manager may allow: their organisation's people. Empty for anyone else. */
  readonly people: readonly TrainedPerson[];
  readonly canSetGates: boolean;
  readonly canAllow: boolean;
}

/** Entities the gated actions' refusals are reported on. */
const GATED_ENTITY = { NRM_REFERRAL: 'nrmReferral', RETURN_HOME_INTERVIEW: 'returnInterview' } as const;

/**
 * Whether the actor may take a gated action (issue 15, item 5): the gate is off in their
 * organisation, their training on its topic is current, or a team manager allowed them once (the
 * allowance's id is given back, for the change to spend with `spendAllowance`). Refused, the error
 * names the training and where to record it. API clients are not gated: a token is nobody, and the
 * case-management system behind it answers for its own staff's training.
 */
export async function trainingGate(
  deps: Pick<ServiceDeps, 'db' | 'now'>,
  actor: Actor,
  action: GatedAction,
  entityId: string,
): Promise<Result<{ readonly allowanceId: string | null }, ServiceError>> {
  if (isApiClient(actor)) return ok({ allowanceId: null });
  const now = deps.now();
  return inScope(deps.db, rowScope(actor, now), async (trx) => {
    const { decision, allowance, courses } = await gateDecision(trx, actor, action, ukDateOf(now));
    if (decision.allowed) return ok({ allowanceId: decision.by === 'ALLOWANCE' ? (allowance?.id ?? null) : null });
    return fail(
      invalidField(GATED_ENTITY[action], entityId, 'trainingGate', training.gateRefusalMessage(action, decision.state, courses), training.TRAINING_GATE_RULE),
    );
  });
}

/** The gate's decision for the actor today, with the catalogue (read only when the gate is on) and the allowance it would spend. */
async function gateDecision(trx: Kysely<Database>, actor: Actor, action: GatedAction, today: string) {
  if (!training.gateOn(action, await gateSettings(trx, actor.organisationCode))) {
    return { decision: { allowed: true, by: 'NOT_GATED' } as const, allowance: null, courses: [] };
  }
  const courses = await listCourses(trx);
  const state = training.topicState(courses, await completionsOf(trx, actor.id), training.GATES[action].topic, today).state;
  const allowance = await unusedAllowance(trx, actor.id, action);
  return { decision: training.checkGate(action, true, state, allowance !== null), allowance, courses };
}

/** Spends the allowance a gated change used, in the change's transaction, and audits it. */
export async function spendAllowance(deps: Pick<ServiceDeps, 'audit'>, trx: Kysely<Database>, actor: Actor, allowanceId: string | null, at: string) {
  if (allowanceId === null) return;
  if (await useAllowance(trx, allowanceId, at)) {
    await deps.audit.append(trx, { actor, action: 'CHANGE', entity: 'trainingAllowance', entityId: allowanceId, details: { usedAt: [null, at] } });
  }
}

/** The most rows saved by one statement (PostgreSQL takes at most 65,535 parameters a statement). */
const INSERT_BATCH = 1000;

export function createTrainingService(deps: ServiceDeps) {
  const { db } = deps;

  const withCourses = (courses: readonly Course[], completions: readonly RecordedCompletion[]): CompletionItem[] =>
    completions.flatMap((completion) => {
      const course = courses.find((candidate) => candidate.code === completion.courseCode);
      return course === undefined ? [] : [{ ...completion, course, until: training.expiresOn(course, completion.completedOn) }];
    });

  /** Saves a team manager's allowance and audits it. */
  async function give(
    trx: Kysely<Database>,
    actor: Actor,
    input: { readonly id: string; readonly personId: string; readonly action: GatedAction; readonly reason: string; readonly at: string },
  ): Promise<TrainingAllowance> {
    const allowance: TrainingAllowance = {
      id: input.id,
      organisationCode: actor.organisationCode,
      personId: input.personId,
      action: input.action,
      reason: input.reason,
      allowedBy: actor.id,
      allowedAt: input.at,
      usedAt: null,
    };
    await insertAllowance(trx, allowance);
    await deps.audit.append(trx, {
      actor,
      action: 'CREATE',
      entity: 'trainingAllowance',
      entityId: allowance.id,
      details: { personId: allowance.personId, action: allowance.action },
      reason: allowance.reason,
    });
    return allowance;
  }

  return {
    /** The actor's own training: each topic's state, their completions, the catalogue. Not for an API token: it is nobody's. */
    async mine(actor: Actor): Promise<Result<MyTraining, ServiceError>> {
      if (isApiClient(actor)) return fail(notFound('training'));
      const now = deps.now();
      return inScope(db, rowScope(actor, now), async (trx) => {
        const courses = await listCourses(trx);
        const completions = await completionsOf(trx, actor.id);
        const requests = await requestsOf(trx, actor.id);
        await deps.audit.append(trx, {
          actor,
          action: 'LIST',
          entity: ENTITY,
          details: { scope: 'own', count: completions.length, requests: requests.length },
        });
        return ok({
          requests,
          topics: training.trainingSummary(courses, completions, ukDateOf(now)),
          completions: withCourses(courses, completions),
          courses,
          canRecordForOthers: canRecordTrainingForOthers(actor),
          canSeeOrganisation: canSeeOrganisationTraining(actor),
          canSeeNational: canSeeNationalTraining(actor),
        });
      });
    },

    /** What recording a completion offers the actor: the catalogue, and whom they may record for. */
    async recordingOptions(actor: Actor): Promise<Result<RecordingOptions, ServiceError>> {
      if (isApiClient(actor)) return fail(notFound('training'));
      return inScope(db, rowScope(actor, deps.now()), async (trx) => {
        const forOthers = canRecordTrainingForOthers(actor);
        const people = forOthers ? await trainedPeople(trx, actor.organisationCode) : [];
        return ok({ courses: await listCourses(trx), people, forOthers });
      });
    },

    /** Records that someone completed a course: the actor themselves (personId null), or someone in their organisation by a manager. */
    async recordCompletion(
      actor: Actor,
      input: { readonly personId: string | null; readonly courseCode: string; readonly completedOn: string },
    ): Promise<Result<RecordedCompletion, ServiceError>> {
      if (isApiClient(actor)) return fail(notFound('training'));
      const now = deps.now();
      const personId = input.personId ?? actor.id;
      const forSelf = personId === actor.id;
      if (!forSelf && !canRecordTrainingForOthers(actor)) return fail(notFound('person'));
      return inScope(db, rowScope(actor, now), async (trx) => {
        const person = isUuid(personId) ? await trainedPerson(trx, actor.organisationCode, personId) : null;
        if (person === null) return fail(invalidField(ENTITY, personId, 'personId', 'Select someone in your organisation'));
        const checked = training.checkCompletion(await listCourses(trx), input, ukDateOf(now));
        if (!checked.ok) return fail(invalidField(ENTITY, personId, checked.error.field, checked.error.message));
        const completion: RecordedCompletion = {
          id: deps.newId(),
          personId,
          organisationCode: actor.organisationCode,
          courseCode: input.courseCode,
          completedOn: input.completedOn,
          source: forSelf ? 'SELF' : 'MANAGER',
          recordedBy: actor.id,
          recordedAt: now,
        };
        if ((await insertCompletions(trx, [completion])) === 0) {
          return fail(invalidField(ENTITY, personId, 'completedOn', 'This course is already recorded as completed on that date'));
        }
        await deps.audit.append(trx, {
          actor,
          action: 'CREATE',
          entity: ENTITY,
          entityId: completion.id,
          details: { personId, courseCode: completion.courseCode, source: completion.source },
        });
        return ok(completion);
      });
    },

    /** The actor's organisation: compliance by topic, and each person's state on each topic. */
    async organisation(actor: Actor): Promise<Result<OrganisationTraining, ServiceError>> {
      if (!canSeeOrganisationTraining(actor)) return fail(notFound('training'));
      const now = deps.now();
      const today = ukDateOf(now);
      return inScope(db, rowScope(actor, now), async (trx) => {
        const courses = await listCourses(trx);
        const people = await trainedPeople(trx, actor.organisationCode);
        const completions = await completionsIn(trx, actor.organisationCode);
        const active = new Set(people.map((person) => person.id));
        const teams = actor.localAuthorityCode === null ? [] : await teamsOf(trx, actor.localAuthorityCode);
        await deps.audit.append(trx, { actor, action: 'LIST', entity: ENTITY, details: { scope: 'organisation', people: people.length } });
        return ok({
          topics: training.compliance(courses, [...active], completions, today),
          teams: teams.map((team) => ({
            name: team.name,
            topics: training.compliance(
              courses,
              team.members.map((member) => member.id).filter((id) => active.has(id)),
              completions,
              today,
            ),
          })),
          people: people.map((person) => {
            const done = completions.filter((completion) => completion.personId === person.id);
            const states = Object.fromEntries(training.TRAINING_TOPICS.map((topic) => [topic, training.topicState(courses, done, topic, today).state]));
            return { ...person, states: states as Record<TrainingTopic, TrainingState> };
          }),
        });
      });
    },

    /** The national league table: each local authority's people current on each topic, best first. */
    async leagueTable(actor: Actor): Promise<Result<readonly LeagueTableRow[], ServiceError>> {
      if (!canSeeNationalTraining(actor)) return fail(notFound('training'));
      const now = deps.now();
      const today = ukDateOf(now);
      // Not read only: the audit entry is written in the same transaction (PostgreSQL refuses it otherwise).
      return inScope(db, rowScope(actor, now), async (trx) => {
        const courses = await listCourses(trx);
        const people = await trainedPeople(trx, null);
        const completions = await completionsIn(trx, null);
        const rows = (await authorityOrganisations(trx)).flatMap((organisation) => {
          const ids = people.filter((person) => person.organisationCode === organisation.code).map((person) => person.id);
          if (ids.length === 0) return [];
          const topics = training.compliance(courses, ids, completions, today);
          const trained = topics.reduce((sum, topic) => sum + topic.trained, 0);
          return [{ organisationCode: organisation.code, name: organisation.name, people: ids.length, topics, share: trained / (ids.length * topics.length) }];
        });
        await deps.audit.append(trx, { actor, action: 'LIST', entity: ENTITY, details: { scope: 'national', authorities: rows.length } });
        return ok(rows.sort((a, b) => b.share - a.share || a.name.localeCompare(b.name)));
      });
    },

    /** The organisation's gates and the allowances given, for its team managers, data officers and administrators. */
    async gates(actor: Actor): Promise<Result<GatesAndAllowances, ServiceError>> {
      if (!canSeeOrganisationTraining(actor)) return fail(notFound('training gates'));
      return inScope(db, rowScope(actor, deps.now()), async (trx) => {
        const settings = await gateSettings(trx, actor.organisationCode);
        const allowances = await allowancesIn(trx, actor.organisationCode);
        const requests = await waitingRequestsIn(trx, actor.organisationCode);
        await deps.audit.append(trx, {
          actor,
          action: 'LIST',
          entity: 'trainingAllowance',
          details: { count: allowances.length, waitingRequests: requests.length },
        });
        return ok({
          requests,
          gates: training.GATED_ACTIONS.map((action) => ({ action, ...training.GATES[action], on: training.gateOn(action, settings) })),
          allowances,
          people: canAllowTraining(actor) ? await trainedPeople(trx, actor.organisationCode) : [],
          canSetGates: canSetTrainingGates(actor),
          canAllow: canAllowTraining(actor),
        });
      });
    },

    /** Sets which actions the organisation gates on training: `on` lists them, the rest are off. */
    async setGates(actor: Actor, on: readonly GatedAction[]): Promise<Result<readonly GatedAction[], ServiceError>> {
      if (!canSetTrainingGates(actor)) return fail(notFound('training gates'));
      const now = deps.now();
      return inScope(db, rowScope(actor, now), async (trx) => {
        const before = await gateSettings(trx, actor.organisationCode);
        const changes: Record<string, [boolean, boolean]> = {};
        for (const action of training.GATED_ACTIONS) {
          const was = training.gateOn(action, before);
          const required = on.includes(action);
          if (was === required && before[action] !== undefined) continue;
          await saveGate(trx, { organisationCode: actor.organisationCode, action, required, changedBy: actor.id, changedAt: now });
          if (was !== required) changes[action] = [was, required];
        }
        await deps.audit.append(trx, { actor, action: 'CHANGE', entity: 'trainingGate', entityId: actor.organisationCode, details: changes });
        return ok(training.GATED_ACTIONS.filter((action) => on.includes(action)));
      });
    },

    /** A team manager allows someone in their organisation to take a gated action once without the training, with a reason. */
    async allow(
      actor: Actor,
      input: { readonly personId: string; readonly action: GatedAction; readonly reason: string },
    ): Promise<Result<TrainingAllowance, ServiceError>> {
      if (!canAllowTraining(actor)) return fail(notFound('training allowance'));
      const now = deps.now();
      return inScope(db, rowScope(actor, now), async (trx) => {
        const person = isUuid(input.personId) ? await trainedPerson(trx, actor.organisationCode, input.personId) : null;
        if (person === null) return fail(invalidField('trainingCompletion', input.personId, 'personId', 'Select someone in your organisation'));
        return ok(await give(trx, actor, { id: deps.newId(), personId: person.id, action: input.action, reason: input.reason, at: now }));
      });
    },

    /**
     * Someone a gate refuses asks their organisation's team managers to allow the action once: the
     * action, the child whose record they were working on (if any, and only one they may see), a reason.
     */
    async ask(
      actor: Actor,
      input: { readonly action: GatedAction; readonly childId: string | null; readonly reason: string },
    ): Promise<Result<TrainingRequest, ServiceError>> {
      if (isApiClient(actor)) return fail(notFound('training request'));
      const now = deps.now();
      return inScope(db, rowScope(actor, now), async (trx) => {
        if (input.childId !== null && !(isUuid(input.childId) && (await childExists(trx, input.childId)))) return fail(notFound('child'));
        const { decision } = await gateDecision(trx, actor, input.action, ukDateOf(now));
        const waiting = (await requestsOf(trx, actor.id)).filter((request) => request.outcome === null);
        const checked = checkRequest(decision, waiting, input);
        if (!checked.ok) return fail(invalidField(ENTITY, actor.id, checked.error.field, checked.error.message));
        const request: TrainingRequest = {
          id: deps.newId(),
          organisationCode: actor.organisationCode,
          personId: actor.id,
          action: input.action,
          childId: input.childId,
          reason: input.reason,
          requestedAt: now,
          outcome: null,
          decidedBy: null,
          decidedAt: null,
          decisionReason: null,
          allowanceId: null,
        };
        await insertRequest(trx, request);
        await deps.audit.append(trx, {
          actor,
          action: 'CREATE',
          entity: 'trainingRequest',
          entityId: request.id,
          childId: request.childId,
          details: { action: request.action },
          reason: request.reason,
        });
        return ok(request);
      });
    },

    /** One request, for a team manager of the organisation to answer (or to see its answer). */
    async request(actor: Actor, id: string): Promise<Result<RequestItem, ServiceError>> {
      if (!canAllowTraining(actor) || !isUuid(id)) return fail(notFound('training request'));
      return inScope(db, rowScope(actor, deps.now()), async (trx) => {
        const request = await requestById(trx, id);
        if (request === null || request.organisationCode !== actor.organisationCode) return fail(notFound('training request'));
        await deps.audit.append(trx, { actor, action: 'VIEW_RECORD', entity: 'trainingRequest', entityId: id });
        return ok(request);
      });
    },

    /** A team manager's answer: allowed once (a training allowance, with the reason) or declined, with a reason. Audited. */
    async answer(
      actor: Actor,
      id: string,
      input: { readonly outcome: RequestOutcome; readonly reason: string },
    ): Promise<Result<TrainingRequest, ServiceError>> {
      if (!canAllowTraining(actor) || !isUuid(id)) return fail(notFound('training request'));
      const now = deps.now();
      return inScope(db, rowScope(actor, now), async (trx) => {
        // Locked: two managers answering at once are answered in turn, the second told it is answered.
        const request = await requestById(trx, id, { lock: true });
        if (request === null || request.organisationCode !== actor.organisationCode) return fail(notFound('training request'));
        const allowanceId = input.outcome === 'ALLOWED' ? deps.newId() : null;
        const answered = decideRequest(request, { ...input, by: actor.id, at: now, allowanceId });
        if (!answered.ok) return fail(invalidField(ENTITY, id, answered.error.field, answered.error.message));
        if (allowanceId !== null)
          await give(trx, actor, { id: allowanceId, personId: request.personId, action: request.action, reason: input.reason, at: now });
        if (!(await saveAnswer(trx, answered.value))) throw new Error('A locked training request was answered meanwhile');
        await deps.audit.append(trx, {
          actor,
          action: 'CHANGE',
          entity: 'trainingRequest',
          entityId: id,
          childId: request.childId,
          details: { outcome: [null, input.outcome] },
          reason: input.reason,
        });
        return ok(answered.value);
      });
    },

    /** For a team manager, how many of their organisation's requests wait for an answer (My work); null for anyone else. */
    async waitingRequests(actor: Actor): Promise<number | null> {
      if (!canAllowTraining(actor)) return null;
      return inScope(db, rowScope(actor, deps.now()), (trx) => waitingRequestCount(trx, actor.organisationCode), 'read only');
    },

    /**
     * Imports completions for the actor's organisation from CSV text (docs/data-exchange.md,
     * "Training completions"): all or nothing, every problem by row and column. A completion
     * already recorded (same person, course and day) is counted, not saved twice.
     */
    async importCompletions(actor: Actor, text: string): Promise<Result<ImportSummary, readonly string[]>> {
      if (!canRecordTrainingForOthers(actor)) return fail(['Only an organisation’s team managers and administrators may import its training']);
      const csv = readCsv(text);
      if (!csv.ok) return fail([csv.line === null ? csv.message : `Row ${csv.line}: ${csv.message}`]);
      const missing = training.TRAINING_IMPORT_COLUMNS.filter((column) => !csv.header.map((name) => name.trim().toLowerCase()).includes(column));
      if (missing.length > 0) {
        return fail([`Row 1: the header must name the columns ${training.TRAINING_IMPORT_COLUMNS.join(', ')}; ${missing.join(', ')} missing`]);
      }
      const header = csv.header.map((name) => name.trim().toLowerCase());
      const now = deps.now();
      const today = ukDateOf(now);
      return inScope(db, rowScope(actor, now), async (trx) => {
        const courses = await listCourses(trx);
        const codes = new Set(courses.map((course) => course.code));
        const people = new Map((await trainedPeople(trx, actor.organisationCode)).map((person) => [person.email, person.id]));
        const errors: string[] = [];
        const completions: RecordedCompletion[] = [];
        csv.rows.forEach((cells, index) => {
          const rowNumber = index + 2;
          const row = Object.fromEntries(header.map((column, i) => [column, cells[i]]));
          const read = training.readImportRow(row, rowNumber, codes, today);
          if (!read.ok) {
            errors.push(...read.error);
            return;
          }
          const personId = people.get(read.value.email);
          if (personId === undefined) {
            errors.push(`Row ${rowNumber}, email: nobody in ${actor.organisationCode} has an active account with the email address ${read.value.email}`);
            return;
          }
          completions.push(importedCompletion(read.value, personId));
        });
        if (errors.length > 0) return fail(errors);
        if (completions.length === 0) return fail(['The file has no rows of completions under its header']);
        let imported = 0;
        for (let start = 0; start < completions.length; start += INSERT_BATCH) {
          imported += await insertCompletions(trx, completions.slice(start, start + INSERT_BATCH));
        }
        await deps.audit.append(trx, {
          actor,
          action: 'CREATE',
          entity: ENTITY,
          details: { source: 'IMPORT', rows: completions.length, imported },
        });
        return ok({ rows: completions.length, imported, alreadyRecorded: completions.length - imported });
      });

      function importedCompletion(row: ImportedCompletion, personId: string): RecordedCompletion {
        return {
          id: deps.newId(),
          personId,
          organisationCode: actor.organisationCode,
          courseCode: row.courseCode,
          completedOn: row.completedOn,
          source: 'IMPORT',
          recordedBy: actor.id,
          recordedAt: now,
        };
      }
    },
  };
}
