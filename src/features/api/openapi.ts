import type { FastifyDynamicSwaggerOptions } from '@fastify/swagger';
import type { OpenAPIV3_1 } from 'openapi-types';
import { jsonSchemaTransform, jsonSchemaTransformObject } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { problemSchema } from './problem.ts';

// The OpenAPI document is generated from the routes' Zod schemas. Each operation says what it answers when it
// succeeds and which problems are particular to it; the problems every operation can give (a request with
// errors, no valid token, a body too large or not JSON, a fault, the database away) are added here, so no operation forgets them.
// Every problem is `application/problem+json` with the one `Problem` schema.

declare module 'fastify' {
  interface FastifySchema {
    /** What the operation answers, for the OpenAPI document (API routes only). */
    readonly outcomes?: Outcomes;
  }
}

type SuccessStatus = 200 | 201 | 204;
type ParticularProblem = 403 | 404 | 409 | 422 | 429;

export interface Outcomes {
  readonly success: SuccessStatus;
  readonly description: string;
  readonly problems: readonly ParticularProblem[];
  /** A success that is a file (a PDF, an image) rather than JSON. */
  readonly mediaType?: string;
}

/** The success an operation answers, what it returns, and the problems particular to it. */
export function outcomes(success: SuccessStatus, description: string, ...problems: ParticularProblem[]): Outcomes {
  return { success, description, problems };
}

/** A success that is a file of this media type (the route sets no response schema: the bytes are sent as they are). */
export function fileOutcomes(mediaType: string, description: string, ...problems: ParticularProblem[]): Outcomes {
  return { success: 200, description, problems, mediaType };
}

const PROBLEMS: Readonly<Record<ParticularProblem | 400 | 401 | 413 | 415 | 500 | 503, string>> = {
  400: 'The request has errors: the address, query or body (every invalid field is listed). Nothing was saved',
  401: 'No API token was sent, or it is not valid',
  403: 'Your role may not do this',
  404: 'There is nothing with that id that you may see, or this is not for your role. Nothing was saved',
  409: 'The record has changed since you read it (`currentVersion` says where it is now). Nothing was saved',
  413: 'The body is larger than 100 KB. Nothing was saved',
  415: 'The body is not JSON. Nothing was saved',
  422: 'The record would break a rule (every finding is listed, with its SSDA903 rule code where it has one). Nothing was saved',
  429: 'Too many requests: wait a while and try again',
  500: 'Something went wrong in the service. Try again later',
  503: 'The database is unavailable for the moment: try again after the seconds `Retry-After` gives',
};

const problemResponse = (status: keyof typeof PROBLEMS) => ({
  description: PROBLEMS[status],
  content: { 'application/problem+json': { schema: problemSchema } },
});

type TransformInput = Parameters<typeof jsonSchemaTransform>[0];

/** Adds each operation's outcomes to what the Zod schemas give: its success, its own problems and the common ones. */
function documentOutcomes(input: TransformInput): ReturnType<typeof jsonSchemaTransform> {
  const { outcomes: declared, ...schema } = input.schema as Record<string, unknown> & {
    outcomes?: Outcomes;
    response?: Record<string, unknown>;
    body?: unknown;
  };
  if (declared === undefined) return jsonSchemaTransform({ ...input, schema });
  const { success, description, problems, mediaType } = declared;
  const successSchema = schema.response?.[String(success)];
  const statuses = [400, 401, ...problems, ...(schema.body === undefined ? [] : ([413, 415] as const)), 429, 500, 503] as const;
  const response = {
    [success]:
      success === 204
        ? z.null().describe(description)
        : mediaType !== undefined
          ? { description, content: { [mediaType]: { schema: z.string().meta({ contentMediaType: mediaType }) } } }
          : {
              description,
              content: { 'application/json': { schema: successSchema ?? z.unknown().meta({ description: 'Described in docs/data-exchange.md' }) } },
            },
    ...Object.fromEntries([...new Set(statuses)].sort((a, b) => a - b).map((status) => [status, problemResponse(status)])),
  };
  return jsonSchemaTransform({ ...input, schema: { ...schema, response } });
}

export const openApiOptions: FastifyDynamicSwaggerOptions = {
  openapi: {
    openapi: '3.1.0',
    info: {
      title: 'Lantern API',
      version: '1.0.0',
      license: { name: 'MIT', identifier: 'MIT' },
      description:
        'The record of trafficked and unaccompanied looked-after children, their care, their missing episodes and return home interviews. ' +
        'Errors are RFC 9457 problem details (`application/problem+json`). Updates carry the version they read; a stale version gets 409. ' +
        'A method a path does not have gets 405 with an `Allow` header; an unknown path gets 404. See docs/data-exchange.md.',
    },
    servers: [{ url: '/', description: 'This Lantern' }],
    components: { securitySchemes: { bearerAuth: { type: 'http', scheme: 'bearer' } } },
  },
  transform: documentOutcomes,
  transformObject: (input) => withoutUnusedSchemas(jsonSchemaTransformObject(input) as OpenAPIV3_1.Document),
};

/** The document less the components nothing refers to: the Zod registry gives each named schema an input twin too. */
function withoutUnusedSchemas(document: OpenAPIV3_1.Document): OpenAPIV3_1.Document {
  const schemas = document.components?.schemas ?? {};
  const referred = JSON.stringify(document.paths);
  const used = Object.entries(schemas).filter(([name]) => referred.includes(`"#/components/schemas/${name}"`));
  return { ...document, components: { ...document.components, schemas: Object.fromEntries(used) } };
}
