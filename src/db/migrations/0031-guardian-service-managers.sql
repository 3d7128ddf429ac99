-- The guardian service's managers (issue 15; role guardian_manager): they triage the referrals made
-- to their service, allocate, reallocate and close, as its advocates do, and read the guardians'
-- records of the children referred to or allocated in their service. They never read a child's case
-- record: the child policy (migration 0008) does not know the role.

drop policy guardian_referral_visible on guardian_referral;
create policy guardian_referral_visible on guardian_referral for select using (
  (lantern_setting('role') in ('social_worker', 'team_manager', 'data_officer') and responsible_authority_code = lantern_setting('authority'))
  or (lantern_setting('role') in ('advocate', 'guardian_manager') and service_organisation_code = lantern_setting('organisation'))
  or referred_by = lantern_setting('actor'));
drop policy guardian_referral_worked on guardian_referral;
create policy guardian_referral_worked on guardian_referral for update
  using (lantern_setting('role') in ('advocate', 'guardian_manager') and service_organisation_code = lantern_setting('organisation'));

drop policy advocate_allocation_by_service on advocate_allocation;
create policy advocate_allocation_by_service on advocate_allocation for insert
  with check (lantern_setting('role') in ('advocate', 'guardian_manager') and organisation_code = lantern_setting('organisation'));
drop policy advocate_allocation_changed_by_service on advocate_allocation;
create policy advocate_allocation_changed_by_service on advocate_allocation for update
  using (lantern_setting('role') in ('advocate', 'guardian_manager') and organisation_code = lantern_setting('organisation'));

create or replace function lantern_guardian_referral_children()
returns table (referral_id uuid, given_names text, family_name text, date_of_birth date, sex text, nationality text)
language sql stable security definer set search_path = public as $$
  select r.id, c.given_names, c.family_name, coalesce(c.date_of_birth_assessed, c.date_of_birth_claimed, c.date_of_birth_latest), c.sex, c.nationality
  from guardian_referral r join child c on c.id = r.child_id
  where lantern_setting('role') in ('advocate', 'guardian_manager') and r.service_organisation_code = lantern_setting('organisation')
$$;

-- Whose guardian's record a manager reads: a child referred to, or allocated in, their service. Only
-- the child's names, to head the page; nothing for anyone else.
create function lantern_guardian_service_child(p_child uuid)
returns table (given_names text, family_name text)
language sql stable security definer set search_path = public as $$
  select c.given_names, c.family_name
  from child c
  where c.id = p_child
    and lantern_setting('role') = 'guardian_manager'
    and (exists (select 1 from guardian_referral r where r.child_id = c.id and r.service_organisation_code = lantern_setting('organisation'))
      or exists (select 1 from advocate_allocation a where a.child_id = c.id and a.organisation_code = lantern_setting('organisation')))
$$;

drop policy guardian_record_entry_visible on guardian_record_entry;
create policy guardian_record_entry_visible on guardian_record_entry for select using (
  (lantern_setting('role') = 'advocate' and service_organisation_code = lantern_setting('organisation')
    and exists (select 1 from advocate_allocation a where a.child_id = guardian_record_entry.child_id and a.ended_on is null and a.advocate_id = lantern_setting('actor')))
  or (lantern_setting('role') = 'guardian_manager' and service_organisation_code = lantern_setting('organisation'))
  or (lantern_setting('role') in ('social_worker', 'team_manager', 'data_officer')
    and exists (select 1 from child c where c.id = guardian_record_entry.child_id and c.responsible_authority_code = lantern_setting('authority'))));
