// Lantern's ids are UUIDs. An id of another shape names nothing, so it is refused before any query.

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Whether `value` is a UUID, in either case. */
export const isUuid = (value: unknown): value is string => typeof value === 'string' && UUID.test(value);
