// The police force covering a local authority, for synthetic missing-episode reports.
// Exact for the GSS codes listed; anything else falls back to a force of its region or nation,
// which is plausible but may be the neighbouring force.

import { hashString } from './random.ts';

export interface PoliceForce {
  readonly name: string;
  /** Prefix used in synthetic police references ('GMP-24-012345'). */
  readonly prefix: string;
}

const force = (name: string, prefix: string): PoliceForce => ({ name, prefix });

const MET = force('Metropolitan Police Service', 'MPS');
const CITY = force('City of London Police', 'COLP');
const GMP = force('Greater Manchester Police', 'GMP');
const MERSEYSIDE = force('Merseyside Police', 'MERPOL');
const SOUTH_YORKSHIRE = force('South Yorkshire Police', 'SYP');
const WEST_YORKSHIRE = force('West Yorkshire Police', 'WYP');
const NORTH_YORKSHIRE = force('North Yorkshire Police', 'NYP');
const HUMBERSIDE = force('Humberside Police', 'HUMB');
const NORTHUMBRIA = force('Northumbria Police', 'NORTHUMB');
const DURHAM = force('Durham Constabulary', 'DURHAM');
const CLEVELAND = force('Cleveland Police', 'CLEV');
const WEST_MIDLANDS = force('West Midlands Police', 'WMP');
const WEST_MERCIA = force('West Mercia Police', 'WMERCIA');
const STAFFORDSHIRE = force('Staffordshire Police', 'STAFFS');
const WARWICKSHIRE = force('Warwickshire Police', 'WARKS');
const LANCASHIRE = force('Lancashire Constabulary', 'LANCS');
const CHESHIRE = force('Cheshire Constabulary', 'CHES');
const CUMBRIA = force('Cumbria Constabulary', 'CUMB');
const DERBYSHIRE = force('Derbyshire Constabulary', 'DERBYS');
const NOTTINGHAMSHIRE = force('Nottinghamshire Police', 'NOTTS');
const LEICESTERSHIRE = force('Leicestershire Police', 'LEICS');
const LINCOLNSHIRE = force('Lincolnshire Police', 'LINCS');
const NORTHAMPTONSHIRE = force('Northamptonshire Police', 'NORTHANTS');
const ESSEX = force('Essex Police', 'ESSEX');
const HERTFORDSHIRE = force('Hertfordshire Constabulary', 'HERTS');
const BEDFORDSHIRE = force('Bedfordshire Police', 'BEDS');
const CAMBRIDGESHIRE = force('Cambridgeshire Constabulary', 'CAMBS');
const NORFOLK = force('Norfolk Constabulary', 'NORF');
const SUFFOLK = force('Suffolk Constabulary', 'SUFF');
const KENT = force('Kent Police', 'KENT');
const SUSSEX = force('Sussex Police', 'SUSSEX');
const SURREY = force('Surrey Police', 'SURREY');
const THAMES_VALLEY = force('Thames Valley Police', 'TVP');
const HAMPSHIRE = force('Hampshire and Isle of Wight Constabulary', 'HIOW');
const AVON_SOMERSET = force('Avon and Somerset Police', 'ASP');
const DEVON_CORNWALL = force('Devon and Cornwall Police', 'DCP');
const DORSET = force('Dorset Police', 'DORSET');
const GLOUCESTERSHIRE = force('Gloucestershire Constabulary', 'GLOS');
const WILTSHIRE = force('Wiltshire Police', 'WILTS');
const NORTH_WALES = force('North Wales Police', 'NWP');
const DYFED_POWYS = force('Dyfed-Powys Police', 'DPP');
const SOUTH_WALES = force('South Wales Police', 'SWP');
const GWENT = force('Gwent Police', 'GWENT');
const SCOTLAND = force('Police Scotland', 'PS');
const PSNI = force('Police Service of Northern Ireland', 'PSNI');

function range(prefix: string, numbers: readonly number[], value: PoliceForce): [string, PoliceForce][] {
  return numbers.map((n) => [`${prefix}${String(n).padStart(6, '0')}`, value]);
}

const BY_CODE: ReadonlyMap<string, PoliceForce> = new Map<string, PoliceForce>([
  // Metropolitan districts (E08)
  ...range('E08', [1, 2, 3, 4, 5, 6, 7, 8, 9, 10], GMP),
  ...range('E08', [11, 12, 13, 14, 15], MERSEYSIDE),
  ...range('E08', [16, 17, 18, 19, 38, 39], SOUTH_YORKSHIRE), // 38, 39: Barnsley and Sheffield recoded in 2025
  ...range('E08', [21, 22, 23, 24, 37], NORTHUMBRIA),
  ...range('E08', [25, 26, 27, 28, 29, 30, 31], WEST_MIDLANDS),
  ...range('E08', [32, 33, 34, 35, 36], WEST_YORKSHIRE),
  // Shire counties (E10)
  ...range('E10', [3], CAMBRIDGESHIRE),
  ...range('E10', [6], CUMBRIA),
  ...range('E10', [7], DERBYSHIRE),
  ...range('E10', [8], DEVON_CORNWALL),
  ...range('E10', [11, 32], SUSSEX),
  ...range('E10', [12], ESSEX),
  ...range('E10', [13], GLOUCESTERSHIRE),
  ...range('E10', [14], HAMPSHIRE),
  ...range('E10', [15], HERTFORDSHIRE),
  ...range('E10', [16], KENT),
  ...range('E10', [17], LANCASHIRE),
  ...range('E10', [18], LEICESTERSHIRE),
  ...range('E10', [19], LINCOLNSHIRE),
  ...range('E10', [20], NORFOLK),
  ...range('E10', [21], NORTHAMPTONSHIRE),
  ...range('E10', [23], NORTH_YORKSHIRE),
  ...range('E10', [24], NOTTINGHAMSHIRE),
  ...range('E10', [25], THAMES_VALLEY),
  ...range('E10', [27], AVON_SOMERSET),
  ...range('E10', [28], STAFFORDSHIRE),
  ...range('E10', [29], SUFFOLK),
  ...range('E10', [30], SURREY),
  ...range('E10', [31], WARWICKSHIRE),
  ...range('E10', [34], WEST_MERCIA),
  // Unitary authorities (E06)
  ...range('E06', [1, 2, 3, 4], CLEVELAND),
  ...range('E06', [5, 47], DURHAM),
  ...range('E06', [6, 7, 49, 50], CHESHIRE),
  ...range('E06', [8, 9], LANCASHIRE),
  ...range('E06', [10, 11, 12, 13], HUMBERSIDE),
  ...range('E06', [14, 65], NORTH_YORKSHIRE),
  ...range('E06', [15], DERBYSHIRE),
  ...range('E06', [16, 17], LEICESTERSHIRE),
  ...range('E06', [18], NOTTINGHAMSHIRE),
  ...range('E06', [19, 20, 51], WEST_MERCIA),
  ...range('E06', [21], STAFFORDSHIRE),
  ...range('E06', [22, 23, 24, 25, 66], AVON_SOMERSET),
  ...range('E06', [26, 27, 52, 53], DEVON_CORNWALL),
  ...range('E06', [30, 54], WILTSHIRE),
  ...range('E06', [31], CAMBRIDGESHIRE),
  ...range('E06', [32, 55, 56], BEDFORDSHIRE),
  ...range('E06', [33, 34], ESSEX),
  ...range('E06', [35], KENT),
  ...range('E06', [36, 37, 38, 39, 40, 41, 42, 60], THAMES_VALLEY),
  ...range('E06', [43], SUSSEX),
  ...range('E06', [44, 45, 46], HAMPSHIRE),
  ...range('E06', [57], NORTHUMBRIA),
  ...range('E06', [58, 59], DORSET),
  ...range('E06', [61, 62], NORTHAMPTONSHIRE),
  ...range('E06', [63, 64], CUMBRIA),
  // Wales (W06)
  ...range('W06', [1, 2, 3, 4, 5, 6], NORTH_WALES),
  ...range('W06', [8, 9, 10, 23], DYFED_POWYS),
  ...range('W06', [11, 12, 13, 14, 15, 16, 24], SOUTH_WALES),
  ...range('W06', [18, 19, 20, 21, 22], GWENT),
  ['E09000001', CITY],
]);

/** Forces by (lower-cased) region name, for codes not listed above. */
const BY_REGION: readonly (readonly [string, readonly PoliceForce[]])[] = [
  ['london', [MET]],
  ['north east', [NORTHUMBRIA, DURHAM, CLEVELAND]],
  ['north west', [GMP, MERSEYSIDE, LANCASHIRE, CHESHIRE, CUMBRIA]],
  ['yorkshire', [WEST_YORKSHIRE, SOUTH_YORKSHIRE, NORTH_YORKSHIRE, HUMBERSIDE]],
  ['east midlands', [DERBYSHIRE, NOTTINGHAMSHIRE, LEICESTERSHIRE, LINCOLNSHIRE, NORTHAMPTONSHIRE]],
  ['west midlands', [WEST_MIDLANDS, STAFFORDSHIRE, WEST_MERCIA, WARWICKSHIRE]],
  ['east of england', [ESSEX, HERTFORDSHIRE, BEDFORDSHIRE, CAMBRIDGESHIRE, NORFOLK, SUFFOLK]],
  ['south east', [KENT, SUSSEX, SURREY, THAMES_VALLEY, HAMPSHIRE]],
  ['south west', [AVON_SOMERSET, DEVON_CORNWALL, DORSET, GLOUCESTERSHIRE, WILTSHIRE]],
  ['east', [ESSEX, HERTFORDSHIRE, BEDFORDSHIRE, CAMBRIDGESHIRE, NORFOLK, SUFFOLK]], // "East" after the other *east* regions
  ['wales', [SOUTH_WALES, NORTH_WALES, DYFED_POWYS, GWENT]],
  ['scotland', [SCOTLAND]],
  ['northern ireland', [PSNI]],
];

const BY_NATION: Readonly<Record<string, readonly PoliceForce[]>> = {
  WAL: [SOUTH_WALES, NORTH_WALES, DYFED_POWYS, GWENT],
  SCO: [SCOTLAND],
  NI: [PSNI],
};

/** The force for an authority: by code, else by region, else by nation; stable for a given code. */
export function policeForceFor(authority: { readonly code: string; readonly region: string; readonly nation: string }): PoliceForce {
  const exact = BY_CODE.get(authority.code);
  if (exact !== undefined) return exact;
  if (authority.code.startsWith('E09')) return MET;
  const region = authority.region.toLowerCase();
  const candidates = BY_REGION.find(([name]) => region.includes(name))?.[1] ?? BY_NATION[authority.nation] ?? BY_REGION.flatMap(([, forces]) => forces);
  return candidates[hashString(authority.code) % candidates.length] ?? MET;
}
