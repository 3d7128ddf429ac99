-- Identity matching (issue 13, ADR 13): the blocking keys a found-child search looks candidates up
-- by, and the estimated model. The comparisons and the model are TypeScript (src/domain/matching);
-- the database finds the candidates worth comparing.
--
-- Derived from names and dates of birth: no grant to lantern_app. The matching service reads these
-- tables as the owner, once it has authorised the search (src/services/matching-service.ts).

-- Double Metaphone (dmetaphone) ships with PostgreSQL's contrib and with PGlite.
create extension if not exists fuzzystrmatch;

-- The phonetic codes (primary and alternate) of a name's parts, and of each two neighbouring parts run together ("Abdul
-- Rahman" and "Abdulrahman", "Gebre Medhin" and "Gebremedhin" then share a code), sorted, each once.
-- Folded as Lantern folds names (lantern_fold_name, migration 0013); apostrophes dropped, anything
-- else not a letter a space; particles (al, el, bin…) left out unless they are the whole name, as
-- the comparison leaves them out (src/domain/matching/text.ts).
create function lantern_match_name_codes(p_name text) returns text[]
language plpgsql immutable strict parallel safe as $$
declare
  parts text[];
  kept text[];
  codes text[] := '{}';
  i integer;
begin
  parts := array_remove(string_to_array(regexp_replace(regexp_replace(lantern_fold_name(p_name), '[''`’]', '', 'g'), '[^a-z]+', ' ', 'g'), ' '), '');
  kept := array(select part from unnest(parts) as part where part not in ('al', 'el', 'ul', 'bin', 'ibn', 'bint', 'binti', 'da', 'de', 'di', 'do', 'van', 'von', 'der'));
  if cardinality(kept) = 0 then
    kept := parts;
  end if;
  -- Primary and alternate codes ("Logen" is LJN or LKN, "Logan" LKN), so either way round they meet.
  for i in 1 .. cardinality(kept) loop
    codes := codes || dmetaphone(kept[i]) || dmetaphone_alt(kept[i]);
    if i < cardinality(kept) then
      codes := codes || dmetaphone(kept[i] || kept[i + 1]) || dmetaphone_alt(kept[i] || kept[i + 1]);
    end if;
  end loop;
  return array(select distinct c from unnest(codes) as c where c <> '' order by c);
end
$$;

-- Every blocking key of a person, from their names ('given family'), dates of birth, years of birth
-- and identifiers ('scheme:value'). The same function gives a stored child's keys and a search's,
-- so the two always agree:
--   p:CODE|CODE:YEAR  two name parts that sound alike, in any order, with a year of birth
--   t:CODE:DATE       one name part with the whole date of birth
--   m:CODE:MM-DD      one name part with the day and month of birth (a year out, an age assessed)
--   i:SCHEME:VALUE    an identifier, upper case, letters and digits only
-- A stored child's years are those of their dates; a search gives the years around its own.
create function lantern_match_keys(p_names text[], p_dates date[], p_years integer[], p_identifiers text[]) returns text[]
language plpgsql immutable parallel safe as $$
declare
  keys text[] := '{}';
  full_name text;
  codes text[];
  i integer;
  j integer;
  identifier text;
  value text;
begin
  foreach full_name in array coalesce(p_names, '{}') loop
    codes := lantern_match_name_codes(full_name);
    for i in 1 .. coalesce(cardinality(codes), 0) loop
      keys := keys || array(select 't:' || codes[i] || ':' || d from unnest(coalesce(p_dates, '{}')) as d)
                   || array(select 'm:' || codes[i] || ':' || to_char(d, 'MM-DD') from unnest(coalesce(p_dates, '{}')) as d);
      for j in i + 1 .. cardinality(codes) loop
        keys := keys || array(select 'p:' || codes[i] || '|' || codes[j] || ':' || y from unnest(coalesce(p_years, '{}')) as y);
      end loop;
    end loop;
  end loop;
  foreach identifier in array coalesce(p_identifiers, '{}') loop
    value := upper(regexp_replace(substr(identifier, strpos(identifier, ':') + 1), '[^A-Za-z0-9]', '', 'g'));
    if value <> '' then keys := keys || ('i:' || split_part(identifier, ':', 1) || ':' || value); end if;
  end loop;
  return array(select distinct k from unnest(keys) as k);
end
$$;

create table child_match_key (
  key text not null,
  child_id uuid not null references child (id) on delete cascade
);
-- The search reads the children of its keys from the index alone.
create index child_match_key_key_idx on child_match_key (key) include (child_id);
create index child_match_key_child_idx on child_match_key (child_id);
alter table child_match_key enable row level security;

create function lantern_refresh_match_keys(p_children uuid[]) returns void
language plpgsql security definer set search_path = public as $$
begin
  if cardinality(p_children) = 0 then
    return;
  end if;
  delete from child_match_key where child_id = any(p_children);
  insert into child_match_key (key, child_id)
  select distinct key, person.id
  from (
    select c.id,
      array[concat_ws(' ', c.given_names, c.family_name)]
        || array(select concat_ws(' ', a.given_names, a.family_name) from child_alias a where a.child_id = c.id) as names,
      array_remove(array[c.date_of_birth_claimed, c.date_of_birth_assessed]
        || array(select a.date_of_birth from child_alias a where a.child_id = c.id), null) as dates,
      -- An estimated age (migration 0015) gives the years of its range, if it is a range of years, not decades.
      case when c.date_of_birth_earliest is not null and c.date_of_birth_latest - c.date_of_birth_earliest <= 6 * 366
        then array(select generate_series(extract(year from c.date_of_birth_earliest)::integer, extract(year from c.date_of_birth_latest)::integer))
        else '{}'::integer[] end as estimated_years,
      array_remove(array[
        'upn:' || c.upn, 'home_office:' || c.home_office_reference, 'nrm:' || c.nrm_reference, 'police:' || c.police_person_id
      ], null) as identifiers
    from child c
    where c.id = any(p_children)
  ) as person
  cross join lateral unnest(lantern_match_keys(
    person.names, person.dates,
    array(select extract(year from d)::integer from unnest(person.dates) as d union select y from unnest(person.estimated_years) as y),
    person.identifiers
  )) as key;
end
$$;

-- Statement-level with transition tables, as for the name identities of migration 0010, so that a bulk
-- load (the seed, a 903 import) refreshes a batch in one pass.
create function lantern_child_match_keys_changed() returns trigger
language plpgsql security definer set search_path = public as $$
begin
  if tg_op = 'INSERT' then
    perform lantern_refresh_match_keys(array(select id from new_rows));
  else
    perform lantern_refresh_match_keys(array(
      select n.id from new_rows n join old_rows o on o.id = n.id
      where (n.given_names, n.family_name, n.date_of_birth_claimed, n.date_of_birth_assessed, n.date_of_birth_earliest, n.date_of_birth_latest,
             n.upn, n.home_office_reference, n.nrm_reference, n.police_person_id)
            is distinct from (o.given_names, o.family_name, o.date_of_birth_claimed, o.date_of_birth_assessed, o.date_of_birth_earliest, o.date_of_birth_latest,
             o.upn, o.home_office_reference, o.nrm_reference, o.police_person_id)));
  end if;
  return null;
end
$$;
create trigger child_match_keys_inserted after insert on child
  referencing new table as new_rows for each statement execute function lantern_child_match_keys_changed();
create trigger child_match_keys_updated after update on child
  referencing old table as old_rows new table as new_rows for each statement execute function lantern_child_match_keys_changed();

create function lantern_alias_match_keys_changed() returns trigger
language plpgsql security definer set search_path = public as $$
begin
  if tg_op = 'INSERT' then
    perform lantern_refresh_match_keys(array(select distinct child_id from new_rows));
  elsif tg_op = 'DELETE' then
    perform lantern_refresh_match_keys(array(select distinct child_id from old_rows));
  else
    perform lantern_refresh_match_keys(array(select child_id from new_rows union select child_id from old_rows));
  end if;
  return null;
end
$$;
create trigger child_alias_match_keys_inserted after insert on child_alias
  referencing new table as new_rows for each statement execute function lantern_alias_match_keys_changed();
create trigger child_alias_match_keys_updated after update on child_alias
  referencing old table as old_rows new table as new_rows for each statement execute function lantern_alias_match_keys_changed();
create trigger child_alias_match_keys_deleted after delete on child_alias
  referencing old table as old_rows for each statement execute function lantern_alias_match_keys_changed();

select lantern_refresh_match_keys(array(select id from child));

-- The model estimated from Lantern's own records (m by EM, u from random pairs, the prior, name
-- frequencies), newest first. Parameters as the domain's MatchModel, in JSON.
create table match_model (
  id uuid primary key,
  estimated_at timestamptz not null,
  estimated_by text not null,           -- a user id, or 'command-line'
  children integer not null,            -- the population it was estimated over
  candidate_pairs integer not null,
  random_pairs integer not null,
  parameters jsonb not null
);
create index match_model_estimated_at_idx on match_model (estimated_at desc);
alter table match_model enable row level security;
