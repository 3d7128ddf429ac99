-- The host authority's acknowledgement of an open missing episode (issue 12 item 1): the authority a
-- child is placed in, outside their responsible authority's area, says it knows the child is missing.
-- One acknowledgement an episode, never changed; the episode's own host authority's staff write it.
create table host_acknowledgement (
  episode_id uuid primary key references missing_episode (id) on delete cascade,
  authority_code text not null references local_authority (code),
  acknowledged_by text not null,  -- a user id
  acknowledged_at timestamptz not null
);
grant select, insert on host_acknowledgement to lantern_app;
alter table host_acknowledgement enable row level security;
-- Seen by whoever sees its episode.
create policy host_acknowledgement_by_episode on host_acknowledgement for select
  using (exists (select 1 from missing_episode m where m.id = episode_id));
-- Written by the social workers and team managers of the episode's host authority, while the child is missing.
create policy host_acknowledgement_by_host on host_acknowledgement for insert
  with check (
    lantern_setting('role') in ('social_worker', 'team_manager')
    and authority_code = lantern_setting('authority')
    and exists (select 1 from missing_episode m where m.id = episode_id and m.host_authority_code = authority_code
                and m.responsible_authority_code <> authority_code and m.end_at is null));
