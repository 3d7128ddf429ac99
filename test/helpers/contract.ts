import type { FastifyInstance } from 'fastify';
import type { OpenAPIV3_1 } from 'openapi-types';

// The API's contract, held by every HTTP test: each status an API operation answers in any test must be one the
// OpenAPI document lists for that operation. A test app notes every API response; closing it fails the test
// file if any was not documented.

/** The statuses the document lists, by operation ("PATCH /api/v1/children/{id}"). */
export function documentedStatuses(document: OpenAPIV3_1.Document): ReadonlyMap<string, ReadonlySet<number>> {
  const statuses = new Map<string, ReadonlySet<number>>();
  for (const [path, item] of Object.entries(document.paths ?? {})) {
    for (const method of ['get', 'put', 'post', 'delete', 'patch'] as const) {
      const operation = item?.[method];
      if (operation !== undefined) statuses.set(`${method.toUpperCase()} ${path}`, new Set(Object.keys(operation.responses).map(Number)));
    }
  }
  return statuses;
}

/** Starts noting the app's API responses (call before the app is ready); `undocumented` lists those the document lacks. */
export function watchContract(app: FastifyInstance): { undocumented(): readonly string[] } {
  const seen = new Set<string>();
  app.addHook('onResponse', (request, reply, done) => {
    const route = request.routeOptions.url;
    if (route?.startsWith('/api/') === true) seen.add(`${request.method} ${route.replaceAll(/:(\w+)/g, '{$1}')} ${reply.statusCode}`);
    done();
  });
  return {
    undocumented() {
      const documented = documentedStatuses(app.swagger() as OpenAPIV3_1.Document);
      return [...seen].filter((observed) => {
        const [method, path, status] = observed.split(' ') as [string, string, string];
        const statuses = documented.get(`${method} ${path}`);
        // Routes outside the document (the document itself, the 405 answers) have no contract to hold.
        return statuses !== undefined && !statuses.has(Number(status));
      });
    },
  };
}
