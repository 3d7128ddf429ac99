import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

// A method a path does not have gets 405 with an `Allow` header listing those it has (RFC 9110 15.5.6), not a
// 404 that says the path does not exist. Fastify answers 404 for both, so each path's other methods get a
// route of their own that answers 405.

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Set on the routes that answer 405: the methods the path has. */
    readonly allow?: string;
  }
}

const METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'] as const;

/**
 * Notes every route registered in `app` from now on (its children's too). Call the function it returns once they
 * are all registered: it adds, for each path, a route for the methods it lacks, answered by `respond`.
 */
export function answerOtherMethodsWith(app: FastifyInstance, respond: (request: FastifyRequest, reply: FastifyReply) => FastifyReply): () => void {
  const methodsByUrl = new Map<string, Set<string>>();
  app.addHook('onRoute', (route) => {
    if (route.config?.allow !== undefined) return;
    const methods = methodsByUrl.get(route.url) ?? new Set<string>();
    for (const method of [route.method].flat()) methods.add(method);
    methodsByUrl.set(route.url, methods);
  });
  return () => {
    for (const [url, methods] of methodsByUrl) {
      if (methods.has('GET')) methods.add('HEAD');
      const others = METHODS.filter((method) => !methods.has(method));
      if (others.length === 0) continue;
      const allow = METHODS.filter((method) => methods.has(method)).join(', ');
      app.route({
        method: others,
        // Registered where the routes were, so under the same prefix.
        url: url.slice(app.prefix.length),
        config: { allow },
        schema: { hide: true },
        handler: (request, reply) => respond(request, reply.code(405).header('allow', allow)),
      });
    }
  };
}
