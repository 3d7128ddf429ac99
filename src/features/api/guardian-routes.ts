import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { CONSENT_DECISIONS, CONTACT_TYPES, ENTRY_KINDS, ENTRY_TEXT_MAX, MEETING_TYPES, WITH_WHOM_MAX } from '../../domain/guardian-record.ts';
import { CLOSURE_REASONS, GUARDIAN_ROLES, MAX_ALLOCATION_STANDARD_DAYS, PARENTAL_RESPONSIBILITY } from '../../domain/guardians.ts';
import { MULTI_LINE_TEXT, hiddenCharactersMessage } from '../../domain/text.ts';
import type { Services } from '../../services/index.ts';
import { actorOf } from './actor.ts';
import { outcomes } from './openapi.ts';
import { sendResult } from './problem.ts';
import { filterText, idParams, isoDate, optionalText } from './schemas.ts';
import { checkedQuery, disclosure as disclosureSchema, figure as figureSchema, sendStatistics, table as tableSchema } from './statistics-routes.ts';

// Referrals to the independent child trafficking guardian service (issue 15): made by the child's
// responsible authority or the police, worked by the service. Who may do what: docs/access.md.

const version = z.number({ error: 'Send the version of the referral you read, as a whole number' }).int().min(1);
const referBody = z.strictObject({
  parentalResponsibility: z.enum(PARENTAL_RESPONSIBILITY, { error: 'Say whether someone in the UK holds parental responsibility: YES, NO or UNKNOWN' }),
});
const triageBody = z.strictObject({ version });
const allocationBody = z.strictObject({
  advocateId: z.uuid({ error: 'Send the id of a guardian in your service' }),
  guardianRole: z.enum(GUARDIAN_ROLES, { error: `Choose the guardian's role: ${GUARDIAN_ROLES.join(', ')}` }),
  version,
});
const closureBody = z.strictObject({
  reason: z.enum(CLOSURE_REASONS, { error: `Choose why the referral is closed: ${CLOSURE_REASONS.join(', ')}` }),
  note: z
    .string()
    .max(1000, { error: 'The note must be 1000 characters or fewer' })
    .regex(MULTI_LINE_TEXT, { error: hiddenCharactersMessage('The note') })
    .nullable()
    .default(null),
  version,
});

const ENTRY_TYPES = [...CONTACT_TYPES, ...MEETING_TYPES, ...CONSENT_DECISIONS] as const;
const entryBody = z.strictObject({
  kind: z.enum(ENTRY_KINDS, { error: `Choose the kind of entry: ${ENTRY_KINDS.join(', ')}` }),
  occurredOn: isoDate('the date it happened'),
  type: z
    .enum(ENTRY_TYPES, {
      error: `Choose the type: for a CONTACT ${CONTACT_TYPES.join(', ')}; for a MEETING ${MEETING_TYPES.join(', ')}; for CONSENT ${CONSENT_DECISIONS.join(', ')}`,
    })
    .nullable()
    .default(null),
  withWhom: optionalText('with or to whom', WITH_WHOM_MAX)
    .default(null)
    .transform((value) => value ?? null),
  text: optionalText('the text', ENTRY_TEXT_MAX, 'multi')
    .default(null)
    .transform((value) => value ?? null),
});

const tags = { tags: ['Guardian service'], security: [{ bearerAuth: [] }] };

/** The guardian's own record of a child (issue 15, item 2). */
function registerGuardianRecordRoutes(app: FastifyInstance, services: Services): void {
  const api = app.withTypeProvider<ZodTypeProvider>();
  api.get(
    '/children/:id/guardian-record',
    {
      schema: {
        ...tags,
        operationId: 'getGuardianRecord',
        outcomes: outcomes(200, 'The guardian’s record of the child, as far as you may see it', 404),
        summary: 'The guardian’s record of the child: contacts, the child’s views, advocacy, meetings attended and consent to share',
        description:
          'The allocated guardian sees all of it; the responsible authority’s staff see the dates and kinds of contacts and meetings and the consent, and the rest only while the child consents to share it.',
        params: idParams,
      },
    },
    async (request, reply) => sendResult(reply, await services.guardianRecord.record(actorOf(request), request.params.id)),
  );
  api.post(
    '/children/:id/guardian-record/entries',
    {
      schema: {
        ...tags,
        operationId: 'addGuardianRecordEntry',
        outcomes: outcomes(201, 'The entry', 404, 422),
        summary: 'Add an entry to the guardian’s record of the child (the allocated guardian)',
        description:
          'A CONTACT needs its type and with whom; CHILD_VIEWS the child’s words as text; ADVOCACY what was advocated as text and to whom as withWhom; a MEETING its type; CONSENT the decision as its type. Entries are never changed: record a correction as a new entry.',
        params: idParams,
        body: entryBody,
      },
    },
    async (request, reply) => sendResult(reply, await services.guardianRecord.addEntry(actorOf(request), request.params.id, request.body), 201),
  );
}

/** Registers the guardian referral routes on the API (inside apiRoutes, so its bearer-token hook applies). */
const statisticsQuerystring = z.strictObject({
  from: isoDate('the first day of the period').meta({ description: 'First day of the period, inclusive (UK days)' }),
  to: isoDate('the last day of the period').meta({ description: 'Last day of the period, inclusive' }),
  geography: filterText('the geography', 80)
    .default('uk')
    .meta({ description: 'uk, nation:ENG|WLS|SCT|NIR, region:NAME or authority:CODE: the child’s responsible authority' }),
});
const statisticsResponse = z.object({
  period: z.object({ from: z.string(), to: z.string() }),
  geography: z.string(),
  geographyName: z.string(),
  disclosure: disclosureSchema,
  referrals: figureSchema.meta({ description: 'Children referred in the period' }),
  percentWentMissing: figureSchema.meta({ description: 'Of them, the percentage who went missing after their referral, by the end of the period' }),
  closures: figureSchema.meta({ description: 'Referrals closed in the period' }),
  caseload: figureSchema.meta({ description: 'Children with a guardian allocated at the end of the period' }),
  tables: z.array(tableSchema),
});

/** The guardian service's caseload and statistics (issue 15, item 3). */
function registerGuardianStatisticsRoute(app: FastifyInstance, services: Services): void {
  app.withTypeProvider<ZodTypeProvider>().get(
    '/guardian-statistics',
    {
      schema: {
        ...tags,
        operationId: 'reportGuardianService',
        outcomes: outcomes(200, 'The statistics', 404),
        summary:
          'The guardian service’s referrals by source, age, sex, nationality and exploitation type, the share who went missing, closures by reason and length of support, and the caseload by site and guardian',
        description:
          'The guardian service’s managers: their own service’s figures as they are, for any period and area, with the caseload by guardian. ' +
          'The national unit: every service’s, disclosure-controlled as the other statistics are (standard periods only, a 400 saying so otherwise; ' +
          'every count perturbed by the cell-key method, 1 to 4 suppressed with secondary suppression, national and regional figures rounded to 10), with no figure by guardian. Others: 404.',
        querystring: statisticsQuerystring,
        response: { 200: statisticsResponse },
      },
    },
    async (request, reply) => {
      const query = checkedQuery(reply, request.query);
      if (query === null) return reply;
      return sendStatistics(reply, await services.guardianStatistics.statistics(actorOf(request), query));
    },
  );
}

const standardBody = z.strictObject({
  workingDays: z
    .number({ error: `Send the working days as a whole number from 1 to ${MAX_ALLOCATION_STANDARD_DAYS}` })
    .int({ error: `Send the working days as a whole number from 1 to ${MAX_ALLOCATION_STANDARD_DAYS}` }),
  guardianRole: z.enum(GUARDIAN_ROLES, { error: `Choose the guardian's role: ${GUARDIAN_ROLES.join(', ')}, or leave it out for every role` }).optional(),
});

/** The guardian service's standard for allocating a guardian, which its managers set (issue 15, item 1). */
function registerAllocationStandardRoutes(app: FastifyInstance, services: Services): void {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const description =
    'Your guardian service’s managers. Working days from a referral to the allocation of a guardian, for each role (`byRole`; `workingDays` is a direct worker’s), 1 unless the service sets its own; the managers are alerted when a referral has no guardian by then in the role the child needs. A new standard applies to referrals made from then on; set one role’s with `guardianRole`, or every role’s without it.';
  api.get(
    '/guardian-service/allocation-standard',
    {
      schema: {
        ...tags,
        operationId: 'getGuardianAllocationStandard',
        outcomes: outcomes(200, 'The standard, and whether it is the default', 404),
        summary: 'Your guardian service’s standard for allocating a guardian',
        description,
      },
    },
    async (request, reply) => sendResult(reply, await services.guardians.allocationStandard(actorOf(request))),
  );
  api.put(
    '/guardian-service/allocation-standard',
    {
      schema: {
        ...tags,
        operationId: 'setGuardianAllocationStandard',
        outcomes: outcomes(200, 'The standard as set, in working days', 404, 422),
        summary: 'Set your guardian service’s standard for allocating a guardian',
        description,
        body: standardBody,
      },
    },
    async (request, reply) => {
      const { workingDays, guardianRole } = request.body;
      const roles = guardianRole === undefined ? GUARDIAN_ROLES : [guardianRole];
      const entered = Object.fromEntries(roles.map((role) => [role, String(workingDays)]));
      return sendResult(reply, await services.guardians.setAllocationStandard(actorOf(request), entered));
    },
  );
}

export function registerGuardianRoutes(app: FastifyInstance, services: Services): void {
  registerGuardianRecordRoutes(app, services);
  registerGuardianStatisticsRoute(app, services);
  registerAllocationStandardRoutes(app, services);
  const api = app.withTypeProvider<ZodTypeProvider>();
  api.post(
    '/children/:id/guardian-referrals',
    {
      schema: {
        ...tags,
        operationId: 'referToGuardianService',
        outcomes: outcomes(201, 'The referral, awaiting triage', 404, 422),
        summary: 'Refer the child to the guardian service covering their responsible authority (Modern Slavery Act 2015 s.48)',
        description: 'The responsible authority’s staff, and police coordinators while the child is missing in their area. One open referral per child.',
        params: idParams,
        body: referBody,
      },
    },
    async (request, reply) => sendResult(reply, await services.guardians.refer(actorOf(request), request.params.id, request.body), 201),
  );
  api.get(
    '/guardian-referrals',
    {
      schema: {
        ...tags,
        operationId: 'listGuardianReferrals',
        outcomes: outcomes(200, 'The referrals, with referral-to-allocation time', 404),
        summary: 'Open referrals to your guardian service (advocates), or your authority’s referrals and the children proposed for one (authority staff)',
      },
    },
    async (request, reply) => sendResult(reply, await services.guardians.list(actorOf(request))),
  );
  api.get(
    '/guardian-referrals/:id',
    {
      schema: { ...tags, operationId: 'getGuardianReferral', outcomes: outcomes(200, 'The referral', 404), summary: 'One referral', params: idParams },
    },
    async (request, reply) => sendResult(reply, await services.guardians.referral(actorOf(request), request.params.id)),
  );
  api.post(
    '/guardian-referrals/:id/triage',
    {
      schema: {
        ...tags,
        operationId: 'triageGuardianReferral',
        outcomes: outcomes(200, 'The referral, awaiting allocation', 404, 409, 422),
        summary: 'Accept the referral for allocation (the guardian service). To decline it, close it',
        params: idParams,
        body: triageBody,
      },
    },
    async (request, reply) => sendResult(reply, await services.guardians.triage(actorOf(request), request.params.id, request.body.version)),
  );
  api.post(
    '/guardian-referrals/:id/allocation',
    {
      schema: {
        ...tags,
        operationId: 'allocateGuardian',
        outcomes: outcomes(200, 'The referral, allocated', 404, 409, 422),
        summary: 'Allocate a guardian, or reallocate to another (the guardian service): the allocated guardian reads the child’s record',
        params: idParams,
        body: allocationBody,
      },
    },
    async (request, reply) => sendResult(reply, await services.guardians.allocate(actorOf(request), request.params.id, request.body)),
  );
  api.post(
    '/guardian-referrals/:id/closure',
    {
      schema: {
        ...tags,
        operationId: 'closeGuardianReferral',
        outcomes: outcomes(200, 'The referral, closed', 404, 409, 422),
        summary: 'Close the referral with its reason (the guardian service), ending any allocation',
        params: idParams,
        body: closureBody,
      },
    },
    async (request, reply) => sendResult(reply, await services.guardians.close(actorOf(request), request.params.id, request.body)),
  );
}
