import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Actor } from '../../domain/access/actor.ts';
import { MAX_ANSWER_LENGTH, PART_ONE_LABELS, PART_TWO_LABELS } from '../../domain/philomena.ts';
import { map } from '../../domain/result.ts';
import type { Result } from '../../domain/result.ts';
import type { ServiceError } from '../../services/errors.ts';
import type { Services } from '../../services/index.ts';
import type { ProfileView } from '../../services/philomena-service.ts';
import { MAX_UPLOAD_BYTES } from '../../services/photograph.ts';
import { grabPackPdf } from '../philomena/grab-pack-pdf.ts';
import { fileOutcomes, outcomes } from './openapi.ts';
import { sendProblem, sendResult, serviceProblem } from './problem.ts';
import { idParams } from './schemas.ts';

// Philomena profiles and the grab pack for case-management and police systems (issue 14): the same
// rules as the pages (src/services/philomena-service.ts). Files are sent with no-store: a grab pack
// or a photograph of a missing child must not sit in a cache.

const answer = (label: string) =>
  z
    .string({ error: `${label} must be text` })
    .max(MAX_ANSWER_LENGTH, { error: `${label} must be ${MAX_ANSWER_LENGTH.toLocaleString('en-GB')} characters or fewer` })
    .nullable()
    .optional();
const version = z.number({ error: 'Send the version you read, as a whole number' }).int().min(1).optional().meta({
  description: 'The version you read; leave it out only when there is none yet',
});

const partOneBody = z.strictObject({
  physicalDescription: z
    .string({ error: 'Enter a physical description' })
    .max(MAX_ANSWER_LENGTH, { error: `Physical description must be ${MAX_ANSWER_LENGTH.toLocaleString('en-GB')} characters or fewer` }),
  vulnerabilities: answer(PART_ONE_LABELS.vulnerabilities),
  medicalNeeds: answer(PART_ONE_LABELS.medicalNeeds),
  associates: answer(PART_ONE_LABELS.associates),
  locationsFrequented: answer(PART_ONE_LABELS.locationsFrequented),
  phoneNumbers: answer(PART_ONE_LABELS.phoneNumbers),
  socialMedia: answer(PART_ONE_LABELS.socialMedia),
  transport: answer(PART_ONE_LABELS.transport),
  version,
});

const partTwoBody = z.strictObject({
  clothing: z.string({ error: 'Enter the clothing the child was last seen wearing' }).max(MAX_ANSWER_LENGTH),
  lastSeenWhere: z.string({ error: 'Enter where the child was last seen' }).max(MAX_ANSWER_LENGTH),
  lastSeenAt: z.iso.datetime({ offset: true, error: 'Enter when the child was last seen, as an ISO 8601 date and time' }),
  lastSeenWith: answer(PART_TWO_LABELS.lastSeenWith),
  otherInformation: answer(PART_TWO_LABELS.otherInformation),
  version,
});

const photographBody = z.strictObject({
  image: z
    .base64({ error: 'Send the photograph as base64' })
    .max(Math.ceil(MAX_UPLOAD_BYTES / 3) * 4, { error: 'The photograph must be smaller than 10 MB' })
    .meta({ description: 'A JPEG, PNG, WebP or HEIC image, base64-encoded. Lantern keeps it resized to fit 600 × 800, as a JPEG with no metadata' }),
});

const partOneResponse = z.object({
  physicalDescription: z.string(),
  vulnerabilities: z.string().nullable(),
  medicalNeeds: z.string().nullable(),
  associates: z.string().nullable(),
  locationsFrequented: z.string().nullable(),
  phoneNumbers: z.string().nullable(),
  socialMedia: z.string().nullable(),
  transport: z.string().nullable(),
  reviewedAt: z.string(),
  version: z.number(),
});
const partTwoResponse = z.object({
  episodeId: z.uuid(),
  clothing: z.string(),
  lastSeenWhere: z.string(),
  lastSeenAt: z.string(),
  lastSeenWith: z.string().nullable(),
  otherInformation: z.string().nullable(),
  recordedAt: z.string(),
  version: z.number(),
});
const profileResponse = z.object({
  childId: z.uuid(),
  canChange: z.boolean().meta({ description: 'Whether you may change the profile (the responsible authority)' }),
  profile: partOneResponse
    .extend({
      reviewedByName: z.string(),
      reviewDue: z.boolean().meta({ description: 'Not reviewed for 90 days' }),
    })
    .nullable(),
  photographUploadedAt: z.string().nullable().meta({ description: 'Null when there is no photograph' }),
  currentEpisode: z
    .object({ id: z.uuid(), startAt: z.string(), partTwo: partTwoResponse.nullable() })
    .nullable()
    .meta({ description: 'The missing episode the child is in now, with its Part 2 once completed' }),
  history: z.object({
    episodes: z.number(),
    inLastYear: z.number(),
    longestHours: z.number().nullable(),
    items: z.array(
      z.object({
        episodeId: z.uuid(),
        startAt: z.string(),
        endAt: z.string().nullable(),
        hours: z.number().nullable(),
        lastSeenLocation: z.string().nullable(),
      }),
    ),
  }),
});

function profileJson(view: ProfileView): z.infer<typeof profileResponse> {
  const episode = view.currentEpisode;
  return {
    childId: view.childId,
    canChange: view.canChange,
    profile: view.profile,
    photographUploadedAt: view.photographUploadedAt,
    currentEpisode: episode === null ? null : { id: episode.id, startAt: episode.startAt, partTwo: episode.partTwo },
    history: { ...view.history, items: [...view.history.items] },
  };
}

function actorOf(request: FastifyRequest): Actor {
  // The API's onRequest hook answers 401 before a handler runs without an actor.
  if (request.actor === null) throw new Error('API handler reached without an authenticated actor');
  return request.actor;
}

/** Sends a file that must not be kept by any cache, or the problem. */
function sendFile(reply: FastifyReply, result: Result<{ readonly bytes: Uint8Array; readonly mediaType: string; readonly name?: string }, ServiceError>) {
  if (!result.ok) return sendProblem(reply, serviceProblem(result.error));
  const { bytes, mediaType, name } = result.value;
  reply.header('cache-control', 'no-store').header('content-type', mediaType);
  if (name !== undefined) reply.header('content-disposition', `attachment; filename="${name}"`);
  return reply.send(Buffer.from(bytes));
}

const tags = { tags: ['Philomena profiles'], security: [{ bearerAuth: [] }] };
const readers =
  'Whoever may read the child: the responsible authority, the host authority, the allocated advocate, and the police force of the placement area while the child is missing. Others: 404.';

/** Registers the Philomena routes on the API (inside apiRoutes, so its bearer-token hook applies). */
export function registerPhilomenaRoutes(app: FastifyInstance, services: Services): void {
  registerProfileRoutes(app, services);
  registerPhotographRoutes(app, services);
  registerMissingEpisodeRoutes(app, services);
}

/** Part 1 of the profile: read it, make or change it. */
function registerProfileRoutes(app: FastifyInstance, services: Services): void {
  const api = app.withTypeProvider<ZodTypeProvider>();
  api.get(
    '/children/:id/philomena-profile',
    {
      schema: {
        ...tags,
        operationId: 'getPhilomenaProfile',
        outcomes: outcomes(200, 'The profile (null when none has been made), the current episode’s Part 2 and the missing history', 404),
        summary: 'A child’s Philomena profile',
        description: readers,
        params: idParams,
        response: { 200: profileResponse },
      },
    },
    async (request, reply) => sendResult(reply, map(await services.philomena.getProfile(actorOf(request), request.params.id), profileJson)),
  );
  api.put(
    '/children/:id/philomena-profile',
    {
      schema: {
        ...tags,
        operationId: 'putPhilomenaProfile',
        outcomes: outcomes(200, 'Part 1 as saved; saving it counts as reviewing it', 404, 409, 422),
        summary: 'Write Part 1 of a child’s Philomena profile',
        description: 'The responsible authority’s social workers, team managers and data officers. Others: 404.',
        params: idParams,
        body: partOneBody,
        response: { 200: partOneResponse },
      },
    },
    async (request, reply) => sendResult(reply, await services.philomena.saveProfile(actorOf(request), request.params.id, request.body)),
  );
}

/** The photograph: replace it, read it. */
function registerPhotographRoutes(app: FastifyInstance, services: Services): void {
  const api = app.withTypeProvider<ZodTypeProvider>();
  api.put(
    '/children/:id/philomena-profile/photograph',
    {
      bodyLimit: Math.ceil(MAX_UPLOAD_BYTES / 3) * 4 + 1024,
      schema: {
        ...tags,
        operationId: 'putPhilomenaPhotograph',
        outcomes: outcomes(200, 'The photograph as kept: its size in pixels', 404, 422),
        summary: 'Replace the profile’s photograph',
        description:
          'The responsible authority’s staff, once Part 1 is written. The image is checked, turned the right way up, resized and stripped of metadata.',
        params: idParams,
        body: photographBody,
        response: { 200: z.object({ width: z.number(), height: z.number() }) },
      },
    },
    async (request, reply) =>
      sendResult(reply, await services.philomena.setPhotograph(actorOf(request), request.params.id, Buffer.from(request.body.image, 'base64'))),
  );
  api.get(
    '/children/:id/philomena-profile/photograph',
    {
      schema: {
        ...tags,
        operationId: 'getPhilomenaPhotograph',
        outcomes: fileOutcomes('image/jpeg', 'The photograph, a JPEG (sent with Cache-Control: no-store)', 404),
        summary: 'The profile’s photograph',
        description: readers,
        params: idParams,
      },
    },
    async (request, reply) =>
      sendFile(
        reply,
        map(await services.philomena.getPhotograph(actorOf(request), request.params.id), (photo) => ({ bytes: photo.image, mediaType: 'image/jpeg' })),
      ),
  );
}

/** While the child is missing: Part 2 of the profile, and the grab pack. */
function registerMissingEpisodeRoutes(app: FastifyInstance, services: Services): void {
  const api = app.withTypeProvider<ZodTypeProvider>();
  api.put(
    '/missing-episodes/:id/philomena-part-two',
    {
      schema: {
        ...tags,
        operationId: 'putPhilomenaPartTwo',
        outcomes: outcomes(200, 'Part 2 as saved', 404, 409, 422),
        summary: 'Complete Part 2 of the profile for a missing episode: clothing, where, when and with whom last seen',
        description: 'The responsible authority’s social workers, team managers and data officers. Others: 404.',
        params: idParams,
        body: partTwoBody,
        response: { 200: partTwoResponse },
      },
    },
    async (request, reply) => sendResult(reply, await services.philomena.savePartTwo(actorOf(request), request.params.id, request.body)),
  );
  api.get(
    '/children/:id/grab-pack',
    {
      schema: {
        ...tags,
        operationId: 'getGrabPack',
        outcomes: fileOutcomes(
          'application/pdf',
          'The grab pack, a PDF marked OFFICIAL-SENSITIVE (sent with Cache-Control: no-store). Each download is audited',
          404,
        ),
        summary: 'The Philomena grab pack: the profile with its photograph, the current episode’s Part 2 and the missing history',
        description: `${readers} 404 too when the child has no profile.`,
        params: idParams,
      },
    },
    async (request, reply) => {
      const pack = await services.philomena.grabPack(actorOf(request), request.params.id, 'pdf');
      return sendFile(
        reply,
        pack.ok ? { ok: true, value: { bytes: await grabPackPdf(pack.value), mediaType: 'application/pdf', name: 'grab-pack.pdf' } } : pack,
      );
    },
  );
}
