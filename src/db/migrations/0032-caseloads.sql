-- Caseloads (issue 12, item 3): an authority's teams, who works in each, and the social worker and
-- team each child is allocated to, with every earlier allocation kept. My work lists a person's own
-- children first, then their team's, then the rest of the authority's, each with its owner; a team
-- manager allocates and reassigns (docs/access.md, "Caseloads"). Nothing is deleted: a membership
-- or an allocation ends, and the history stays.

create table team (
  id uuid primary key,
  local_authority_code text not null references local_authority (code),
  name text not null check (length(name) between 1 and 100),
  created_at timestamptz not null,
  created_by text not null,
  unique (local_authority_code, name)
);

create table team_member (
  id uuid primary key,
  team_id uuid not null references team (id),
  user_id uuid not null references app_user (id),
  added_at timestamptz not null,
  added_by text not null,
  left_at timestamptz,
  removed_by text,
  check ((left_at is null) = (removed_by is null))
);
create unique index team_member_current_idx on team_member (team_id, user_id) where left_at is null;
create index team_member_user_idx on team_member (user_id) where left_at is null;

create table child_allocation (
  id uuid primary key,
  child_id uuid not null references child (id) on delete cascade,
  -- The authority that allocated: row-level security reads it without looking up the child.
  responsible_authority_code text not null references local_authority (code),
  team_id uuid references team (id),
  social_worker_id uuid references app_user (id),
  reason text check (length(reason) between 1 and 1000),
  allocated_at timestamptz not null,
  allocated_by text not null,
  ended_at timestamptz,
  ended_by text,
  check (team_id is not null or social_worker_id is not null),
  check ((ended_at is null) = (ended_by is null))
);
-- One current allocation a child.
create unique index child_allocation_current_idx on child_allocation (child_id) where ended_at is null;
create index child_allocation_history_idx on child_allocation (child_id, allocated_at);
create index child_allocation_worker_idx on child_allocation (social_worker_id) where ended_at is null;
create index child_allocation_team_idx on child_allocation (team_id) where ended_at is null;

grant select, insert, update on team, team_member, child_allocation to lantern_app;

-- An authority's staff see its teams and who is in them; its team managers and administrators make
-- teams and change who is in them.
alter table team enable row level security;
create policy team_visible on team for select using (local_authority_code = lantern_setting('authority'));
create policy team_made on team for insert
  with check (local_authority_code = lantern_setting('authority') and lantern_setting('role') in ('team_manager', 'organisation_administrator'));

alter table team_member enable row level security;
create policy team_member_visible on team_member for select using (exists (select 1 from team t where t.id = team_id));
create policy team_member_added on team_member for insert
  with check (lantern_setting('role') in ('team_manager', 'organisation_administrator') and exists (select 1 from team t where t.id = team_id));
create policy team_member_removed on team_member for update
  using (lantern_setting('role') in ('team_manager', 'organisation_administrator') and exists (select 1 from team t where t.id = team_id));

-- The responsible authority's social workers, team managers and data officers see who holds each
-- child; only its team managers allocate and reassign.
alter table child_allocation enable row level security;
create policy child_allocation_visible on child_allocation for select using (
  lantern_setting('role') in ('social_worker', 'team_manager', 'data_officer') and responsible_authority_code = lantern_setting('authority'));
create policy child_allocation_made on child_allocation for insert
  with check (lantern_setting('role') = 'team_manager' and responsible_authority_code = lantern_setting('authority') and allocated_by = lantern_setting('actor'));
create policy child_allocation_ended on child_allocation for update
  using (lantern_setting('role') = 'team_manager' and responsible_authority_code = lantern_setting('authority'));
