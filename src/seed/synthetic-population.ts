// A deterministic synthetic national population of looked-after children, their care, UASC and
// trafficking status, missing episodes and return interviews. Pure: no I/O, no clock; the same
// options always give the same rows. Calibration targets come from the domain brief §10 (a recent
// England-style scenario applied UK-wide) and §1.4 / §1.7 (trafficked and UASC missing rates);
// each choice is explained where it is made.
//
// Time model: the census date is "today" of the data, taken as its first instant (00:00 UTC).
// Every recorded date is on or before the day before it and every instant falls before it.
// The reporting window is the 365 days ending the day before the census date; every child was
// looked after at some time in it, with care history going back up to five years.

import type { Insertable } from 'kysely';
import type {
  AgeStatusTable,
  CarePeriodTable,
  ChildAliasTable,
  ChildTable,
  MissingEpisodeTable,
  NationalTransferTable,
  NrmReferralTable,
  ReturnInterviewTable,
  TraffickingConcernTable,
  TraffickingStatusTable,
  UascPeriodTable,
} from '../db/schema.ts';
import {
  TRAFFICKING_INDICATORS,
  type AgeStatus,
  type CompetentAuthority,
  type EpisodeEndReason,
  type ExploitationLocation,
  type ExploitationType,
  type HarmDisclosed,
  type InterviewerType,
  type InterviewOutcome,
  type InterviewResponse,
  type MissingType,
  type NrmDecision,
  type PoliceRiskLevel,
  type TraffickingStatus,
  type TraffickingStatusBasis,
} from '../domain/codes.ts';
import { estimateColumns, estimateFromAges } from '../domain/date-of-birth.ts';
import type { DateOfBirthEstimate } from '../domain/date-of-birth.ts';
import { ageOn } from '../domain/dates.ts';
import type { UpnUnknownReason } from '../domain/ssda903-codes.ts';
import { recordedAgain } from './identity-variants.ts';
import { aliasVariant, drawName, type TraditionId } from './names.ts';
import { policeForceFor, type PoliceForce } from './police-forces.ts';
import { hashString, hashUnit, Random, WeightedTable } from './random.ts';

// ---------------------------------------------------------------------------------------------
// Public types

export interface PopulationAuthority {
  readonly code: string;
  readonly nation: string;
  readonly region: string;
  readonly laNumber: string | null;
  readonly name: string;
}

export interface PopulationOptions {
  readonly children: number;
  readonly seed: number;
  readonly authorities: readonly PopulationAuthority[];
  /** 'YYYY-MM-DD': the "today" of the data. */
  readonly censusDate: string;
  /** Children per batch; part of the output's identity (a different size gives different data). */
  readonly batchSize?: number;
}

/** Ground truth for identity matching: two child records that are the same real child. */
export interface DuplicatePair {
  readonly originalId: string;
  readonly duplicateId: string;
}

export interface PopulationRows {
  child: Insertable<ChildTable>[];
  childAlias: Insertable<ChildAliasTable>[];
  ageStatus: Insertable<AgeStatusTable>[];
  carePeriod: Insertable<CarePeriodTable>[];
  uascPeriod: Insertable<UascPeriodTable>[];
  nationalTransfer: Insertable<NationalTransferTable>[];
  traffickingConcern: Insertable<TraffickingConcernTable>[];
  traffickingStatus: Insertable<TraffickingStatusTable>[];
  nrmReferral: Insertable<NrmReferralTable>[];
  missingEpisode: Insertable<MissingEpisodeTable>[];
  returnInterview: Insertable<ReturnInterviewTable>[];
}

/** The tables of a batch in foreign-key order: insert in this order. */
export const POPULATION_TABLES = [
  'child',
  'childAlias',
  'ageStatus',
  'carePeriod',
  'uascPeriod',
  'nationalTransfer',
  'traffickingConcern',
  'traffickingStatus',
  'nrmReferral',
  'missingEpisode',
  'returnInterview',
] as const satisfies readonly (keyof PopulationRows)[];

export interface PopulationBatch extends PopulationRows {
  /** Pairs in this batch (not a table: nothing in the rows gives a pair away). */
  readonly duplicatePairs: DuplicatePair[];
}

export interface PopulationSummary {
  readonly children: number;
  readonly duplicatePairs: readonly DuplicatePair[];
}

const DEFAULT_BATCH_SIZE = 1_000;

// ---------------------------------------------------------------------------------------------
// Calibration

/**
 * ~8% of looked-after children are UASC (England 2022: 5,570 of 82,170 = 7%; 2023: 7,290 = 9%).
 * Slightly under 8% here because duplicate records (below) are mostly UASC.
 */
const P_UASC = 0.075;
/**
 * Trafficking concern for ~2.5% of all children: 12% of UASC (HBTH's UASC and trafficked groups
 * overlap; brief §10 suggests 5–15% of the trafficked group are UASC from the other side) and
 * 1.6% of the rest, so 0.08 × 0.12 + 0.92 × 0.016 ≈ 2.4%.
 */
const P_TRAFFICKED_IF_UASC = 0.12;
const P_TRAFFICKED_IF_NOT_UASC = 0.016;
/** About 95% of UASC are male (England 2022). Trafficked children in care skew male (criminal exploitation). */
const P_MALE_UASC = 0.95;
const P_MALE_TRAFFICKED = 0.68;
const P_MALE_OTHER = 0.56;

/**
 * Probability that a child also appears as a second record in another authority under a variant
 * name. Concentrated where identities are least certain (UASC and trafficked children), giving
 * about 2% of all records in a pair.
 */
const P_DUPLICATE_UASC_OR_TRAFFICKED = 0.15;
const P_DUPLICATE_OTHER = 0.005;

/** Aliases for ~20% of UASC / trafficked children (brief), and a few others. */
const P_ALIASES_UASC_OR_TRAFFICKED = 0.2;

/**
 * Probability of going missing at least once in the year, before the exposure adjustment in
 * planEpisodes (children in care for only part of the year), which lowers the measured rates by
 * about a tenth overall and a fifth for trafficked children, more of whom came into care recently.
 * Trafficked ~30% (HBTH 28%, 2017 27%, 2020 31%); UASC ~14% (HBTH 13%, 2017 15%); others by age,
 * tuned so that all children together come to ~11% (DfE 2018–2022), with almost no episodes
 * under 10 (DfE 2025: 140 of 86,900 incidents were under 10).
 */
const P_MISSING_TRAFFICKED = 0.36;
const P_MISSING_UASC = 0.15;
const P_MISSING_BY_AGE: readonly (readonly [belowAge: number, p: number])[] = [
  [10, 0.004],
  [13, 0.07],
  [15, 0.21],
  [19, 0.26],
];

/**
 * Still missing at the census date, among children missing in the year: DfE 2022 had 220 of
 * 12,150 (1.8%); trafficked and UASC children far more often (HBTH: 207 of 760 across both
 * groups). Applied only where care is still open; tuned to ~2% of all missing children.
 */
const P_NEVER_FOUND_TRAFFICKED = 0.13;
const P_NEVER_FOUND_UASC = 0.06;
const P_NEVER_FOUND_OTHER = 0.014;

/**
 * Episodes per missing child in the year: many 1, some 2–5, a tail of 6–30. DfE: 65% of missing
 * children went missing more than once (2018); 6–7 incidents per missing child (2021–2022); HBTH
 * trafficked 2.4 (2015) rising to 7–8 (2017–2020). The bands give a mean near 5 (less for UASC,
 * more for trafficked), lowered a little by short exposure.
 */
type Band = readonly [min: number, max: number];
const EPISODE_COUNT_OTHER: readonly (readonly [Band, number])[] = [
  [[1, 1], 0.35],
  [[2, 5], 0.4],
  [[6, 12], 0.17],
  [[13, 30], 0.08],
];
const EPISODE_COUNT_TRAFFICKED: readonly (readonly [Band, number])[] = [
  [[1, 1], 0.3],
  [[2, 5], 0.37],
  [[6, 12], 0.21],
  [[13, 30], 0.12],
];
const EPISODE_COUNT_UASC: readonly (readonly [Band, number])[] = [
  [[1, 1], 0.5],
  [[2, 5], 0.34],
  [[6, 12], 0.11],
  [[13, 30], 0.05],
];

/**
 * Episode duration in hours. DfE 2022: 90% of incidents lasted 2 days or less; 2015: 230 of
 * 28,570 lasted over 30 days. 'A' (away without authorisation, whereabouts known) is short.
 */
const DURATION_M: readonly (readonly [Band, number])[] = [
  [[1, 12], 0.35],
  [[12, 24], 0.28],
  [[24, 48], 0.27],
  [[48, 168], 0.07],
  [[168, 720], 0.025],
  [[720, 2880], 0.005],
];
const DURATION_M_TRAFFICKED: readonly (readonly [Band, number])[] = [
  [[1, 12], 0.28],
  [[12, 24], 0.24],
  [[24, 48], 0.24],
  [[48, 168], 0.13],
  [[168, 720], 0.08],
  [[720, 2880], 0.03],
];
const DURATION_A: readonly (readonly [Band, number])[] = [
  [[1, 8], 0.7],
  [[8, 24], 0.25],
  [[24, 72], 0.05],
];
const P_AWAY_TYPE = 0.1;

/**
 * Return interviews: ~85% of ended episodes offered (fewer for 'A'); 80% of offers accepted; of
 * completed interviews ~60% within 72 hours of the return (national 2023-24 average 63%, brief §9).
 */
const P_OFFERED_M = 0.95;
const P_OFFERED_A = 0.7;
const P_ACCEPTED = 0.8;
const P_COMPLETED_WITHIN_72H = 0.6;

/** Police report for most 'M' episodes (statutory guidance); rarely for 'A'. */
const P_REPORTED_M = 0.93;
const P_REPORTED_A = 0.08;

/**
 * Gateway authorities, where UASC arrive or claim asylum (brief §10: Kent 370, Hillingdon 139,
 * Manchester 138 in 2022; Croydon hosts the Home Office intake unit; Portsmouth the ferry port;
 * Northamptonshire the Midlands reception). Weight = share of UASC relative to an average
 * authority's share. Codes absent from the authority list are simply skipped.
 */
const GATEWAY_UASC_WEIGHT: ReadonlyMap<string, number> = new Map([
  ['E10000016', 14], // Kent
  ['E09000008', 7], // Croydon
  ['E09000017', 6], // Hillingdon (Heathrow)
  ['E08000003', 5], // Manchester
  ['E06000044', 4], // Portsmouth
  ['E10000021', 5], // Northamptonshire (before the 2021 split)
  ['E06000062', 3.5], // West Northamptonshire
  ['E06000061', 2.5], // North Northamptonshire
]);

const DAY = 86_400_000;
const HOUR = 3_600_000;
const MINUTE = 60_000;
const YEAR_DAYS = 365.25;

// ---------------------------------------------------------------------------------------------
// Dates

const isoDate = (day: number): string => new Date(day * DAY).toISOString().slice(0, 10);
const isoInstant = (ms: number): string => new Date(ms).toISOString();
const dayOf = (ms: number): number => Math.floor(ms / DAY);

function parseIsoDate(text: string): number {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (match === null) throw new RangeError(`Not a YYYY-MM-DD date: ${text}`);
  const ms = Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]));
  if (isoDate(ms / DAY) !== text) throw new RangeError(`Not a real date: ${text}`);
  return ms / DAY;
}

/** Calendar years later; 29 February rolls to 1 March, which is when such a child turns 18 in a common year. */
function addYears(day: number, years: number): number {
  const date = new Date(day * DAY);
  return Date.UTC(date.getUTCFullYear() + years, date.getUTCMonth(), date.getUTCDate()) / DAY;
}

const ageInYears = (dob: number, day: number): number => (day - dob) / YEAR_DAYS;

// ---------------------------------------------------------------------------------------------
// Authorities

interface AuthorityModel {
  readonly authority: PopulationAuthority;
  readonly code: string;
  /** Relative number of looked-after children. */
  readonly sizeWeight: number;
  readonly uascWeight: number;
  readonly gateway: boolean;
  readonly police: PoliceForce;
  /** A devolved child decision-making pilot site (NRM decisions by a local panel). */
  readonly devolvedPanel: boolean;
  readonly childIdBase: number;
  /** Other authorities of the same region, for out-of-area placements (null: none). */
  neighbours: WeightedTable<AuthorityModel> | null;
}

/**
 * Looked-after population relative to an average English authority, by kind (from the GSS code)
 * and nation: shire counties are large (Kent, Lancashire, Essex 1,100–2,000 children), London
 * boroughs small (~300), Welsh and Scottish councils ~330–380, the five NI trusts ~700 each.
 * A deterministic jitter from the code spreads authorities of one kind.
 */
function sizeWeightOf(authority: PopulationAuthority): number {
  const code = authority.code;
  const kind = code.startsWith('E10')
    ? 2.1
    : code.startsWith('E08')
      ? 1.3
      : code.startsWith('E09')
        ? 0.55
        : code.startsWith('E06')
          ? 0.65
          : authority.nation === 'WAL'
            ? 0.6
            : authority.nation === 'SCO'
              ? 0.65
              : authority.nation === 'NI'
                ? 1.4
                : 0.8;
  return kind * (0.6 + 0.8 * hashUnit(`size:${code}`));
}

function buildAuthorityModels(authorities: readonly PopulationAuthority[]): AuthorityModel[] {
  const sorted = [...authorities].sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
  const models: AuthorityModel[] = sorted.map((authority) => {
    const sizeWeight = sizeWeightOf(authority);
    const gatewayWeight = GATEWAY_UASC_WEIGHT.get(authority.code);
    // Beyond the gateways, the National Transfer Scheme spreads UASC roughly by size; London
    // boroughs take more than their size, the devolved nations fewer.
    const spread = authority.code.startsWith('E09') ? 1.5 : authority.nation === 'ENG' ? 1 : 0.5;
    return {
      authority,
      code: authority.code,
      sizeWeight,
      uascWeight: gatewayWeight ?? sizeWeight * spread,
      gateway: gatewayWeight !== undefined,
      police: policeForceFor(authority),
      devolvedPanel: authority.nation !== 'NI' && hashUnit(`pilot:${authority.code}`) < 0.12,
      childIdBase: 100_000 + (hashString(`ids:${authority.code}`) % 800_000),
      neighbours: null,
    };
  });
  const byRegion = new Map<string, AuthorityModel[]>();
  for (const model of models) {
    const key = `${model.authority.nation}:${model.authority.region}`;
    byRegion.set(key, [...(byRegion.get(key) ?? []), model]);
  }
  for (const model of models) {
    const others = (byRegion.get(`${model.authority.nation}:${model.authority.region}`) ?? []).filter((m) => m !== model);
    model.neighbours = others.length === 0 ? null : new WeightedTable(others.map((m) => [m, m.sizeWeight] as const));
  }
  return models;
}

interface Context {
  readonly censusDay: number;
  /** The last day anything can be dated: the day before the census date. */
  readonly lastDay: number;
  readonly windowStartDay: number;
  readonly censusMs: number;
  readonly authorities: readonly AuthorityModel[];
  readonly sizeTable: WeightedTable<AuthorityModel>;
  readonly uascTable: WeightedTable<AuthorityModel>;
  readonly gatewayTable: WeightedTable<AuthorityModel> | null;
  readonly nonGatewayTable: WeightedTable<AuthorityModel> | null;
}

// ---------------------------------------------------------------------------------------------
// Identity: nationality, names, ethnicity, languages

/**
 * UASC nationalities, following recent UASC asylum claims and NRM child referrals (brief §4.3,
 * §10): Afghan, Eritrean, Sudanese, Iranian, Vietnamese, Syrian, Iraqi (mostly Kurdish), Albanian,
 * Ethiopian, Egyptian. A few 'unknown' (not established on arrival).
 */
const UASC_NATIONALITIES: readonly (readonly [string, number])[] = [
  ['AF', 20],
  ['ER', 14],
  ['SD', 13],
  ['IR', 9],
  ['VN', 7],
  ['SY', 6],
  ['IQ', 6],
  ['AL', 6],
  ['ET', 5],
  ['EG', 5],
  ['NG', 1],
  ['unknown', 2],
];
/** Trafficked UASC: Albanian and Vietnamese weigh more (NRM referrals 2024: AL 13%, VN 11%, ER 9%, SD 6%). */
const TRAFFICKED_UASC_NATIONALITIES: readonly (readonly [string, number])[] = [
  ['AL', 18],
  ['VN', 18],
  ['ER', 14],
  ['SD', 12],
  ['AF', 12],
  ['IR', 6],
  ['IQ', 5],
  ['EG', 5],
  ['ET', 4],
  ['NG', 3],
  ['SY', 3],
];
/** Trafficked children not UASC: mostly UK nationals since 2018 (criminal exploitation, county lines). */
const TRAFFICKED_NATIONALITIES: readonly (readonly [string, number])[] = [
  ['GB', 62],
  ['AL', 9],
  ['VN', 7],
  ['RO', 5],
  ['ER', 3],
  ['SD', 3],
  ['NG', 3],
  ['AF', 2],
  ['PL', 2],
  ['IR', 1],
  ['IQ', 1],
  ['SY', 1],
  ['unknown', 1],
];
/** Other looked-after children: mostly British; nationality is not a statutory item, so some are not recorded (null). */
const OTHER_NATIONALITIES: readonly (readonly [string | null, number])[] = [
  ['GB', 88],
  [null, 5],
  ['PL', 1.5],
  ['RO', 1.5],
  ['NG', 1],
  ['AL', 0.5],
  ['IQ', 0.5],
  ['SY', 0.5],
  ['AF', 0.5],
  ['ER', 0.3],
  ['VN', 0.2],
  ['unknown', 0.5],
];

const TRADITION_BY_NATIONALITY: Readonly<Record<string, TraditionId>> = {
  AL: 'albanian',
  VN: 'vietnamese',
  ER: 'eritrean',
  SD: 'sudanese',
  AF: 'afghan',
  IR: 'iranian',
  IQ: 'kurdish-iraqi',
  SY: 'syrian',
  ET: 'ethiopian',
  EG: 'egyptian',
  NG: 'nigerian',
  RO: 'romanian',
  PL: 'polish',
};

/** Nationalities an agency might record instead (neighbouring or transit country). */
const ALTERNATIVE_NATIONALITIES: Readonly<Record<string, readonly string[]>> = {
  ER: ['ET', 'SD', 'unknown'],
  ET: ['ER', 'SO'],
  SD: ['SS', 'TD', 'EG'],
  AF: ['IR', 'PK'],
  IR: ['AF', 'IQ'],
  IQ: ['IR', 'SY', 'TR'],
  SY: ['IQ', 'LB', 'TR'],
  AL: ['XK', 'GR'],
  VN: ['CN', 'unknown'],
  EG: ['LY', 'SD'],
  NG: ['GH'],
  RO: ['MD', 'BG'],
  PL: ['LT'],
  GB: ['IE'],
};

type Sex = 'M' | 'F' | 'U';

interface Identity {
  readonly sex: Sex;
  readonly nationality: string | null;
  readonly tradition: TraditionId;
  readonly givenNames: string;
  readonly familyName: string;
  readonly ethnicity: string | null;
  readonly languages: string[];
  readonly interpreterNeeded: boolean;
}

/** British children: 903 ethnic groups roughly as among looked-after children in England. */
const BRITISH_GROUPS: readonly (readonly [TraditionId | 'mixed', number])[] = [
  ['british-white', 0.74],
  ['british-black', 0.08],
  ['british-south-asian', 0.07],
  ['mixed', 0.11],
];

const ETHNICITY_BY_TRADITION: Readonly<Record<TraditionId, readonly (readonly [string, number])[]>> = {
  'british-white': [
    ['WBRI', 0.9],
    ['WIRI', 0.02],
    ['WROM', 0.02],
    ['WIRT', 0.01],
    ['WOTH', 0.05],
  ],
  'british-black': [
    ['BCRB', 0.4],
    ['BAFR', 0.5],
    ['BOTH', 0.1],
  ],
  'british-south-asian': [
    ['APKN', 0.45],
    ['AIND', 0.25],
    ['ABAN', 0.25],
    ['AOTH', 0.05],
  ],
  vietnamese: [
    ['AOTH', 0.8],
    ['OOTH', 0.2],
  ],
  albanian: [['WOTH', 1]],
  romanian: [
    ['WOTH', 0.85],
    ['WROM', 0.15],
  ],
  polish: [['WOTH', 1]],
  eritrean: [['BAFR', 1]],
  ethiopian: [['BAFR', 1]],
  sudanese: [
    ['BAFR', 0.8],
    ['OOTH', 0.2],
  ],
  nigerian: [['BAFR', 1]],
  afghan: [
    ['AOTH', 0.8],
    ['OOTH', 0.2],
  ],
  iranian: [
    ['OOTH', 0.9],
    ['AOTH', 0.1],
  ],
  'kurdish-iraqi': [['OOTH', 1]],
  syrian: [['OOTH', 1]],
  egyptian: [
    ['OOTH', 0.9],
    ['BAFR', 0.1],
  ],
};
const MIXED_ETHNICITIES: readonly (readonly [string, number])[] = [
  ['MWBC', 0.4],
  ['MWBA', 0.2],
  ['MWAS', 0.2],
  ['MOTH', 0.2],
];

/** BCP 47 language tags by tradition (Dari 'prs', Sorani Kurdish 'ckb', Romani 'rom'). */
function drawLanguages(rng: Random, tradition: TraditionId): string[] {
  switch (tradition) {
    case 'vietnamese':
      return ['vi'];
    case 'albanian':
      return ['sq'];
    case 'eritrean':
      return rng.chance(0.2) ? ['ti', 'ar'] : ['ti'];
    case 'ethiopian':
      return [
        rng.weighted([
          ['am', 0.6],
          ['om', 0.3],
          ['ti', 0.1],
        ]),
      ];
    case 'sudanese':
    case 'egyptian':
      return ['ar'];
    case 'syrian':
      return rng.chance(0.15) ? ['ar', 'ku'] : ['ar'];
    case 'afghan':
      return [rng.chance(0.55) ? 'ps' : 'prs'];
    case 'iranian':
      return [rng.chance(0.15) ? 'ckb' : 'fa'];
    case 'kurdish-iraqi':
      return rng.chance(0.7) ? ['ckb'] : rng.chance(0.5) ? ['ar'] : ['ku', 'ar'];
    case 'nigerian':
      return rng.chance(0.5) ? ['en', rng.pick(['yo', 'ig', 'ha'])] : ['en'];
    case 'romanian':
      return rng.chance(0.1) ? ['ro', 'rom'] : ['ro'];
    case 'polish':
      return rng.chance(0.5) ? ['pl', 'en'] : ['pl'];
    case 'british-south-asian':
      return rng.chance(0.2) ? ['en', rng.pick(['ur', 'pa', 'bn', 'gu'])] : ['en'];
    case 'british-white':
    case 'british-black':
      return ['en'];
  }
}

const UASC_TRADITIONS: readonly (readonly [TraditionId, number])[] = UASC_NATIONALITIES.flatMap(([nationality, weight]) => {
  const tradition = TRADITION_BY_NATIONALITY[nationality];
  return tradition === undefined ? [] : [[tradition, weight] as const];
});

function drawIdentity(rng: Random, uasc: boolean, trafficked: boolean): Identity {
  const sex: Sex = uasc
    ? rng.chance(P_MALE_UASC)
      ? 'M'
      : 'F'
    : rng.chance(0.001)
      ? 'U' // sex not recorded: rare, kept so consumers meet it
      : rng.chance(trafficked ? P_MALE_TRAFFICKED : P_MALE_OTHER)
        ? 'M'
        : 'F';
  const nationality: string | null = rng.weighted(
    uasc ? (trafficked ? TRAFFICKED_UASC_NATIONALITIES : UASC_NATIONALITIES) : trafficked ? TRAFFICKED_NATIONALITIES : OTHER_NATIONALITIES,
  );
  const known = nationality === null ? undefined : TRADITION_BY_NATIONALITY[nationality];
  const foreign = nationality !== null && nationality !== 'GB';

  let tradition: TraditionId;
  let ethnicity: string;
  let givenNames: string;
  let familyName: string;
  if (known !== undefined || (uasc && foreign)) {
    tradition = known ?? rng.weighted(UASC_TRADITIONS);
    ({ givenNames, familyName } = drawName(rng, tradition, sex));
    ethnicity = rng.weighted(ETHNICITY_BY_TRADITION[tradition]);
  } else {
    const group = rng.weighted(BRITISH_GROUPS);
    if (group === 'mixed') {
      // Mixed heritage: given name from any British group, family name from either parent's.
      tradition = rng.chance(0.6) ? 'british-white' : 'british-black';
      familyName = drawName(rng, tradition, sex).familyName;
      givenNames = drawName(rng, rng.pick(['british-white', 'british-black', 'british-south-asian'] as const), sex).givenNames;
      ethnicity = rng.weighted(MIXED_ETHNICITIES);
    } else {
      tradition = group;
      ({ givenNames, familyName } = drawName(rng, tradition, sex));
      ethnicity = rng.weighted(ETHNICITY_BY_TRADITION[tradition]);
    }
  }
  // Recent arrivals' ethnicity is often "information not yet obtained"; a few refuse.
  const recorded = uasc && rng.chance(0.05) ? 'NOBT' : rng.chance(0.01) ? 'REFU' : ethnicity;
  const languages = drawLanguages(rng, tradition);
  const speaksEnglish = languages.includes('en');
  const interpreterNeeded = speaksEnglish ? false : uasc ? rng.chance(0.88) : foreign ? rng.chance(trafficked ? 0.6 : 0.3) : false;
  return { sex, nationality, tradition, givenNames, familyName, ethnicity: recorded, languages, interpreterNeeded };
}

// ---------------------------------------------------------------------------------------------
// Entry into care

/**
 * Age at first entry into care, in years. Others follow DfE starters (under 1: ~19%, 1–4: ~14%,
 * 5–9: ~15%, 10–15: ~36%, 16+: ~13% once UASC are taken out). UASC arrive mostly at 16–17 (only
 * 13% of UASC in care were under 16 in 2022). Trafficked children enter care as teenagers.
 */
const ENTRY_AGE_OTHER: readonly (readonly [Band, number])[] = [
  [[0, 1], 0.2],
  [[1, 5], 0.15],
  [[5, 10], 0.16],
  [[10, 16], 0.36],
  [[16, 17.9], 0.13],
];
const ENTRY_AGE_TRAFFICKED: readonly (readonly [Band, number])[] = [
  [[8, 10], 0.03],
  [[10, 14], 0.2],
  [[14, 16], 0.4],
  [[16, 17.9], 0.37],
];
const ENTRY_AGE_UASC: readonly (readonly [Band, number])[] = [
  [[10, 14], 0.04],
  [[14, 16], 0.18],
  [[16, 17.95], 0.78],
];

/**
 * Days between first entry into care and the census: a third of other children started in the
 * last year (England: ~33,000 starters against ~83,000 in care), the rest up to five years back.
 * UASC arrived within two years; they age out quickly.
 */
function drawDaysInCare(rng: Random, uasc: boolean, trafficked: boolean): number {
  if (uasc) return rng.int(1, 730);
  if (trafficked) return rng.chance(0.5) ? rng.int(1, 365) : rng.int(366, 1460);
  return rng.chance(0.35) ? rng.int(1, 365) : rng.int(366, 1826);
}

function drawEntry(ctx: Context, rng: Random, uasc: boolean, trafficked: boolean): { dob: number; firstStart: number } {
  const band = rng.weighted(uasc ? ENTRY_AGE_UASC : trafficked ? ENTRY_AGE_TRAFFICKED : ENTRY_AGE_OTHER);
  const entryAgeDays = Math.floor(rng.real(band[0], band[1]) * YEAR_DAYS);
  let daysInCare = drawDaysInCare(rng, uasc, trafficked);
  // Every child is looked after at some time in the year: their 18th birthday (when care ends
  // at the latest) must not fall before the window. Shorten the time in care until it fits.
  for (;;) {
    const firstStart = ctx.censusDay - daysInCare;
    const dob = firstStart - entryAgeDays;
    if (addYears(dob, 18) > ctx.windowStartDay || daysInCare <= 1) return { dob, firstStart };
    daysInCare = rng.int(1, daysInCare - 1);
  }
}

// ---------------------------------------------------------------------------------------------
// Age status

interface AgeStatusPlan {
  readonly history: readonly { status: AgeStatus; day: number; note: string | null }[];
  /** Day an age assessment found the person to be an adult (care then ends, REC E15). */
  readonly adultOn: number | null;
  readonly dobClaimed: number;
  readonly dobAssessed: number | null;
}

/**
 * UASC: 55% have their claimed age accepted; the rest are disputed, an assessment is pending, and
 * most are then assessed as children (half with an older assessed date of birth); 4% are assessed
 * as adults and leave care (E15). A pending assessment is only left pending for recent arrivals.
 */
const UASC_AGE_PATHS: readonly (readonly ['ACCEPTED' | 'CHILD' | 'PENDING' | 'ADULT', number])[] = [
  ['ACCEPTED', 0.55],
  ['CHILD', 0.31],
  ['PENDING', 0.1],
  ['ADULT', 0.04],
];

function planAgeStatus(ctx: Context, rng: Random, uasc: boolean, dob: number, firstStart: number): AgeStatusPlan {
  const accepted = { status: 'ACCEPTED' as const, day: firstStart, note: null };
  if (!uasc) return { history: [accepted], adultOn: null, dobClaimed: dob, dobAssessed: null };

  const eighteenth = addYears(dob, 18);
  const pendingOn = firstStart + rng.int(1, 14);
  const decidedOn = pendingOn + rng.int(21, 150);
  let path = rng.weighted(UASC_AGE_PATHS);
  if (path === 'ADULT' && !(decidedOn <= ctx.lastDay && decidedOn >= ctx.windowStartDay && decidedOn < eighteenth)) path = 'CHILD';
  if (path === 'PENDING' && decidedOn <= ctx.lastDay) path = 'CHILD';
  if (path === 'ACCEPTED') return { history: [accepted], adultOn: null, dobClaimed: dob, dobAssessed: null };

  const history: { status: AgeStatus; day: number; note: string | null }[] = [{ status: 'DISPUTED', day: firstStart, note: 'Claimed age doubted on arrival' }];
  if (pendingOn <= ctx.lastDay && pendingOn < eighteenth) {
    history.push({ status: 'ASSESSMENT_PENDING', day: pendingOn, note: 'Merton-compliant assessment arranged' });
  }
  if (path === 'ADULT') {
    history.push({ status: 'ASSESSED_ADULT', day: decidedOn, note: 'Assessed as 18 or over' });
    return { history, adultOn: decidedOn, dobClaimed: dob, dobAssessed: null };
  }
  if (decidedOn <= ctx.lastDay && decidedOn < eighteenth) {
    history.push({ status: 'ASSESSED_CHILD', day: decidedOn, note: 'Assessed as a child' });
    if (rng.chance(0.5)) {
      // The assessed date of birth is the one care is planned on; the child had claimed to be younger.
      return { history, adultOn: null, dobClaimed: dob + rng.int(90, 540), dobAssessed: dob };
    }
  }
  return { history, adultOn: null, dobClaimed: dob, dobAssessed: null };
}

/**
 * Identities least certain: a share of UASC and trafficked children have no known date of birth, only
 * an age estimated on arrival, and some are known by one name (ADR 0007). Decided from the child's id
 * (hashUnit), not drawn from the generator, so that the rest of the population stays as it was.
 */
const P_DOB_UNKNOWN_UASC = 0.15;
const P_DOB_UNKNOWN_TRAFFICKED = 0.1;
const P_SINGLE_NAME = 0.06;
const ESTIMATE_SOURCES: readonly DateOfBirthEstimate['source'][] = ['AGE_ASSESSMENT', 'CHILD', 'HOME_OFFICE', 'PROFESSIONAL'];

/** With probability `share`, an estimated age range on the day care began that holds the child's date of birth. */
function estimatedAge(id: string, dob: number, firstStart: number, share: number): DateOfBirthEstimate | null {
  if (hashUnit(`dob:${id}`) >= share) return null;
  const on = isoDate(firstStart);
  const age = ageOn(isoDate(dob), on);
  // A range of two years that holds the true age, or the true age alone.
  const pick = hashUnit(`dob-range:${id}`);
  const youngest = pick < 0.4 ? Math.max(0, age - 1) : age;
  const oldest = pick < 0.8 ? youngest + 1 : youngest;
  return estimateFromAges(
    youngest,
    Math.max(oldest, age),
    on,
    ESTIMATE_SOURCES[Math.floor(hashUnit(`dob-source:${id}`) * ESTIMATE_SOURCES.length)] ?? 'AGE_ASSESSMENT',
  );
}

// ---------------------------------------------------------------------------------------------
// Care periods (903 episodes)

interface PeriodPlan {
  readonly start: number;
  readonly end: number | null;
  readonly legalStatus: string;
  readonly placementType: string;
  readonly reasonNewEpisode: string;
  readonly reasonCeased: string | null;
  readonly host: AuthorityModel;
}

/** REC when care ends at 18: staying put (E17), supported or independent living (E5/E6), other (E8). */
const AGED_OUT_REASONS: readonly (readonly [string, number])[] = [
  ['E17', 0.2],
  ['E5', 0.35],
  ['E6', 0.1],
  ['E8', 0.3],
  ['E7', 0.05],
];
const AGED_OUT_REASONS_UASC: readonly (readonly [string, number])[] = [
  ['E5', 0.5],
  ['E6', 0.15],
  ['E8', 0.35],
];

function drawEarlyReason(rng: Random, age: number, uasc: boolean): string {
  if (uasc)
    return rng.weighted([
      ['E8', 0.6],
      ['E16', 0.2],
      ['E13', 0.2],
    ]);
  if (age < 10) {
    return rng.weighted([
      ['E11', 0.25],
      ['E12', 0.1],
      ['E45', 0.12],
      ['E46', 0.05],
      ['E4A', 0.3],
      ['E13', 0.1],
      ['E41', 0.08],
    ]);
  }
  return rng.weighted([
    ['E4A', 0.45],
    ['E13', 0.15],
    ['E4B', 0.1],
    ['E45', 0.05],
    ['E9', 0.05],
    ['E3', 0.05],
    ['E8', 0.1],
    ['E16', 0.03],
    ['E2', 0.02],
  ]);
}

/** Chance that care ended before 18 during the year (returned home, SGO, adoption…). */
const P_EARLY_END_OTHER = 0.14;
const P_EARLY_END_TRAFFICKED = 0.08;
const P_EARLY_END_UASC = 0.03;

/**
 * 1–3 consecutive 903 episodes. Each change (RNE) is a new placement and carer (P), a new legal
 * status (L), or both at once (B).
 */
const PERIOD_COUNTS: readonly (readonly [number, number])[] = [
  [1, 0.5],
  [2, 0.32],
  [3, 0.18],
];

function firstLegalStatus(rng: Random, uasc: boolean, trafficked: boolean, age: number): string {
  // UASC are almost all accommodated under s20 (V2).
  if (uasc)
    return rng.weighted([
      ['V2', 0.95],
      ['C2', 0.03],
      ['C1', 0.02],
    ]);
  if (age < 1)
    return rng.weighted([
      ['C1', 0.45],
      ['V2', 0.25],
      ['L2', 0.15],
      ['L1', 0.15],
    ]);
  if (age < 10)
    return rng.weighted([
      ['C1', 0.4],
      ['V2', 0.35],
      ['L1', 0.15],
      ['L2', 0.1],
    ]);
  if (trafficked)
    return rng.weighted([
      ['V2', 0.45],
      ['L1', 0.2],
      ['C1', 0.15],
      ['J1', 0.12],
      ['J2', 0.08],
    ]);
  return rng.weighted([
    ['V2', 0.55],
    ['C1', 0.2],
    ['L1', 0.1],
    ['J1', 0.08],
    ['J2', 0.05],
    ['L2', 0.02],
  ]);
}

function nextLegalStatus(rng: Random, current: string, age: number): string | null {
  switch (current) {
    case 'V2':
      return rng.chance(0.7) ? 'C1' : 'C2';
    case 'C1':
      return 'C2';
    case 'C2':
      return age < 8 ? 'E1' : null;
    case 'L1':
      return rng.chance(0.5) ? 'V2' : 'C1';
    case 'L2':
      return 'C1';
    case 'J1':
    case 'J2':
      return 'V2';
    default:
      return null;
  }
}

/**
 * 903 PLACE codes: U1–U6 foster placements, K1 secure and K2 children's homes, H5 semi-independent
 * (supported) accommodation, P1 with parents, P2 independent living, R1 residential care home,
 * R5 young offender institution, S1 residential school, A3–A6 placed for adoption, Z1 other.
 * Foster care dominates young children; teenagers more often live in homes and supported
 * accommodation; UASC aged 16–17 mostly in supported accommodation.
 */
function drawPlacement(rng: Random, uasc: boolean, trafficked: boolean, age: number, legalStatus: string): string {
  const drawn = drawPlacementType(rng, uasc, trafficked, age, legalStatus);
  // A child is placed with their parents under a care order, never under section 20 (rule 378) or
  // police powers.
  return drawn === 'P1' && legalStatus !== 'C1' && legalStatus !== 'C2' ? 'U6' : drawn;
}

function drawPlacementType(rng: Random, uasc: boolean, trafficked: boolean, age: number, legalStatus: string): string {
  if (legalStatus === 'E1')
    return rng.weighted([
      ['A5', 0.3],
      ['A6', 0.3],
      ['U5', 0.2],
      ['A3', 0.1],
      ['A4', 0.1],
    ]);
  if (legalStatus === 'J1')
    return rng.weighted([
      ['K1', 0.3],
      ['R5', 0.2],
      ['K2', 0.5],
    ]);
  if (uasc) {
    return age < 16
      ? rng.weighted([
          ['U6', 0.55],
          ['U4', 0.2],
          ['U3', 0.05],
          ['K2', 0.2],
        ]) // no supported accommodation under 16 (banned since 2021)
      : rng.weighted([
          ['H5', 0.55],
          ['U6', 0.18],
          ['U4', 0.05],
          ['K2', 0.15],
          ['P2', 0.04],
          ['Z1', 0.03],
        ]);
  }
  if (trafficked && age >= 10 && rng.chance(0.3)) return rng.chance(0.15) ? 'K1' : 'K2';
  if (age < 5)
    return rng.weighted([
      ['U6', 0.35],
      ['U4', 0.2],
      ['U3', 0.12],
      ['U1', 0.05],
      ['U5', 0.08],
      ['U2', 0.03],
      ['P1', 0.1],
      ['R1', 0.07],
    ]);
  if (age < 10)
    return rng.weighted([
      ['U6', 0.35],
      ['U4', 0.3],
      ['U3', 0.12],
      ['U1', 0.08],
      ['P1', 0.08],
      ['K2', 0.04],
      ['S1', 0.03],
    ]);
  if (age < 16) {
    return rng.weighted([
      ['U6', 0.28],
      ['U4', 0.22],
      ['U3', 0.08],
      ['U1', 0.05],
      ['K2', 0.22],
      ['R1', 0.02],
      ['P1', 0.04],
      ['S1', 0.04],
      ['K1', 0.01],
      ['Z1', 0.04],
    ]);
  }
  return rng.weighted([
    ['H5', 0.32],
    ['K2', 0.2],
    ['U6', 0.16],
    ['U4', 0.12],
    ['U3', 0.05],
    ['P2', 0.06],
    ['Z1', 0.04],
    ['R1', 0.02],
    ['P1', 0.03],
  ]);
}

/**
 * Out-of-area placements: about a third overall (England 2015: 1,260 of 2,760 UASC placed outside
 * their authority), more for children's homes and supported accommodation, fewer for foster care.
 */
function drawHost(rng: Random, responsible: AuthorityModel, placement: string): AuthorityModel {
  const outOfArea = /^(K|R|S)/.test(placement) ? 0.55 : /^(H5|P2)$/.test(placement) ? 0.4 : placement === 'P1' ? 0.1 : 0.27;
  if (responsible.neighbours === null || !rng.chance(outOfArea)) return responsible;
  return responsible.neighbours.pick(rng);
}

/**
 * Legal statuses the law limits in time, with the most days a run of them may last (DfE rules
 * 361, 362 and 364): police protection 72 hours, an emergency protection order and PACE
 * accommodation 21 days as the DfE checks them. In the seed they last 1–3, 3–15 and 1–3 days.
 */
const TIME_LIMITED_STATUSES: ReadonlyMap<string, readonly [number, number]> = new Map([
  ['L1', [1, 3]],
  ['L2', [3, 15]],
  ['J2', [1, 3]],
]);

/**
 * A placement for adoption as a council records it: with the child's current foster carers
 * (A3, A5) only from a foster placement, which keeps the carers (RNE U, rule 217); with consent
 * (A3, A4) only from foster or adoption placements (rule 336). From anywhere else the child is
 * placed under the placement order with new carers (A6).
 */
function adoptionPlacement(drawn: string, previous: string): string {
  return /^A[3-6]$/.test(drawn) && !/^[UA]/.test(previous) ? 'A6' : drawn;
}

/** The reason care ended, made to fit the last placement (rules 390 and 516). */
function reasonCeasedFor(reason: string | null, placementType: string): string | null {
  if ((reason === 'E11' || reason === 'E12') && !/^A[3-6]$/.test(placementType)) return 'E4A';
  if (reason === 'E45' && !/^U[1-6]$/.test(placementType)) return 'E47';
  if (reason === 'E46' && !/^U[1-6]$/.test(placementType)) return 'E48';
  return reason;
}

function planCarePeriods(
  rng: Random,
  child: {
    uasc: boolean;
    trafficked: boolean;
    dob: number;
    firstStart: number;
    careEnd: number | null;
    reasonCeased: string | null;
    authority: AuthorityModel;
    lastDay: number;
  },
): PeriodPlan[] {
  const spanEnd = child.careEnd ?? child.lastDay;
  const count = spanEnd - child.firstStart < 60 ? 1 : rng.weighted(PERIOD_COUNTS);
  const cuts = new Set<number>();
  const low = child.firstStart + 14;
  const high = spanEnd - 7;
  for (let i = 1; i < count && high > low; i += 1) cuts.add(rng.int(low, high));
  const starts = [child.firstStart, ...[...cuts].sort((a, b) => a - b)];

  let legalStatus = firstLegalStatus(rng, child.uasc, child.trafficked, ageInYears(child.dob, child.firstStart));
  // Only the first legal status can be time-limited: it ends within its limit, with a change of
  // legal status, in place of the first planned change (so the number of episodes stays the same).
  const limit = TIME_LIMITED_STATUSES.get(legalStatus);
  const forcedChange = limit === undefined ? null : child.firstStart + rng.int(limit[0], limit[1]);
  if (forcedChange !== null && forcedChange < spanEnd && (starts[1] === undefined || forcedChange < starts[1])) {
    if (starts.length > 1) starts.splice(1, 1, forcedChange);
    else starts.push(forcedChange);
  }

  const periods: PeriodPlan[] = [];
  let placementType = drawPlacement(rng, child.uasc, child.trafficked, ageInYears(child.dob, child.firstStart), legalStatus);
  let host = drawHost(rng, child.authority, placementType);
  let reasonNewEpisode = 'S';
  let previousPlacement = '';
  starts.forEach((start, index) => {
    const age = ageInYears(child.dob, start);
    if (index > 0) {
      const mustChangeStatus = TIME_LIMITED_STATUSES.has(legalStatus);
      reasonNewEpisode = mustChangeStatus
        ? legalStatus === 'J2'
          ? 'B'
          : 'L'
        : rng.weighted([
            ['P', 0.6],
            ['L', 0.25],
            ['B', 0.15],
          ]);
      if (reasonNewEpisode !== 'P') {
        const next = nextLegalStatus(rng, legalStatus, age);
        if (next === null) reasonNewEpisode = 'P';
        else legalStatus = next;
      }
      if (reasonNewEpisode !== 'L') {
        // A new placement and carer; the placement type may stay the same (one foster home to another).
        placementType = adoptionPlacement(drawPlacement(rng, child.uasc, child.trafficked, age, legalStatus), previousPlacement);
        host = drawHost(rng, child.authority, placementType);
        // Placed for adoption with the current foster carers: the carers stay (rule 217).
        if (placementType === 'A3' || placementType === 'A5') reasonNewEpisode = 'U';
      }
    }
    const last = index === starts.length - 1;
    const end = last ? child.careEnd : (starts[index + 1] ?? null);
    const code = placementValidOn(placementType, end ?? child.lastDay, age);
    // A code withdrawn from the PLACE list changes with the legal status: then both changed (rule 434).
    if (reasonNewEpisode === 'L' && code !== previousPlacement) reasonNewEpisode = 'U';
    periods.push({
      start,
      end,
      legalStatus,
      placementType: code,
      reasonNewEpisode,
      // 903: X1 closes an episode when a new one starts the same day; the final one carries the real reason.
      reasonCeased: last ? reasonCeasedFor(child.reasonCeased, code) : 'X1',
      host,
    });
    previousPlacement = code;
  });
  return periods;
}

/**
 * The period a day falls in. 903 episodes touch on the change-over day; like the domain's
 * carePeriodOn, the period starting that day is the current one.
 */
function periodAt(periods: readonly PeriodPlan[], day: number): PeriodPlan {
  let found = periods[0];
  for (const period of periods) if (period.start <= day) found = period;
  if (found === undefined) throw new Error('A child has no care period');
  return found;
}

/**
 * From the 2025-26 collection year the 903 PLACE list drops H5, P2 and Z1, and supported
 * accommodation is K3 (registered supported accommodation, 16–17 only). A period is given codes
 * valid in the collection year of its last day, so current data passes this year's validation.
 */
const PLACE_LIST_2025_26_FROM = Date.UTC(2025, 3, 1) / DAY;
function placementValidOn(code: string, lastDay: number, age: number): string {
  if (lastDay < PLACE_LIST_2025_26_FROM) return code;
  if (code === 'H5' || code === 'P2') return 'K3';
  if (code === 'Z1') return age < 16 ? 'K2' : 'K3';
  return code;
}

// ---------------------------------------------------------------------------------------------
// Missing episodes

interface EpisodePlan {
  readonly start: number;
  readonly end: number | null;
  readonly type: MissingType;
}

function missingProbability(uasc: boolean, trafficked: boolean, age: number): number {
  if (trafficked) return P_MISSING_TRAFFICKED;
  if (uasc) return P_MISSING_UASC;
  for (const [below, p] of P_MISSING_BY_AGE) if (age < below) return p;
  return 0;
}

/** A start time: 06:00–21:59 UTC, weighted to afternoon and evening (curfew). Keeping to these hours makes the UTC date the UK date. */
const START_HOURS: readonly (readonly [number, number])[] = Array.from({ length: 16 }, (_, i) => {
  const hour = 6 + i;
  return [hour, hour < 12 ? 1 : hour < 16 ? 2 : 3.5] as const;
});
const startTimeMs = (rng: Random): number => rng.weighted(START_HOURS) * HOUR + rng.int(0, 59) * MINUTE;

function drawCount(rng: Random, bands: readonly (readonly [Band, number])[]): number {
  const [min, max] = rng.weighted(bands);
  return rng.int(min, max);
}

function distinctDays(rng: Random, count: number, low: number, high: number): number[] {
  if (high < low || count <= 0) return [];
  const days: number[] = [];
  for (let i = 0; i < count; i += 1) days.push(rng.int(low, high));
  return days;
}

function planEpisodes(
  ctx: Context,
  rng: Random,
  child: { uasc: boolean; trafficked: boolean; dob: number; firstStart: number; careEnd: number | null; lastDay: number; periods: readonly PeriodPlan[] },
): EpisodePlan[] {
  const low = Math.max(ctx.windowStartDay, child.firstStart);
  const spanDays = child.lastDay - low + 1;
  // Children in care for only part of the year have less time to go missing: scale by exposure,
  // but not in proportion, because going missing soon after placement is common (brief §6.3).
  const exposure = Math.min(1, 0.3 + spanDays / 200);
  const p = missingProbability(child.uasc, child.trafficked, ageInYears(child.dob, child.lastDay)) * exposure;
  const missingThisYear = rng.chance(p);

  const days: number[] = [];
  let openDay: number | null = null;
  if (missingThisYear) {
    const bands = child.trafficked ? EPISODE_COUNT_TRAFFICKED : child.uasc ? EPISODE_COUNT_UASC : EPISODE_COUNT_OTHER;
    const count = Math.min(drawCount(rng, bands), Math.floor(spanDays / 2) + 1);
    const pNeverFound = child.trafficked ? P_NEVER_FOUND_TRAFFICKED : child.uasc ? P_NEVER_FOUND_UASC : P_NEVER_FOUND_OTHER;
    const lastPeriod = child.periods[child.periods.length - 1];
    if (child.careEnd === null && lastPeriod !== undefined && rng.chance(pNeverFound)) {
      // Still missing: the last episode, started in the current (open) period, never ended
      // (903 rule 575: an episode from a placement that has ended must have ended too).
      openDay = rng.int(Math.max(low, lastPeriod.start), child.lastDay);
      days.push(...distinctDays(rng, count - 1, low, openDay - 1));
    } else {
      days.push(...distinctDays(rng, count, low, child.lastDay));
    }
  }
  // Earlier history, before the year: likelier for children who go missing now.
  if (child.firstStart < ctx.windowStartDay && rng.chance(missingThisYear ? 0.45 : 0.03)) {
    days.push(...distinctDays(rng, rng.int(1, missingThisYear ? 4 : 2), child.firstStart, ctx.windowStartDay - 1));
  }

  const starts = days.map((day) => day * DAY + startTimeMs(rng)).sort((a, b) => a - b);
  const spaced: number[] = [];
  for (const start of starts) {
    const previous = spaced[spaced.length - 1];
    if (previous === undefined || start - previous >= 2 * HOUR) spaced.push(start);
  }
  const openStart = openDay === null ? null : openDay * DAY + startTimeMs(rng);
  const kept = openStart === null ? spaced : spaced.filter((start) => start < openStart - 2 * HOUR);

  const episodes: EpisodePlan[] = [];
  kept.forEach((start, index) => {
    const next = kept[index + 1] ?? openStart;
    const type: MissingType = rng.chance(P_AWAY_TYPE) ? 'A' : 'M';
    const bands = type === 'A' ? DURATION_A : child.trafficked ? DURATION_M_TRAFFICKED : DURATION_M;
    const [minHours, maxHours] = rng.weighted(bands);
    let end = start + rng.real(minHours, maxHours) * HOUR;
    // Never run into the next episode, past the end of care (903 rule 577) or past the census.
    if (next !== null) end = Math.min(end, next - Math.min(rng.int(30, 180) * MINUTE, (next - start) / 2));
    // Between 10pm and 10:59pm UTC: after every start (by 9:59pm) and the same UK day in summer time too.
    if (child.careEnd !== null) end = Math.min(end, (child.careEnd + 1) * DAY - rng.int(61, 120) * MINUTE);
    end = Math.min(end, ctx.censusMs - rng.int(1, 60) * MINUTE);
    episodes.push({ start, end: Math.floor(end / MINUTE) * MINUTE, type });
  });
  if (openStart !== null) episodes.push({ start: openStart, end: null, type: 'M' });
  return episodes;
}

// ---------------------------------------------------------------------------------------------
// Small vocabularies

const LAST_SEEN_LOCATIONS: readonly (readonly [string, number])[] = [
  ['Placement', 0.45],
  ['School or college', 0.1],
  ['Town centre', 0.1],
  ['Railway station', 0.06],
  ['Bus station', 0.04],
  ["Friend's address", 0.1],
  ['Family address', 0.06],
  ['Shopping centre', 0.04],
  ['Park', 0.03],
  ['Fast food restaurant', 0.02],
];
const LAST_SEEN_WITH: readonly (readonly [string, number])[] = [
  ['Alone', 0.35],
  ['Peers from placement', 0.2],
  ['Known associates', 0.2],
  ['Unknown adult male', 0.1],
  ['Older boyfriend', 0.05],
  ['Family member', 0.07],
  ['Unknown adults in a car', 0.03],
];
const NOT_OFFERED_REASONS = [
  'Away from placement with whereabouts known: not required under local protocol',
  'Returned within a few hours: welfare check by carer instead',
  'Placed out of area: host authority not told of the return in time',
  'Provider had no capacity within the period',
] as const;
const MISSING_AGAIN_REASON = 'Missing again before the interview could take place';

// ---------------------------------------------------------------------------------------------
// Reference numbers

/** UPN: check letter, 3-digit LA number, 4-digit establishment, 2-digit year, 3-digit serial (DfE format). */
const UPN_LETTERS = 'ABCDEFGHJKLMNPQRTUVWXYZ';
function drawUpn(rng: Random, laNumber: string, yearAllocated: number): string {
  const body = `${laNumber.padStart(3, '0').slice(-3)}${rng.digits(4)}${String(yearAllocated % 100).padStart(2, '0')}${rng.digits(3)}`;
  let sum = 0;
  for (let i = 0; i < body.length; i += 1) sum += Number(body[i]) * (i + 2);
  return `${UPN_LETTERS[sum % 23] ?? 'A'}${body}`;
}
/**
 * Why a child of an English authority looked after other than for short breaks has no UPN, as 903 rule 442 asks;
 * null where the return asks none. Drawn from what the child's story gives, not the generator, so that the rest of
 * the population stays as it was.
 */
function upnUnknownReason(
  authority: AuthorityModel,
  periods: readonly PeriodPlan[],
  child: { uasc: boolean; nationality: string | null; ageAtCensusOrEnd: number },
): UpnUnknownReason | null {
  if (authority.authority.nation !== 'ENG' || periods.every((period) => period.legalStatus === 'V3' || period.legalStatus === 'V4')) return null;
  // Under school age: UN1 (rule 209 refuses it from school age). A child who came from abroad: UN2.
  if (child.ageAtCensusOrEnd < 5) return 'UN1';
  return child.uasc || (child.nationality !== null && child.nationality !== 'GB') ? 'UN2' : 'UN5';
}
const homeOfficeReference = (rng: Random): string => `${rng.pick(['B', 'K', 'M', 'S', 'F'])}${rng.digits(7)}`;
const twoDigitYear = (ms: number): string => String(new Date(ms).getUTCFullYear() % 100).padStart(2, '0');

// ---------------------------------------------------------------------------------------------
// One child

/** What a duplicate needs to know about the child it copies. */
interface ChildMemory {
  readonly id: string;
  readonly uasc: boolean;
  readonly trafficked: boolean;
  readonly authority: AuthorityModel;
  readonly identity: Identity;
  readonly dobClaimed: number;
  readonly firstStart: number;
  readonly lastEpisodeStartDay: number | null;
}

interface Forced {
  readonly uasc: boolean;
  readonly trafficked: boolean;
  readonly authority: AuthorityModel;
  readonly identity: Identity;
  readonly dob: number;
  readonly firstStart: number;
}

interface ChildBundle {
  readonly memory: ChildMemory;
  readonly rows: PopulationRows;
}

const emptyRows = (): PopulationRows => ({
  child: [],
  childAlias: [],
  ageStatus: [],
  carePeriod: [],
  uascPeriod: [],
  nationalTransfer: [],
  traffickingConcern: [],
  traffickingStatus: [],
  nrmReferral: [],
  missingEpisode: [],
  returnInterview: [],
});

function generateChild(ctx: Context, rng: Random, forced?: Forced): ChildBundle | null {
  const uasc = forced?.uasc ?? rng.chance(P_UASC);
  const trafficked = forced?.trafficked ?? rng.chance(uasc ? P_TRAFFICKED_IF_UASC : P_TRAFFICKED_IF_NOT_UASC);
  const authority = forced?.authority ?? (uasc ? ctx.uascTable : ctx.sizeTable).pick(rng);
  const identity = forced?.identity ?? drawIdentity(rng, uasc, trafficked);
  const { dob, firstStart } = forced ?? drawEntry(ctx, rng, uasc, trafficked);
  const eighteenth = addYears(dob, 18);
  if (firstStart < dob || firstStart > ctx.lastDay || eighteenth <= firstStart || eighteenth <= ctx.windowStartDay) return null;

  const id = rng.uuid();
  const rows = emptyRows();
  const at = (day: number, fromHour = 8, toHour = 18): number => Math.min(day * DAY + rng.int(fromHour * 60, toHour * 60) * MINUTE, ctx.censusMs - MINUTE);
  const beforeCensus = (ms: number): number => Math.min(ms, ctx.censusMs - rng.int(1, 60) * MINUTE);

  // Age status, and whether an assessment ends care.
  const age = planAgeStatus(ctx, rng, uasc, dob, firstStart);

  const { careEnd, reasonCeased } = drawCareEnd(ctx, rng, { uasc, trafficked, dob, firstStart, eighteenth, adultOn: age.adultOn });
  const lastDay = careEnd ?? ctx.lastDay;
  addAgeStatuses(rng, rows, { id, history: age.history, lastDay, at });

  // Care periods.
  const periods = planCarePeriods(rng, { uasc, trafficked, dob, firstStart, careEnd, reasonCeased, authority, lastDay: ctx.lastDay });
  addCarePeriods(rng, rows, { id, authority, periods, at });
  if (uasc) addUascStatus(ctx, rng, rows, { id, authority, firstStart, careEnd, at });

  // Trafficking concern, status history and NRM referral.
  let nrmReference: string | null = null;
  if (trafficked) {
    nrmReference = addTraffickingConcern(ctx, rng, rows, { id, uasc, identity, authority, firstStart, lastDay, at });
  }

  // Missing episodes and return interviews.
  const episodes = planEpisodes(ctx, rng, { uasc, trafficked, dob, firstStart, careEnd, lastDay, periods });
  let firstReportMs: number | null = null;
  for (const [index, episode] of episodes.entries()) {
    const next = episodes[index + 1];
    const reported = addEpisode(ctx, rng, rows, { childId: id, uasc, trafficked, identity, authority, periods, episode, next, beforeCensus });
    firstReportMs ??= reported;
  }

  // Aliases: other names this child was known by.
  if ((uasc || trafficked) && rng.chance(P_ALIASES_UASC_OR_TRAFFICKED)) {
    addAliases(ctx, rng, rows, { id, identity, dobClaimed: age.dobClaimed, authority, firstStart, lastDay, uasc, at });
  }

  // The child record itself (la_child_id is given once the batch order is fixed).
  const createdAt = at(firstStart);
  const ageAtCensusOrEnd = ageInYears(dob, lastDay);
  const pupilNumber =
    authority.authority.nation === 'ENG' && authority.authority.laNumber !== null && ageAtCensusOrEnd >= 4.5 && !(uasc && rng.chance(0.5)) && rng.chance(0.92)
      ? drawUpn(rng, authority.authority.laNumber, new Date(Math.max(firstStart, dob + 4 * 365) * DAY).getUTCFullYear())
      : null;
  const upn = pupilNumber ?? upnUnknownReason(authority, periods, { uasc, nationality: identity.nationality, ageAtCensusOrEnd });
  // A duplicate keeps the identity variant it was given: only an original record is made less certain.
  const uncertain = forced === undefined && (uasc || trafficked);
  const estimate = uncertain ? estimatedAge(id, age.dobClaimed, firstStart, uasc ? P_DOB_UNKNOWN_UASC : P_DOB_UNKNOWN_TRAFFICKED) : null;
  rows.child.push({
    id,
    responsibleAuthorityCode: authority.code,
    laChildId: '',
    givenNames: identity.givenNames,
    familyName: uncertain && hashUnit(`name:${id}`) < P_SINGLE_NAME ? null : identity.familyName,
    sex: identity.sex,
    dateOfBirthClaimed: estimate === null ? isoDate(age.dobClaimed) : null,
    dateOfBirthAssessed: age.dobAssessed === null ? null : isoDate(age.dobAssessed),
    ...estimateColumns(estimate),
    nationality: identity.nationality,
    languages: identity.languages,
    interpreterNeeded: identity.interpreterNeeded,
    ethnicity: identity.ethnicity,
    upn,
    homeOfficeReference: uasc || (trafficked && identity.nationality !== 'GB' && rng.chance(0.5)) ? homeOfficeReference(rng) : null,
    nrmReference,
    policePersonId:
      firstReportMs !== null && rng.chance(0.6)
        ? `${twoDigitYear(firstReportMs)}/${rng.digits(7)}${UPN_LETTERS.charAt(rng.int(0, UPN_LETTERS.length - 1))}`
        : null,
    version: 1,
    createdAt: isoInstant(createdAt),
    updatedAt: isoInstant(Math.max(createdAt, at(lastDay))),
  });

  const lastEpisode = episodes[episodes.length - 1];
  return {
    rows,
    memory: {
      id,
      uasc,
      trafficked,
      authority,
      identity,
      dobClaimed: age.dobClaimed,
      firstStart,
      lastEpisodeStartDay: lastEpisode === undefined ? null : dayOf(lastEpisode.start),
    },
  };
}

type At = (day: number, fromHour?: number, toHour?: number) => number;

/** When care ends: assessed adult (E15), 18th birthday, or earlier (home, SGO, adoption…); null while it goes on. */
function drawCareEnd(
  ctx: Context,
  rng: Random,
  child: { uasc: boolean; trafficked: boolean; dob: number; firstStart: number; eighteenth: number; adultOn: number | null },
): { careEnd: number | null; reasonCeased: string | null } {
  const { uasc, dob } = child;
  if (child.adultOn !== null) return { careEnd: child.adultOn, reasonCeased: 'E15' };
  if (child.eighteenth <= ctx.lastDay) return { careEnd: child.eighteenth, reasonCeased: rng.weighted(uasc ? AGED_OUT_REASONS_UASC : AGED_OUT_REASONS) };
  if (rng.chance(uasc ? P_EARLY_END_UASC : child.trafficked ? P_EARLY_END_TRAFFICKED : P_EARLY_END_OTHER)) {
    const low = Math.max(ctx.windowStartDay, child.firstStart + 7);
    if (low <= ctx.lastDay) {
      const careEnd = rng.int(low, ctx.lastDay);
      return { careEnd, reasonCeased: drawEarlyReason(rng, ageInYears(dob, careEnd), uasc) };
    }
  }
  return { careEnd: null, reasonCeased: null };
}

/** The age statuses of the plan up to the last day of care. */
function addAgeStatuses(rng: Random, rows: PopulationRows, child: { id: string; history: AgeStatusPlan['history']; lastDay: number; at: At }): void {
  for (const entry of child.history) {
    if (entry.day > child.lastDay) continue;
    rows.ageStatus.push({
      id: rng.uuid(),
      childId: child.id,
      status: entry.status,
      effectiveFrom: isoDate(entry.day),
      note: entry.note,
      createdAt: isoInstant(child.at(entry.day)),
    });
  }
}

function addCarePeriods(rng: Random, rows: PopulationRows, child: { id: string; authority: AuthorityModel; periods: readonly PeriodPlan[]; at: At }): void {
  for (const period of child.periods) {
    const createdAt = child.at(period.start);
    rows.carePeriod.push({
      id: rng.uuid(),
      childId: child.id,
      startDate: isoDate(period.start),
      endDate: period.end === null ? null : isoDate(period.end),
      legalStatus: period.legalStatus,
      placementType: period.placementType,
      reasonNewEpisode: period.reasonNewEpisode,
      reasonCeased: period.reasonCeased,
      responsibleAuthorityCode: child.authority.code,
      hostAuthorityCode: period.host.code,
      version: 1,
      createdAt: isoInstant(createdAt),
      updatedAt: isoInstant(period.end === null ? createdAt : Math.max(createdAt, child.at(period.end))),
    });
  }
}

/** UASC status, and a transfer under the National Transfer Scheme (made, or awaited). */
function addUascStatus(
  ctx: Context,
  rng: Random,
  rows: PopulationRows,
  child: { id: string; authority: AuthorityModel; firstStart: number; careEnd: number | null; at: At },
): void {
  const { id, authority, firstStart, careEnd, at } = child;
  const createdAt = at(firstStart);
  rows.uascPeriod.push({
    id: rng.uuid(),
    childId: id,
    startDate: isoDate(firstStart),
    ceasedDate: careEnd === null ? null : isoDate(careEnd), // DUC: on or before the 18th birthday (903 rule 304)
    version: 1,
    createdAt: isoInstant(createdAt),
    updatedAt: isoInstant(careEnd === null ? createdAt : Math.max(createdAt, at(careEnd))),
  });
  if (!authority.gateway && ctx.gatewayTable !== null && rng.chance(0.45)) {
    // Arrived in a gateway authority and was transferred here under the NTS.
    const from = ctx.gatewayTable.pick(rng);
    const referredOn = firstStart - rng.int(3, 25);
    rows.nationalTransfer.push({
      id: rng.uuid(),
      childId: id,
      fromAuthorityCode: from.code,
      toAuthorityCode: authority.code,
      referredOn: isoDate(referredOn),
      transferredOn: isoDate(firstStart),
      createdAt: isoInstant(at(referredOn)),
    });
  } else if (authority.gateway && careEnd === null && ctx.nonGatewayTable !== null && firstStart >= ctx.lastDay - 45 && rng.chance(0.5)) {
    // A recent arrival in a gateway authority, referred for transfer and still waiting.
    const referredOn = Math.min(ctx.lastDay, firstStart + rng.int(1, 10));
    rows.nationalTransfer.push({
      id: rng.uuid(),
      childId: id,
      fromAuthorityCode: authority.code,
      toAuthorityCode: ctx.nonGatewayTable.pick(rng).code,
      referredOn: isoDate(referredOn),
      transferredOn: null,
      createdAt: isoInstant(at(referredOn)),
    });
  }
}

/** Exploitation types for child referrals: criminal most common (43% in Q4 2023), then sexual and labour. */
function drawExploitation(rng: Random, sex: Sex): ExploitationType[] {
  const primary = rng.weighted<ExploitationType>([
    ['CRIMINAL', 0.42],
    ['SEXUAL', sex === 'F' ? 0.35 : 0.1],
    ['LABOUR', 0.12],
    ['DOMESTIC_SERVITUDE', sex === 'F' ? 0.08 : 0.03],
    ['OTHER', 0.04],
    ['NOT_SPECIFIED', 0.2],
  ]);
  if (primary === 'NOT_SPECIFIED' || !rng.chance(0.12)) return [primary];
  const second = rng.pick((['CRIMINAL', 'SEXUAL', 'LABOUR'] as const).filter((type) => type !== primary));
  return [primary, second];
}

function addTraffickingConcern(
  ctx: Context,
  rng: Random,
  rows: PopulationRows,
  child: { id: string; uasc: boolean; identity: Identity; authority: AuthorityModel; firstStart: number; lastDay: number; at: (day: number) => number },
): string | null {
  const foreign = child.identity.nationality !== 'GB';
  // UASC: usually raised soon after arrival; others at any time in care.
  const raisedOn = child.uasc ? Math.min(child.lastDay, child.firstStart + Math.floor(rng.exponential(45))) : rng.int(child.firstStart, child.lastDay);
  const exploitationTypes = drawExploitation(rng, child.identity.sex);
  // County lines: mostly British children moved to sell drugs.
  const countyLines = exploitationTypes.includes('CRIMINAL') && rng.chance(foreign ? 0.15 : 0.55);
  const location = foreign
    ? rng.weighted<ExploitationLocation>([
        ['UK_ONLY', 0.3],
        ['OVERSEAS_ONLY', 0.15],
        ['UK_AND_OVERSEAS', 0.35],
        ['UNKNOWN', 0.2],
      ])
    : rng.weighted<ExploitationLocation>([
        ['UK_ONLY', 0.95],
        ['UNKNOWN', 0.05],
      ]);
  const indicators = rng.shuffle([...TRAFFICKING_INDICATORS]).slice(0, rng.int(1, 4));
  const raisedBy = rng.weighted([
    ["Children's services social worker", 0.45],
    ['Police', 0.2],
    ['Home Office', foreign ? 0.1 : 0],
    ['Border Force', child.uasc ? 0.06 : 0],
    ['School', 0.08],
    ['Health practitioner', 0.05],
    ['Youth justice service', foreign ? 0.01 : 0.05],
    ['Independent Child Trafficking Guardian', 0.02],
  ]);
  const concernId = rng.uuid();
  const concernCreated = child.at(raisedOn);

  // Status history: SUSPECTED when raised; IDENTIFIED on a positive reasonable-grounds decision;
  // CONFIRMED or NOT_TRAFFICKED on the conclusive-grounds decision.
  const statuses: { status: TraffickingStatus; day: number; basis: TraffickingStatusBasis }[] = [
    { status: 'SUSPECTED', day: raisedOn, basis: 'CONCERN_RAISED' },
  ];
  let nrmReference: string | null = null;
  let lastChange = raisedOn;

  // Every child potential victim should be referred (no consent needed): ~85% are.
  if (rng.chance(0.85)) {
    ({ reference: nrmReference, lastChange } = addNrmReferral(ctx, rng, rows, {
      id: concernId,
      raisedOn,
      foreign,
      authority: child.authority,
      at: child.at,
      statuses,
    }));
  }

  rows.traffickingConcern.push({
    id: concernId,
    childId: child.id,
    raisedOn: isoDate(raisedOn),
    raisedBy,
    indicators,
    exploitationTypes,
    countyLines,
    exploitationLocation: location,
    version: 1,
    createdAt: isoInstant(concernCreated),
    updatedAt: isoInstant(Math.max(concernCreated, child.at(lastChange))),
  });
  for (const entry of statuses) {
    rows.traffickingStatus.push({
      id: rng.uuid(),
      concernId,
      status: entry.status,
      effectiveFrom: isoDate(entry.day),
      basis: entry.basis,
      createdAt: isoInstant(child.at(entry.day)),
    });
  }
  return nrmReference;
}

/**
 * The NRM referral of a concern and its decisions: reasonable grounds within weeks (children: mostly positive),
 * conclusive grounds many months later. Adds the statuses the decisions give to the concern's; returns the
 * referral's reference and the day of its last change.
 */
function addNrmReferral(
  ctx: Context,
  rng: Random,
  rows: PopulationRows,
  concern: {
    id: string;
    raisedOn: number;
    foreign: boolean;
    authority: AuthorityModel;
    at: (day: number) => number;
    statuses: { status: TraffickingStatus; day: number; basis: TraffickingStatusBasis }[];
  },
): { reference: string; lastChange: number } {
  const { raisedOn, foreign, statuses } = concern;
  const referredOn = Math.min(ctx.lastDay, raisedOn + rng.int(0, 30));
  let lastChange = referredOn;
  const competentAuthority: CompetentAuthority =
    concern.authority.devolvedPanel && rng.chance(0.85) ? 'DEVOLVED_PANEL' : foreign && rng.chance(0.25) ? 'IECA' : 'SCA';
  const firstResponder = rng.weighted([
    [`${concern.authority.authority.name} children's services`, 0.55],
    [concern.authority.police.name, 0.25],
    ['Home Office (UK Visas and Immigration)', foreign ? 0.15 : 0],
    ["Barnardo's", 0.05],
  ]);
  let rgDecision: NrmDecision = 'PENDING';
  let rgOn: number | null = null;
  let cgDecision: NrmDecision = 'PENDING';
  let cgOn: number | null = null;
  const rgDay = referredOn + rng.int(2, 45);
  if (rgDay <= ctx.lastDay) {
    rgDecision = rng.weighted<NrmDecision>([
      ['POSITIVE', 0.82],
      ['NEGATIVE', 0.13],
      ['WITHDRAWN', 0.05],
    ]);
    rgOn = rgDay;
    lastChange = rgDay;
    if (rgDecision === 'POSITIVE') {
      statuses.push({ status: 'IDENTIFIED', day: rgDay, basis: 'RG_POSITIVE' });
      const cgDay = rgDay + rng.int(120, 720);
      if (cgDay <= ctx.lastDay) {
        cgDecision = rng.weighted<NrmDecision>([
          ['POSITIVE', 0.8],
          ['NEGATIVE', 0.15],
          ['WITHDRAWN', 0.05],
        ]);
        cgOn = cgDay;
        lastChange = cgDay;
        if (cgDecision === 'POSITIVE') statuses.push({ status: 'CONFIRMED', day: cgDay, basis: 'CG_POSITIVE' });
        if (cgDecision === 'NEGATIVE') statuses.push({ status: 'NOT_TRAFFICKED', day: cgDay, basis: 'CG_NEGATIVE' });
      }
    }
  }
  const reference = `NRM-${twoDigitYear(referredOn * DAY)}-${rng.digits(6)}`;
  const created = concern.at(referredOn);
  rows.nrmReferral.push({
    id: rng.uuid(),
    concernId: concern.id,
    referredOn: isoDate(referredOn),
    firstResponderOrganisation: firstResponder,
    competentAuthority,
    reasonableGroundsDecision: rgDecision,
    reasonableGroundsDecidedOn: rgOn === null ? null : isoDate(rgOn),
    conclusiveGroundsDecision: cgDecision,
    conclusiveGroundsDecidedOn: cgOn === null ? null : isoDate(cgOn),
    version: 1,
    createdAt: isoInstant(created),
    updatedAt: isoInstant(Math.max(created, concern.at(lastChange))),
  });
  return { reference, lastChange };
}

/** Adds one missing episode and its return interview; returns when it was reported to police, if it was. */
function addEpisode(
  ctx: Context,
  rng: Random,
  rows: PopulationRows,
  input: {
    childId: string;
    uasc: boolean;
    trafficked: boolean;
    identity: Identity;
    authority: AuthorityModel;
    periods: readonly PeriodPlan[];
    episode: EpisodePlan;
    next: EpisodePlan | undefined;
    beforeCensus: (ms: number) => number;
  },
): number | null {
  const { episode, beforeCensus } = input;
  const period = periodAt(input.periods, dayOf(episode.start));
  const host = period.host;
  const outOfArea = host !== input.authority;
  const end = episode.end;

  const { reportedAt, risk } = drawPoliceReport(rng, { episode, trafficked: input.trafficked, beforeCensus });
  const endReason = drawEndReason(rng, episode, input.identity.nationality);

  // Return interview: decided first, because harm and exploitation are learned there.
  const interview = end === null ? null : planInterview(ctx, rng, input.trafficked, episode, end, input.next);
  const { harm, exploitation } = drawDisclosures(rng, interview?.completedAt ?? null, input.trafficked);

  const episodeId = rng.uuid();
  const createdAt = beforeCensus(episode.start + rng.int(10, 240) * MINUTE);
  const updatedAt = end === null ? createdAt : Math.max(createdAt, beforeCensus(end + rng.int(30, 600) * MINUTE));
  const responsibleToldAt = beforeCensus(episode.start + rng.int(10, 180) * MINUTE);
  rows.missingEpisode.push({
    id: episodeId,
    childId: input.childId,
    type: episode.type,
    startAt: isoInstant(episode.start),
    endAt: end === null ? null : isoInstant(end),
    responsibleAuthorityCode: input.authority.code,
    hostAuthorityCode: host.code,
    lastSeenLocation: rng.chance(0.85) ? rng.weighted(LAST_SEEN_LOCATIONS) : null,
    lastSeenWith: rng.chance(0.5) ? rng.weighted(LAST_SEEN_WITH) : null,
    reportedToPoliceAt: reportedAt === null ? null : isoInstant(reportedAt),
    policeForce: reportedAt === null ? null : host.police.name,
    policeReference: reportedAt === null ? null : `${host.police.prefix}-${twoDigitYear(reportedAt)}-${rng.digits(6)}`,
    policeRiskLevel: risk,
    responsibleAuthorityToldAt: isoInstant(responsibleToldAt),
    // Out of area, the host authority must be told too; sometimes it is not (a known gap).
    hostAuthorityToldAt: outOfArea && rng.chance(0.85) ? isoInstant(beforeCensus(episode.start + rng.int(30, 24 * 60) * MINUTE)) : null,
    endReason,
    harmDisclosed: harm,
    exploitationDisclosed: exploitation,
    version: 1,
    createdAt: isoInstant(createdAt),
    updatedAt: isoInstant(updatedAt),
  });

  if (interview !== null) addReturnInterview(rng, rows, { episodeId, interview, harm, exploitation });
  return reportedAt;
}

/** Whether the police were told and when: usually within a few hours; if the child came back first, before the return. */
function drawPoliceReport(
  rng: Random,
  input: { episode: EpisodePlan; trafficked: boolean; beforeCensus: (ms: number) => number },
): { reportedAt: number | null; risk: PoliceRiskLevel | null } {
  const { episode, beforeCensus } = input;
  const { end } = episode;
  if (!rng.chance(episode.type === 'M' ? P_REPORTED_M : P_REPORTED_A)) return { reportedAt: null, risk: null };
  let delay = 20 * MINUTE + rng.exponential(2 * HOUR);
  if (end !== null && episode.start + delay >= end) delay = (end - episode.start) * rng.real(0.2, 0.8);
  const reportedAt = Math.max(episode.start, Math.floor(beforeCensus(episode.start + delay) / MINUTE) * MINUTE);
  const risk = rng.weighted<PoliceRiskLevel>(
    input.trafficked
      ? [
          ['VERY_LOW', 0.03],
          ['LOW', 0.17],
          ['MEDIUM', 0.5],
          ['HIGH', 0.3],
        ]
      : [
          ['VERY_LOW', 0.1],
          ['LOW', 0.35],
          ['MEDIUM', 0.45],
          ['HIGH', 0.1],
        ],
  );
  return { reportedAt, risk };
}

/** How an ended episode ended; null while it goes on. */
function drawEndReason(rng: Random, episode: EpisodePlan, nationality: string | null): EpisodeEndReason | null {
  const { end } = episode;
  if (end === null) return null;
  if (episode.type === 'A')
    return rng.weighted<EpisodeEndReason>([
      ['RETURNED_SELF', 0.7],
      ['FOUND_CARER', 0.25],
      ['FOUND_OTHER', 0.05],
    ]);
  if (nationality !== 'GB' && end - episode.start > 7 * DAY && rng.chance(0.2)) return 'LOCATED_ABROAD';
  return rng.weighted<EpisodeEndReason>([
    ['RETURNED_SELF', 0.52],
    ['FOUND_POLICE', 0.22],
    ['FOUND_CARER', 0.12],
    ['FOUND_OTHER', 0.14],
  ]);
}

/** What a completed return interview disclosed: harm, and whether exploitation (null for both without one). */
function drawDisclosures(rng: Random, completed: number | null, trafficked: boolean): { harm: HarmDisclosed | null; exploitation: boolean | null } {
  if (completed === null) return { harm: null, exploitation: null };
  const harm = rng.weighted<HarmDisclosed>(
    trafficked
      ? [
          ['NONE', 0.55],
          ['SUSPECTED', 0.3],
          ['CONFIRMED', 0.15],
        ]
      : [
          ['NONE', 0.78],
          ['SUSPECTED', 0.16],
          ['CONFIRMED', 0.06],
        ],
  );
  return { harm, exploitation: rng.chance(trafficked ? 0.3 : 0.06) };
}

/** The return interview of an episode, with outcomes that follow what it disclosed. */
function addReturnInterview(
  rng: Random,
  rows: PopulationRows,
  input: { episodeId: string; interview: InterviewPlan; harm: HarmDisclosed | null; exploitation: boolean | null },
): void {
  const { interview, harm, exploitation } = input;
  const outcomes: InterviewOutcome[] =
    interview.completedAt === null
      ? []
      : exploitation === true || harm !== 'NONE'
        ? rng
            .shuffle<InterviewOutcome>([
              'SAFEGUARDING_REFERRAL',
              'POLICE_INTELLIGENCE',
              'CARE_PLAN_CHANGE',
              ...(exploitation === true ? (['NRM_REFERRAL'] as const) : []),
            ])
            .slice(0, rng.int(1, 2))
        : [
            rng.weighted<InterviewOutcome>([
              ['NO_FURTHER_ACTION', 0.6],
              ['POLICE_INTELLIGENCE', 0.2],
              ['CARE_PLAN_CHANGE', 0.2],
            ]),
          ];
  rows.returnInterview.push({
    id: rng.uuid(),
    episodeId: input.episodeId,
    offeredAt: interview.offeredAt === null ? null : isoInstant(interview.offeredAt),
    response: interview.response,
    notOfferedReason: interview.notOfferedReason,
    completedAt: interview.completedAt === null ? null : isoInstant(interview.completedAt),
    interviewerType: interview.interviewerType,
    outcomes,
    version: 1,
    createdAt: isoInstant(interview.createdAt),
    updatedAt: isoInstant(Math.max(interview.createdAt, interview.completedAt ?? interview.createdAt)),
  });
}

interface InterviewPlan {
  readonly response: InterviewResponse;
  readonly offeredAt: number | null;
  readonly completedAt: number | null;
  readonly notOfferedReason: string | null;
  readonly interviewerType: InterviewerType | null;
  readonly createdAt: number;
}

/** null when nothing was recorded yet (the child came back just before the census). */
function planInterview(ctx: Context, rng: Random, trafficked: boolean, episode: EpisodePlan, end: number, next: EpisodePlan | undefined): InterviewPlan | null {
  const missingAgainSoon = next !== undefined && next.start - end < 72 * HOUR;
  const offered = rng.chance(episode.type === 'M' ? P_OFFERED_M : P_OFFERED_A) && !(missingAgainSoon && rng.chance(0.5));
  if (!offered) {
    const createdAt = end + rng.int(2 * 60, 72 * 60) * MINUTE;
    if (createdAt >= ctx.censusMs) return null;
    return {
      response: 'NOT_OFFERED',
      offeredAt: null,
      completedAt: null,
      notOfferedReason: missingAgainSoon ? MISSING_AGAIN_REASON : episode.type === 'A' ? NOT_OFFERED_REASONS[0] : rng.pick(NOT_OFFERED_REASONS.slice(1)),
      interviewerType: null,
      createdAt,
    };
  }
  // Offer, then (if accepted) completion: within 72 hours of the return for ~60%, otherwise later.
  const onTime = rng.chance(P_COMPLETED_WITHIN_72H);
  const offeredAt = end + rng.int(60, (onTime ? 30 : 60) * 60) * MINUTE;
  if (offeredAt >= ctx.censusMs) return null;
  const completion = onTime
    ? offeredAt + rng.real(0.1, 1) * (end + 72 * HOUR - offeredAt)
    : end + 72 * HOUR + Math.min(rng.exponential(5 * 24 * HOUR), 45 * 24 * HOUR) + MINUTE;
  const accepted = rng.chance(P_ACCEPTED);
  const completedAt = accepted && completion < ctx.censusMs ? Math.floor(completion / MINUTE) * MINUTE : null;
  const interviewerType = rng.weighted<InterviewerType>([
    ['INDEPENDENT_PROVIDER', trafficked ? 0.5 : 0.65],
    ['LA_WORKER', 0.25],
    ['ICTG', trafficked ? 0.2 : 0.02],
    ['OTHER', 0.05],
  ]);
  return { response: accepted ? 'ACCEPTED' : 'DECLINED', offeredAt, completedAt, notOfferedReason: null, interviewerType, createdAt: offeredAt };
}

function addAliases(
  ctx: Context,
  rng: Random,
  rows: PopulationRows,
  child: {
    id: string;
    identity: Identity;
    dobClaimed: number;
    authority: AuthorityModel;
    firstStart: number;
    lastDay: number;
    uasc: boolean;
    at: (day: number) => number;
  },
): void {
  const count = rng.weighted([
    [1, 0.6],
    [2, 0.3],
    [3, 0.1],
  ]);
  let base = { givenNames: child.identity.givenNames, familyName: child.identity.familyName, dateOfBirth: isoDate(child.dobClaimed) };
  for (let i = 0; i < count; i += 1) {
    // Each alias drifts from the true identity, or (sometimes) from the previous alias.
    const variant = aliasVariant(
      rng,
      i > 0 && rng.chance(0.3)
        ? base
        : { givenNames: child.identity.givenNames, familyName: child.identity.familyName, dateOfBirth: isoDate(child.dobClaimed) },
    );
    base = { givenNames: variant.givenNames, familyName: variant.familyName, dateOfBirth: variant.dateOfBirth ?? base.dateOfBirth };
    const other = ctx.sizeTable.pick(rng);
    const source = rng.weighted([
      ['Home Office', 0.3],
      ['Border Force', child.uasc ? 0.12 : 0],
      [other.police.name, 0.25],
      [other === child.authority ? 'Metropolitan Police Service' : other.authority.name, 0.25],
      ["Barnardo's", 0.05],
      ['British Transport Police', 0.05],
    ]);
    const alternatives = child.identity.nationality === null ? undefined : ALTERNATIVE_NATIONALITIES[child.identity.nationality];
    const nationality = alternatives !== undefined && rng.chance(0.25) ? rng.pick(alternatives) : rng.chance(0.1) ? 'unknown' : child.identity.nationality;
    const seenWhere = rng.chance(0.8)
      ? rng.pick(
          child.uasc
            ? [
                'Kent Intake Unit, Dover',
                'Western Jet Foil, Dover',
                'Heathrow Airport',
                'Lunar House, Croydon',
                'Asylum screening unit',
                'Police custody',
                'Hotel accommodation',
              ]
            : ['Police custody', 'Car wash', 'Nail bar', 'Cannabis farm', 'Railway station', 'Address of concern', 'Hospital emergency department'],
        )
      : null;
    const seenOn = rng.int(child.firstStart, child.lastDay);
    rows.childAlias.push({
      id: rng.uuid(),
      childId: child.id,
      givenNames: variant.givenNames,
      familyName: variant.familyName,
      dateOfBirth: rng.chance(0.85) ? variant.dateOfBirth : null,
      nationality,
      source,
      seenWhere,
      seenOn: isoDate(seenOn),
      createdAt: isoInstant(child.at(seenOn)),
    });
  }
}

/** The same child turning up in another authority, recorded as identity-variants.ts describes. */
function generateDuplicate(ctx: Context, rng: Random, original: ChildMemory): ChildBundle | null {
  const variant = recordedAgain(rng, { ...original.identity, dateOfBirth: isoDate(original.dobClaimed) });
  const dob = parseIsoDate(variant.dateOfBirth);
  // Usually after they went missing from the first authority; otherwise any time after they arrived.
  let low = original.firstStart + 14;
  if (original.lastEpisodeStartDay !== null && rng.chance(0.7)) low = Math.max(low, original.lastEpisodeStartDay + 1);
  if (low > ctx.lastDay) return null;
  const table = original.uasc ? ctx.uascTable : ctx.sizeTable;
  let authority = table.pick(rng);
  for (let tries = 0; tries < 10 && authority === original.authority; tries += 1) authority = table.pick(rng);
  if (authority === original.authority) return null;
  const identity: Identity = {
    ...original.identity,
    givenNames: variant.givenNames,
    familyName: variant.familyName,
    nationality: variant.nationality,
    languages: [...original.identity.languages],
  };
  return generateChild(ctx, rng, {
    uasc: original.uasc,
    trafficked: original.trafficked ? rng.chance(0.6) : rng.chance(0.1),
    authority,
    identity,
    dob,
    firstStart: rng.int(low, ctx.lastDay),
  });
}

// ---------------------------------------------------------------------------------------------
// The generator

function buildContext(options: PopulationOptions): Context {
  if (!Number.isInteger(options.children) || options.children < 0) throw new RangeError('children must be a whole number, 0 or more');
  if (options.authorities.length === 0) throw new RangeError('At least one local authority is needed');
  const censusDay = parseIsoDate(options.censusDate);
  const authorities = buildAuthorityModels(options.authorities);
  const gateways = authorities.filter((model) => model.gateway);
  const nonGateways = authorities.filter((model) => !model.gateway);
  return {
    censusDay,
    lastDay: censusDay - 1,
    windowStartDay: censusDay - 365,
    censusMs: censusDay * DAY,
    authorities,
    sizeTable: new WeightedTable(authorities.map((model) => [model, model.sizeWeight] as const)),
    uascTable: new WeightedTable(authorities.map((model) => [model, model.uascWeight] as const)),
    gatewayTable: gateways.length === 0 ? null : new WeightedTable(gateways.map((model) => [model, model.uascWeight] as const)),
    nonGatewayTable: nonGateways.length === 0 ? null : new WeightedTable(nonGateways.map((model) => [model, model.sizeWeight] as const)),
  };
}

/**
 * Yields the population in batches of about `batchSize` children with all their rows, and returns
 * the duplicate pairs. Each batch has its own random stream, so output depends only on the options.
 */
export function* generatePopulation(options: PopulationOptions): Generator<PopulationBatch, PopulationSummary, undefined> {
  const ctx = buildContext(options);
  const batchSize = options.batchSize ?? DEFAULT_BATCH_SIZE;
  if (!Number.isInteger(batchSize) || batchSize < 1) throw new RangeError('batchSize must be a whole number, 1 or more');
  const counters = new Map<AuthorityModel, number>();
  const allPairs: DuplicatePair[] = [];
  let produced = 0;

  for (let batchIndex = 0; produced < options.children; batchIndex += 1) {
    const size = Math.min(batchSize, options.children - produced);
    const rng = new Random(options.seed, batchIndex + 1);
    const bundles: ChildBundle[] = [];
    const pairs: DuplicatePair[] = [];
    while (bundles.length < size) {
      const bundle = generateChild(ctx, rng);
      if (bundle === null) continue;
      bundles.push(bundle);
      const { memory } = bundle;
      if (bundles.length < size && rng.chance(memory.uasc || memory.trafficked ? P_DUPLICATE_UASC_OR_TRAFFICKED : P_DUPLICATE_OTHER)) {
        const duplicate = generateDuplicate(ctx, rng, memory);
        if (duplicate !== null) {
          bundles.push(duplicate);
          pairs.push({ originalId: memory.id, duplicateId: duplicate.memory.id });
        }
      }
    }
    // Shuffle so a pair is not adjacent in insertion order, then number children per authority.
    rng.shuffle(bundles);
    const batch: PopulationBatch = { ...emptyRows(), duplicatePairs: pairs };
    for (const bundle of bundles) {
      const counter = (counters.get(bundle.memory.authority) ?? 0) + 1;
      counters.set(bundle.memory.authority, counter);
      for (const child of bundle.rows.child) child.laChildId = String(bundle.memory.authority.childIdBase + counter);
      appendRows(batch, bundle.rows);
    }
    produced += size;
    allPairs.push(...pairs);
    yield batch;
  }
  return { children: produced, duplicatePairs: allPairs };
}

function appendRows(target: PopulationRows, source: PopulationRows): void {
  target.child.push(...source.child);
  target.childAlias.push(...source.childAlias);
  target.ageStatus.push(...source.ageStatus);
  target.carePeriod.push(...source.carePeriod);
  target.uascPeriod.push(...source.uascPeriod);
  target.nationalTransfer.push(...source.nationalTransfer);
  target.traffickingConcern.push(...source.traffickingConcern);
  target.traffickingStatus.push(...source.traffickingStatus);
  target.nrmReferral.push(...source.nrmReferral);
  target.missingEpisode.push(...source.missingEpisode);
  target.returnInterview.push(...source.returnInterview);
}
