-- Statistics (issue 5): the role that counts, the table that says two records are one child, and the
-- indexes the counting queries need. See src/db/repositories/statistics-repository.ts.

-- Confirmed links between records of the same real child (the same child recorded by two authorities, or
-- twice by one). Identity matching fills it once a person has confirmed the match. Every record of a linked
-- child has a row, the first record included, and all of them carry the same person_id: statistics count a
-- child once by coalesce(person_id, child.id). A record without a row is a child of its own.
create table child_identity_link (
  child_id uuid primary key references child (id) on delete cascade,
  person_id uuid not null,
  confirmed_on date not null,
  confirmed_by text not null,           -- who confirmed the match: a user id
  created_at timestamptz not null
);
create index child_identity_link_person_idx on child_identity_link (person_id);
alter table child_identity_link enable row level security;
create policy child_identity_link_by_child on child_identity_link using (exists (select 1 from child where child.id = child_identity_link.child_id));
grant select on child_identity_link to lantern_app;

-- Statistics are counts over the whole country, but row-level security (0005, 0007) rightly shows each
-- actor only the children they may see, and shows a national analyst none. So the service authorises the
-- request itself (src/services/statistics-service.ts) and then counts as this role, which sees every row
-- but only the columns counting needs: no names, identifiers, references, addresses or free text. Dates
-- of birth are read to band ages and are never returned. The repository returns aggregates only.
do $$
begin
  if not exists (select from pg_roles where rolname = 'lantern_statistics') then
    create role lantern_statistics nologin;
  end if;
  -- The login role switches to lantern_statistics inside the counting transaction (set local role).
  execute format('grant lantern_statistics to %I', current_user);
end
$$;

grant usage on schema public to lantern_statistics;
grant select on local_authority to lantern_statistics;
grant select (id, sex, date_of_birth_claimed, date_of_birth_assessed, nationality, updated_at) on child to lantern_statistics;
grant select (id, child_id, start_date, end_date, placement_type, responsible_authority_code, host_authority_code) on care_period to lantern_statistics;
grant select (child_id, start_date, ceased_date) on uasc_period to lantern_statistics;
grant select (id, child_id) on trafficking_concern to lantern_statistics;
grant select (id, concern_id, status, effective_from, created_at) on trafficking_status to lantern_statistics;
grant select (id, child_id, type, start_at, end_at, responsible_authority_code, host_authority_code) on missing_episode to lantern_statistics;
grant select (episode_id, response, completed_at) on return_interview to lantern_statistics;
grant select (child_id, person_id) on child_identity_link to lantern_statistics;

-- Every row, for this role only (permissive policies are or-ed, so the other policies still hold for everyone else).
do $$
declare
  t text;
begin
  foreach t in array array['child', 'care_period', 'uasc_period', 'trafficking_concern', 'trafficking_status', 'missing_episode', 'return_interview', 'child_identity_link'] loop
    execute format('create policy %I on %I for select to lantern_statistics using (true)', t || '_statistics', t);
  end loop;
end
$$;

-- Episodes starting in a period, read from the index alone (the counts need nothing else of the row).
create index missing_episode_statistics_idx on missing_episode (start_at) include (type, end_at, child_id, responsible_authority_code, host_authority_code);
-- Care periods open during a period, read from the index alone: still open (end_date is null), or ended on or
-- after its first day.
create index care_period_statistics_idx on care_period (end_date, start_date) include (child_id, responsible_authority_code, host_authority_code);
