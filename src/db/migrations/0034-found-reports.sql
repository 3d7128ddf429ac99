-- A child found by someone else's report (issue 12 item 1): another agency reports that it has found a
-- child missing from care, and the responsible authority records who found them, where, when and the
-- agency's reference; the report closes the open episode. One report an episode, never changed.
create table found_report (
  episode_id uuid primary key references missing_episode (id) on delete cascade,
  agency text not null check (agency in ('POLICE', 'LOCAL_AUTHORITY', 'HEALTH', 'BORDER_FORCE', 'EDUCATION', 'VOLUNTARY', 'OTHER')),
  organisation text not null,
  found_at timestamptz not null,
  location text not null,
  reference text,
  recorded_by text not null,  -- a user id
  recorded_at timestamptz not null
);
grant select, insert on found_report to lantern_app;
alter table found_report enable row level security;
-- Seen by whoever sees its episode.
create policy found_report_by_episode on found_report for select
  using (exists (select 1 from missing_episode m where m.id = episode_id));
-- Written by those who may change the child's record: the responsible authority's staff.
create policy found_report_insert_by_responsible on found_report for insert
  with check (lantern_child_writable((select child_id from missing_episode where id = episode_id)));
