// SSDA903 (children looked after return, England) code lists.
//
// Which codes are valid: the DfE-aligned 903 validator, data-to-insight/csc-validator-be-903,
// most recent collection year it holds: 2025-26 (1 April 2025 to 31 March 2026).
//   LS     lac_validator/rules/lac2022_23/rule_144.py  (unchanged in 2023-24, 2024-25, 2025-26)
//   CIN    lac_validator/rules/lac2022_23/rule_145.py  (unchanged)
//   RNE    lac_validator/rules/lac2022_23/rule_143.py  (unchanged)
//   REC    lac_validator/rules/lac2022_23/rule_149.py  (unchanged)
//   ETHNIC lac_validator/rules/lac2022_23/rule_103.py, lac2024_25/rule_103.py (same list)
//   PLACE  lac_validator/rules/lac2022_23/rule_146.py, replaced by lac2024_25/rule_146.py (adds K3)
//          and lac2025_26/rule_146.py (adds K3, Z11-Z14; drops H5, P2, Z1).
// lac_validator/config.py holds only the column names of each table, no code lists.
//
// Labels: the DfE code-set wording (903 guide / technical specification), lightly abridged in a few
// long labels, as copied into several independent public repositories that agree word for word. The DfE wording for K3 comes from one of those copies only, and
// the meanings of Z11-Z14 were not found (see the Z1x labels). Verify both against the DfE
// "Children looked after return 2025 to 2026" guide before showing them to users.
//
// A `validFrom`/`validUntil` collection year is given only where the validator's lists change
// between years. A code without them is valid in every year from 2022-23 (the validator's base
// year) to 2025-26. The `is…Code` guards accept every code in a list, whatever its years; use
// `isPlacementTypeValidIn` to check a year.
//
// The `group` of each placement type is Lantern's own grouping for statistics, not a DfE category.

/** A collection year, named as DfE does: '2025-26' runs from 1 April 2025 to 31 March 2026. */
export type CollectionYear = `${number}-${number}`;

interface CodeEntry {
  readonly code: string;
  readonly label: string;
  readonly validFrom?: CollectionYear;
  readonly validUntil?: CollectionYear;
}

// ---------------------------------------------------------------------------------------------
// LS: legal status

export const LEGAL_STATUSES = [
  { code: 'C1', label: 'Interim care order' },
  { code: 'C2', label: 'Full care order' },
  { code: 'D1', label: 'Freeing order granted' },
  { code: 'E1', label: 'Placement order granted' },
  { code: 'V2', label: 'Single period of accommodation under section 20 (Children Act 1989)' },
  {
    code: 'V3',
    label: 'Accommodated under an agreed series of short-term breaks, when individual episodes of care are recorded',
  },
  {
    code: 'V4',
    label: 'Accommodated under an agreed series of short-term breaks, when agreements are recorded (NOT individual episodes of care)',
  },
  { code: 'J1', label: 'Remanded to local authority accommodation or to youth detention accommodation' },
  {
    code: 'J2',
    label:
      'Placed in local authority accommodation under the Police and Criminal Evidence Act 1984, including secure accommodation (not necessarily accommodation where the child would be detained)',
  },
  {
    code: 'J3',
    label:
      'Sentenced to Youth Rehabilitation Order (Criminal Justice and Immigration Act 2008 as amended by LASPOA 2012) with residence or intensive fostering requirement',
  },
  { code: 'L1', label: 'Under police protection and in local authority accommodation' },
  { code: 'L2', label: 'Emergency protection order (EPO)' },
  { code: 'L3', label: 'Under child assessment order and in local authority accommodation' },
] as const satisfies readonly CodeEntry[];

export type LegalStatusCode = (typeof LEGAL_STATUSES)[number]['code'];

const LEGAL_STATUS_CODES: ReadonlySet<string> = new Set(LEGAL_STATUSES.map((entry) => entry.code));

export function isLegalStatusCode(value: string): value is LegalStatusCode {
  return LEGAL_STATUS_CODES.has(value);
}

// ---------------------------------------------------------------------------------------------
// PLACE: placement type

export const PLACEMENT_GROUPS = [
  'foster',
  'children_home',
  'semi_independent',
  'secure',
  'placed_with_parents',
  'adoption',
  'residential_other',
  'other',
] as const;

/** Lantern's statistical grouping of placement types (not a DfE category). */
export type PlacementGroup = (typeof PLACEMENT_GROUPS)[number];

interface PlacementTypeEntry extends CodeEntry {
  readonly group: PlacementGroup;
}

export const PLACEMENT_TYPES = [
  {
    code: 'A3',
    label:
      'Placed for adoption with parental/guardian consent with current foster carer(s) (section 19, Adoption and Children Act 2002) or with a freeing order where parental/guardian consent has been given (section 18(1)(a), Adoption Act 1976)',
    group: 'adoption',
  },
  {
    code: 'A4',
    label:
      'Placed for adoption with parental/guardian consent not with current foster carer(s) (section 19, Adoption and Children Act 2002) or with a freeing order where parental/guardian consent has been given (section 18(1)(a), Adoption Act 1976)',
    group: 'adoption',
  },
  {
    code: 'A5',
    label:
      'Placed for adoption with placement order with current foster carer(s) (section 21, Adoption and Children Act 2002) or with a freeing order where parental/guardian consent was dispensed with (section 18(1)(b), Adoption Act 1976)',
    group: 'adoption',
  },
  {
    code: 'A6',
    label:
      'Placed for adoption with placement order not with current foster carer(s) (section 21, Adoption and Children Act 2002) or with a freeing order where parental/guardian consent was dispensed with (section 18(1)(b), Adoption Act 1976)',
    group: 'adoption',
  },
  {
    code: 'H5',
    label: "Semi-independent living accommodation not subject to children's homes regulations",
    group: 'semi_independent',
    validUntil: '2024-25',
  },
  { code: 'K1', label: "Secure children's homes", group: 'secure' },
  { code: 'K2', label: "Children's homes subject to Children's Homes Regulations", group: 'children_home' },
  {
    // The validator's 2024-25 list spells it 'k3', so K3 fails rule 146 there; 2025-26 has 'K3'.
    code: 'K3',
    label: 'Registered supported accommodation',
    group: 'semi_independent',
    validFrom: '2024-25',
  },
  {
    code: 'P1',
    label: 'Placed with own parent(s) or other person(s) with parental responsibility',
    group: 'placed_with_parents',
  },
  {
    code: 'P2',
    label: 'Independent living, for example in a flat, lodgings, bedsit, bed and breakfast (B&B) or with friends, with or without formal support',
    group: 'semi_independent',
    validUntil: '2024-25',
  },
  { code: 'P3', label: 'Residential employment', group: 'other' },
  { code: 'R1', label: 'Residential care home', group: 'residential_other' },
  {
    code: 'R2',
    label: 'National Health Service (NHS)/health trust or other establishment providing medical or nursing care',
    group: 'residential_other',
  },
  { code: 'R3', label: 'Family centre or mother and baby unit', group: 'residential_other' },
  { code: 'R5', label: 'Young offender institution (YOI)', group: 'secure' },
  {
    code: 'S1',
    label: "All residential schools, except where dual-registered as a school and children's home",
    group: 'residential_other',
  },
  { code: 'T0', label: 'All types of temporary move', group: 'other' },
  { code: 'T1', label: 'Temporary periods in hospital', group: 'other' },
  { code: 'T2', label: 'Temporary absences of the child on holiday', group: 'other' },
  { code: 'T3', label: 'Temporary accommodation whilst normal foster carer(s) is/are on holiday', group: 'other' },
  {
    code: 'T4',
    label: 'Temporary accommodation of seven days or less, for any reason, not covered by codes T1 to T3',
    group: 'other',
  },
  { code: 'U1', label: 'Foster placement with relative(s) or friend(s) – long term fostering', group: 'foster' },
  {
    code: 'U2',
    label: 'Fostering placement with relative(s) or friend(s) who is/are also an approved adopter(s) – fostering for adoption/concurrent planning',
    group: 'foster',
  },
  {
    code: 'U3',
    label: 'Fostering placement with relative(s) or friend(s) who is/are not long-term or fostering for adoption/concurrent planning',
    group: 'foster',
  },
  { code: 'U4', label: 'Foster placement with other foster carer(s) – long term fostering', group: 'foster' },
  {
    code: 'U5',
    label: 'Foster placement with other foster carer(s) who is/are also an approved adopter(s) – fostering for adoption/concurrent planning',
    group: 'foster',
  },
  {
    code: 'U6',
    label: 'Foster placement with other foster carer(s) – not long term or fostering for adoption/concurrent planning',
    group: 'foster',
  },
  {
    code: 'Z1',
    label: 'Other placements (must be listed on a schedule sent to DfE with the annual submission)',
    group: 'other',
    validUntil: '2024-25',
  },
  // Z11-Z14 replace Z1 from 2025-26 (validator lac2025_26 rules 146, 178, 229). Their DfE
  // meanings were not found in any source searched: the labels below are placeholders.
  { code: 'Z11', label: 'Other placement, sub-type Z11 (meaning unconfirmed)', group: 'other', validFrom: '2025-26' },
  { code: 'Z12', label: 'Other placement, sub-type Z12 (meaning unconfirmed)', group: 'other', validFrom: '2025-26' },
  { code: 'Z13', label: 'Other placement, sub-type Z13 (meaning unconfirmed)', group: 'other', validFrom: '2025-26' },
  { code: 'Z14', label: 'Other placement, sub-type Z14 (meaning unconfirmed)', group: 'other', validFrom: '2025-26' },
] as const satisfies readonly PlacementTypeEntry[];

export type PlacementTypeCode = (typeof PLACEMENT_TYPES)[number]['code'];

const PLACEMENT_TYPE_BY_CODE: ReadonlyMap<string, PlacementTypeEntry> = new Map(PLACEMENT_TYPES.map((entry) => [entry.code, entry]));

export function isPlacementTypeCode(value: string): value is PlacementTypeCode {
  return PLACEMENT_TYPE_BY_CODE.has(value);
}

export function placementGroupOf(code: PlacementTypeCode): PlacementGroup {
  const entry = PLACEMENT_TYPE_BY_CODE.get(code);
  if (entry === undefined) throw new Error(`Unknown placement type ${code}`);
  return entry.group;
}

function startYearOf(year: CollectionYear): number {
  return Number(year.slice(0, 4));
}

/** Whether the validator accepts a placement type in a collection year ('2025-26'). */
export function isPlacementTypeValidIn(code: PlacementTypeCode, year: CollectionYear): boolean {
  const entry = PLACEMENT_TYPE_BY_CODE.get(code);
  if (entry === undefined) return false;
  const start = startYearOf(year);
  if (entry.validFrom !== undefined && start < startYearOf(entry.validFrom)) return false;
  if (entry.validUntil !== undefined && start > startYearOf(entry.validUntil)) return false;
  return true;
}

// ---------------------------------------------------------------------------------------------
// REC: reason episode ceased

export const REASONS_CEASED = [
  { code: 'E11', label: 'Adopted – application for an adoption order unopposed' },
  { code: 'E12', label: 'Adopted – consent dispensed with by the court' },
  {
    code: 'E13',
    label: 'Left care to live with parent(s), relative(s), or other person(s) with no parental responsibility',
  },
  { code: 'E14', label: 'Accommodation on remand ended' },
  {
    code: 'E15',
    label:
      'Age assessment determined child is aged 18 or over and E5, E6 and E7 do not apply, such as an unaccompanied asylum-seeking child (UASC) whose age has been disputed',
  },
  { code: 'E16', label: 'Child moved abroad' },
  { code: 'E17', label: 'Aged 18 (or over) and remained with current carers (inc under staying put arrangements)' },
  { code: 'E2', label: 'Died' },
  { code: 'E3', label: 'Care taken over by another local authority in the UK' },
  {
    code: 'E4A',
    label:
      'Returned home to live with parent(s), relative(s), or other person(s) with parental responsibility as part of the care planning process (not under a special guardianship order or residence order or (from 22 April 2014) a child arrangement order)',
  },
  {
    code: 'E4B',
    label:
      'Returned home to live with parent(s), relative(s), or other person(s) with parental responsibility which was not part of the current care planning process (not under a special guardianship order or residence order or (from 22 April 2014) a child arrangement order)',
  },
  {
    code: 'E41',
    label: 'Residence order (or, from 22 April 2014, a child arrangement order which sets out with whom the child is to live) granted',
  },
  {
    code: 'E45',
    label: 'Special guardianship order made to former foster carer(s), who was/are a relative(s) or friend(s)',
  },
  { code: 'E46', label: 'Special guardianship order made to former foster carer(s), other than relative(s) or friend(s)' },
  {
    code: 'E47',
    label: 'Special guardianship order made to carer(s), other than former foster carer(s), who was/are a relative(s) or friend(s)',
  },
  {
    code: 'E48',
    label: 'Special guardianship order made to carer(s), other than former foster carer(s), other than relative(s) or friend(s)',
  },
  {
    code: 'E5',
    label:
      "Moved into independent living arrangement and no longer looked after: supportive accommodation providing formalised advice/support arrangements (such as most hostels, young men's Christian association, foyers, staying close and care leavers projects); includes children leaving care before and at age 18",
  },
  {
    code: 'E6',
    label:
      'Moved into independent living arrangement and no longer looked after: accommodation providing no formalised advice/support arrangements (such as bedsit, own flat, living with friend(s)); includes children leaving care before and at age 18',
  },
  { code: 'E7', label: 'Transferred to residential care funded by adult social care services' },
  { code: 'E8', label: 'Period of being looked after ceased for any other reason (where none of the other reasons apply)' },
  { code: 'E9', label: 'Sentenced to custody' },
  { code: 'X1', label: 'Episode ceases, and new episode begins on same day, for any reason' },
] as const satisfies readonly CodeEntry[];

export type ReasonCeasedCode = (typeof REASONS_CEASED)[number]['code'];

const REASON_CEASED_CODES: ReadonlySet<string> = new Set(REASONS_CEASED.map((entry) => entry.code));

export function isReasonCeasedCode(value: string): value is ReasonCeasedCode {
  return REASON_CEASED_CODES.has(value);
}

// ---------------------------------------------------------------------------------------------
// UPN: why a child has no unique pupil number. The return writes the code in the UPN column itself
// (rule 168 accepts it there), and rule 442 asks for a UPN or one of these for a child looked after
// other than under V3 or V4 (short breaks). Labels: the DfE common basic data set wording as we know
// it; verify against the DfE "Children looked after return" guide before relying on their detail.

export const UPN_UNKNOWN_REASONS = [
  { code: 'UN1', label: 'Child is aged under 6 years old and is not yet attending school' },
  { code: 'UN2', label: 'Child has never attended school in England' },
  { code: 'UN3', label: 'Child is educated outside England' },
  { code: 'UN4', label: 'Child is newly looked after and their UPN has not yet been found' },
  { code: 'UN5', label: 'Sources collating UPNs reflect discrepancy' },
] as const satisfies readonly CodeEntry[];

export type UpnUnknownReason = (typeof UPN_UNKNOWN_REASONS)[number]['code'];

const UPN_UNKNOWN_REASON_CODES: ReadonlySet<string> = new Set(UPN_UNKNOWN_REASONS.map((entry) => entry.code));

/** Whether a UPN column's value is a reason for having none (UN1 to UN5) rather than a pupil number. */
export function isUpnUnknownReason(value: string): value is UpnUnknownReason {
  return UPN_UNKNOWN_REASON_CODES.has(value.toUpperCase());
}

// ---------------------------------------------------------------------------------------------
// RNE: reason for new episode

export const REASONS_NEW_EPISODE = [
  { code: 'S', label: 'Started to be looked after' },
  { code: 'L', label: 'Change of legal status only' },
  { code: 'P', label: 'Change of placement and carer(s) only' },
  { code: 'T', label: 'Change of placement (but same carer(s)) only' },
  { code: 'U', label: 'Change of legal status and change of placement (but same carer(s)) at the same time' },
  { code: 'B', label: 'Change of legal status and placement and carer(s) at the same time' },
] as const satisfies readonly CodeEntry[];

export type ReasonNewEpisodeCode = (typeof REASONS_NEW_EPISODE)[number]['code'];

const REASON_NEW_EPISODE_CODES: ReadonlySet<string> = new Set(REASONS_NEW_EPISODE.map((entry) => entry.code));

export function isReasonNewEpisodeCode(value: string): value is ReasonNewEpisodeCode {
  return REASON_NEW_EPISODE_CODES.has(value);
}

// ---------------------------------------------------------------------------------------------
// ETHNIC: ethnicity

export const ETHNICITIES = [
  { code: 'WBRI', label: 'White British' },
  { code: 'WIRI', label: 'White Irish' },
  { code: 'WOTH', label: 'Any other White background' },
  { code: 'WIRT', label: 'Traveller of Irish heritage' },
  { code: 'WROM', label: 'Gypsy/Roma' },
  { code: 'MWBC', label: 'White and Black Caribbean' },
  { code: 'MWBA', label: 'White and Black African' },
  { code: 'MWAS', label: 'White and Asian' },
  { code: 'MOTH', label: 'Any other mixed background' },
  { code: 'AIND', label: 'Indian' },
  { code: 'APKN', label: 'Pakistani' },
  { code: 'ABAN', label: 'Bangladeshi' },
  { code: 'AOTH', label: 'Any other Asian background' },
  { code: 'BCRB', label: 'Caribbean' },
  { code: 'BAFR', label: 'African' },
  { code: 'BOTH', label: 'Any other Black background' },
  { code: 'CHNE', label: 'Chinese' },
  { code: 'OOTH', label: 'Any other ethnic group' },
  { code: 'REFU', label: 'Refused' },
  { code: 'NOBT', label: 'Information not yet obtained' },
] as const satisfies readonly CodeEntry[];

export type EthnicityCode = (typeof ETHNICITIES)[number]['code'];

const ETHNICITY_CODES: ReadonlySet<string> = new Set(ETHNICITIES.map((entry) => entry.code));

export function isEthnicityCode(value: string): value is EthnicityCode {
  return ETHNICITY_CODES.has(value);
}

// ---------------------------------------------------------------------------------------------
// CIN: category of need (the main reason the child is looked after)

export const CATEGORIES_OF_NEED = [
  { code: 'N1', label: 'Abuse or neglect' },
  { code: 'N2', label: "Child's disability" },
  { code: 'N3', label: 'Parental illness or disability' },
  { code: 'N4', label: 'Family in acute stress' },
  { code: 'N5', label: 'Family dysfunction' },
  { code: 'N6', label: 'Socially unacceptable behaviour' },
  { code: 'N7', label: 'Low income' },
  { code: 'N8', label: 'Absent parenting' },
] as const satisfies readonly CodeEntry[];

export type CategoryOfNeedCode = (typeof CATEGORIES_OF_NEED)[number]['code'];

const CATEGORY_OF_NEED_CODES: ReadonlySet<string> = new Set(CATEGORIES_OF_NEED.map((entry) => entry.code));

export function isCategoryOfNeedCode(value: string): value is CategoryOfNeedCode {
  return CATEGORY_OF_NEED_CODES.has(value);
}
