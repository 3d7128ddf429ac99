import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { OLDEST_ASSESSED_AGE } from '../../domain/age-assessment.ts';
import {
  AGE_ASSESSMENT_CHALLENGE_RESULTS,
  AGE_ASSESSMENT_CHALLENGES,
  AGE_ASSESSMENT_OUTCOMES,
  AGE_ASSESSMENT_RESPONSES,
  AGE_ASSESSORS,
} from '../../domain/codes.ts';
import type { Services } from '../../services/index.ts';
import { actorOf } from './actor.ts';
import { outcomes } from './openapi.ts';
import { sendResult } from './problem.ts';
import { choice, idParams, isoDate, optionalText, version } from './schemas.ts';

// A child's age assessments (issue 12 item 1): who assessed the child's age, when, and what they found.
// The record rules (dates in order, a date of birth or an age agreeing with the outcome) are the
// domain's (age-assessment.ts); the schema checks the shape.

const ASSESSED_AGE_MESSAGE = `Send the assessed age as a whole number of years from 0 to ${OLDEST_ASSESSED_AGE}, or null`;
const assessedAge = z
  .number({ error: ASSESSED_AGE_MESSAGE })
  .int({ error: ASSESSED_AGE_MESSAGE })
  .min(0, { error: ASSESSED_AGE_MESSAGE })
  .max(OLDEST_ASSESSED_AGE, { error: ASSESSED_AGE_MESSAGE });

const newAgeAssessmentBody = z.strictObject({
  referredOn: isoDate('the date the age assessment was asked for'),
  assessedOn: isoDate('the date of the age assessment’s outcome'),
  assessedBy: choice(AGE_ASSESSORS, 'who assessed the child’s age'),
  mertonCompliant: z.boolean({ error: 'Say whether the assessment was Merton-compliant: true or false' }),
  outcome: choice(AGE_ASSESSMENT_OUTCOMES, 'what the assessment found'),
  assessedDateOfBirth: isoDate('the date of birth the assessment gave').nullable().optional(),
  assessedAge: assessedAge.nullable().optional(),
  response: choice(AGE_ASSESSMENT_RESPONSES, 'whether the child accepts the outcome or disputes it'),
  note: optionalText('a note', 1000, 'multi'),
});

const ageAssessmentChallengeBody = z.strictObject({
  challenge: choice(AGE_ASSESSMENT_CHALLENGES, 'the legal challenge to the outcome'),
  challengedOn: isoDate('the date the challenge was brought').nullable(),
  challengeResult: choice(AGE_ASSESSMENT_CHALLENGE_RESULTS, 'the result of the challenge').nullable(),
  challengeDecidedOn: isoDate('the date the challenge was decided').nullable(),
  version,
});

export function registerAgeAssessmentRoutes(app: FastifyInstance, services: Services): void {
  const api = app.withTypeProvider<ZodTypeProvider>();
  api.post(
    '/children/:id/age-assessments',
    {
      schema: {
        tags: ['Children'],
        security: [{ bearerAuth: [] }],
        operationId: 'recordAgeAssessment',
        outcomes: outcomes(201, 'The age assessment', 404, 422),
        summary: 'Record an age assessment',
        description:
          'A child or adult outcome gives a date of birth before the outcome or the age on its day, not both; an inconclusive one neither. ' +
          'The outcome’s age status is recorded from its day (unless one is already recorded for that day), and an outcome the child accepts ' +
          'sets their assessed date of birth (or, where no date of birth is known, their estimated age).',
        params: idParams,
        body: newAgeAssessmentBody,
      },
    },
    async (request, reply) => sendResult(reply, await services.children.recordAgeAssessment(actorOf(request), request.params.id, request.body), 201),
  );
  api.patch(
    '/age-assessments/:id',
    {
      schema: {
        tags: ['Children'],
        security: [{ bearerAuth: [] }],
        operationId: 'recordAgeAssessmentChallenge',
        outcomes: outcomes(200, 'The age assessment with its challenge', 404, 409, 422),
        summary: 'Record a legal challenge to an age assessment, and its result',
        description:
          'A judicial review or an appeal to the tribunal, brought on or after the outcome, and its result (null until decided) with the day it was decided; ' +
          'NONE with no dates or result. The rest of the assessment never changes: a new assessment is recorded as one.',
        params: idParams,
        body: ageAssessmentChallengeBody,
      },
    },
    async (request, reply) => sendResult(reply, await services.children.recordAgeAssessmentChallenge(actorOf(request), request.params.id, request.body)),
  );
}
