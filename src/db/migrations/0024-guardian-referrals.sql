-- Referrals to the independent child trafficking guardian service, and the allocation of a guardian
-- (issue 15, item 1; domain brief §5, §8.1 items 11-12). The schemes and the authorities they cover,
-- with start dates, are reference data; an organisation of the kind 'guardian_service' says which
-- scheme it delivers. An allocation is a row of advocate_allocation, so that access to the record
-- (migrations 0007 and 0008) follows the allocation as it always has.

create table guardian_scheme (
  code text primary key,
  name text not null,
  legal_basis text not null
);

insert into guardian_scheme (code, name, legal_basis) values
  ('ICTG', 'Independent Child Trafficking Guardians (England and Wales)', 'Modern Slavery Act 2015, s.48'),
  ('SGS', 'Scottish Guardianship Service', 'Human Trafficking and Exploitation (Scotland) Act 2015'),
  ('NI_IGS', 'Independent Guardian Service (Northern Ireland)', 'Human Trafficking and Exploitation (Criminal Justice and Support for Victims) Act (Northern Ireland) 2015');

-- Which authorities a scheme covers, from when. The sources (domain brief §5) give a month for the
-- early adopter sites (January 2017) and only a year, or "by" a year, for the rest; where they do,
-- the row starts on the first day of that year and its note says the date is not exact. Where the
-- sources name a region ("East Midlands") the row covers every authority of that region. The sources
-- say ICTGs covered about two-thirds of councils in England and Wales by 2022-24 without naming the
-- rest, so authorities not named here are not covered: add their rows when the service confirms them.
create table guardian_coverage (
  scheme_code text not null references guardian_scheme (code),
  local_authority_code text not null references local_authority (code),
  starts_on date not null,
  ends_on date,
  note text not null,
  primary key (scheme_code, local_authority_code, starts_on),
  check (ends_on is null or ends_on > starts_on)
);

insert into guardian_coverage (scheme_code, local_authority_code, starts_on, note)
select 'ICTG', code, date '2017-01-01', 'Early adopter site from January 2017 (day not given)'
from local_authority
where nation = 'WAL'
   or name in ('Bolton', 'Bury', 'Manchester', 'Oldham', 'Rochdale', 'Salford', 'Stockport', 'Tameside', 'Trafford', 'Wigan')
   or name in ('Hampshire', 'Isle of Wight', 'Portsmouth', 'Southampton');

insert into guardian_coverage (scheme_code, local_authority_code, starts_on, note)
select 'ICTG', code, date '2019-01-01', 'Later adopter; the sources give no start date: after the early adopters, by the renaming in July 2019 assumed'
from local_authority
where region = 'East Midlands'
   or name = 'Croydon'
   or name in ('Birmingham', 'Coventry', 'Dudley', 'Sandwell', 'Solihull', 'Walsall', 'Wolverhampton');

insert into guardian_coverage (scheme_code, local_authority_code, starts_on, note)
select 'ICTG', code, date '2021-01-01', 'Site "by 2021"; the sources give no exact start date'
from local_authority
where (region = 'London' and name <> 'Croydon')
   or name in ('Knowsley', 'Liverpool', 'Sefton', 'St. Helens', 'Wirral')
   or name in ('North Yorkshire', 'York', 'Bradford', 'Calderdale', 'Kirklees', 'Leeds', 'Wakefield');

insert into guardian_coverage (scheme_code, local_authority_code, starts_on, note)
select 'SGS', code, date '2010-01-01', 'Pilot from 2010 (month not given); covers unaccompanied and trafficked children'
from local_authority where nation = 'SCO';

insert into guardian_coverage (scheme_code, local_authority_code, starts_on, note)
select 'NI_IGS', code, date '2018-01-01', 'From 2018 (month not given); covers unaccompanied and trafficked children'
from local_authority where nation = 'NI';

alter table organisation add column guardian_scheme_code text references guardian_scheme (code);

create table guardian_referral (
  id uuid primary key,
  child_id uuid not null references child (id) on delete cascade,
  responsible_authority_code text not null references local_authority (code),
  service_organisation_code text not null references organisation (code),
  source text not null check (source in ('RESPONSIBLE_AUTHORITY', 'POLICE', 'NATIONAL_UNIT')),
  referred_by text not null,
  referrer_organisation_code text not null references organisation (code),
  referred_at timestamptz not null,
  parental_responsibility text not null check (parental_responsibility in ('YES', 'NO', 'UNKNOWN')),
  status text not null check (status in ('AWAITING_TRIAGE', 'AWAITING_ALLOCATION', 'ALLOCATED', 'CLOSED')),
  triaged_at timestamptz,
  triaged_by text,
  first_allocated_at timestamptz,
  closed_at timestamptz,
  closure_reason text check (closure_reason in ('TURNED_18', 'MOVED_OUT_OF_AREA', 'MISSING_6_MONTHS', 'NO_LONGER_NEEDED', 'DECLINED', 'OTHER')),
  closure_note text,
  version integer not null default 1,
  check ((status = 'CLOSED') = (closed_at is not null and closure_reason is not null))
);
-- One open referral per child.
create unique index guardian_referral_open_idx on guardian_referral (child_id) where status <> 'CLOSED';
create index guardian_referral_service_idx on guardian_referral (service_organisation_code, status);
create index guardian_referral_authority_idx on guardian_referral (responsible_authority_code, referred_at);

alter table advocate_allocation
  add column referral_id uuid references guardian_referral (id),
  add column guardian_role text check (guardian_role in ('DIRECT_WORKER', 'RPC', 'REGIONAL_PRACTITIONER', 'POST_18')),
  add column allocated_at timestamptz,
  add column allocated_by text,
  add column ended_at timestamptz;
create index advocate_allocation_referral_idx on advocate_allocation (referral_id);

grant select on guardian_scheme, guardian_coverage to lantern_app;
grant select, insert, update on guardian_referral to lantern_app;
grant insert, update on advocate_allocation to lantern_app;

-- The responsible authority's staff see their children's referrals, the guardian service its own,
-- and whoever referred (the police) what they referred.
alter table guardian_referral enable row level security;
create policy guardian_referral_visible on guardian_referral for select using (
  (lantern_setting('role') in ('social_worker', 'team_manager', 'data_officer') and responsible_authority_code = lantern_setting('authority'))
  or (lantern_setting('role') = 'advocate' and service_organisation_code = lantern_setting('organisation'))
  or referred_by = lantern_setting('actor'));
-- A referral is made by someone who may see the child, as themselves.
create policy guardian_referral_made on guardian_referral for insert
  with check (referred_by = lantern_setting('actor') and lantern_child_visible(child_id, responsible_authority_code));
-- Only the service it is addressed to works it.
create policy guardian_referral_worked on guardian_referral for update
  using (lantern_setting('role') = 'advocate' and service_organisation_code = lantern_setting('organisation'));

-- Allocations stay readable as before (the visibility functions read them as their owner); only the
-- guardian service writes its own.
alter table advocate_allocation enable row level security;
create policy advocate_allocation_readable on advocate_allocation for select using (true);
create policy advocate_allocation_by_service on advocate_allocation for insert
  with check (lantern_setting('role') = 'advocate' and organisation_code = lantern_setting('organisation'));
create policy advocate_allocation_changed_by_service on advocate_allocation for update
  using (lantern_setting('role') = 'advocate' and organisation_code = lantern_setting('organisation'));

-- What the guardian service needs to triage a referral of a child whose record it may not read yet:
-- who the child is, their age and nationality. Only for the referrals addressed to the actor's service.
create function lantern_guardian_referral_children()
returns table (referral_id uuid, given_names text, family_name text, date_of_birth date, sex text, nationality text)
language sql stable security definer set search_path = public as $$
  select r.id, c.given_names, c.family_name, coalesce(c.date_of_birth_assessed, c.date_of_birth_claimed, c.date_of_birth_latest), c.sex, c.nationality
  from guardian_referral r join child c on c.id = r.child_id
  where lantern_setting('role') = 'advocate' and r.service_organisation_code = lantern_setting('organisation')
$$;
