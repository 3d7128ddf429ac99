import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { canSearchFoundChild, canUndoMatchDecision, canWriteRecord } from '../../domain/access/policy.ts';
import { ukDateOf } from '../../domain/dates.ts';
import { foundChildPerson } from '../../domain/matching/found-child.ts';
import { paths } from '../../paths.ts';
import type { Services } from '../../services/index.ts';
import { formErrors, formValues } from '../forms.ts';
import { requireSignIn, signedInActor, uuidIn } from '../guards.ts';
import { nationalityOptions, SEX_CHOICES } from '../children/view-models.ts';
import { radioItems } from '../view-models.ts';
import type { FormErrors } from '../forms.ts';
import { FOUND_CHILD_FIELDS, MATCH_DECISION_FIELDS, OLDEST_AGE, readFoundChildForm, readMatchDecisionForm, readUndoForm } from './form-schemas.ts';
import { foundChildResultsViewModel, recordComparisonViewModel } from './view-models.ts';

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

  // ---- Records proposed as one of the authority's children, and a reviewer's decision on each ----

  app.get(paths.childMatches(':childId'), async (request, reply) => {
    const user = signedInActor(request);
    const childId = uuidIn(request.params, 'childId');
    const matches = childId === null ? null : await services.matching.proposedMatches(user, childId);
    if (childId === null || matches === null || !matches.ok) return reply.renderNotFound();
    return reply.render('matching/views/child-matches.njk', {
      activeNav: 'children',
      recordHref: paths.child(childId),
      results: foundChildResultsViewModel(matches.value, (otherChildId) => paths.childMatch(childId, otherChildId)),
    });
  });

  /** The comparison page; `undoing`, for a team manager's undo only (anyone else gets "Page not found"). */
  const renderComparison = async (request: FastifyRequest, reply: FastifyReply, values: Record<string, string> = {}, errors?: FormErrors, undoing = false) => {
    const user = signedInActor(request);
    const childId = uuidIn(request.params, 'childId');
    const otherChildId = uuidIn(request.params, 'otherChildId');
    const comparison = childId === null || otherChildId === null ? null : await services.matching.compareRecords(user, childId, otherChildId);
    if (childId === null || otherChildId === null || comparison === null || !comparison.ok) return reply.renderNotFound();
    const mayUndo = canUndoMatchDecision(user, comparison.value.child.authorityCode);
    if (undoing && !mayUndo) return reply.renderNotFound();
    return reply.render('matching/views/compare.njk', {
      activeNav: 'children',
      values,
      errors,
      mayDecide: canWriteRecord(user, comparison.value.child.authorityCode),
      mayUndo,
      undoHref: paths.childMatchUndo(childId, otherChildId),
      recordHref: paths.child(childId),
      matchesHref: paths.childMatches(childId),
      comparison: recordComparisonViewModel(comparison.value),
    });
  };

  app.get(paths.childMatch(':childId', ':otherChildId'), (request, reply) => renderComparison(request, reply));

  app.post(paths.childMatch(':childId', ':otherChildId'), async (request, reply) => {
    const user = signedInActor(request);
    const childId = uuidIn(request.params, 'childId');
    const otherChildId = uuidIn(request.params, 'otherChildId');
    if (childId === null || otherChildId === null) return reply.renderNotFound();
    const values = formValues(request.body, MATCH_DECISION_FIELDS);
    const form = readMatchDecisionForm(request.body);
    if (!form.ok) return renderComparison(request, reply, values, form.errors);
    const decided = await services.matching.decideMatch(user, childId, otherChildId, form.value);
    if (!decided.ok) {
      if (decided.error.kind === 'not_found') return reply.renderNotFound();
      return renderComparison(
        request,
        reply,
        values,
        formErrors({ sameChild: { text: 'Someone has already decided about these two records: their decision is shown below' } }),
      );
    }
    return reply.redirect(paths.childMatch(childId, otherChildId), 303);
  });

  // A team manager undoes the decision shown, with a reason; anyone else gets "Page not found".
  app.post(paths.childMatchUndo(':childId', ':otherChildId'), async (request, reply) => {
    const user = signedInActor(request);
    const childId = uuidIn(request.params, 'childId');
    const otherChildId = uuidIn(request.params, 'otherChildId');
    if (childId === null || otherChildId === null) return reply.renderNotFound();
    const values = formValues(request.body, ['undoReason']);
    const form = readUndoForm(request.body);
    if (!form.ok) return renderComparison(request, reply, values, form.errors, true);
    const undone = await services.matching.undoMatchDecision(user, childId, otherChildId, form.value);
    if (!undone.ok && undone.error.kind === 'not_found' && undone.error.entity === 'child') return reply.renderNotFound();
    // Undone, or already undone by someone else: the page shows how things stand.
    return reply.redirect(paths.childMatch(childId, otherChildId), 303);
  });
  done();
}
