// Pure date helpers. Days are ISO dates ('2025-03-01'); moments are ISO instants with an offset.
// A moment's day is its day in the UK (Europe/London), because that is the day a social worker means.

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;
const HOUR_MS = 3_600_000;

export function isIsoDate(value: string): boolean {
  const match = ISO_DATE.exec(value);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

/**
 * The years of the dates Lantern holds. Anything outside is a slip (0025 for 2025) rather than a date, and
 * years 0 to 99 do not survive JavaScript's Date (Date.UTC reads 25 as 1925).
 */
export const FIRST_YEAR = 1900;
export const LAST_YEAR = 2099;

/** isPlausibleDate as a regular expression, for schemas that document it (the OpenAPI document's pattern). */
export const PLAUSIBLE_DATE_PATTERN =
  /^(?:(?:19|20)(?:0[48]|[2468][048]|[13579][26])-02-29|2000-02-29|(?:19|20)\d\d-(?:(?:0[13578]|1[02])-(?:0[1-9]|[12]\d|3[01])|(?:0[469]|11)-(?:0[1-9]|[12]\d|30)|02-(?:0[1-9]|1\d|2[0-8])))$/;

/** A real calendar date from FIRST_YEAR to LAST_YEAR. */
export function isPlausibleDate(value: string): boolean {
  const year = Number(value.slice(0, 4));
  return isIsoDate(value) && year >= FIRST_YEAR && year <= LAST_YEAR;
}

export function isIsoInstant(value: string): boolean {
  return ISO_INSTANT.test(value) && isIsoDate(value.slice(0, 10)) && !Number.isNaN(Date.parse(value));
}

/** Normalises an instant to UTC with milliseconds, as the database returns it. */
export function normaliseInstant(value: string): string {
  return new Date(value).toISOString();
}

export function instantMs(value: string): number {
  return Date.parse(value);
}

export function addHours(instant: string, hours: number): string {
  return new Date(Date.parse(instant) + hours * HOUR_MS).toISOString();
}

export function hoursBetween(from: string, to: string): number {
  return (Date.parse(to) - Date.parse(from)) / HOUR_MS;
}

const ukDay = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London', year: 'numeric', month: '2-digit', day: '2-digit' });

const ukDays = new Map<string, string>();
const UK_DAY_CACHE_LIMIT = 50_000;

/** The UK calendar day of a moment. Memoised: every validation asks it of every episode, and Intl is slow. */
export function ukDateOf(instant: string): string {
  let day = ukDays.get(instant);
  if (day === undefined) {
    day = ukDay.format(new Date(instant));
    if (ukDays.size >= UK_DAY_CACHE_LIMIT) ukDays.clear();
    ukDays.set(instant, day);
  }
  return day;
}

// The UK's wall clock: GMT in winter, BST (UTC+1) from 1am UTC on the last Sunday of March to 1am UTC on
// the last Sunday of October. Built once, as Intl formats are slow to build.
const ukWallClockParts = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/London',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});

function ukWallClock(moment: Date): string {
  const parts = Object.fromEntries(ukWallClockParts.formatToParts(moment).map((part) => [part.type, part.value]));
  return `${parts['year']}-${parts['month']}-${parts['day']}T${parts['hour']}:${parts['minute']}`;
}

/**
 * A UK wall-clock day and "HH:MM" time (Europe/London) as a UTC instant, across the clock changes. The
 * hour that happens twice in October is taken the first time (summer time); a time in the hour skipped
 * in March does not exist and is taken as UTC.
 */
export function ukInstant(date: string, time: string): string {
  const asUtc = Date.parse(`${date}T${time}:00Z`);
  // London is UTC or UTC+1: try both offsets and keep the one that reads back as the same wall-clock time.
  for (const offsetHours of [1, 0]) {
    const candidate = new Date(asUtc - offsetHours * HOUR_MS);
    if (ukWallClock(candidate) === `${date}T${time}`) return candidate.toISOString();
  }
  return new Date(asUtc).toISOString();
}

/** The UK day and "HH:MM" time of an instant: the inverse of ukInstant. */
export function ukDateAndTime(instant: string): { date: string; time: string } {
  const [date, time] = ukWallClock(new Date(instant)).split('T') as [string, string];
  return { date, time };
}

/** The first moment of a UK day: the time given to a day when nothing more exact is known (903 files). */
export function ukMidnight(day: string): string {
  return ukInstant(day, '00:00');
}

/** 9 a.m. in the UK on a day: when a clock counted in days starts, since a day entered has no time. */
export function ukNineAm(day: string): string {
  return ukInstant(day, '09:00');
}

export function addYears(date: string, years: number): string {
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  // A child born on 29 February turns 18 on 1 March in a non-leap year.
  const result = new Date(Date.UTC(year + years, month - 1, day));
  return result.toISOString().slice(0, 10);
}

export function addDays(date: string, days: number): string {
  const result = new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000);
  return result.toISOString().slice(0, 10);
}

export function eighteenthBirthday(dateOfBirth: string): string {
  return addYears(dateOfBirth, 18);
}

/** Whole years between a date of birth and a day (age on that day). */
export function ageOn(dateOfBirth: string, day: string): number {
  const [by, bm, bd] = dateOfBirth.split('-').map(Number) as [number, number, number];
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  return y - by - (m < bm || (m === bm && d < bd) ? 1 : 0);
}

// Built once: constructing an Intl.DateTimeFormat costs about 100 µs, and a page formats dozens of dates.
const dayForPeople = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });
const ukDayForPeople = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'Europe/London' });
const ukTimeForPeople = new Intl.DateTimeFormat('en-GB', { hour: 'numeric', minute: '2-digit', hour12: true, timeZone: 'Europe/London' });

/** Formats a day for people: 1 March 2025. */
export function formatDate(date: string): string {
  return dayForPeople.format(new Date(`${date}T00:00:00Z`));
}

/** Formats a moment for people, in UK time: 1 March 2025 at 9:15pm. */
export function formatInstant(instant: string): string {
  const date = new Date(instant);
  const time = ukTimeForPeople.format(date).replace(' ', '').toLowerCase();
  return `${ukDayForPeople.format(date)} at ${time}`;
}
