-- The guardian service's standard for allocating a guardian (issue 15, item 1): working days from the
-- referral, set by the service's managers. No row: the default, 1 working day. The slow-allocation alert's
-- clock is set from it when a referral is made, so whoever refers reads it; only the service's managers
-- set their own.
create table guardian_allocation_standard (
  organisation_code text primary key references organisation (code),
  working_days integer not null check (working_days between 1 and 20),
  changed_by text not null,
  changed_at timestamptz not null
);
grant select, insert, update on guardian_allocation_standard to lantern_app;
alter table guardian_allocation_standard enable row level security;
create policy guardian_allocation_standard_readable on guardian_allocation_standard for select using (true);
create policy guardian_allocation_standard_set on guardian_allocation_standard for insert
  with check (organisation_code = lantern_setting('organisation') and lantern_setting('role') = 'guardian_manager');
create policy guardian_allocation_standard_changed on guardian_allocation_standard for update
  using (organisation_code = lantern_setting('organisation') and lantern_setting('role') = 'guardian_manager');
