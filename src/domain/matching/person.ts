// What the matching engine knows of a person: every name they are known by, every date of birth
// given or assessed (as an interval), sex, nationalities, where they live and their identifiers.
// A Lantern child, a found child described by a police officer and a row of a person CSV file all
// become one of these.

import { estimateFromAges } from '../date-of-birth.ts';
import { isIsoDate } from '../dates.ts';
import { isUpnUnknownReason } from '../ssda903-codes.ts';

export interface MatchName {
  readonly givenNames: string;
  readonly familyName: string;
  /** Who knew the person by this name (an alias's source), for the explanation; null for the record's own. */
  readonly source: string | null;
}

/**
 * Where a date of birth came from. A claimed date is what the child or their papers said; an assessed
 * one came from an age assessment; an alias's came with another name; an estimated one is only a range
 * (an estimated age, or an age-assessment range).
 */
export type BirthKind = 'claimed' | 'assessed' | 'alias' | 'estimated';

export interface BirthEvidence {
  readonly kind: BirthKind;
  /** The date as recorded (YYYY-MM-DD), or null when only a range is known. */
  readonly date: string | null;
  /** The range the real date lies in (both days included). A date is its own range. */
  readonly earliest: string;
  readonly latest: string;
}

interface MatchIdentifier {
  /** Which numbering the value belongs to (upn, home_office, nrm, police, or "id" when not said): only values of one scheme are compared. */
  readonly scheme: string;
  readonly value: string;
}

export interface MatchPerson {
  readonly id: string;
  /** The record's own name first, then its aliases. */
  readonly names: readonly MatchName[];
  /** M, F, or null when not known. */
  readonly sex: 'M' | 'F' | null;
  readonly births: readonly BirthEvidence[];
  /** ISO 3166-1 alpha-2 codes; "unknown" and unrecorded are left out. */
  readonly nationalities: readonly string[];
  readonly postcode: string | null;
  readonly address: string | null;
  readonly identifiers: readonly MatchIdentifier[];
}

/** A date of birth as recorded: its own one-day range. */
export function birthOn(date: string, kind: Exclude<BirthKind, 'estimated'>): BirthEvidence {
  if (!isIsoDate(date)) throw new RangeError(`Not a YYYY-MM-DD date: ${date}`);
  return { kind, date, earliest: date, latest: date };
}

/** A date of birth known only to lie in a range (an estimated age or an age-assessment range). */
export function birthBetween(earliest: string, latest: string): BirthEvidence {
  if (!isIsoDate(earliest) || !isIsoDate(latest) || latest < earliest) throw new RangeError(`Not a range of dates: ${earliest} to ${latest}`);
  return { kind: 'estimated', date: null, earliest, latest };
}

/** The dates of birth of a person thought to be `youngest` to `oldest` whole years old on `onDate` (as a child's record estimates them). */
export function birthFromAge(youngest: number, oldest: number, onDate: string): BirthEvidence {
  if (!Number.isInteger(youngest) || !Number.isInteger(oldest) || youngest < 0 || oldest < youngest) {
    throw new RangeError(`Not a range of ages: ${youngest} to ${oldest}`);
  }
  // Who estimated it does not matter to matching.
  const { earliest, latest } = estimateFromAges(youngest, oldest, onDate, 'PROFESSIONAL');
  return birthBetween(earliest, latest);
}

/** The child record and aliases as Lantern stores them, for matching. */
export interface LanternIdentity {
  readonly id: string;
  readonly givenNames: string | null;
  readonly familyName: string | null;
  readonly sex: 'M' | 'F' | 'U';
  readonly dateOfBirthClaimed: string | null;
  readonly dateOfBirthAssessed: string | null;
  /** An estimated age or age range, when no date of birth is known. */
  readonly dateOfBirthEarliest: string | null;
  readonly dateOfBirthLatest: string | null;
  readonly nationality: string | null;
  readonly upn: string | null;
  readonly homeOfficeReference: string | null;
  readonly nrmReference: string | null;
  readonly policePersonId: string | null;
  readonly aliases: readonly {
    readonly givenNames: string | null;
    readonly familyName: string | null;
    readonly dateOfBirth: string | null;
    readonly nationality: string | null;
    readonly source: string;
  }[];
}

const recordedNationality = (code: string | null): code is string => code !== null && /^[A-Z]{2}$/.test(code);

export function personOfChild(child: LanternIdentity): MatchPerson {
  const births: BirthEvidence[] = [];
  if (child.dateOfBirthClaimed !== null) births.push(birthOn(child.dateOfBirthClaimed, 'claimed'));
  if (child.dateOfBirthAssessed !== null) births.push(birthOn(child.dateOfBirthAssessed, 'assessed'));
  if (child.dateOfBirthEarliest !== null && child.dateOfBirthLatest !== null) births.push(birthBetween(child.dateOfBirthEarliest, child.dateOfBirthLatest));
  const nationalities = new Set<string>();
  if (recordedNationality(child.nationality)) nationalities.add(child.nationality);
  for (const alias of child.aliases) {
    if (alias.dateOfBirth !== null && !births.some((birth) => birth.date === alias.dateOfBirth)) births.push(birthOn(alias.dateOfBirth, 'alias'));
    if (recordedNationality(alias.nationality)) nationalities.add(alias.nationality);
  }
  const identifiers: MatchIdentifier[] = [];
  const identifier = (scheme: string, value: string | null) => {
    if (value !== null && value.trim() !== '') identifiers.push({ scheme, value });
  };
  // UN1 to UN5 say why there is no UPN (903 rule 442): shared by many children, they identify none.
  identifier('upn', child.upn !== null && isUpnUnknownReason(child.upn) ? null : child.upn);
  identifier('home_office', child.homeOfficeReference);
  identifier('nrm', child.nrmReference);
  identifier('police', child.policePersonId);
  return {
    id: child.id,
    names: [
      { givenNames: child.givenNames ?? '', familyName: child.familyName ?? '', source: null },
      ...child.aliases.map((alias) => ({ givenNames: alias.givenNames ?? '', familyName: alias.familyName ?? '', source: alias.source })),
    ],
    sex: child.sex === 'U' ? null : child.sex,
    births,
    nationalities: [...nationalities],
    postcode: null,
    address: null,
    identifiers,
  };
}
