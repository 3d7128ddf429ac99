-- A second wall behind the service layer's access rules: row-level security on every table
-- that holds a child's data. The services run each transaction as the role lantern_app with the
-- acting user's authority in the setting lantern.authority (see db/scope.ts). A query that
-- forgets its filter, or runs with a missing or forged setting, returns nothing it shouldn't.
-- The migrating (owner) role keeps full access for migrations, seeding and the command line.

do $$
begin
  if not exists (select from pg_roles where rolname = 'lantern_app') then
    create role lantern_app nologin;
  end if;
  -- The login role must be able to switch to lantern_app inside a transaction.
  execute format('grant lantern_app to %I', current_user);
end
$$;

grant usage on schema public to lantern_app;
grant select on local_authority, organisation to lantern_app;
grant select, insert, update on child, child_alias, age_status, care_period, uasc_period, national_transfer,
  trafficking_concern, trafficking_status, nrm_referral, missing_episode, return_interview to lantern_app;
grant select, insert on audit_event to lantern_app;
grant select, update on audit_chain_head to lantern_app;

create function lantern_authority() returns text language sql stable as
  $$ select nullif(current_setting('lantern.authority', true), '') $$;

alter table child enable row level security;
create policy child_responsible_authority on child
  using (responsible_authority_code = lantern_authority())
  with check (responsible_authority_code = lantern_authority());

-- Tables that hang off a child see exactly the children the child policy lets through.
alter table child_alias enable row level security;
create policy child_alias_by_child on child_alias using (exists (select 1 from child where child.id = child_alias.child_id));
alter table age_status enable row level security;
create policy age_status_by_child on age_status using (exists (select 1 from child where child.id = age_status.child_id));
alter table care_period enable row level security;
create policy care_period_by_child on care_period using (exists (select 1 from child where child.id = care_period.child_id));
alter table uasc_period enable row level security;
create policy uasc_period_by_child on uasc_period using (exists (select 1 from child where child.id = uasc_period.child_id));
alter table national_transfer enable row level security;
create policy national_transfer_by_child on national_transfer using (exists (select 1 from child where child.id = national_transfer.child_id));
alter table trafficking_concern enable row level security;
create policy trafficking_concern_by_child on trafficking_concern using (exists (select 1 from child where child.id = trafficking_concern.child_id));
alter table trafficking_status enable row level security;
create policy trafficking_status_by_concern on trafficking_status
  using (exists (select 1 from trafficking_concern where trafficking_concern.id = trafficking_status.concern_id));
alter table nrm_referral enable row level security;
create policy nrm_referral_by_concern on nrm_referral
  using (exists (select 1 from trafficking_concern where trafficking_concern.id = nrm_referral.concern_id));
alter table missing_episode enable row level security;
create policy missing_episode_by_child on missing_episode using (exists (select 1 from child where child.id = missing_episode.child_id));
alter table return_interview enable row level security;
create policy return_interview_by_episode on return_interview
  using (exists (select 1 from missing_episode where missing_episode.id = return_interview.episode_id));
