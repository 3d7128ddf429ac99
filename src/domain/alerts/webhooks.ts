import { fail, ok } from '../result.ts';
import type { Result } from '../result.ts';

// An organisation's webhook subscriptions (Standard Webhooks): where its case-management or police system
// receives its alerts. Only HTTPS, since each message carries a signature and a reference to a child.

export interface SubscriptionInput {
  readonly url: string;
  readonly description: string;
}

export interface SubscriptionProblem {
  readonly field: keyof SubscriptionInput;
  readonly message: string;
}

const URL_MAX = 500;
const DESCRIPTION_MAX = 200;

/** The subscription as given, trimmed, or a problem against each field that is wrong. */
export function checkSubscription(input: SubscriptionInput): Result<SubscriptionInput, SubscriptionProblem[]> {
  const url = input.url.trim();
  const description = input.description.trim();
  const problems: SubscriptionProblem[] = [];
  if (url === '') problems.push({ field: 'url', message: 'Enter the address Lantern sends alerts to' });
  else if (url.length > URL_MAX) problems.push({ field: 'url', message: `The address must be ${URL_MAX} characters or fewer` });
  else {
    const parsed = URL.canParse(url) ? new URL(url) : null;
    if (parsed === null || parsed.protocol !== 'https:' || parsed.hostname === '') {
      problems.push({ field: 'url', message: 'Enter an address that starts with https://, like https://cases.example.gov.uk/lantern' });
    } else if (parsed.username !== '' || parsed.password !== '') {
      problems.push({ field: 'url', message: 'Enter the address without a user name or password: Lantern signs each message instead' });
    }
  }
  if (description === '') problems.push({ field: 'description', message: 'Enter what the subscription is for, like “Case management system”' });
  else if (description.length > DESCRIPTION_MAX)
    problems.push({ field: 'description', message: `The description must be ${DESCRIPTION_MAX} characters or fewer` });
  return problems.length > 0 ? fail(problems) : ok({ url, description });
}
