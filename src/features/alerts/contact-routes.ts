import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { ALERT_POSTS, heldByName, isAlertPost, mobileText, POST_TITLES, ukMobile } from '../../domain/alerts/contacts.ts';
import type { AlertPost, PostContact } from '../../domain/alerts/contacts.ts';
import { formatInstant } from '../../domain/dates.ts';
import { paths } from '../../paths.ts';
import type { AlertContacts, PostContactView } from '../../services/alert-contact-service.ts';
import type { Services } from '../../services/index.ts';
import type { FormBody, FormResult } from '../forms.ts';
import { requireSignIn, signedInActor } from '../guards.ts';
import { answerRow, registerJourney } from '../journey.ts';
import type { AnswerRow } from '../journey.ts';
import { readAnswers, textSchema } from '../questions.ts';
import type { Questions } from '../questions.ts';
import { changeLink, row, selectItems } from '../view-models.ts';

// "Who holds each post" (issue 14): the duty team's mailbox and phone, and who holds the head of
// service's and the director's rungs of the ladder, with their phones. One page lists them; each post
// is changed by its own journey (question page, check your answers, save), after which the list says
// what was saved. The service authorises (the authority's organisation administrators and team
// managers), validates and audits; anyone else gets "Page not found".

const MAILBOX_HINT = 'Alerts to the duty team are emailed here instead of to each social worker and team manager. For example, duty.team@kent.gov.uk';
const PHONE_HINT = 'A UK mobile number, like 07700 900123. Alerts that cannot wait, such as a child reported missing, are sent to it by text message';

const QUESTIONS: Readonly<Record<'team' | 'person', Questions>> = {
  team: [
    { name: 'email', kind: 'text', label: 'Team mailbox', hint: MAILBOX_HINT, max: 254 },
    { name: 'mobile', kind: 'text', label: 'Duty phone', hint: PHONE_HINT, max: 40 },
  ],
  person: [
    {
      name: 'holderId',
      kind: 'select',
      label: 'Who holds the post',
      hint: 'Alerts that climb the ladder to this post go to this person by name. Choose one of your authority’s team managers; while nobody holds the post, the team managers get its alerts',
    },
    { name: 'mobile', kind: 'text', label: 'Their mobile phone', hint: PHONE_HINT, max: 40 },
  ],
};

const questionsOf = (post: AlertPost): Questions => QUESTIONS[heldByName(post) ? 'person' : 'team'];

const none = (text: string | null, empty: string): string => (text === null || text === '' ? empty : text);
const phoneText = (mobile: string | null): string => (mobile === null ? 'None' : mobileText(mobile));

/** The form's answers as typed: the service checks and normalises them (a holder, an email address, a mobile number). */
function readContactForm(body: FormBody, post: AlertPost): FormResult<PostContact> {
  const questions = questionsOf(post);
  const schema = z.object(
    Object.fromEntries(questions.filter((asked) => asked.kind === 'text').map((asked) => [asked.name, textSchema(questions, asked.name)])),
  );
  const read = readAnswers(body, schema, questions);
  if (!read.ok) return read;
  const fields: Readonly<Record<string, string | null>> = read.value.fields;
  const holder = typeof body['holderId'] === 'string' ? body['holderId'] : '';
  return { ok: true, value: { holderId: heldByName(post) && holder !== '' ? holder : null, email: fields['email'] ?? null, mobile: fields['mobile'] ?? null } };
}

const contactOf = (contacts: AlertContacts, post: AlertPost): PostContactView => {
  const found = contacts.posts.find((contact) => contact.post === post);
  if (found === undefined) throw new Error(`No contact for the post ${post}`);
  return found;
};

/** A post's answers, as the list and check your answers show them, each with the question that asks it. */
function contactRows(post: AlertPost, contact: PostContact & { readonly holderName: string | null }): AnswerRow[] {
  return heldByName(post)
    ? [answerRow('holderId', 'Who holds the post', none(contact.holderName, 'Nobody')), answerRow('mobile', 'Their mobile phone', phoneText(contact.mobile))]
    : [answerRow('email', 'Team mailbox', none(contact.email, 'None')), answerRow('mobile', 'Duty phone', phoneText(contact.mobile))];
}

export function alertContactRoutes(app: FastifyInstance, { services }: { services: Services }, done: () => void): void {
  app.addHook('onRequest', requireSignIn);

  app.get(paths.alertContacts, async (request: FastifyRequest<{ Querystring: Record<string, string | undefined> }>, reply) => {
    const contacts = await services.alertContacts.contacts(signedInActor(request), { audit: true });
    if (!contacts.ok) return reply.renderNotFound();
    const saved = request.query['saved'] ?? '';
    return reply.render('alerts/views/alert-contacts.njk', {
      activeNav: 'alerts',
      saved: isAlertPost(saved) ? `Contacts saved for the ${POST_TITLES[saved].toLowerCase()}` : null,
      cards: contacts.value.posts.map((contact) => ({
        title: POST_TITLES[contact.post],
        actions: changeLink(paths.alertContact(contact.post), `the contacts for the ${POST_TITLES[contact.post].toLowerCase()}`),
        rows: [...contactRows(contact.post, contact), row('Last changed', contact.updatedAt === null ? 'Never set' : formatInstant(contact.updatedAt))],
      })),
    });
  });

  for (const post of ALERT_POSTS) {
    const questions = questionsOf(post);
    const title = POST_TITLES[post];
    registerJourney<AlertContacts, PostContact, PostContact>(app, {
      param: null,
      url: () => paths.alertContact(post),
      template: 'questions.njk',
      questions,
      async load(actor, _id, opening) {
        const contacts = await services.alertContacts.contacts(actor, { audit: opening });
        return contacts.ok ? contacts.value : null;
      },
      initialValues: (contacts) => {
        const contact = contactOf(contacts, post);
        return { holderId: contact.holderId ?? '', email: contact.email ?? '', mobile: contact.mobile === null ? '' : mobileText(contact.mobile) };
      },
      formView: (contacts, values) => ({
        activeNav: 'alerts',
        heading: heldByName(post) ? `Who is the ${title.toLowerCase()}` : 'The duty team’s mailbox and phone',
        caption: title,
        backUrl: paths.alertContacts,
        backText: 'Back to who holds each post',
        questions,
        choices: {
          holderId: selectItems(
            contacts.holders.map((holder) => ({ value: holder.id, text: holder.name })),
            typeof values['holderId'] === 'string' ? values['holderId'] : undefined,
            'Nobody',
          ),
        },
      }),
      read: (body) => readContactForm(body, post),
      check: (actor, answers) => services.alertContacts.check(actor, post, answers),
      checkPage: (contacts, answers) => {
        const holderName = contacts.holders.find((holder) => holder.id === answers.holderId)?.name ?? null;
        const mobile = answers.mobile === null ? null : (ukMobile(answers.mobile) ?? answers.mobile);
        return {
          heading: `Check your answers before changing the contacts for the ${title.toLowerCase()}`,
          rows: contactRows(post, { ...answers, mobile, holderName }),
          button: 'Save',
        };
      },
      save: (actor, _id, answers) => services.alertContacts.change(actor, post, answers),
      savedUrl: () => `${paths.alertContacts}?saved=${post}`,
    });
  }
  done();
}
