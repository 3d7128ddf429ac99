import type { FastifyInstance } from 'fastify';
import { paths } from '../../paths.ts';
import type { Services } from '../../services/index.ts';
import { myWorkViewModel } from './view-models.ts';

/** "My work": what needs doing now, for the signed-in person. */
export function homeRoutes(app: FastifyInstance, { services }: { services: Services }, done: () => void): void {
  app.get(paths.home, async (request, reply) => {
    const user = request.user;
    if (user === null) return reply.redirect(paths.signIn, 303);
    const missing = await services.missingEpisodes.listEpisodes(user, { open: true, page: 1, pageSize: 50 });
    return reply.render('home/views/my-work.njk', { activeNav: 'home', ...myWorkViewModel(missing.ok ? missing.value.items : [], services.now()) });
  });

  app.get(paths.accessibility, (_request, reply) => reply.render('home/views/accessibility.njk'));
  done();
}
