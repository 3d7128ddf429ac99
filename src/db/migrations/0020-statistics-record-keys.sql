-- Record keys for the cell-key method (issue 10 item 7; docs/adr/0017-cell-key-perturbation.md,
-- src/domain/statistics/cell-key.ts). Every child record and every missing episode gets a random whole number
-- from 0 to 255 when it is inserted, and keeps it: a released count is perturbed according to the sum of the
-- keys of the records it counts, so the same records must always carry the same keys. Existing rows get theirs
-- now (a volatile default is evaluated for each row).
alter table child add column record_key smallint not null default floor(random() * 256)::smallint
  constraint child_record_key_range check (record_key between 0 and 255);
alter table missing_episode add column record_key smallint not null default floor(random() * 256)::smallint
  constraint missing_episode_record_key_range check (record_key between 0 and 255);

-- Assigned once: an update never changes a key (the application writes whole rows back; a row's key is not
-- part of the record it holds).
create function lantern_keep_record_key() returns trigger
language plpgsql as $$
begin
  new.record_key := old.record_key;
  return new;
end
$$;
create trigger child_keep_record_key before update on child
  for each row when (new.record_key is distinct from old.record_key) execute function lantern_keep_record_key();
create trigger missing_episode_keep_record_key before update on missing_episode
  for each row when (new.record_key is distinct from old.record_key) execute function lantern_keep_record_key();

-- Only the statistics role reads the keys (the application loads records column by column or strips them).
grant select (record_key) on child to lantern_statistics;
grant select (record_key) on missing_episode to lantern_statistics;

-- The year's episodes are grouped from the index alone: it now carries their keys too.
drop index missing_episode_statistics_idx;
create index missing_episode_statistics_idx on missing_episode (start_at) include (type, end_at, child_id, responsible_authority_code, host_authority_code, record_key);
-- The key of each child looked after in a period, read from an index rather than the wide child rows.
create index child_record_key_idx on child (id) include (record_key);
-- The first day any care period covers: the statistics page offers every year from it (issue 10 item 17).
create index care_period_start_idx on care_period (start_date);
