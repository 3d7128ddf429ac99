import fp from 'fastify-plugin';
import { isStorableText } from '../domain/text.ts';

// No request reaches a handler with text the database cannot store: a NUL character or half of a surrogate
// pair (what a broken encoding leaves) in the query, the address or the body, JSON or form, in any field,
// with a schema or without. Such text would fail in the database (NUL) or be silently changed (half a
// pair), so it is refused here with a 400 naming the field, for every route at once.

/** A request holding text that cannot be stored; `field` is where, as a path (`languages.0`). */
export class UnstorableTextError extends Error {
  readonly statusCode = 400;
  readonly code = 'LANTERN_UNSTORABLE_TEXT';
  readonly field: string;

  constructor(field: string) {
    super(`${field} must not include a NUL character or half of a character (as a broken text encoding leaves). Type it again`);
    this.name = 'UnstorableTextError';
    this.field = field;
  }
}

/** The path of the first string (or object key) in `value` that cannot be stored, or null when all can. */
function unstorableTextAt(value: unknown, path: readonly string[] = []): string | null {
  if (typeof value === 'string') return isStorableText(value) ? null : path.join('.') || 'body';
  if (typeof value !== 'object' || value === null) return null;
  for (const [key, item] of Object.entries(value)) {
    // A key that cannot be stored is named as JSON would write it, so the message can be read.
    if (!isStorableText(key)) return [...path, JSON.stringify(key)].join('.');
    const found = unstorableTextAt(item, [...path, key]);
    if (found !== null) return found;
  }
  return null;
}

export const textGuardPlugin = fp(
  (app, _options, done) => {
    app.addHook('preValidation', (request, _reply, next) => {
      const field = unstorableTextAt(request.params) ?? unstorableTextAt(request.query) ?? unstorableTextAt(request.body);
      next(field === null ? undefined : new UnstorableTextError(field));
    });
    done();
  },
  { name: 'text-guard' },
);
