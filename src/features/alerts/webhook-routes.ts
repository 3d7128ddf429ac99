import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { formatInstant } from '../../domain/dates.ts';
import { paths } from '../../paths.ts';
import type { Services } from '../../services/index.ts';
import type { Subscription } from '../../services/webhook-service.ts';
import { formErrors, formValues } from '../forms.ts';
import type { FormErrors } from '../forms.ts';
import { requireSignIn, signedInActor, uuidIn } from '../guards.ts';
import { linkHtml } from '../view-models.ts';

// Webhook subscriptions, for an organisation's administrators (issue 14 item 3): list, add (the secret shown
// once, as the answer to the post, never cached), stop. Anyone else, and another organisation's subscription,
// is "Page not found". The service audits every step.

type IdRequest = FastifyRequest<{ Params: Record<string, string | undefined> }>;

const FIELDS = ['url', 'description'] as const;

const subscriptionRows = (subscription: Subscription) => [
  { key: { text: 'Address' }, value: { text: subscription.url } },
  { key: { text: 'What it is for' }, value: { text: subscription.description } },
  { key: { text: 'Added' }, value: { text: formatInstant(subscription.createdAt) } },
];

export function webhookRoutes(app: FastifyInstance, { services }: { services: Services }, done: () => void): void {
  app.addHook('onRequest', requireSignIn);

  app.get(paths.webhookSubscriptions, async (request, reply) => {
    const subscriptions = await services.webhooks.list(signedInActor(request));
    if (!subscriptions.ok) return reply.renderNotFound();
    return reply.render('alerts/views/webhook-subscriptions.njk', {
      addHref: paths.addWebhookSubscription,
      head: [{ text: 'Address' }, { text: 'What it is for' }, { text: 'Added' }, { text: 'Action' }],
      rows: subscriptions.value.map((subscription) => [
        { text: subscription.url },
        { text: subscription.description },
        { text: formatInstant(subscription.createdAt) },
        { html: linkHtml(paths.disableWebhookSubscription(subscription.id), 'Stop', `sending to ${subscription.description}`) },
      ]),
    });
  });

  const renderForm = async (request: FastifyRequest, reply: FastifyReply, values: Record<string, string>, errors?: FormErrors, status = 200) => {
    // Only those who may list subscriptions may add one.
    if (!(await services.webhooks.list(signedInActor(request))).ok) return reply.renderNotFound();
    return reply.code(status).render('alerts/views/add-webhook-subscription.njk', { formAction: paths.addWebhookSubscription, values, errors });
  };

  app.get(paths.addWebhookSubscription, (request, reply) => renderForm(request, reply, {}));

  app.post(paths.addWebhookSubscription, async (request, reply) => {
    const values = formValues(request.body, FIELDS);
    const added = await services.webhooks.add(signedInActor(request), { url: values['url'] ?? '', description: values['description'] ?? '' });
    if (!added.ok) {
      if (added.error.kind !== 'problems') return reply.renderNotFound();
      return renderForm(
        request,
        reply,
        values,
        formErrors(Object.fromEntries(added.error.problems.map((problem) => [problem.field, { text: problem.message }]))),
        400,
      );
    }
    request.log.info({ code: 'WEBHOOK_SUBSCRIPTION_ADDED', subscriptionId: added.value.id }, 'Webhook subscription added');
    return reply.header('cache-control', 'no-store').render('alerts/views/webhook-subscription-added.njk', {
      rows: subscriptionRows(added.value),
      secret: added.value.secret,
      backHref: paths.webhookSubscriptions,
    });
  });

  app.get(paths.disableWebhookSubscription(':subscriptionId'), async (request: IdRequest, reply) => {
    const id = uuidIn(request.params, 'subscriptionId');
    const subscription = id === null ? null : await services.webhooks.get(signedInActor(request), id);
    if (subscription === null || !subscription.ok) return reply.renderNotFound();
    return reply.render('alerts/views/stop-webhook-subscription.njk', {
      formAction: paths.disableWebhookSubscription(subscription.value.id),
      rows: subscriptionRows(subscription.value),
      backHref: paths.webhookSubscriptions,
    });
  });

  app.post(paths.disableWebhookSubscription(':subscriptionId'), async (request: IdRequest, reply) => {
    const id = uuidIn(request.params, 'subscriptionId');
    const stopped = id === null ? null : await services.webhooks.disable(signedInActor(request), id);
    if (stopped === null || !stopped.ok) return reply.renderNotFound();
    return reply.redirect(paths.webhookSubscriptions, 303);
  });
  done();
}
