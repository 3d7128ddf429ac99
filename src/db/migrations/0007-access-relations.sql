-- Who else may see a child's record besides the responsible authority: the host authority of an
-- out-of-area placement, an allocated advocate, the police force of the area the child is missing
-- from, and anyone who breaks the glass with a reason. Row-level security follows the same rules.

create table advocate_allocation (
  id uuid primary key,
  child_id uuid not null references child (id) on delete cascade,
  advocate_id text not null,              -- the advocate's user id
  organisation_code text not null references organisation (code),
  allocated_on date not null,
  ended_on date,
  created_at timestamptz not null
);
create index advocate_allocation_child_idx on advocate_allocation (child_id) where ended_on is null;

-- The authorities whose area a police force covers.
create table police_force_area (
  organisation_code text not null references organisation (code),
  local_authority_code text not null references local_authority (code),
  primary key (organisation_code, local_authority_code)
);

-- A user opened a record outside their access, giving a reason; the responsible authority's
-- team managers review each opening.
create table break_glass_access (
  id uuid primary key,
  child_id uuid not null references child (id) on delete cascade,
  actor_id text not null,
  organisation_code text not null,
  role text not null,
  reason text not null,
  opened_at timestamptz not null,
  expires_at timestamptz not null,
  reviewed_at timestamptz,
  reviewed_by text,
  review_note text
);
create index break_glass_access_child_idx on break_glass_access (child_id, actor_id);

grant select on advocate_allocation, police_force_area to lantern_app;
grant select, insert, update on break_glass_access to lantern_app;

-- The application's clock (set per transaction), so that break-glass lapses by the same clock as the service.
create function lantern_now() returns timestamptz language sql stable as
  $$ select coalesce(nullif(current_setting('lantern.now', true), '')::timestamptz, now()) $$;

create function lantern_setting(name text) returns text language sql stable as
  $$ select nullif(current_setting('lantern.' || name, true), '') $$;

-- Whether the transaction's actor may see a child at all (the service decides how much).
-- Security definer: it reads care periods and allocations without their own policies, which
-- would otherwise refer back to the child policy.
create function lantern_child_visible(p_child uuid, p_responsible text) returns boolean
language sql stable security definer set search_path = public as $$
  select
    (lantern_setting('role') in ('social_worker', 'team_manager', 'data_officer') and (
       p_responsible = lantern_setting('authority')
       or exists (select 1 from care_period cp where cp.child_id = p_child and cp.end_date is null
                  and cp.host_authority_code = lantern_setting('authority') and cp.responsible_authority_code <> cp.host_authority_code)))
    or (lantern_setting('role') = 'advocate' and exists (
       select 1 from advocate_allocation a where a.child_id = p_child and a.ended_on is null and a.advocate_id = lantern_setting('actor')))
    or (lantern_setting('role') = 'police_coordinator'
       and exists (select 1 from missing_episode m where m.child_id = p_child and m.end_at is null)
       and exists (select 1 from care_period cp join police_force_area f on f.local_authority_code = cp.host_authority_code
                   where cp.child_id = p_child and cp.end_date is null and f.organisation_code = lantern_setting('organisation')))
    or exists (select 1 from break_glass_access b where b.child_id = p_child and b.actor_id = lantern_setting('actor') and b.expires_at > lantern_now())
$$;

-- Trafficking details are for the responsible authority, the child's advocate and break-glass only.
create function lantern_trafficking_visible(p_child uuid) returns boolean
language sql stable security definer set search_path = public as $$
  select exists (select 1 from child c where c.id = p_child and (
      (lantern_setting('role') in ('social_worker', 'team_manager', 'data_officer') and c.responsible_authority_code = lantern_setting('authority'))
      or (lantern_setting('role') = 'advocate' and exists (
          select 1 from advocate_allocation a where a.child_id = p_child and a.ended_on is null and a.advocate_id = lantern_setting('actor')))
      or exists (select 1 from break_glass_access b where b.child_id = p_child and b.actor_id = lantern_setting('actor') and b.expires_at > lantern_now())))
$$;

drop policy child_responsible_authority on child;
create policy child_visible on child for select using (lantern_child_visible(id, responsible_authority_code));
-- Only the responsible authority's staff write a child's record.
create policy child_written_by_responsible_authority on child for insert
  with check (responsible_authority_code = lantern_setting('authority') and lantern_setting('role') in ('social_worker', 'team_manager', 'data_officer'));
create policy child_changed_by_responsible_authority on child for update
  using (responsible_authority_code = lantern_setting('authority') and lantern_setting('role') in ('social_worker', 'team_manager', 'data_officer'));

drop policy trafficking_concern_by_child on trafficking_concern;
create policy trafficking_concern_visible on trafficking_concern using (lantern_trafficking_visible(child_id));

-- Reading a record is not writing it: only the responsible authority's staff change a child's
-- record. Restrictive policies are and-ed with the read policies above.
create function lantern_child_writable(p_child uuid) returns boolean
language sql stable security definer set search_path = public as $$
  select lantern_setting('role') in ('social_worker', 'team_manager', 'data_officer')
     and exists (select 1 from child c where c.id = p_child and c.responsible_authority_code = lantern_setting('authority'))
$$;

do $$
declare
  t text;
begin
  foreach t in array array['child_alias', 'age_status', 'care_period', 'uasc_period', 'national_transfer', 'trafficking_concern', 'missing_episode'] loop
    execute format('create policy %I on %I as restrictive for insert with check (lantern_child_writable(child_id))', t || '_insert_by_responsible', t);
    execute format('create policy %I on %I as restrictive for update using (lantern_child_writable(child_id))', t || '_update_by_responsible', t);
  end loop;
end
$$;
create policy trafficking_status_insert_by_responsible on trafficking_status as restrictive for insert
  with check (lantern_child_writable((select child_id from trafficking_concern where id = concern_id)));
create policy nrm_referral_insert_by_responsible on nrm_referral as restrictive for insert
  with check (lantern_child_writable((select child_id from trafficking_concern where id = concern_id)));
create policy nrm_referral_update_by_responsible on nrm_referral as restrictive for update
  using (lantern_child_writable((select child_id from trafficking_concern where id = concern_id)));
create policy return_interview_insert_by_responsible on return_interview as restrictive for insert
  with check (lantern_child_writable((select child_id from missing_episode where id = episode_id)));
create policy return_interview_update_by_responsible on return_interview as restrictive for update
  using (lantern_child_writable((select child_id from missing_episode where id = episode_id)));
