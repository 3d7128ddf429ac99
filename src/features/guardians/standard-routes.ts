import type { FastifyInstance, FastifyReply } from 'fastify';
import { GUARDIAN_ROLE_LABELS, GUARDIAN_ROLES, MAX_ALLOCATION_STANDARD_DAYS } from '../../domain/guardians.ts';
import { paths } from '../../paths.ts';
import type { Services } from '../../services/index.ts';
import { formValues, refusalErrors } from '../forms.ts';
import type { FormErrors } from '../forms.ts';
import { signedInActor } from '../guards.ts';

// The guardian service's standard for allocating a guardian (issue 15, item 1), for each guardian role, set by
// its managers on one question page; the service audits it. Anyone else gets "Page not found".

const ROLES = GUARDIAN_ROLES.map((role) => ({ value: role, text: GUARDIAN_ROLE_LABELS[role] }));
const FIELDS = Object.fromEntries(GUARDIAN_ROLES.map((role) => [role, role]));

export function allocationStandardRoutes(app: FastifyInstance, services: Services): void {
  const render = (reply: FastifyReply, values: Record<string, string>, errors?: FormErrors, status = 200) =>
    reply.code(status).render('guardians/views/allocation-standard.njk', {
      activeNav: 'guardians',
      values,
      errors,
      maxDays: MAX_ALLOCATION_STANDARD_DAYS,
      roles: ROLES,
      backUrl: paths.guardianReferrals,
    });

  app.get(paths.guardianAllocationStandard, async (request, reply) => {
    const standard = await services.guardians.allocationStandard(signedInActor(request));
    if (!standard.ok) return reply.renderNotFound();
    return render(reply, Object.fromEntries(GUARDIAN_ROLES.map((role) => [role, String(standard.value.byRole[role])])));
  });

  app.post(paths.guardianAllocationStandard, async (request, reply) => {
    const values = formValues(request.body, GUARDIAN_ROLES);
    const saved = await services.guardians.setAllocationStandard(signedInActor(request), values);
    if (saved.ok) return reply.redirect(paths.guardianReferrals, 303);
    if (saved.error.kind !== 'invalid') return reply.renderNotFound();
    return render(reply, values, refusalErrors(saved.error, FIELDS, { fallback: 'DIRECT_WORKER' }), 422);
  });
}
