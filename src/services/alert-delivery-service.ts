import {
  activeAccount,
  activeMembers,
  activeSubscriptions,
  alertById,
  contactFor,
  deliveryById,
  insertDeliveries,
  insertOutbox,
  recordDeliveryAttempt,
  subscriptionById,
} from '../db/repositories/alert-repository.ts';
import type { AlertRow } from '../db/repositories/alert-repository.ts';
import type { Database } from '../db/schema.ts';
import type { Kysely } from 'kysely';
import { alertRule, isAlertRuleKey } from '../domain/alerts/rules.ts';
import type { Recipient } from '../domain/alerts/rules.ts';
import type { CoreDeps } from './deps.ts';

// Sending an alert beyond the inbox: email and text messages through GOV.UK Notify, and signed
// webhooks to case-management and police systems. The job queue calls `plan` once per alert (which
// records one delivery per address and queues each) and `send` once per delivery, retrying with
// backoff while it throws. A delivery's id is the same on every try: the webhook-id and the Notify
// reference, so a receiver can drop a repeat. Nothing here can fail the change that raised the alert:
// that committed before any of this ran.

/** What an email, a text message or a webhook carries: never a child's name or other details. */
export interface AlertMessage {
  /** The delivery's id: the webhook-id and the Notify reference. */
  readonly id: string;
  readonly alertId: string;
  /** A short reference a person can read out on the phone: "LA-3F9C2A1B". */
  readonly reference: string;
  readonly rule: string;
  readonly title: string;
  readonly whatToDo: string;
  readonly raisedAt: string;
  readonly acknowledgeBy: string | null;
  /** The alert's page in Lantern, where the person signs in to see the child. */
  readonly link: string;
}

/** The channels, injected: the real ones talk to Notify and to subscribers, tests pass fakes or fake servers. */
export interface AlertChannels {
  email(address: string, message: AlertMessage): Promise<void>;
  sms(number: string, message: AlertMessage): Promise<void>;
  webhook(
    subscription: { readonly url: string; readonly secret: string },
    message: AlertMessage & { readonly childId: string; readonly organisationCode: string },
  ): Promise<void>;
}

/** Who gets email, by the roles of the recipient group (a named holder gets it by name). */
const EMAIL_ROLES: Readonly<Record<Recipient, readonly string[]>> = {
  responsible_duty: ['social_worker', 'team_manager'],
  responsible_team_managers: ['team_manager'],
  responsible_head_of_service: ['team_manager'],
  responsible_director: ['team_manager'],
  host_duty: ['social_worker', 'team_manager'],
  police: ['police_coordinator'],
  advocate: [],
  national: ['national_analyst'],
  guardian_service_managers: ['guardian_manager'],
};

const POST_OF: Partial<Readonly<Record<Recipient, 'duty' | 'head_of_service' | 'director'>>> = {
  responsible_duty: 'duty',
  host_duty: 'duty',
  responsible_head_of_service: 'head_of_service',
  responsible_director: 'director',
};

const alertReference = (alertId: string): string => `LA-${alertId.slice(0, 8).toUpperCase()}`;

export function createAlertDeliveryService(deps: CoreDeps & { readonly channels: AlertChannels; readonly baseUrl: string }) {
  const { db } = deps;

  /** Where an alert goes: one delivery per mailbox, phone and subscription. Read in the caller's transaction (PGlite has one connection). */
  async function targets(db: Kysely<Database>, alert: AlertRow): Promise<{ channel: 'email' | 'sms' | 'webhook'; target: string }[]> {
    const recipient = alert.recipient as Recipient;
    const post = POST_OF[recipient];
    const contact = post === undefined ? undefined : await contactFor(db, alert.organisationCode, post);
    const emails: string[] = [];
    if (alert.userId !== null) emails.push(`user:${alert.userId}`);
    else if (post === 'duty' && (contact?.email ?? null) !== null) emails.push('mailbox');
    else emails.push(...(await activeMembers(db, alert.organisationCode, EMAIL_ROLES[recipient])).map((member) => `user:${member.id}`));
    const urgent = isAlertRuleKey(alert.rule) && alertRule(alert.rule).urgent;
    return [
      ...emails.map((target) => ({ channel: 'email' as const, target })),
      ...(urgent && post !== undefined && (contact?.mobile ?? null) !== null ? [{ channel: 'sms' as const, target: `mobile:${post}` }] : []),
      ...(await activeSubscriptions(db, alert.organisationCode)).map((subscription) => ({
        channel: 'webhook' as const,
        target: `subscription:${subscription.id}`,
      })),
    ];
  }

  function messageOf(alert: AlertRow, deliveryId: string): AlertMessage {
    if (!isAlertRuleKey(alert.rule)) throw new Error(`An alert has an unknown rule: ${alert.rule}`);
    const rule = alertRule(alert.rule);
    return {
      id: deliveryId,
      alertId: alert.id,
      reference: alertReference(alert.id),
      rule: rule.key,
      title: rule.title,
      whatToDo: rule.whatToDo,
      raisedAt: alert.raisedAt,
      acknowledgeBy: alert.acknowledgeBy,
      link: `${deps.baseUrl}/alerts/${alert.id}`,
    };
  }

  /** The address a delivery goes to now (an account may have been deactivated since), or null for none. */
  async function address(alert: AlertRow, channel: string, target: string): Promise<string | null> {
    const [kind, id = ''] = target.split(':');
    if (channel === 'email' && kind === 'user') return (await activeAccount(db, id))?.email ?? null;
    if (channel === 'email' && kind === 'mailbox') return (await contactFor(db, alert.organisationCode, 'duty'))?.email ?? null;
    if (channel === 'sms' && kind === 'mobile' && (id === 'duty' || id === 'head_of_service' || id === 'director'))
      return (await contactFor(db, alert.organisationCode, id))?.mobile ?? null;
    return null;
  }

  return {
    /** Records where an alert goes and queues each delivery (through the outbox). Run twice, it adds nothing. */
    async plan(alertId: string): Promise<number> {
      return db.transaction().execute(async (trx) => {
        const alert = await alertById(trx, alertId);
        if (alert === undefined) return 0;
        const now = deps.now();
        const added = await insertDeliveries(
          trx,
          (await targets(trx, alert)).map((target) => ({ id: deps.newId(), alertId, ...target, createdAt: now })),
        );
        await insertOutbox(
          trx,
          added.map((delivery) => ({ id: deps.newId(), kind: 'send' as const, payload: { deliveryId: delivery.id }, runAt: now })),
          now,
        );
        return added.length;
      });
    },

    /**
     * Sends one delivery. Throws when the channel fails, so the queue tries again later; on the last
     * try (`final`) the failure is recorded and the alert stays in the inbox, where it always was.
     */
    async send(deliveryId: string, options: { readonly final: boolean }): Promise<'delivered' | 'already_delivered' | 'no_address'> {
      const delivery = await deliveryById(db, deliveryId);
      if (delivery === undefined) return 'no_address';
      if (delivery.deliveredAt !== null) return 'already_delivered';
      const alert = await alertById(db, delivery.alertId);
      if (alert === undefined) return 'no_address';
      const message = messageOf(alert, delivery.id);
      try {
        if (delivery.channel === 'webhook') {
          const subscription = await subscriptionById(db, delivery.target.slice('subscription:'.length));
          if (subscription === undefined || subscription.disabledAt !== null) return 'no_address';
          await deps.channels.webhook(subscription, { ...message, childId: alert.childId, organisationCode: alert.organisationCode });
        } else {
          const to = await address(alert, delivery.channel, delivery.target);
          if (to === null) return 'no_address';
          await (delivery.channel === 'email' ? deps.channels.email(to, message) : deps.channels.sms(to, message));
        }
      } catch (error) {
        await recordDeliveryAttempt(db, delivery.id, { error: describeFailure(error), failedAt: options.final ? deps.now() : null });
        throw error;
      }
      await recordDeliveryAttempt(db, delivery.id, { deliveredAt: deps.now() });
      return 'delivered';
    },
  };
}

/** What went wrong, in words that carry no address or content: the error's own message is not trusted to. */
function describeFailure(error: unknown): string {
  if (error instanceof DeliveryError) return error.message;
  if (error instanceof Error && error.name === 'TimeoutError') return 'Timed out';
  return 'The channel could not be reached';
}

/** A channel's refusal, in words safe to keep: "Notify answered 400", "The receiver answered 503". */
export class DeliveryError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DeliveryError';
  }
}

export type AlertDeliveryService = ReturnType<typeof createAlertDeliveryService>;
