import type { Kysely } from 'kysely';
import { contactFor, postContacts, savePostContact } from '../db/repositories/alert-repository.ts';
import { allocatablePeople } from '../db/repositories/caseload-repository.ts';
import { displayNamesOf } from '../db/repositories/user-repository.ts';
import type { Database } from '../db/schema.ts';
import { inScope } from '../db/scope.ts';
import type { Actor } from '../domain/access/actor.ts';
import { rowScope } from '../domain/access/policy.ts';
import { ALERT_POSTS, checkPostContact } from '../domain/alerts/contacts.ts';
import type { AlertPost, PostContact } from '../domain/alerts/contacts.ts';
import { fail, ok } from '../domain/result.ts';
import type { Result } from '../domain/result.ts';
import { diffFields } from './audit-log.ts';
import type { ServiceDeps } from './deps.ts';
import { notFound } from './errors.ts';
import type { ServiceError } from './errors.ts';

// Who holds each post an authority's alerts go to (issue 14): the duty team's mailbox and phone, and
// the head of service and the director, by name, with their phones. The authority's organisation
// administrators and team managers see and change them (docs/access.md); anyone else is told the page
// is not found. Every change is audited with what it was before and after.

export interface PostContactView extends PostContact {
  readonly post: AlertPost;
  /** The holder's name, if the post has a holder. */
  readonly holderName: string | null;
  /** When it was last changed; null if never set. */
  readonly updatedAt: string | null;
}

export interface AlertContacts {
  readonly posts: readonly PostContactView[];
  /** Who may hold a post by name: the authority's active team managers. */
  readonly holders: readonly { readonly id: string; readonly name: string }[];
}

/** An authority's organisation administrators and team managers manage its posts' contacts. */
export const canManageAlertContacts = (actor: Actor): boolean =>
  (actor.role === 'organisation_administrator' || actor.role === 'team_manager') && actor.localAuthorityCode !== null;

const invalid = (post: AlertPost, problems: readonly { field: string; message: string }[]): ServiceError => ({
  kind: 'invalid',
  violations: problems.map((problem) => ({
    rule: `alertContact-${problem.field}`,
    code: null,
    severity: 'error',
    entity: 'alertContact',
    entityId: post,
    field: problem.field,
    message: problem.message,
  })),
});

export function createAlertContactService(deps: ServiceDeps) {
  const { db } = deps;

  async function holdersOf(trx: Kysely<Database>, organisationCode: string) {
    const people = await allocatablePeople(trx, organisationCode);
    return people.filter((person) => person.role === 'team_manager').map(({ id, name }) => ({ id, name }));
  }

  async function read(trx: Kysely<Database>, organisationCode: string): Promise<AlertContacts> {
    const rows = await postContacts(trx, organisationCode);
    // A holder who has left still shows by name, so that the change is plain to see.
    const names = await displayNamesOf(
      trx,
      rows.flatMap((row) => (row.userId === null ? [] : [row.userId])),
    );
    const posts = ALERT_POSTS.map((post): PostContactView => {
      const row = rows.find((candidate) => candidate.post === post);
      const holderId = row?.userId ?? null;
      return {
        post,
        holderId,
        holderName: holderId === null ? null : (names[holderId] ?? null),
        email: row?.email ?? null,
        mobile: row?.mobile ?? null,
        updatedAt: row?.updatedAt ?? null,
      };
    });
    return { posts, holders: await holdersOf(trx, organisationCode) };
  }

  /** Checks a post's contact against the authority's team managers; the checked contact, or the problems. */
  async function checked(trx: Kysely<Database>, actor: Actor, post: AlertPost, input: PostContact): Promise<Result<PostContact, ServiceError>> {
    const holders = (await holdersOf(trx, actor.organisationCode)).map((holder) => holder.id);
    const contact = checkPostContact(post, input, holders);
    return contact.ok ? contact : fail(invalid(post, contact.error));
  }

  return {
    /** Every post's contact, and who may hold one. `audit`: the person opened a page that shows them. */
    async contacts(actor: Actor, options: { readonly audit: boolean }): Promise<Result<AlertContacts, ServiceError>> {
      if (!canManageAlertContacts(actor)) return fail(notFound('alertContact'));
      return inScope(db, rowScope(actor, deps.now()), async (trx) => {
        const contacts = await read(trx, actor.organisationCode);
        if (options.audit) await deps.audit.append(trx, { actor, action: 'LIST', entity: 'alertContact', details: { posts: ALERT_POSTS.length } });
        return ok(contacts);
      });
    },

    /** Checks a change without saving it: what check your answers is shown after. */
    async check(actor: Actor, post: AlertPost, input: PostContact): Promise<Result<PostContact, ServiceError>> {
      if (!canManageAlertContacts(actor)) return fail(notFound('alertContact'));
      return inScope(db, rowScope(actor, deps.now()), (trx) => checked(trx, actor, post, input));
    },

    /** Sets a post's holder, mailbox and phone, audited with what they were before and after. */
    async change(actor: Actor, post: AlertPost, input: PostContact): Promise<Result<PostContact, ServiceError>> {
      if (!canManageAlertContacts(actor)) return fail(notFound('alertContact'));
      const now = deps.now();
      return inScope(db, rowScope(actor, now), async (trx) => {
        const contact = await checked(trx, actor, post, input);
        if (!contact.ok) return contact;
        const row = await contactFor(trx, actor.organisationCode, post);
        const before: PostContact = { holderId: row?.userId ?? null, email: row?.email ?? null, mobile: row?.mobile ?? null };
        await savePostContact(trx, {
          organisationCode: actor.organisationCode,
          post,
          userId: contact.value.holderId,
          email: contact.value.email,
          mobile: contact.value.mobile,
          updatedAt: now,
          updatedBy: actor.id,
        });
        await deps.audit.append(trx, {
          actor,
          action: row === undefined ? 'CREATE' : 'CHANGE',
          entity: 'alertContact',
          entityId: post,
          details: diffFields(before, contact.value),
        });
        return ok(contact.value);
      });
    },
  };
}
