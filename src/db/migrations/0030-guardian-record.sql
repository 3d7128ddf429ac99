-- The guardian's own record of the child (issue 15, item 2; domain brief §5): contacts and meetings
-- with the child and others, the child's views in their own words, what the guardian advocated and
-- to whom, the meetings they attended (strategy meetings, NRM, immigration interviews, court) and
-- the child's consent to share. Entries are appended, never changed: a correction is a new entry.
-- The current consent is the latest consent entry; what the responsible authority sees of the rest
-- depends on it, worked out in the domain (src/domain/guardian-record.ts, docs/access.md).

create table guardian_record_entry (
  id uuid primary key,
  child_id uuid not null references child (id) on delete cascade,
  -- The guardian service whose record it is.
  service_organisation_code text not null references organisation (code),
  kind text not null check (kind in ('CONTACT', 'CHILD_VIEWS', 'ADVOCACY', 'MEETING', 'CONSENT')),
  occurred_on date not null,
  -- The kind of contact, of meeting, or the consent decision; null for views and advocacy.
  type text check (type in ('IN_PERSON', 'PHONE', 'VIDEO', 'MESSAGE', 'STRATEGY', 'NRM', 'IMMIGRATION_INTERVIEW', 'COURT', 'LAC_REVIEW', 'OTHER', 'GIVEN', 'REFUSED', 'WITHDRAWN')),
  -- With whom the contact was, or to whom the guardian advocated.
  with_whom text check (length(with_whom) <= 200),
  -- Notes, the child's words, what was advocated, or what the consent covers.
  text text check (length(text) <= 4000),
  recorded_by text not null,
  recorded_at timestamptz not null
);
create index guardian_record_entry_child_idx on guardian_record_entry (child_id, occurred_on);
create index guardian_record_entry_service_idx on guardian_record_entry (service_organisation_code, kind, occurred_on);

grant select, insert on guardian_record_entry to lantern_app;

-- The guardian allocated to the child now reads their service's entries and records new ones as
-- themselves; the child's responsible authority reads the rows of its children (the domain decides
-- how much of each, by the child's consent). Nobody else, break-glass included: this is the
-- guardian's record, not the authority's.
alter table guardian_record_entry enable row level security;
create policy guardian_record_entry_visible on guardian_record_entry for select using (
  (lantern_setting('role') = 'advocate' and service_organisation_code = lantern_setting('organisation')
    and exists (select 1 from advocate_allocation a where a.child_id = guardian_record_entry.child_id and a.ended_on is null and a.advocate_id = lantern_setting('actor')))
  or (lantern_setting('role') in ('social_worker', 'team_manager', 'data_officer')
    and exists (select 1 from child c where c.id = guardian_record_entry.child_id and c.responsible_authority_code = lantern_setting('authority'))));
create policy guardian_record_entry_recorded on guardian_record_entry for insert with check (
  lantern_setting('role') = 'advocate' and service_organisation_code = lantern_setting('organisation') and recorded_by = lantern_setting('actor')
  and exists (select 1 from advocate_allocation a where a.child_id = guardian_record_entry.child_id and a.ended_on is null and a.advocate_id = lantern_setting('actor')));
