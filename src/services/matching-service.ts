import {
  candidateChildren,
  recognitionDetails,
  candidatePairsOf,
  countChildren,
  crossAuthorityPairs,
  latestModel,
  matchIdentities,
  nameFrequencies,
  sampleChildIds,
  saveModel,
} from '../db/repositories/matching-repository.ts';
import {
  childrenOfPerson,
  confirmedPairsAmong,
  decidedPartners,
  decisionsOfChild,
  isMissingNow,
  linkToPerson,
  personsOf,
  relinkChildren,
  saveMatchDecision,
  standingDecision,
  undoMatchDecision,
  unlinkChildren,
} from '../db/repositories/matching-repository.ts';
import type { MatchDecisionHistoryRow, MatchDecisionRow, MatchIdentityRow } from '../db/repositories/matching-repository.ts';
import type { Transaction } from 'kysely';
import type { Database } from '../db/schema.ts';
import { canReadRecord, canSearchFoundChild, canUndoMatchDecision, canWriteRecord } from '../domain/access/policy.ts';
import { planLink, planUnlink } from '../domain/matching/decision.ts';
import { ukDateOf } from '../domain/dates.ts';
import { Comparer } from '../domain/matching/comparisons.ts';
import type { PreparedPerson } from '../domain/matching/comparisons.ts';
import { estimateModel, LevelPatterns } from '../domain/matching/estimate.ts';
import { randomPatterns, seededRandom } from '../domain/matching/link.ts';
import { recognitionOf, waterfallOf } from '../domain/matching/found-child.ts';
import type { Recognition, Waterfall } from '../domain/matching/found-child.ts';
import { modelOfStored, nameFrequenciesOf, scorePair, storedModel } from '../domain/matching/model.ts';
import type { FieldEvidence, MatchModel } from '../domain/matching/model.ts';
import { personOfChild } from '../domain/matching/person.ts';
import type { MatchPerson } from '../domain/matching/person.ts';
import { DEFAULT_HELD_PROBABILITY, defaultModel, rankCandidates, searchKeysOf, searchPrior } from '../domain/matching/search.ts';
import { fail, ok } from '../domain/result.ts';
import type { Result } from '../domain/result.ts';
import type { Actor, Role } from '../domain/access/actor.ts';
import type { ServiceDeps } from './deps.ts';
import { conflict, notFound } from './errors.ts';
import type { ServiceError } from './errors.ts';

// Identity matching (issue 13): found-child searches across every child Lantern holds, and the
// estimation of the model they are scored with. A search must look across authorities, which
// row-level security rightly forbids to every role, so the service authorises it here and then reads
// the matching tables and the candidates as the database owner. Before a match is confirmed the
// searcher gets only what recognises a child (found-child.ts's Recognition) and the evidence; the
// search is audited without its terms, and each child it lists gets an event of its own, so that the
// responsible authority sees on "who has seen this record" every search that surfaced its child.
/** The national unit re-estimates the model. */
const ESTIMATE_ROLES: readonly Role[] = ['national_analyst'];

/** Candidates compared per search, at most: the children sharing the most blocking keys first. */
const CANDIDATES_COMPARED = 300;

/** Candidates less likely than this are not listed: a name shown for nothing is a name disclosed. */
const FOUND_CHILD_LISTED_FROM = 0.001;

export interface FoundChildCandidate {
  readonly childId: string;
  readonly probability: number;
  readonly fields: readonly FieldEvidence[];
  /** How each field moved the probability, from the prior of one child among everyone held. */
  readonly waterfall: Waterfall;
  readonly recognition: Recognition;
}

export interface FoundChildSearch {
  /** Most probable first. */
  readonly candidates: readonly FoundChildCandidate[];
  /** Children compared with the search. */
  readonly compared: number;
  /** Candidates left out for being less likely than FOUND_CHILD_LISTED_FROM. */
  readonly unlikely: number;
  /** The model used: null when none has been estimated yet and the defaults were used. */
  readonly modelEstimatedAt: string | null;
}

/** Two records side by side: the reviewer's authority's, and the one proposed beside it, as recognition only. */
export interface RecordComparison {
  readonly child: Recognition;
  readonly other: Recognition;
  readonly probability: number;
  readonly fields: readonly FieldEvidence[];
  readonly waterfall: Waterfall;
  /** The decision standing on the pair, if a reviewer has made one. */
  readonly decision: MatchDecisionRow | null;
}

/** Records proposed as another record's child from this probability: below it, a name shown is a name disclosed for little. */
const PROPOSED_FROM = 0.1;

/** One of an authority's records and another authority's record that may be of the same child. */
export interface ProbableDuplicate {
  readonly childId: string;
  readonly otherChildId: string;
  readonly otherAuthorityCode: string;
  readonly probability: number;
}

export interface EstimateOptions {
  /** Children whose candidate pairs train EM (default 20,000). */
  readonly trainingChildren?: number;
  /** Pairs of children drawn at random for u (default 200,000). */
  readonly randomPairs?: number;
  readonly seed?: number;
}

export interface EstimateSummary {
  readonly modelId: string;
  readonly children: number;
  readonly candidatePairs: number;
  readonly randomPairs: number;
  readonly expectedMatches: number;
  readonly prior: number;
  readonly iterations: number;
  readonly converged: boolean;
}

/** Blocks larger than this are left out of training and of the duplicates' pairs: a key shared by hundreds is no evidence of anything. */
const MAX_BLOCK = 50;

interface CachedModel {
  readonly id: string | null;
  readonly estimatedAt: string | null;
  readonly children: number;
  readonly model: MatchModel;
}

export function createMatchingService(deps: ServiceDeps) {
  const { db } = deps;
  let cached: CachedModel | null = null;

  /** The newest model, read once per model (a new estimate replaces it). */
  async function currentModel(): Promise<CachedModel> {
    const row = await latestModel(db);
    if (row !== null && cached?.id === row.id) return cached;
    if (row !== null) {
      cached = { id: row.id, estimatedAt: row.estimatedAt, children: row.children, model: modelOfStored(row.model) };
      return cached;
    }
    if (cached?.id === null) return cached;
    const [children, frequencies] = await Promise.all([countChildren(db), nameFrequencies(db)]);
    const model = defaultModel(searchPrior(children), nameFrequenciesOf(frequencies.counts, frequencies.total));
    cached = { id: null, estimatedAt: null, children, model };
    return cached;
  }

  const prepareAll = (comparer: Comparer, rows: readonly MatchIdentityRow[]): Map<string, PreparedPerson> =>
    new Map(rows.map((row) => [row.id, comparer.prepare(personOfChild(row))]));

  /** The held children most like `query`, ranked, with what recognises each: a search's and a new record's candidates. */
  async function rankHeld(
    trx: Transaction<Database>,
    current: CachedModel,
    query: MatchPerson,
    today: string,
    options: { readonly limit?: number; readonly heldProbability?: number; readonly listedFrom?: number; readonly exclude: ReadonlySet<string> },
  ): Promise<FoundChildSearch> {
    const limit = options.limit ?? 10;
    const listedFrom = options.listedFrom ?? FOUND_CHILD_LISTED_FROM;
    const candidates = await candidateChildren(trx, searchKeysOf(query, today), CANDIDATES_COMPARED + options.exclude.size);
    const rows = await matchIdentities(
      trx,
      candidates.map((candidate) => candidate.childId).filter((childId) => !options.exclude.has(childId)),
    );
    const comparer = new Comparer();
    const prepared = prepareAll(comparer, rows);
    const prior = searchPrior(current.children, options.heldProbability ?? DEFAULT_HELD_PROBABILITY);
    const ranked = rankCandidates(current.model, comparer, comparer.prepare(query), [...prepared.values()], prior);
    const listed = ranked.filter((candidate) => candidate.probability >= listedFrom);
    const shown = listed.slice(0, limit);
    const details = await recognitionDetails(
      trx,
      shown.map((candidate) => candidate.person.id),
    );
    const rowOf = new Map(rows.map((row) => [row.id, row]));
    const top = shown.flatMap((candidate): FoundChildCandidate[] => {
      const row = rowOf.get(candidate.person.id);
      const detail = details.get(candidate.person.id);
      if (row === undefined || detail === undefined) return [];
      return [
        {
          childId: row.id,
          probability: candidate.probability,
          fields: candidate.fields,
          waterfall: waterfallOf(prior, candidate.fields),
          recognition: recognitionOf({ ...row, languages: detail.languages }, { code: row.responsibleAuthorityCode, name: detail.authorityName }, today),
        },
      ];
    });
    return { candidates: top, compared: rows.length, unlikely: ranked.length - listed.length, modelEstimatedAt: current.estimatedAt };
  }

  /** Each child a list surfaced gets an event of its own: its authority sees every search that listed it. */
  async function auditCandidates(
    trx: Transaction<Database>,
    actor: Actor,
    entity: string,
    searchId: string,
    candidates: readonly FoundChildCandidate[],
  ): Promise<void> {
    for (const [index, candidate] of candidates.entries()) {
      await deps.audit.append(trx, {
        actor,
        action: 'SEARCH',
        entity,
        entityId: searchId,
        childId: candidate.childId,
        details: { rank: index + 1, probability: rounded(candidate.probability) },
      });
    }
  }

  /** Two different records, the first one the actor's authority's, scored against each other. */
  async function loadPair(
    trx: Transaction<Database>,
    actor: Actor,
    current: CachedModel,
    childId: string,
    otherChildId: string,
  ): Promise<Result<Omit<RecordComparison, 'decision'>, ServiceError>> {
    if (childId === otherChildId) return fail(notFound('child'));
    const rows = await matchIdentities(trx, [childId, otherChildId]);
    const mine = rows.find((row) => row.id === childId);
    const other = rows.find((row) => row.id === otherChildId);
    if (mine === undefined || !canReadRecord(actor, mine.responsibleAuthorityCode)) return fail(notFound('child'));
    if (other === undefined) return fail(notFound('child'));
    const today = ukDateOf(deps.now());
    const details = await recognitionDetails(trx, [childId, otherChildId]);
    const recognise = (row: MatchIdentityRow): Recognition => {
      const detail = details.get(row.id);
      return recognitionOf(
        { ...row, languages: detail?.languages ?? [] },
        { code: row.responsibleAuthorityCode, name: detail?.authorityName ?? row.responsibleAuthorityCode },
        today,
      );
    };
    const comparer = new Comparer();
    const prior = searchPrior(current.children);
    const scored = scorePair(current.model, comparer, comparer.prepare(personOfChild(mine)), comparer.prepare(personOfChild(other)), prior);
    return ok({
      child: recognise(mine),
      other: recognise(other),
      probability: scored.probability,
      fields: scored.fields,
      waterfall: waterfallOf(prior, scored.fields),
    });
  }

  /** After a confirmation is undone: the child's person keeps only the records other confirmations still join to it. */
  async function separateRecords(trx: Transaction<Database>, childId: string): Promise<void> {
    const personId = (await personsOf(trx, [childId])).get(childId);
    if (personId === undefined) return;
    const members = await childrenOfPerson(trx, personId);
    const plan = planUnlink(members, await confirmedPairsAmong(trx, members));
    await unlinkChildren(trx, plan.unlinked);
    for (const group of plan.split) await relinkChildren(trx, group, deps.newId());
  }

  return {
    /**
     * Ranks the children Lantern holds against what is known of a child found, with each
     * candidate's probability and field-by-field evidence. Audited without the search's terms.
     */
    async searchFoundChild(
      actor: Actor,
      query: MatchPerson,
      options: { readonly limit?: number; readonly heldProbability?: number; readonly listedFrom?: number } = {},
    ): Promise<Result<FoundChildSearch, ServiceError>> {
      if (!canSearchFoundChild(actor)) return fail(notFound('found-child search'));
      const today = ukDateOf(deps.now());
      const current = await currentModel();
      return ok(
        await db.transaction().execute(async (trx) => {
          const ranked = await rankHeld(trx, current, query, today, { ...options, exclude: new Set() });
          const searchId = deps.newId();
          await deps.audit.append(trx, {
            actor,
            action: 'SEARCH',
            entity: 'foundChild',
            entityId: searchId,
            details: { given: givenFields(query), compared: ranked.compared, candidates: ranked.candidates.length, model: current.id },
          });
          await auditCandidates(trx, actor, 'foundChildCandidate', searchId, ranked.candidates);
          return ranked;
        }),
      );
    },

    /**
     * The children held elsewhere (or twice here) who may be the same child as one of the actor's
     * authority's records: shown when a child is added, and on the data-quality page. Pairs a reviewer
     * has decided, and records already linked to the child, are left out.
     */
    async proposedMatches(
      actor: Actor,
      childId: string,
      options: { readonly limit?: number; readonly listedFrom?: number } = {},
    ): Promise<Result<FoundChildSearch, ServiceError>> {
      const today = ukDateOf(deps.now());
      const current = await currentModel();
      return db.transaction().execute(async (trx) => {
        const [row] = await matchIdentities(trx, [childId]);
        if (row === undefined || !canReadRecord(actor, row.responsibleAuthorityCode)) return fail(notFound('child'));
        const [decided, persons] = await Promise.all([decidedPartners(trx, [childId]), personsOf(trx, [childId])]);
        const person = persons.get(childId);
        const linked = person === undefined ? [] : await childrenOfPerson(trx, person);
        const exclude = new Set([childId, ...(decided.get(childId) ?? []), ...linked]);
        const ranked = await rankHeld(trx, current, personOfChild(row), today, {
          limit: options.limit ?? 5,
          listedFrom: options.listedFrom ?? PROPOSED_FROM,
          exclude,
        });
        const searchId = deps.newId();
        await deps.audit.append(trx, {
          actor,
          action: 'SEARCH',
          entity: 'childMatches',
          entityId: searchId,
          childId,
          details: { compared: ranked.compared, candidates: ranked.candidates.length, model: current.id },
        });
        await auditCandidates(trx, actor, 'childMatchCandidate', searchId, ranked.candidates);
        return ok(ranked);
      });
    },

    /**
     * The records of an authority that may be the same child as a record another authority is
     * responsible for, by the review queue's scores and threshold (proposedMatches): for the
     * data-quality page, whose service audits the view. Every pair sharing a blocking key is scored,
     * keys shared by more than MAX_BLOCK children left out; decided pairs, and records already linked
     * to one person, are left out too. Most probable first.
     */
    async probableDuplicates(actor: Actor, authorityCode: string): Promise<Result<readonly ProbableDuplicate[], ServiceError>> {
      if (!canReadRecord(actor, authorityCode)) return fail(notFound('probable duplicates'));
      const current = await currentModel();
      return db.transaction().execute(async (trx) => {
        const pairs = await crossAuthorityPairs(trx, authorityCode, MAX_BLOCK);
        const childIds = [...new Set(pairs.flatMap((pair) => [pair.childId, pair.otherChildId]))];
        const [rows, decided, persons] = await Promise.all([
          matchIdentities(trx, childIds),
          decidedPartners(trx, [...new Set(pairs.map((pair) => pair.childId))]),
          personsOf(trx, childIds),
        ]);
        const comparer = new Comparer();
        const prepared = prepareAll(comparer, rows);
        const authorityOf = new Map(rows.map((row) => [row.id, row.responsibleAuthorityCode]));
        const prior = searchPrior(current.children);
        const duplicates = pairs.flatMap(({ childId, otherChildId }): ProbableDuplicate[] => {
          const own = prepared.get(childId);
          const other = prepared.get(otherChildId);
          const otherAuthorityCode = authorityOf.get(otherChildId);
          const person = persons.get(childId);
          if (own === undefined || other === undefined || otherAuthorityCode === undefined) return [];
          if (decided.get(childId)?.has(otherChildId) === true || (person !== undefined && person === persons.get(otherChildId))) return [];
          const { probability } = scorePair(current.model, comparer, own, other, prior);
          return probability >= PROPOSED_FROM ? [{ childId, otherChildId, otherAuthorityCode, probability }] : [];
        });
        return ok(
          duplicates.sort((a, b) => b.probability - a.probability || a.childId.localeCompare(b.childId) || a.otherChildId.localeCompare(b.otherChildId)),
        );
      });
    },

    /** Two records side by side, for a reviewer of the first record's authority to decide whether they are one child. */
    async compareRecords(actor: Actor, childId: string, otherChildId: string): Promise<Result<RecordComparison, ServiceError>> {
      const current = await currentModel();
      return db.transaction().execute(async (trx) => {
        const pair = await loadPair(trx, actor, current, childId, otherChildId);
        if (!pair.ok) return pair;
        const decision = await standingDecision(trx, childId, otherChildId);
        await deps.audit.append(trx, {
          actor,
          action: 'SEARCH',
          entity: 'matchComparison',
          entityId: childId,
          childId: otherChildId,
          details: { probability: rounded(pair.value.probability) },
        });
        return ok({ ...pair.value, decision });
      });
    },

    /**
     * A reviewer's decision on two records: confirmed, they become one person (child_identity_link)
     * and, if the other record's child is missing now, its responsible authority is told at once
     * (FOUND_CHILD_MATCHED); excluded, with a reason, the pair is not proposed again. Audited on both
     * children, so that each authority sees it.
     */
    async decideMatch(
      actor: Actor,
      childId: string,
      otherChildId: string,
      decision: { readonly kind: 'confirmed' } | { readonly kind: 'excluded'; readonly reason: string },
    ): Promise<Result<{ readonly decisionId: string; readonly alerted: boolean }, ServiceError>> {
      const current = await currentModel();
      return db.transaction().execute(async (trx) => {
        const pair = await loadPair(trx, actor, current, childId, otherChildId);
        if (!pair.ok) return pair;
        if (!canWriteRecord(actor, pair.value.child.authorityCode)) return fail(notFound('child'));
        if ((await standingDecision(trx, childId, otherChildId)) !== null) return fail(conflict('matchDecision', 0));
        const decisionId = deps.newId();
        const now = deps.now();
        if (decision.kind === 'confirmed') {
          const plan = planLink(childId, otherChildId, await personsOf(trx, [childId, otherChildId]), deps.newId());
          await linkToPerson(trx, {
            personId: plan.personId,
            childIds: plan.newLinks,
            mergedPersons: plan.mergedPersons,
            confirmedOn: ukDateOf(now),
            confirmedBy: actor.id,
            createdAt: now,
          });
        }
        await saveMatchDecision(trx, {
          id: decisionId,
          childId,
          otherChildId,
          decision: decision.kind,
          reason: decision.kind === 'excluded' ? decision.reason : null,
          probability: pair.value.probability,
          decidedBy: actor.id,
          decidedAt: now,
        });
        for (const [subject, other] of [
          [childId, otherChildId],
          [otherChildId, childId],
        ] as const) {
          await deps.audit.append(trx, {
            actor,
            action: 'CREATE',
            entity: 'matchDecision',
            entityId: decisionId,
            childId: subject,
            details: { decision: decision.kind, otherChildId: other, probability: rounded(pair.value.probability) },
            ...(decision.kind === 'excluded' ? { reason: decision.reason } : {}),
          });
        }
        let alerted = false;
        if (decision.kind === 'confirmed' && deps.alerts !== undefined && (await isMissingNow(trx, otherChildId))) {
          await deps.alerts.foundChildMatched(trx, actor, otherChildId, decisionId);
          alerted = true;
        }
        return ok({ decisionId, alerted });
      });
    },

    /**
     * A team manager of the first record's authority undoes the decision standing on two records, with
     * a reason: an exclusion lets the pair be proposed again; a confirmation unlinks the two, keeping
     * linked only what other confirmations still join, and withdraws the alert that the child was
     * found where nobody has acted on it yet. Audited on both children.
     */
    async undoMatchDecision(
      actor: Actor,
      childId: string,
      otherChildId: string,
      reason: string,
    ): Promise<Result<{ readonly decisionId: string; readonly decision: MatchDecisionRow['decision'] }, ServiceError>> {
      return db.transaction().execute(async (trx) => {
        const rows = childId === otherChildId ? [] : await matchIdentities(trx, [childId, otherChildId]);
        const mine = rows.find((row) => row.id === childId);
        if (mine === undefined || rows.length !== 2 || !canUndoMatchDecision(actor, mine.responsibleAuthorityCode)) return fail(notFound('child'));
        const decision = await standingDecision(trx, childId, otherChildId);
        if (decision === null) return fail(notFound('matchDecision'));
        if (!(await undoMatchDecision(trx, { id: decision.id, undoneBy: actor.id, undoneAt: deps.now(), undoneReason: reason }))) {
          return fail(conflict('matchDecision', 0));
        }
        if (decision.decision === 'confirmed') {
          await separateRecords(trx, childId);
          await deps.alerts?.foundChildMatchUndone(trx, actor, decision.id);
        }
        for (const [subject, other] of [
          [childId, otherChildId],
          [otherChildId, childId],
        ] as const) {
          await deps.audit.append(trx, {
            actor,
            action: 'CHANGE',
            entity: 'matchDecision',
            entityId: decision.id,
            childId: subject,
            details: { undone: decision.decision, otherChildId: other },
            reason,
          });
        }
        return ok({ decisionId: decision.id, decision: decision.decision });
      });
    },

    /** Every decision on pairs holding one of the actor's authority's records, standing or undone, newest first. */
    async matchDecisions(actor: Actor, childId: string): Promise<Result<readonly MatchDecisionHistoryRow[], ServiceError>> {
      return db.transaction().execute(async (trx) => {
        const [row] = await matchIdentities(trx, [childId]);
        if (row === undefined || !canReadRecord(actor, row.responsibleAuthorityCode)) return fail(notFound('child'));
        const decisions = await decisionsOfChild(trx, childId);
        await deps.audit.append(trx, { actor, action: 'LIST', entity: 'matchDecision', childId, details: { decisions: decisions.length } });
        return ok(decisions);
      });
    },

    /**
     * Estimates the model from Lantern's own records, without labels: EM over the candidate pairs of
     * a sample of children, u from pairs drawn at random, name frequencies over everyone. Stores it;
     * searches use it from then on.
     */
    async estimateModel(actor: Actor, options: EstimateOptions = {}): Promise<Result<EstimateSummary, ServiceError>> {
      if (!ESTIMATE_ROLES.includes(actor.role)) return fail(notFound('matching model'));
      const seed = options.seed ?? 1;
      const children = await countChildren(db);
      const trainingIds = await sampleChildIds(db, Math.min(children, options.trainingChildren ?? 20_000), seed);
      const pairs = await candidatePairsOf(db, trainingIds, MAX_BLOCK);
      const randomIds = await sampleChildIds(db, Math.min(children, options.trainingChildren ?? 20_000), seed + 1);
      const needed = new Set([...pairs.flatMap((pair) => [pair.a, pair.b]), ...randomIds]);
      const [rows, frequencies] = await Promise.all([matchIdentities(db, [...needed]), nameFrequencies(db)]);
      const comparer = new Comparer();
      const prepared = prepareAll(comparer, rows);
      const candidates = new LevelPatterns();
      for (const pair of pairs) {
        const a = prepared.get(pair.a);
        const b = prepared.get(pair.b);
        if (a !== undefined && b !== undefined) candidates.add(comparer.compare(a, b).levels);
      }
      const randomPeople = randomIds.flatMap((childId) => prepared.get(childId) ?? []);
      const random = randomPatterns(comparer, randomPeople, null, options.randomPairs ?? 200_000, seededRandom(seed));
      // The candidates are the pairs of the sampled children with anyone: that many of all pairs.
      const possiblePairs = trainingIds.length * Math.max(0, children - 1) - (trainingIds.length * (trainingIds.length - 1)) / 2;
      const estimate = estimateModel({
        candidates,
        random,
        possiblePairs,
        nameFrequencies: nameFrequenciesOf(frequencies.counts, frequencies.total),
      });
      const modelId = deps.newId();
      await db.transaction().execute(async (trx) => {
        await saveModel(trx, {
          id: modelId,
          estimatedAt: deps.now(),
          estimatedBy: actor.id,
          children,
          candidatePairs: candidates.pairs,
          randomPairs: random.pairs,
          model: storedModel(estimate.model),
        });
        await deps.audit.append(trx, {
          actor,
          action: 'CREATE',
          entity: 'matchModel',
          entityId: modelId,
          details: { children, candidatePairs: candidates.pairs },
        });
      });
      return ok({
        modelId,
        children,
        candidatePairs: candidates.pairs,
        randomPairs: random.pairs,
        expectedMatches: estimate.expectedMatches,
        prior: estimate.model.prior,
        iterations: estimate.em.iterations,
        converged: estimate.em.converged,
      });
    },
  };
}

const rounded = (probability: number): number => Math.round(probability * 1000) / 1000;

/** Which kinds of detail a search gave, for the audit trail: never the values. */
function givenFields(query: MatchPerson): string[] {
  const fields: string[] = [];
  if (query.names.length > 0) fields.push(query.names.length > 1 ? 'names' : 'name');
  if (query.births.some((birth) => birth.date !== null)) fields.push('dateOfBirth');
  else if (query.births.length > 0) fields.push('age');
  if (query.sex !== null) fields.push('sex');
  if (query.nationalities.length > 0) fields.push('nationality');
  if (query.identifiers.length > 0) fields.push('identifier');
  return fields;
}
