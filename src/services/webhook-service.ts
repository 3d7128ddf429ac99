import { randomBytes } from 'node:crypto';
import { activeSubscriptions, disableSubscription, insertSubscription, subscriptionById } from '../db/repositories/alert-repository.ts';
import { inScope } from '../db/scope.ts';
import type { Actor } from '../domain/access/actor.ts';
import { rowScope } from '../domain/access/policy.ts';
import { checkSubscription } from '../domain/alerts/webhooks.ts';
import type { SubscriptionInput, SubscriptionProblem } from '../domain/alerts/webhooks.ts';
import { fail, ok } from '../domain/result.ts';
import type { Result } from '../domain/result.ts';
import type { ServiceDeps } from './deps.ts';
import { notFound } from './errors.ts';
import type { ServiceError } from './errors.ts';

// An organisation's administrators manage its webhook subscriptions (issue 14 item 3): the systems told of
// its alerts, each message signed with the subscription's secret (Standard Webhooks). The secret is shown
// once, when the subscription is added. Every listing, addition and stop is audited; the address is kept
// out of the audit trail's details only as far as its host, since a path may carry a system's own key.

export interface Subscription {
  readonly id: string;
  readonly url: string;
  readonly description: string;
  readonly createdAt: string;
}

/** Standard Webhooks secrets: "whsec_" and 24 random bytes in base64. */
const newSecret = (): string => `whsec_${randomBytes(24).toString('base64')}`;

const hostOf = (url: string): string => new URL(url).host;

export function createWebhookService(deps: ServiceDeps) {
  const { db } = deps;
  /** The organisation an actor's subscriptions are: an organisation administrator's own; nobody else has any. */
  const organisationOf = (actor: Actor): string | null => (actor.role === 'organisation_administrator' ? actor.organisationCode : null);
  const listed = (row: Subscription): Subscription => ({ id: row.id, url: row.url, description: row.description, createdAt: row.createdAt });

  return {
    async list(actor: Actor): Promise<Result<readonly Subscription[], ServiceError>> {
      const organisation = organisationOf(actor);
      if (organisation === null) return fail(notFound('webhookSubscription'));
      return inScope(db, rowScope(actor, deps.now()), async (trx) => {
        const rows = await activeSubscriptions(trx, organisation);
        await deps.audit.append(trx, { actor, action: 'LIST', entity: 'webhookSubscription', details: { subscriptions: rows.length } });
        return ok(rows.map(listed));
      });
    },

    /** Adds a subscription; its secret is in the answer and nowhere else the actor can read it again. */
    async add(
      actor: Actor,
      input: SubscriptionInput,
    ): Promise<Result<Subscription & { readonly secret: string }, ServiceError | { readonly kind: 'problems'; readonly problems: SubscriptionProblem[] }>> {
      const organisation = organisationOf(actor);
      if (organisation === null) return fail(notFound('webhookSubscription'));
      const checked = checkSubscription(input);
      if (!checked.ok) return fail({ kind: 'problems', problems: checked.error });
      const row = { id: deps.newId(), organisationCode: organisation, ...checked.value, secret: newSecret(), createdAt: deps.now(), createdBy: actor.id };
      return inScope(db, rowScope(actor, row.createdAt), async (trx) => {
        await insertSubscription(trx, row);
        await deps.audit.append(trx, {
          actor,
          action: 'CREATE',
          entity: 'webhookSubscription',
          entityId: row.id,
          details: { host: hostOf(row.url), description: row.description },
        });
        return ok({ ...listed(row), secret: row.secret });
      });
    },

    async get(actor: Actor, id: string): Promise<Result<Subscription, ServiceError>> {
      const organisation = organisationOf(actor);
      if (organisation === null) return fail(notFound('webhookSubscription'));
      return inScope(db, rowScope(actor, deps.now()), async (trx) => {
        const row = await subscriptionById(trx, id);
        return row === undefined || row.organisationCode !== organisation || row.disabledAt !== null ? fail(notFound('webhookSubscription')) : ok(listed(row));
      });
    },

    /** Stops one of the organisation's subscriptions; another organisation's, or one stopped already, is not found. */
    async disable(actor: Actor, id: string): Promise<Result<Subscription, ServiceError>> {
      const organisation = organisationOf(actor);
      if (organisation === null) return fail(notFound('webhookSubscription'));
      return inScope(db, rowScope(actor, deps.now()), async (trx) => {
        const row = await subscriptionById(trx, id);
        if (row === undefined || row.organisationCode !== organisation || row.disabledAt !== null) return fail(notFound('webhookSubscription'));
        await disableSubscription(trx, id, deps.now());
        await deps.audit.append(trx, {
          actor,
          action: 'CHANGE',
          entity: 'webhookSubscription',
          entityId: id,
          details: { disabled: true, host: hostOf(row.url) },
        });
        return ok(listed(row));
      });
    },
  };
}
