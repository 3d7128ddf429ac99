import { fail, ok } from './result.ts';
import type { Result } from './result.ts';
import { actionPhrase } from './training.ts';
import type { GateDecision, GatedAction } from './training.ts';

// Asking a team manager to allow a gated action once (issue 15, item 5): someone a training gate
// refuses sends a request (the action, the child if any, a short reason) to their organisation's team
// managers, who allow it once with a reason (a training allowance) or decline it with a reason.
// Pure: the service passes in the gate's decision, the person's waiting requests and the clock.

export const REQUEST_REASON_MAX = 500;

export const REQUEST_OUTCOMES = ['ALLOWED', 'DECLINED'] as const;
export type RequestOutcome = (typeof REQUEST_OUTCOMES)[number];

export interface TrainingRequest {
  readonly id: string;
  readonly organisationCode: string;
  readonly personId: string;
  readonly action: GatedAction;
  /** The child whose record the person was working on when the gate refused them, if any. */
  readonly childId: string | null;
  readonly reason: string;
  readonly requestedAt: string;
  /** Null while it waits for an answer. */
  readonly outcome: RequestOutcome | null;
  readonly decidedBy: string | null;
  readonly decidedAt: string | null;
  readonly decisionReason: string | null;
  /** The allowance given when it was allowed. */
  readonly allowanceId: string | null;
}

type NewRequest = Pick<TrainingRequest, 'action' | 'childId'>;

/**
 * Whether someone may ask: only when the gate would refuse them now, and not twice for the same
 * action and child while a request waits.
 */
export function checkRequest(
  gate: GateDecision,
  waiting: readonly NewRequest[],
  input: NewRequest,
): Result<null, { readonly field: 'action'; readonly message: string }> {
  const label = actionPhrase(input.action);
  if (gate.allowed) {
    const why =
      gate.by === 'ALLOWANCE'
        ? 'your team manager has already allowed you once'
        : gate.by === 'TRAINED'
          ? 'your training is current'
          : 'your organisation does not require training for it';
    return fail({ field: 'action', message: `You may already ${label}: ${why}, so there is nothing to ask` });
  }
  if (waiting.some((request) => request.action === input.action && request.childId === input.childId)) {
    return fail({ field: 'action', message: `You have already asked to ${label}; wait for your team manager’s answer` });
  }
  return ok(null);
}

/**
 * A team manager's answer: allowed once or declined, with a reason. A request is answered once, and
 * never by the person who asked.
 */
export function decideRequest(
  request: TrainingRequest,
  answer: { readonly outcome: RequestOutcome; readonly reason: string; readonly by: string; readonly at: string; readonly allowanceId: string | null },
): Result<TrainingRequest, { readonly field: 'outcome'; readonly message: string }> {
  if (request.outcome !== null) return fail({ field: 'outcome', message: 'This request has already been answered' });
  if (request.personId === answer.by) return fail({ field: 'outcome', message: 'You cannot answer your own request: another team manager must' });
  return ok({
    ...request,
    outcome: answer.outcome,
    decidedBy: answer.by,
    decidedAt: answer.at,
    decisionReason: answer.reason,
    allowanceId: answer.outcome === 'ALLOWED' ? answer.allowanceId : null,
  });
}
