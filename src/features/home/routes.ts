import type { FastifyInstance } from 'fastify';
import { hasInbox } from '../../domain/alerts/rules.ts';
import { paths } from '../../paths.ts';
import type { Services } from '../../services/index.ts';
import { requireSignIn, signedInActor } from '../guards.ts';
import { contactsOverdueSection, myWorkViewModel, profilesToReviewSection } from './view-models.ts';

/** "My work": what needs doing now, for the signed-in person. */
export function homeRoutes(app: FastifyInstance, { services }: { services: Services }, done: () => void): void {
  app.get(paths.home, { onRequest: requireSignIn }, async (request, reply) => {
    const user = signedInActor(request);
    const work = await services.myWork.myWork(user);
    // The service answers every role (an empty page for those without children); a failure is a bug.
    if (!work.ok) throw new Error(`My work failed: ${work.error.kind}`);
    const openAlerts = hasInbox(user.role) ? await services.alerts.openCount(user) : null;
    // Team managers answer their organisation's requests to act once without the training.
    const trainingRequests = await services.training.waitingRequests(user);
    const page = myWorkViewModel(work.value, services.now(), user.role);
    // The responsible authority's staff keep the profiles up to date (none for anyone else).
    const sections =
      work.value.scope === 'authority'
        ? [...page.sections, profilesToReviewSection(await services.philomena.profilesToReview(user), services.now())]
        : work.value.scope === 'advocate'
          ? [...page.sections, contactsOverdueSection(await services.guardianRecord.contactsOverdue(user), services.now())]
          : page.sections;
    return reply.render('home/views/my-work.njk', { activeNav: 'home', openAlerts, trainingRequests, ...page, sections });
  });

  app.get(paths.accessibility, (_request, reply) => reply.render('home/views/accessibility.njk'));
  app.get(paths.cookies, (_request, reply) => reply.render('home/views/cookies.njk'));
  app.get(paths.privacy, (_request, reply) => reply.render('home/views/privacy.njk'));
  done();
}
