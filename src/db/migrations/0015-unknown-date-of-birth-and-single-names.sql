-- Children with no known date of birth or family name (issue 10 item 1, ADR 0007).
-- Trafficked and unaccompanied children often have neither. A child may now have one name only,
-- and, when no date of birth is known, an estimated age or age range recorded as the interval of
-- dates of birth it allows, with who estimated it and when. Every existing row stays valid: it
-- has both names and a claimed date of birth.

alter table child alter column given_names drop not null;
alter table child alter column family_name drop not null;
alter table child alter column date_of_birth_claimed drop not null;
alter table child add column date_of_birth_earliest date;
alter table child add column date_of_birth_latest date;
alter table child add column date_of_birth_source text
  check (date_of_birth_source in ('CHILD', 'AGE_ASSESSMENT', 'HOME_OFFICE', 'PROFESSIONAL'));
alter table child add column date_of_birth_estimated_on date;

alter table child add constraint child_named
  check (nullif(btrim(given_names), '') is not null or nullif(btrim(family_name), '') is not null);
-- An estimate is whole (both ends, its source and its day) or absent, and runs forwards.
alter table child add constraint child_date_of_birth_estimate_whole
  check ((date_of_birth_earliest is null) = (date_of_birth_latest is null)
     and (date_of_birth_earliest is null) = (date_of_birth_source is null)
     and (date_of_birth_earliest is null) = (date_of_birth_estimated_on is null)
     and (date_of_birth_earliest is null or date_of_birth_earliest <= date_of_birth_latest));
-- Something says when the child was born; an estimate only where the child gave no date.
alter table child add constraint child_date_of_birth_recorded
  check (coalesce(date_of_birth_claimed, date_of_birth_assessed, date_of_birth_earliest) is not null
     and (date_of_birth_claimed is null or date_of_birth_earliest is null));

alter table child_alias alter column given_names drop not null;
alter table child_alias alter column family_name drop not null;
alter table child_alias add constraint child_alias_named
  check (nullif(btrim(given_names), '') is not null or nullif(btrim(family_name), '') is not null);

-- The statistics band ages from the interval (a known date is an interval of one day).
grant select (date_of_birth_earliest, date_of_birth_latest) on child to lantern_statistics;

-- Names are joined with concat_ws, which leaves out an absent part (|| would make the whole name
-- null). Otherwise as migrations 0010 and 0013 wrote them. Only known dates of birth go into the
-- name identities that probable duplicates are matched on: an estimate is no date to match.
create or replace function lantern_refresh_name_identities(p_children uuid[]) returns void
language plpgsql security definer set search_path = public as $$
begin
  if cardinality(p_children) = 0 then
    return;
  end if;
  delete from child_name_identity where child_id = any(p_children);
  insert into child_name_identity (child_id, date_of_birth, name_keys, whole_key)
  select distinct names.child_id, births.date_of_birth, names.keys, lantern_joined_name_key(names.keys)
  from (
    select c.id as child_id, lantern_name_keys(concat_ws(' ', c.given_names, c.family_name)) as keys from child c where c.id = any(p_children)
    union
    select a.child_id, lantern_name_keys(concat_ws(' ', a.given_names, a.family_name)) from child_alias a where a.child_id = any(p_children)
  ) as names
  join (
    select c.id as child_id, c.date_of_birth_claimed as date_of_birth from child c where c.id = any(p_children) and c.date_of_birth_claimed is not null
    union
    select c.id, c.date_of_birth_assessed from child c where c.id = any(p_children) and c.date_of_birth_assessed is not null
    union
    select a.child_id, a.date_of_birth from child_alias a where a.child_id = any(p_children) and a.date_of_birth is not null
  ) as births on births.child_id = names.child_id
  where cardinality(names.keys) > 0;
end
$$;

create or replace function lantern_refresh_search_names(p_children uuid[]) returns void
language plpgsql security definer set search_path = public as $$
begin
  if cardinality(p_children) = 0 then
    return;
  end if;
  delete from child_search_name where child_id = any(p_children);
  insert into child_search_name (child_id, responsible_authority_code, folded_name)
  select c.id, c.responsible_authority_code, lantern_fold_name(concat_ws(' ', c.given_names, c.family_name)) from child c where c.id = any(p_children)
  union all
  select a.child_id, c.responsible_authority_code, lantern_fold_name(concat_ws(' ', a.given_names, a.family_name))
  from child_alias a join child c on c.id = a.child_id where a.child_id = any(p_children);
end
$$;

-- Searching by date of birth finds a child whose estimate allows the date (within the authority).
create index child_date_of_birth_estimate_idx on child (responsible_authority_code, date_of_birth_latest, date_of_birth_earliest)
  where date_of_birth_latest is not null;
