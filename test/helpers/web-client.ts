import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import type { Role } from '../../src/domain/access/actor.ts';
import type { Services } from '../../src/services/index.ts';

/** A browser-like client over `app.inject`: keeps cookies, and sends the CSRF token of the last page it read with each form. */
export function webClient(app: FastifyInstance) {
  const cookies = new Map<string, string>();
  let csrf = '';
  const remember = (setCookie: string | string[] | undefined) => {
    for (const header of [setCookie ?? []].flat()) {
      const [pair] = header.split(';');
      const [name, value] = pair!.split('=');
      if (value === '' || header.includes('Expires=Thu, 01 Jan 1970')) cookies.delete(name!);
      else cookies.set(name!, value!);
    }
  };
  const cookieHeader = () => [...cookies].map(([name, value]) => `${name}=${value}`).join('; ');
  return {
    async get(url: string): Promise<LightMyRequestResponse> {
      const response = await app.inject({ method: 'GET', url, headers: { cookie: cookieHeader() } });
      remember(response.headers['set-cookie']);
      csrf = /name="_csrf" value="([^"]+)"/.exec(response.body)?.[1] ?? csrf;
      return response;
    },
    /** Posts a form as the browser would (repeated fields as arrays). */
    async post(url: string, form: Record<string, string | readonly string[]>, options: { withCsrf?: boolean } = {}): Promise<LightMyRequestResponse> {
      const body = new URLSearchParams(options.withCsrf === false ? [] : [['_csrf', csrf]]);
      for (const [name, value] of Object.entries(form)) for (const item of [value].flat()) body.append(name, item);
      const response = await app.inject({
        method: 'POST',
        url,
        payload: body.toString(),
        headers: { cookie: cookieHeader(), 'content-type': 'application/x-www-form-urlencoded' },
      });
      remember(response.headers['set-cookie']);
      csrf = /name="_csrf" value="([^"]+)"/.exec(response.body)?.[1] ?? csrf;
      return response;
    },
    cookies,
  };
}

export type WebClient = ReturnType<typeof webClient>;

let people = 0;

/**
 * A web client already signed in (both factors) as a new person with `role` in `organisationCode`.
 * Returns the client and the person's user id.
 */
export async function signedInClient(
  app: FastifyInstance,
  services: Services,
  organisationCode: string,
  role: Role,
): Promise<{ client: WebClient; userId: string }> {
  people += 1;
  const email = `${role}.${people}.${organisationCode.toLowerCase()}@example.gov.uk`;
  const created = await services.users.createUser({
    organisationCode,
    role,
    email,
    displayName: `Test ${role.replaceAll('_', ' ')}`,
    password: 'a long unusual passphrase',
  });
  if (!created.ok) throw new Error(`createUser: ${JSON.stringify(created.error)}`);
  const session = await services.users.startSessionFor(organisationCode, email, null, null, 'test');
  if (!session.ok) throw new Error('no session');
  const client = webClient(app);
  client.cookies.set('lantern-session', session.value.sessionToken);
  return { client, userId: created.value.id };
}

/** The text of the page's <title>. */
export const titleOf = (html: string): string | undefined => /<title>([^<]*)<\/title>/.exec(html)?.[1];
