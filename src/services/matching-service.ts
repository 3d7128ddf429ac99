import {
  candidateChildren,
  recognitionDetails,
  candidatePairsOf,
  countChildren,
  latestModel,
  matchIdentities,
  nameFrequencies,
  sampleChildIds,
  saveModel,
} from '../db/repositories/matching-repository.ts';
import type { MatchIdentityRow } from '../db/repositories/matching-repository.ts';
import { canSearchFoundChild } from '../domain/access/policy.ts';
import { ukDateOf } from '../domain/dates.ts';
import { Comparer } from '../domain/matching/comparisons.ts';
import type { PreparedPerson } from '../domain/matching/comparisons.ts';
import { estimateModel, LevelPatterns } from '../domain/matching/estimate.ts';
import { randomPatterns, seededRandom } from '../domain/matching/link.ts';
import { recognitionOf, waterfallOf } from '../domain/matching/found-child.ts';
import type { Recognition, Waterfall } from '../domain/matching/found-child.ts';
import { modelOfStored, nameFrequenciesOf, storedModel } from '../domain/matching/model.ts';
import type { FieldEvidence, MatchModel } from '../domain/matching/model.ts';
import { personOfChild } from '../domain/matching/person.ts';
import type { MatchPerson } from '../domain/matching/person.ts';
import { DEFAULT_HELD_PROBABILITY, defaultModel, rankCandidates, searchKeysOf, searchPrior } from '../domain/matching/search.ts';
import { fail, ok } from '../domain/result.ts';
import type { Result } from '../domain/result.ts';
import type { Actor, Role } from '../domain/access/actor.ts';
import type { ServiceDeps } from './deps.ts';
import { notFound } from './errors.ts';
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

/** Blocks larger than this are left out of training: a key shared by hundreds is no evidence of anything. */
const TRAINING_MAX_BLOCK = 50;

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
      const limit = options.limit ?? 10;
      const listedFrom = options.listedFrom ?? FOUND_CHILD_LISTED_FROM;
      const today = ukDateOf(deps.now());
      const { id, estimatedAt, children, model } = await currentModel();
      return ok(
        await db.transaction().execute(async (trx) => {
          const candidates = await candidateChildren(trx, searchKeysOf(query, today), CANDIDATES_COMPARED);
          const rows = await matchIdentities(
            trx,
            candidates.map((candidate) => candidate.childId),
          );
          const comparer = new Comparer();
          const prepared = prepareAll(comparer, rows);
          const prior = searchPrior(children, options.heldProbability ?? DEFAULT_HELD_PROBABILITY);
          const ranked = rankCandidates(model, comparer, comparer.prepare(query), [...prepared.values()], prior);
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
          const searchId = deps.newId();
          await deps.audit.append(trx, {
            actor,
            action: 'SEARCH',
            entity: 'foundChild',
            entityId: searchId,
            details: { given: givenFields(query), compared: rows.length, candidates: top.length, model: id },
          });
          for (const [index, candidate] of top.entries()) {
            await deps.audit.append(trx, {
              actor,
              action: 'SEARCH',
              entity: 'foundChildCandidate',
              entityId: searchId,
              childId: candidate.childId,
              details: { rank: index + 1, probability: Math.round(candidate.probability * 1000) / 1000 },
            });
          }
          return { candidates: top, compared: rows.length, unlikely: ranked.length - listed.length, modelEstimatedAt: estimatedAt };
        }),
      );
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
      const pairs = await candidatePairsOf(db, trainingIds, TRAINING_MAX_BLOCK);
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
