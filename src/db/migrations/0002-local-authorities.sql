-- Reference data: every UK authority with children's services, current for 2025/26.
-- Rows are sorted by nation (ENG, WAL, SCO, NI, the order of the nation check) and then by name.
--
-- England: the 153 local authorities in DfE's children looked after (SSDA903) and children in need
-- statistics, after the 2021 Northamptonshire split (North Northamptonshire 940, West Northamptonshire
-- 941) and the 2023 Cumbria split (Cumberland 942, Westmorland and Furness 943). The City of London
-- (201) and the Isles of Scilly (420) are among the 153.
--   code       ONS GSS code: E06 unitary, E08 metropolitan district, E09 London borough, E10 county.
--   la_number  DfE three-digit LA number.
--   region     the nine English regions. London's inner/outer split in DfE tables is folded into 'London'.
--   name       ONS-style name ("Bristol, City of", "Herefordshire, County of", "County Durham").
-- Wales: the 22 principal councils (W06); Scotland: the 32 councils (S12). la_number is null for both:
--   no reliable source was found for a Welsh LA number to put beside the DfE ones.
-- Northern Ireland: children's social care is run by the five Health and Social Care Trusts, not by
--   councils. Their codes here ('NI-' and the trust's own initials: BHSCT, NHSCT, SEHSCT, SHSCT, WHSCT)
--   are made up for this project, so they stay stable. No official GSS code for the trusts was found. One
--   third-party source gives NHS ODS codes ZT001 to ZT005, but a second source could not confirm them, so
--   they are not used.
--
-- Sources:
--   1. data-to-insight/csc-map-of-the-world (GitHub), admin_scripts/dev_archive/web_scrape_from_url/
--      la_web_scrape_la_url_lookup.csv at commit 29ed4e8c8af8c0776bb6b43b04492f85907f8dec: DfE LA number,
--      GSS code, name and DfE region for the 153 active English LAs (rows marked 'A'). The region counts
--      are NE 12, NW 24, Y&H 15, EM 10, WM 14, East 11, London 33, SE 19 and SW 15.
--   2. mysociety/uk_local_authority_names_and_codes (GitHub), data/packages/uk_la_past_current/
--      uk_local_authorities_current.csv at commit 572f135da94065ddf45f2ea683594d0695b9fc89. Every English
--      GSS code and DfE number in source 1 was checked against this file, and none disagree. The Welsh
--      W06 and Scottish S12 codes also come from here, and its authority types agree with the kinds
--      taken from the GSS prefixes. (Its region column is not used: it puts Derbyshire in the West
--      Midlands and Lincolnshire in Yorkshire and The Humber.)
--   3. Barnsley and Sheffield: ONS gave them new codes from 1 April 2025 after a small boundary change
--      (SI 2024/1328), E08000016 -> E08000038 and E08000019 -> E08000039. The new codes are used here.
--      Several public projects quote the ONS area pages for this, but it was not checked against ONS
--      itself. DfE statistics and older ONS lookups may still use the old codes, so match on la_number
--      where you can.
--   4. The Scottish codes are the current ones, after ONS recoded Fife, Perth and Kinross, Glasgow City and
--      North Lanarkshire (S12000047 to S12000050) following boundary changes. Source 2 lists each with
--      its former code, and other public code lists (ScotPHO-style recode tables) agree.
--
-- Not verified: the NI trust codes (see above). The snapshot date of source 1 is not recorded. It does
-- include the 2023 reorganisations (Cumberland, Westmorland and Furness, North Yorkshire and Somerset).
-- No later change to an English children's services authority was found, apart from the recode in 3.
insert into local_authority (code, la_number, name, nation, region, kind) values
  ('E09000002', '301', 'Barking and Dagenham', 'ENG', 'London', 'London borough'),
  ('E09000003', '302', 'Barnet', 'ENG', 'London', 'London borough'),
  ('E08000038', '370', 'Barnsley', 'ENG', 'Yorkshire and The Humber', 'metropolitan district'), -- ONS recode of E08000016 from 1 April 2025 (boundary change, SI 2024/1328)
  ('E06000022', '800', 'Bath and North East Somerset', 'ENG', 'South West', 'unitary'),
  ('E06000055', '822', 'Bedford', 'ENG', 'East of England', 'unitary'),
  ('E09000004', '303', 'Bexley', 'ENG', 'London', 'London borough'),
  ('E08000025', '330', 'Birmingham', 'ENG', 'West Midlands', 'metropolitan district'),
  ('E06000008', '889', 'Blackburn with Darwen', 'ENG', 'North West', 'unitary'),
  ('E06000009', '890', 'Blackpool', 'ENG', 'North West', 'unitary'),
  ('E08000001', '350', 'Bolton', 'ENG', 'North West', 'metropolitan district'),
  ('E06000058', '839', 'Bournemouth, Christchurch and Poole', 'ENG', 'South West', 'unitary'),
  ('E06000036', '867', 'Bracknell Forest', 'ENG', 'South East', 'unitary'),
  ('E08000032', '380', 'Bradford', 'ENG', 'Yorkshire and The Humber', 'metropolitan district'),
  ('E09000005', '304', 'Brent', 'ENG', 'London', 'London borough'),
  ('E06000043', '846', 'Brighton and Hove', 'ENG', 'South East', 'unitary'),
  ('E06000023', '801', 'Bristol, City of', 'ENG', 'South West', 'unitary'),
  ('E09000006', '305', 'Bromley', 'ENG', 'London', 'London borough'),
  ('E06000060', '825', 'Buckinghamshire', 'ENG', 'South East', 'unitary'),
  ('E08000002', '351', 'Bury', 'ENG', 'North West', 'metropolitan district'),
  ('E08000033', '381', 'Calderdale', 'ENG', 'Yorkshire and The Humber', 'metropolitan district'),
  ('E10000003', '873', 'Cambridgeshire', 'ENG', 'East of England', 'county'),
  ('E09000007', '202', 'Camden', 'ENG', 'London', 'London borough'),
  ('E06000056', '823', 'Central Bedfordshire', 'ENG', 'East of England', 'unitary'),
  ('E06000049', '895', 'Cheshire East', 'ENG', 'North West', 'unitary'),
  ('E06000050', '896', 'Cheshire West and Chester', 'ENG', 'North West', 'unitary'),
  ('E09000001', '201', 'City of London', 'ENG', 'London', 'London borough'), -- City of London Corporation: sui generis, classed with the London boroughs (E09)
  ('E06000052', '908', 'Cornwall', 'ENG', 'South West', 'unitary'),
  ('E06000047', '840', 'County Durham', 'ENG', 'North East', 'unitary'),
  ('E08000026', '331', 'Coventry', 'ENG', 'West Midlands', 'metropolitan district'),
  ('E09000008', '306', 'Croydon', 'ENG', 'London', 'London borough'),
  ('E06000063', '942', 'Cumberland', 'ENG', 'North West', 'unitary'), -- from 1 April 2023 (Cumbria, 909, abolished)
  ('E06000005', '841', 'Darlington', 'ENG', 'North East', 'unitary'),
  ('E06000015', '831', 'Derby', 'ENG', 'East Midlands', 'unitary'),
  ('E10000007', '830', 'Derbyshire', 'ENG', 'East Midlands', 'county'),
  ('E10000008', '878', 'Devon', 'ENG', 'South West', 'county'),
  ('E08000017', '371', 'Doncaster', 'ENG', 'Yorkshire and The Humber', 'metropolitan district'),
  ('E06000059', '838', 'Dorset', 'ENG', 'South West', 'unitary'),
  ('E08000027', '332', 'Dudley', 'ENG', 'West Midlands', 'metropolitan district'),
  ('E09000009', '307', 'Ealing', 'ENG', 'London', 'London borough'),
  ('E06000011', '811', 'East Riding of Yorkshire', 'ENG', 'Yorkshire and The Humber', 'unitary'),
  ('E10000011', '845', 'East Sussex', 'ENG', 'South East', 'county'),
  ('E09000010', '308', 'Enfield', 'ENG', 'London', 'London borough'),
  ('E10000012', '881', 'Essex', 'ENG', 'East of England', 'county'),
  ('E08000037', '390', 'Gateshead', 'ENG', 'North East', 'metropolitan district'),
  ('E10000013', '916', 'Gloucestershire', 'ENG', 'South West', 'county'),
  ('E09000011', '203', 'Greenwich', 'ENG', 'London', 'London borough'),
  ('E09000012', '204', 'Hackney', 'ENG', 'London', 'London borough'),
  ('E06000006', '876', 'Halton', 'ENG', 'North West', 'unitary'),
  ('E09000013', '205', 'Hammersmith and Fulham', 'ENG', 'London', 'London borough'),
  ('E10000014', '850', 'Hampshire', 'ENG', 'South East', 'county'),
  ('E09000014', '309', 'Haringey', 'ENG', 'London', 'London borough'),
  ('E09000015', '310', 'Harrow', 'ENG', 'London', 'London borough'),
  ('E06000001', '805', 'Hartlepool', 'ENG', 'North East', 'unitary'),
  ('E09000016', '311', 'Havering', 'ENG', 'London', 'London borough'),
  ('E06000019', '884', 'Herefordshire, County of', 'ENG', 'West Midlands', 'unitary'),
  ('E10000015', '919', 'Hertfordshire', 'ENG', 'East of England', 'county'),
  ('E09000017', '312', 'Hillingdon', 'ENG', 'London', 'London borough'),
  ('E09000018', '313', 'Hounslow', 'ENG', 'London', 'London borough'),
  ('E06000046', '921', 'Isle of Wight', 'ENG', 'South East', 'unitary'),
  ('E06000053', '420', 'Isles of Scilly', 'ENG', 'South West', 'unitary'), -- Council of the Isles of Scilly: sui generis unitary
  ('E09000019', '206', 'Islington', 'ENG', 'London', 'London borough'),
  ('E09000020', '207', 'Kensington and Chelsea', 'ENG', 'London', 'London borough'),
  ('E10000016', '886', 'Kent', 'ENG', 'South East', 'county'),
  ('E06000010', '810', 'Kingston upon Hull, City of', 'ENG', 'Yorkshire and The Humber', 'unitary'),
  ('E09000021', '314', 'Kingston upon Thames', 'ENG', 'London', 'London borough'),
  ('E08000034', '382', 'Kirklees', 'ENG', 'Yorkshire and The Humber', 'metropolitan district'),
  ('E08000011', '340', 'Knowsley', 'ENG', 'North West', 'metropolitan district'),
  ('E09000022', '208', 'Lambeth', 'ENG', 'London', 'London borough'),
  ('E10000017', '888', 'Lancashire', 'ENG', 'North West', 'county'),
  ('E08000035', '383', 'Leeds', 'ENG', 'Yorkshire and The Humber', 'metropolitan district'),
  ('E06000016', '856', 'Leicester', 'ENG', 'East Midlands', 'unitary'),
  ('E10000018', '855', 'Leicestershire', 'ENG', 'East Midlands', 'county'),
  ('E09000023', '209', 'Lewisham', 'ENG', 'London', 'London borough'),
  ('E10000019', '925', 'Lincolnshire', 'ENG', 'East Midlands', 'county'),
  ('E08000012', '341', 'Liverpool', 'ENG', 'North West', 'metropolitan district'),
  ('E06000032', '821', 'Luton', 'ENG', 'East of England', 'unitary'),
  ('E08000003', '352', 'Manchester', 'ENG', 'North West', 'metropolitan district'),
  ('E06000035', '887', 'Medway', 'ENG', 'South East', 'unitary'),
  ('E09000024', '315', 'Merton', 'ENG', 'London', 'London borough'),
  ('E06000002', '806', 'Middlesbrough', 'ENG', 'North East', 'unitary'),
  ('E06000042', '826', 'Milton Keynes', 'ENG', 'South East', 'unitary'),
  ('E08000021', '391', 'Newcastle upon Tyne', 'ENG', 'North East', 'metropolitan district'),
  ('E09000025', '316', 'Newham', 'ENG', 'London', 'London borough'),
  ('E10000020', '926', 'Norfolk', 'ENG', 'East of England', 'county'),
  ('E06000012', '812', 'North East Lincolnshire', 'ENG', 'Yorkshire and The Humber', 'unitary'),
  ('E06000013', '813', 'North Lincolnshire', 'ENG', 'Yorkshire and The Humber', 'unitary'),
  ('E06000061', '940', 'North Northamptonshire', 'ENG', 'East Midlands', 'unitary'), -- from 1 April 2021 (Northamptonshire, 928, abolished)
  ('E06000024', '802', 'North Somerset', 'ENG', 'South West', 'unitary'),
  ('E08000022', '392', 'North Tyneside', 'ENG', 'North East', 'metropolitan district'),
  ('E06000065', '815', 'North Yorkshire', 'ENG', 'Yorkshire and The Humber', 'unitary'), -- unitary from 1 April 2023; keeps the county's DfE number
  ('E06000057', '929', 'Northumberland', 'ENG', 'North East', 'unitary'),
  ('E06000018', '892', 'Nottingham', 'ENG', 'East Midlands', 'unitary'),
  ('E10000024', '891', 'Nottinghamshire', 'ENG', 'East Midlands', 'county'),
  ('E08000004', '353', 'Oldham', 'ENG', 'North West', 'metropolitan district'),
  ('E10000025', '931', 'Oxfordshire', 'ENG', 'South East', 'county'),
  ('E06000031', '874', 'Peterborough', 'ENG', 'East of England', 'unitary'),
  ('E06000026', '879', 'Plymouth', 'ENG', 'South West', 'unitary'),
  ('E06000044', '851', 'Portsmouth', 'ENG', 'South East', 'unitary'),
  ('E06000038', '870', 'Reading', 'ENG', 'South East', 'unitary'),
  ('E09000026', '317', 'Redbridge', 'ENG', 'London', 'London borough'),
  ('E06000003', '807', 'Redcar and Cleveland', 'ENG', 'North East', 'unitary'),
  ('E09000027', '318', 'Richmond upon Thames', 'ENG', 'London', 'London borough'),
  ('E08000005', '354', 'Rochdale', 'ENG', 'North West', 'metropolitan district'),
  ('E08000018', '372', 'Rotherham', 'ENG', 'Yorkshire and The Humber', 'metropolitan district'),
  ('E06000017', '857', 'Rutland', 'ENG', 'East Midlands', 'unitary'),
  ('E08000006', '355', 'Salford', 'ENG', 'North West', 'metropolitan district'),
  ('E08000028', '333', 'Sandwell', 'ENG', 'West Midlands', 'metropolitan district'),
  ('E08000014', '343', 'Sefton', 'ENG', 'North West', 'metropolitan district'),
  ('E08000039', '373', 'Sheffield', 'ENG', 'Yorkshire and The Humber', 'metropolitan district'), -- ONS recode of E08000019 from 1 April 2025 (boundary change, SI 2024/1328)
  ('E06000051', '893', 'Shropshire', 'ENG', 'West Midlands', 'unitary'),
  ('E06000039', '871', 'Slough', 'ENG', 'South East', 'unitary'),
  ('E08000029', '334', 'Solihull', 'ENG', 'West Midlands', 'metropolitan district'),
  ('E06000066', '933', 'Somerset', 'ENG', 'South West', 'unitary'), -- unitary from 1 April 2023; keeps the county's DfE number
  ('E06000025', '803', 'South Gloucestershire', 'ENG', 'South West', 'unitary'),
  ('E08000023', '393', 'South Tyneside', 'ENG', 'North East', 'metropolitan district'),
  ('E06000045', '852', 'Southampton', 'ENG', 'South East', 'unitary'),
  ('E06000033', '882', 'Southend-on-Sea', 'ENG', 'East of England', 'unitary'),
  ('E09000028', '210', 'Southwark', 'ENG', 'London', 'London borough'),
  ('E08000013', '342', 'St. Helens', 'ENG', 'North West', 'metropolitan district'),
  ('E10000028', '860', 'Staffordshire', 'ENG', 'West Midlands', 'county'),
  ('E08000007', '356', 'Stockport', 'ENG', 'North West', 'metropolitan district'),
  ('E06000004', '808', 'Stockton-on-Tees', 'ENG', 'North East', 'unitary'),
  ('E06000021', '861', 'Stoke-on-Trent', 'ENG', 'West Midlands', 'unitary'),
  ('E10000029', '935', 'Suffolk', 'ENG', 'East of England', 'county'),
  ('E08000024', '394', 'Sunderland', 'ENG', 'North East', 'metropolitan district'),
  ('E10000030', '936', 'Surrey', 'ENG', 'South East', 'county'),
  ('E09000029', '319', 'Sutton', 'ENG', 'London', 'London borough'),
  ('E06000030', '866', 'Swindon', 'ENG', 'South West', 'unitary'),
  ('E08000008', '357', 'Tameside', 'ENG', 'North West', 'metropolitan district'),
  ('E06000020', '894', 'Telford and Wrekin', 'ENG', 'West Midlands', 'unitary'),
  ('E06000034', '883', 'Thurrock', 'ENG', 'East of England', 'unitary'),
  ('E06000027', '880', 'Torbay', 'ENG', 'South West', 'unitary'),
  ('E09000030', '211', 'Tower Hamlets', 'ENG', 'London', 'London borough'),
  ('E08000009', '358', 'Trafford', 'ENG', 'North West', 'metropolitan district'),
  ('E08000036', '384', 'Wakefield', 'ENG', 'Yorkshire and The Humber', 'metropolitan district'),
  ('E08000030', '335', 'Walsall', 'ENG', 'West Midlands', 'metropolitan district'),
  ('E09000031', '320', 'Waltham Forest', 'ENG', 'London', 'London borough'),
  ('E09000032', '212', 'Wandsworth', 'ENG', 'London', 'London borough'),
  ('E06000007', '877', 'Warrington', 'ENG', 'North West', 'unitary'),
  ('E10000031', '937', 'Warwickshire', 'ENG', 'West Midlands', 'county'),
  ('E06000037', '869', 'West Berkshire', 'ENG', 'South East', 'unitary'),
  ('E06000062', '941', 'West Northamptonshire', 'ENG', 'East Midlands', 'unitary'), -- from 1 April 2021 (Northamptonshire, 928, abolished)
  ('E10000032', '938', 'West Sussex', 'ENG', 'South East', 'county'),
  ('E09000033', '213', 'Westminster', 'ENG', 'London', 'London borough'),
  ('E06000064', '943', 'Westmorland and Furness', 'ENG', 'North West', 'unitary'), -- from 1 April 2023 (Cumbria, 909, abolished)
  ('E08000010', '359', 'Wigan', 'ENG', 'North West', 'metropolitan district'),
  ('E06000054', '865', 'Wiltshire', 'ENG', 'South West', 'unitary'),
  ('E06000040', '868', 'Windsor and Maidenhead', 'ENG', 'South East', 'unitary'),
  ('E08000015', '344', 'Wirral', 'ENG', 'North West', 'metropolitan district'),
  ('E06000041', '872', 'Wokingham', 'ENG', 'South East', 'unitary'),
  ('E08000031', '336', 'Wolverhampton', 'ENG', 'West Midlands', 'metropolitan district'),
  ('E10000034', '885', 'Worcestershire', 'ENG', 'West Midlands', 'county'),
  ('E06000014', '816', 'York', 'ENG', 'Yorkshire and The Humber', 'unitary'),
  ('W06000019', null, 'Blaenau Gwent', 'WAL', 'Wales', 'unitary'),
  ('W06000013', null, 'Bridgend', 'WAL', 'Wales', 'unitary'),
  ('W06000018', null, 'Caerphilly', 'WAL', 'Wales', 'unitary'),
  ('W06000015', null, 'Cardiff', 'WAL', 'Wales', 'unitary'),
  ('W06000010', null, 'Carmarthenshire', 'WAL', 'Wales', 'unitary'),
  ('W06000008', null, 'Ceredigion', 'WAL', 'Wales', 'unitary'),
  ('W06000003', null, 'Conwy', 'WAL', 'Wales', 'unitary'),
  ('W06000004', null, 'Denbighshire', 'WAL', 'Wales', 'unitary'),
  ('W06000005', null, 'Flintshire', 'WAL', 'Wales', 'unitary'),
  ('W06000002', null, 'Gwynedd', 'WAL', 'Wales', 'unitary'),
  ('W06000001', null, 'Isle of Anglesey', 'WAL', 'Wales', 'unitary'),
  ('W06000024', null, 'Merthyr Tydfil', 'WAL', 'Wales', 'unitary'),
  ('W06000021', null, 'Monmouthshire', 'WAL', 'Wales', 'unitary'),
  ('W06000012', null, 'Neath Port Talbot', 'WAL', 'Wales', 'unitary'),
  ('W06000022', null, 'Newport', 'WAL', 'Wales', 'unitary'),
  ('W06000009', null, 'Pembrokeshire', 'WAL', 'Wales', 'unitary'),
  ('W06000023', null, 'Powys', 'WAL', 'Wales', 'unitary'),
  ('W06000016', null, 'Rhondda Cynon Taf', 'WAL', 'Wales', 'unitary'),
  ('W06000011', null, 'Swansea', 'WAL', 'Wales', 'unitary'),
  ('W06000020', null, 'Torfaen', 'WAL', 'Wales', 'unitary'),
  ('W06000014', null, 'Vale of Glamorgan', 'WAL', 'Wales', 'unitary'),
  ('W06000006', null, 'Wrexham', 'WAL', 'Wales', 'unitary'),
  ('S12000033', null, 'Aberdeen City', 'SCO', 'Scotland', 'unitary'),
  ('S12000034', null, 'Aberdeenshire', 'SCO', 'Scotland', 'unitary'),
  ('S12000041', null, 'Angus', 'SCO', 'Scotland', 'unitary'),
  ('S12000035', null, 'Argyll and Bute', 'SCO', 'Scotland', 'unitary'),
  ('S12000036', null, 'City of Edinburgh', 'SCO', 'Scotland', 'unitary'),
  ('S12000005', null, 'Clackmannanshire', 'SCO', 'Scotland', 'unitary'),
  ('S12000006', null, 'Dumfries and Galloway', 'SCO', 'Scotland', 'unitary'),
  ('S12000042', null, 'Dundee City', 'SCO', 'Scotland', 'unitary'),
  ('S12000008', null, 'East Ayrshire', 'SCO', 'Scotland', 'unitary'),
  ('S12000045', null, 'East Dunbartonshire', 'SCO', 'Scotland', 'unitary'), -- ONS recode of S12000009 after a boundary change
  ('S12000010', null, 'East Lothian', 'SCO', 'Scotland', 'unitary'),
  ('S12000011', null, 'East Renfrewshire', 'SCO', 'Scotland', 'unitary'),
  ('S12000014', null, 'Falkirk', 'SCO', 'Scotland', 'unitary'),
  ('S12000047', null, 'Fife', 'SCO', 'Scotland', 'unitary'), -- ONS recode of S12000015 after a boundary change
  ('S12000049', null, 'Glasgow City', 'SCO', 'Scotland', 'unitary'), -- ONS recode of S12000046 after a boundary change
  ('S12000017', null, 'Highland', 'SCO', 'Scotland', 'unitary'),
  ('S12000018', null, 'Inverclyde', 'SCO', 'Scotland', 'unitary'),
  ('S12000019', null, 'Midlothian', 'SCO', 'Scotland', 'unitary'),
  ('S12000020', null, 'Moray', 'SCO', 'Scotland', 'unitary'),
  ('S12000013', null, 'Na h-Eileanan Siar', 'SCO', 'Scotland', 'unitary'),
  ('S12000021', null, 'North Ayrshire', 'SCO', 'Scotland', 'unitary'),
  ('S12000050', null, 'North Lanarkshire', 'SCO', 'Scotland', 'unitary'), -- ONS recode of S12000044 after a boundary change
  ('S12000023', null, 'Orkney Islands', 'SCO', 'Scotland', 'unitary'),
  ('S12000048', null, 'Perth and Kinross', 'SCO', 'Scotland', 'unitary'), -- ONS recode of S12000024 after a boundary change
  ('S12000038', null, 'Renfrewshire', 'SCO', 'Scotland', 'unitary'),
  ('S12000026', null, 'Scottish Borders', 'SCO', 'Scotland', 'unitary'),
  ('S12000027', null, 'Shetland Islands', 'SCO', 'Scotland', 'unitary'),
  ('S12000028', null, 'South Ayrshire', 'SCO', 'Scotland', 'unitary'),
  ('S12000029', null, 'South Lanarkshire', 'SCO', 'Scotland', 'unitary'),
  ('S12000030', null, 'Stirling', 'SCO', 'Scotland', 'unitary'),
  ('S12000039', null, 'West Dunbartonshire', 'SCO', 'Scotland', 'unitary'),
  ('S12000040', null, 'West Lothian', 'SCO', 'Scotland', 'unitary'),
  ('NI-BHSCT', null, 'Belfast Health and Social Care Trust', 'NI', 'Northern Ireland', 'HSC trust'),
  ('NI-NHSCT', null, 'Northern Health and Social Care Trust', 'NI', 'Northern Ireland', 'HSC trust'),
  ('NI-SEHSCT', null, 'South Eastern Health and Social Care Trust', 'NI', 'Northern Ireland', 'HSC trust'),
  ('NI-SHSCT', null, 'Southern Health and Social Care Trust', 'NI', 'Northern Ireland', 'HSC trust'),
  ('NI-WHSCT', null, 'Western Health and Social Care Trust', 'NI', 'Northern Ireland', 'HSC trust');
