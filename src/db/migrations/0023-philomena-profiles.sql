-- The Philomena Protocol's grab pack (issue 14, domain.md 6.1). Part 1 belongs to the child, not to a
-- placement, so it moves with the child when the placement changes; Part 2 belongs to one missing episode.
-- The photograph is kept here, resized and with its metadata stripped, never in a folder the web serves.

create table philomena_profile (
  child_id uuid primary key references child (id) on delete cascade,
  physical_description text not null,
  vulnerabilities text,
  medical_needs text,
  associates text,
  locations_frequented text,
  phone_numbers text,
  social_media text,
  transport text,
  reviewed_at timestamptz not null,
  reviewed_by text not null,
  version integer not null default 1,
  created_at timestamptz not null,
  updated_at timestamptz not null
);
-- My work lists the profiles not reviewed for 90 days.
create index philomena_profile_reviewed_idx on philomena_profile (reviewed_at);

create table philomena_photograph (
  child_id uuid primary key references philomena_profile (child_id) on delete cascade,
  image bytea not null,
  media_type text not null check (media_type = 'image/jpeg'),
  width integer not null check (width > 0),
  height integer not null check (height > 0),
  uploaded_at timestamptz not null,
  uploaded_by text not null
);

create table philomena_part_two (
  episode_id uuid primary key references missing_episode (id) on delete cascade,
  child_id uuid not null references child (id) on delete cascade,
  clothing text not null,
  last_seen_where text not null,
  last_seen_at timestamptz not null,
  last_seen_with text,
  other_information text,
  version integer not null default 1,
  recorded_at timestamptz not null,
  recorded_by text not null
);
create index philomena_part_two_child_idx on philomena_part_two (child_id);

-- The second wall, as for every table of a child's data (0005, 0007): rows of the children the actor
-- may see, written only by the responsible authority's staff.
grant select, insert, update on philomena_profile, philomena_photograph, philomena_part_two to lantern_app;
alter table philomena_profile enable row level security;
alter table philomena_photograph enable row level security;
alter table philomena_part_two enable row level security;
create policy philomena_profile_by_child on philomena_profile using (exists (select 1 from child where child.id = philomena_profile.child_id));
create policy philomena_photograph_by_child on philomena_photograph using (exists (select 1 from child where child.id = philomena_photograph.child_id));
create policy philomena_part_two_by_child on philomena_part_two using (exists (select 1 from child where child.id = philomena_part_two.child_id));
do $$
declare
  t text;
begin
  foreach t in array array['philomena_profile', 'philomena_photograph', 'philomena_part_two'] loop
    execute format('create policy %I on %I as restrictive for insert with check (lantern_child_writable(child_id))', t || '_insert_by_responsible', t);
    execute format('create policy %I on %I as restrictive for update using (lantern_child_writable(child_id))', t || '_update_by_responsible', t);
  end loop;
end
$$;
