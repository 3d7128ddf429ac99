import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ALERT_RULE_KEYS, RECIPIENTS } from '../../domain/alerts/rules.ts';
import { map } from '../../domain/result.ts';
import type { AlertView } from '../../services/alert-service.ts';
import type { Services } from '../../services/index.ts';
import { actorOf } from './actor.ts';
import { outcomes } from './openapi.ts';
import { idParams } from './schemas.ts';
import { sendResult } from './problem.ts';
import { disclosure, figure } from './statistics-routes.ts';

// The alerts inbox for case-management and police systems (issue 14): the same alerts a person sees
// on the web, acknowledged or answered with the action taken. Who sees what is decided in
// src/services/alert-service.ts; the child is named only to those who may see the child.

const inboxQuery = z.strictObject({
  show: z.enum(['open', 'all'], { error: 'Use open or all' }).default('open'),
  page: z.coerce.number({ error: 'Page must be a whole number from 1' }).int().min(1).max(100_000).default(1),
});
const version = z.number({ error: 'Send the version of the alert you read, as a whole number' }).int().min(1);
const acknowledgeBody = z.strictObject({ version });
const actionBody = z.strictObject({
  action: z.string({ error: 'Say what you did about this alert' }).max(2000, { error: 'What you did must be 2,000 characters or fewer' }),
  version,
});

const alertResponse = z.object({
  id: z.uuid(),
  rule: z.enum(ALERT_RULE_KEYS),
  title: z.string(),
  why: z.string(),
  whatToDo: z.string(),
  recipient: z.enum(RECIPIENTS).meta({ description: 'Which part of your organisation it was sent to' }),
  subject: z
    .object({ type: z.string(), id: z.uuid() })
    .meta({ description: 'The part of the record it is about (a missing episode, a trafficking concern …)' }),
  child: z
    .object({ id: z.uuid(), givenNames: z.string().nullable(), familyName: z.string().nullable() })
    .nullable()
    .meta({ description: 'Null when you may not see the child' }),
  responsibleAuthorityName: z.string(),
  raisedAt: z.string(),
  acknowledgeBy: z.string().nullable().meta({ description: 'When it escalates if nobody has acknowledged it; null when it does not' }),
  acknowledgedAt: z.string().nullable(),
  acknowledgedByName: z.string().nullable(),
  actionTaken: z.string().nullable(),
  actionRecordedAt: z.string().nullable(),
  settledAt: z.string().nullable().meta({ description: 'When it stopped being needed (the child came back, the interview was held)' }),
  escalated: z.boolean(),
  version: z.number(),
});

const pastClockRow = z.object({ label: z.string(), pastClock: figure, unacknowledged: figure });
const pastClockResponse = z.object({
  disclosure,
  rows: z.array(pastClockRow).meta({ description: 'One row an authority with an alert nobody has acknowledged' }),
  total: pastClockRow.nullable().meta({ description: 'The United Kingdom’s row; null when no authority has an alert waiting' }),
});

function alertJson(alert: AlertView): z.infer<typeof alertResponse> {
  const { rule, subjectType, subjectId, actionRecordedByName: _name, ...rest } = alert;
  return { ...rest, rule: rule.key, title: rule.title, why: rule.why, whatToDo: rule.whatToDo, subject: { type: subjectType, id: subjectId } };
}

const tags = { tags: ['Alerts'], security: [{ bearerAuth: [] }] };

/** Registers the alert routes on the API (inside apiRoutes, so its bearer-token hook applies). */
export function registerAlertRoutes(app: FastifyInstance, services: Services): void {
  registerAlertListRoutes(app, services);
  registerOneAlertRoutes(app, services);
}

/** A person's inbox, their team's unacknowledged alerts and the national count past the clock. */
function registerAlertListRoutes(app: FastifyInstance, services: Services): void {
  const api = app.withTypeProvider<ZodTypeProvider>();
  api.get(
    '/alerts',
    {
      schema: {
        ...tags,
        operationId: 'listAlerts',
        outcomes: outcomes(200, 'Your alerts', 404),
        summary: 'Your alerts: open ones (not dealt with) or all, newest first with those not yet acknowledged on top',
        description: 'Social workers, team managers, advocates, police coordinators and national analysts; 25 a page. Others: 404.',
        querystring: inboxQuery,
        response: {
          200: z.object({
            items: z.array(alertResponse),
            open: z.number(),
            unacknowledged: z.number(),
            total: z.number(),
            page: z.number(),
            pageSize: z.number(),
          }),
        },
      },
    },
    async (request, reply) =>
      sendResult(
        reply,
        map(await services.alerts.inbox(actorOf(request), { open: request.query.show === 'open', page: request.query.page }), (inbox) => ({
          ...inbox,
          items: inbox.items.map(alertJson),
        })),
      ),
  );
  api.get(
    '/alerts/team',
    {
      schema: {
        ...tags,
        operationId: 'listTeamUnacknowledgedAlerts',
        outcomes: outcomes(200, 'Your team’s alerts nobody has acknowledged', 404),
        summary: 'Alerts to your authority’s duty team and team managers that nobody has acknowledged, oldest first (at most 50)',
        description: 'Team managers of a local authority: its duty team’s (as responsible and as host authority) and its team managers’. Others: 404.',
        response: { 200: z.object({ items: z.array(alertResponse) }) },
      },
    },
    async (request, reply) =>
      sendResult(
        reply,
        map(await services.alerts.teamUnacknowledged(actorOf(request)), (items) => ({ items: items.map(alertJson) })),
      ),
  );
  api.get(
    '/alerts/past-clock',
    {
      schema: {
        ...tags,
        operationId: 'countAlertsPastClock',
        outcomes: outcomes(200, 'Alerts nobody has acknowledged, and those past their clock, by responsible authority', 404),
        summary: 'The national count of open alerts nobody has acknowledged, and of those past their clock, by responsible authority',
        description:
          'National analysts. Totals only, disclosure-controlled as the other national statistics are: every count perturbed by the cell-key method (by up to 2), 1 to 4 suppressed with whatever would give them away, and rounded to 10. Others: 404.',
        response: { 200: pastClockResponse },
      },
    },
    async (request, reply) => sendResult(reply, await services.alerts.pastClockByAuthority(actorOf(request))),
  );
}

/** One alert: reading it, acknowledging it and recording the action taken. */
function registerOneAlertRoutes(app: FastifyInstance, services: Services): void {
  const api = app.withTypeProvider<ZodTypeProvider>();
  api.get(
    '/alerts/:id',
    {
      schema: {
        ...tags,
        operationId: 'getAlert',
        outcomes: outcomes(200, 'The alert', 404),
        summary: 'One of your alerts',
        params: idParams,
        response: { 200: alertResponse },
      },
    },
    async (request, reply) => sendResult(reply, map(await services.alerts.getAlert(actorOf(request), request.params.id), alertJson)),
  );
  api.post(
    '/alerts/:id/acknowledge',
    {
      schema: {
        ...tags,
        operationId: 'acknowledgeAlert',
        outcomes: outcomes(200, 'The alert, acknowledged', 404, 409, 422),
        summary: '“I’m dealing with this”: one acknowledgement answers for everyone the alert was sent to, and stops it escalating',
        params: idParams,
        body: acknowledgeBody,
        response: { 200: alertResponse },
      },
    },
    async (request, reply) => sendResult(reply, map(await services.alerts.acknowledge(actorOf(request), request.params.id, request.body.version), alertJson)),
  );
  api.post(
    '/alerts/:id/action',
    {
      schema: {
        ...tags,
        operationId: 'recordAlertAction',
        outcomes: outcomes(200, 'The alert, closed', 404, 409, 422),
        summary: 'Record the action taken: this closes the alert, and acknowledges it if nobody had',
        params: idParams,
        body: actionBody,
        response: { 200: alertResponse },
      },
    },
    async (request, reply) => sendResult(reply, map(await services.alerts.recordAction(actorOf(request), request.params.id, request.body), alertJson)),
  );
}
