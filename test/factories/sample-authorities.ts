// A small, real subset of the local_authority reference data (migration 0002): every nation,
// several English regions and all the UASC gateway authorities. For tests and examples that
// generate a population without a database.

import type { PopulationAuthority } from '../../src/seed/synthetic-population.ts';

export const SAMPLE_AUTHORITIES: readonly PopulationAuthority[] = [
  { code: 'E10000016', laNumber: '886', name: 'Kent', nation: 'ENG', region: 'South East' },
  { code: 'E09000008', laNumber: '306', name: 'Croydon', nation: 'ENG', region: 'London' },
  { code: 'E09000017', laNumber: '312', name: 'Hillingdon', nation: 'ENG', region: 'London' },
  { code: 'E08000003', laNumber: '352', name: 'Manchester', nation: 'ENG', region: 'North West' },
  { code: 'E06000044', laNumber: '851', name: 'Portsmouth', nation: 'ENG', region: 'South East' },
  { code: 'E06000062', laNumber: '941', name: 'West Northamptonshire', nation: 'ENG', region: 'East Midlands' },
  { code: 'E06000061', laNumber: '940', name: 'North Northamptonshire', nation: 'ENG', region: 'East Midlands' },
  { code: 'E08000025', laNumber: '330', name: 'Birmingham', nation: 'ENG', region: 'West Midlands' },
  { code: 'E08000035', laNumber: '383', name: 'Leeds', nation: 'ENG', region: 'Yorkshire and The Humber' },
  { code: 'E08000039', laNumber: '373', name: 'Sheffield', nation: 'ENG', region: 'Yorkshire and The Humber' },
  { code: 'E10000017', laNumber: '888', name: 'Lancashire', nation: 'ENG', region: 'North West' },
  { code: 'E10000012', laNumber: '881', name: 'Essex', nation: 'ENG', region: 'East of England' },
  { code: 'E10000014', laNumber: '850', name: 'Hampshire', nation: 'ENG', region: 'South East' },
  { code: 'E06000023', laNumber: '801', name: 'Bristol, City of', nation: 'ENG', region: 'South West' },
  { code: 'E10000008', laNumber: '878', name: 'Devon', nation: 'ENG', region: 'South West' },
  { code: 'E08000021', laNumber: '391', name: 'Newcastle upon Tyne', nation: 'ENG', region: 'North East' },
  { code: 'E06000047', laNumber: '840', name: 'County Durham', nation: 'ENG', region: 'North East' },
  { code: 'E06000018', laNumber: '892', name: 'Nottingham', nation: 'ENG', region: 'East Midlands' },
  { code: 'E09000007', laNumber: '202', name: 'Camden', nation: 'ENG', region: 'London' },
  { code: 'E09000005', laNumber: '304', name: 'Brent', nation: 'ENG', region: 'London' },
  { code: 'E06000035', laNumber: '887', name: 'Medway', nation: 'ENG', region: 'South East' },
  { code: 'W06000015', laNumber: null, name: 'Cardiff', nation: 'WAL', region: 'Wales' },
  { code: 'W06000011', laNumber: null, name: 'Swansea', nation: 'WAL', region: 'Wales' },
  { code: 'W06000002', laNumber: null, name: 'Gwynedd', nation: 'WAL', region: 'Wales' },
  { code: 'S12000049', laNumber: null, name: 'Glasgow City', nation: 'SCO', region: 'Scotland' },
  { code: 'S12000036', laNumber: null, name: 'City of Edinburgh', nation: 'SCO', region: 'Scotland' },
  { code: 'S12000047', laNumber: null, name: 'Fife', nation: 'SCO', region: 'Scotland' },
  { code: 'NI-BHSCT', laNumber: null, name: 'Belfast Health and Social Care Trust', nation: 'NI', region: 'Northern Ireland' },
  { code: 'NI-NHSCT', laNumber: null, name: 'Northern Health and Social Care Trust', nation: 'NI', region: 'Northern Ireland' },
];
