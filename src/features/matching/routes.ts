import type { FastifyInstance } from 'fastify';
import { canSearchFoundChild } from '../../domain/access/policy.ts';
import { ukDateOf } from '../../domain/dates.ts';
import { foundChildPerson } from '../../domain/matching/found-child.ts';
import { paths } from '../../paths.ts';
import type { Services } from '../../services/index.ts';
import { formValues } from '../forms.ts';
import { requireSignIn, signedInActor } from '../guards.ts';
import { nationalityOptions, SEX_CHOICES } from '../children/view-models.ts';
import { radioItems } from '../view-models.ts';
import type { FormErrors } from '../forms.ts';
import { FOUND_CHILD_FIELDS, OLDEST_AGE, readFoundChildForm } from './form-schemas.ts';
import { foundChildResultsViewModel } from './view-models.ts';

/**
 * Found-child search (issue 13 item 3): a POST, so that what is known of the child never appears in
 * an address or a log. For those who may search (policy.ts); anyone else gets "Page not found".
 */
export function matchingRoutes(app: FastifyInstance, { services }: { services: Services }, done: () => void): void {
  app.addHook('onRequest', requireSignIn);

  const form = (values: Record<string, string>, errors?: FormErrors) => ({
    activeNav: 'found-child',
    values,
    errors,
    oldestAge: OLDEST_AGE,
    sexItems: radioItems(SEX_CHOICES, values, 'sex'),
    nationalityOptions: nationalityOptions(values['nationality']),
  });

  app.get(paths.foundChild, (request, reply) => {
    if (!canSearchFoundChild(signedInActor(request))) return reply.renderNotFound();
    return reply.render('matching/views/found-child.njk', form({}));
  });

  app.post(paths.foundChild, async (request, reply) => {
    const user = signedInActor(request);
    if (!canSearchFoundChild(user)) return reply.renderNotFound();
    const values = formValues(request.body, FOUND_CHILD_FIELDS);
    const today = ukDateOf(services.now());
    const read = readFoundChildForm(request.body, today);
    if (!read.ok) return reply.render('matching/views/found-child.njk', form(values, read.errors));
    const search = await services.matching.searchFoundChild(user, foundChildPerson(read.value, today));
    if (!search.ok) return reply.renderNotFound();
    return reply.render('matching/views/found-child.njk', { ...form(values), results: foundChildResultsViewModel(search.value) });
  });
  done();
}
