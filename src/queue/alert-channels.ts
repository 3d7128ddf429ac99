import { setTimeout as sleep } from 'node:timers/promises';
import { NotifyClient } from 'notifications-node-client';
import { Webhook } from 'standardwebhooks';
import type { AlertChannels, AlertMessage } from '../services/alert-delivery-service.ts';
import { DeliveryError } from '../services/alert-delivery-service.ts';

// The real channels: GOV.UK Notify for email and text messages, and Standard Webhooks for council case
// systems and police systems. Neither carries a child's name or details: only what happened, a
// reference and a link to sign in and see the alert.

/** How long one call to Notify or a receiver may take before it counts as failed (and is tried again). */
const TIMEOUT_MS = 10_000;

export interface NotifySettings {
  /** LANTERN_NOTIFY_API_KEY: the service's key ("name-serviceId-secret"). */
  readonly apiKey: string;
  readonly emailTemplateId: string;
  readonly smsTemplateId: string;
  /** Notify's address; a fake server's in tests. */
  readonly baseUrl?: string;
}

/** What a Notify template may use: the template's ((placeholders)). */
function notifyPersonalisation(message: AlertMessage): Record<string, string> {
  return {
    title: message.title,
    what_to_do: message.whatToDo,
    reference: message.reference,
    link: message.link,
    raised_at: message.raisedAt,
    acknowledge_by: message.acknowledgeBy ?? 'not set',
  };
}

async function withTimeout<T>(call: Promise<T>, what: string): Promise<T> {
  const timeout = sleep(TIMEOUT_MS, null, { ref: false }).then(() => {
    throw new DeliveryError(`${what} did not answer within ${TIMEOUT_MS / 1000} seconds`);
  });
  return Promise.race([call, timeout]);
}

/** Notify's refusal as a status only: its body may quote the address. */
function notifyFailure(error: unknown): DeliveryError {
  if (error instanceof DeliveryError) return error;
  const status = typeof error === 'object' && error !== null && 'response' in error ? (error.response as { status?: unknown } | undefined)?.status : undefined;
  return new DeliveryError(typeof status === 'number' ? `Notify answered ${status}` : 'Notify could not be reached');
}

export function createAlertChannels(notify: NotifySettings | null): AlertChannels {
  const client = notify === null ? null : notify.baseUrl === undefined ? new NotifyClient(notify.apiKey) : new NotifyClient(notify.baseUrl, notify.apiKey);
  const send = async (call: (client: NotifyClient, settings: NotifySettings) => Promise<unknown>) => {
    // Without a key there is nowhere to send: the alert is in the inbox, and nothing is retried.
    if (client === null || notify === null) return;
    try {
      await withTimeout(call(client, notify), 'Notify');
    } catch (error) {
      throw notifyFailure(error);
    }
  };
  return {
    email: (address, message) =>
      send((c, s) => c.sendEmail(s.emailTemplateId, address, { personalisation: notifyPersonalisation(message), reference: message.id })),
    sms: (number, message) => send((c, s) => c.sendSms(s.smsTemplateId, number, { personalisation: notifyPersonalisation(message), reference: message.id })),
    async webhook(subscription, message) {
      const body = JSON.stringify({ type: `alert.${message.rule.toLowerCase()}`, timestamp: message.raisedAt, data: message });
      const sentAt = new Date();
      const signature = new Webhook(subscription.secret).sign(message.id, sentAt, body);
      let response: Response;
      try {
        response = await fetch(subscription.url, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            'webhook-id': message.id,
            'webhook-timestamp': String(Math.floor(sentAt.getTime() / 1000)),
            'webhook-signature': signature,
          },
          body,
          redirect: 'error',
          signal: AbortSignal.timeout(TIMEOUT_MS),
        });
      } catch (error) {
        throw new DeliveryError(
          error instanceof Error && error.name === 'TimeoutError' ? 'The receiver did not answer in time' : 'The receiver could not be reached',
        );
      }
      await response.body?.cancel();
      if (!response.ok) throw new DeliveryError(`The receiver answered ${response.status}`);
    },
  };
}
