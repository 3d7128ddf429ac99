-- Data quality per authority (issue 5 item 6) and the data officer's overview (issue 4).
--
-- Row-level security hides every child of another authority, and every child from a national analyst.
-- Two measures must still look across that wall: the national league table (aggregates of every
-- authority) and probable duplicates (an authority's children against other authorities' children).
-- Both go through SECURITY DEFINER functions below that read the actor from the transaction's settings
-- (db/scope.ts) and return only what that actor may have: counts per authority, or the actor's own
-- children with the code of the other authority. No child row of another authority leaves the database.

-- ---- 1. Name keys for probable-duplicate matching ----------------------------------------------
-- A spelling-tolerant key per part of a name, so that transliterations of one name (Mohammed,
-- Muhammad, Mohamad; Nguyen, Nguyễn, Ngyuen; Tesfay, Tesfaye) mostly share it: accents stripped,
-- "ph" as "f", q and c as k, j as y, "h" and vowels dropped after a part's first letter (a leading
-- vowel is any vowel), doubled letters collapsed. Deliberately coarse: a match also needs the same
-- date of birth. PL/pgSQL with plain string functions: computed for every name written (the
-- triggers below), so it must be cheap; a regular expression is used only where one is needed.
create function lantern_name_keys(p_name text) returns text[]
language plpgsql immutable strict parallel safe as $$
declare
  s text := lower(p_name);
begin
  if octet_length(s) <> char_length(s) then
    s := translate(regexp_replace(normalize(s, NFD), '[\u0300-\u036f]', '', 'g'), 'đłøæœßı', 'dloaosi');
  end if;
  if translate(s, 'abcdefghijklmnopqrstuvwxyz', '') <> '' then
    s := regexp_replace(s, '[^a-z]+', ' ', 'g');
  end if;
  -- A part's first letter is marked in capitals so that the translate keeps it.
  s := translate(replace(replace(replace(replace(replace(replace(replace(replace(' ' || s, 'ph', 'f'),
         ' h', ' H'), ' a', ' A'), ' e', ' A'), ' i', ' A'), ' o', ' A'), ' u', ' A'), ' y', ' Y'),
         'qcjhaeiouy', 'kky');
  return array_remove(string_to_array(lower(regexp_replace(s, '(.)\1+', '\1', 'g')), ' '), '');
end
$$;

-- The parts run together, doubled letters collapsed where they meet: "Gebre Medhin" and
-- "Gebremedhin" share it.
create function lantern_joined_name_key(p_keys text[]) returns text
language plpgsql immutable strict parallel safe as $$
declare
  joined text := '';
  k text;
begin
  foreach k in array p_keys loop
    joined := joined || case when right(joined, 1) = left(k, 1) then substr(k, 2) else k end;
  end loop;
  return joined;
end
$$;

-- Every (name, date of birth) a child is known by: the record's name and each alias, against the
-- claimed, assessed and alias dates of birth. Kept up to date by the triggers below, so matching at
-- 100,000 children is an indexed join on date of birth, not a key computation per request.
-- Derived from names: no grant to lantern_app; only the SECURITY DEFINER functions read it.
create table child_name_identity (
  child_id uuid not null references child (id) on delete cascade,
  date_of_birth date not null,
  name_keys text[] not null,
  whole_key text not null
);
create index child_name_identity_child_idx on child_name_identity (child_id);
create index child_name_identity_dob_idx on child_name_identity (date_of_birth);
alter table child_name_identity enable row level security;

create function lantern_refresh_name_identities(p_children uuid[]) returns void
language plpgsql security definer set search_path = public as $$
begin
  if cardinality(p_children) = 0 then
    return;
  end if;
  delete from child_name_identity where child_id = any(p_children);
  insert into child_name_identity (child_id, date_of_birth, name_keys, whole_key)
  select distinct names.child_id, births.date_of_birth, names.keys, lantern_joined_name_key(names.keys)
  from (
    select c.id as child_id, lantern_name_keys(c.given_names || ' ' || c.family_name) as keys from child c where c.id = any(p_children)
    union
    select a.child_id, lantern_name_keys(a.given_names || ' ' || a.family_name) from child_alias a where a.child_id = any(p_children)
  ) as names
  join (
    select c.id as child_id, c.date_of_birth_claimed as date_of_birth from child c where c.id = any(p_children)
    union
    select c.id, c.date_of_birth_assessed from child c where c.id = any(p_children) and c.date_of_birth_assessed is not null
    union
    select a.child_id, a.date_of_birth from child_alias a where a.child_id = any(p_children) and a.date_of_birth is not null
  ) as births on births.child_id = names.child_id
  where cardinality(names.keys) > 0;
end
$$;

-- Statement-level with transition tables, so a bulk load (the seed, a 903 import) refreshes a batch
-- in one pass. Security definer: the writer (lantern_app) has no access to child_name_identity.
create function lantern_child_names_changed() returns trigger
language plpgsql security definer set search_path = public as $$
begin
  if tg_op = 'INSERT' then
    perform lantern_refresh_name_identities(array(select id from new_rows));
  else
    perform lantern_refresh_name_identities(array(
      select n.id from new_rows n join old_rows o on o.id = n.id
      where (n.given_names, n.family_name, n.date_of_birth_claimed, n.date_of_birth_assessed)
            is distinct from (o.given_names, o.family_name, o.date_of_birth_claimed, o.date_of_birth_assessed)));
  end if;
  return null;
end
$$;
create trigger child_names_inserted after insert on child
  referencing new table as new_rows for each statement execute function lantern_child_names_changed();
create trigger child_names_updated after update on child
  referencing old table as old_rows new table as new_rows for each statement execute function lantern_child_names_changed();

create function lantern_alias_names_changed() returns trigger
language plpgsql security definer set search_path = public as $$
begin
  perform lantern_refresh_name_identities(array(select distinct child_id from changed_rows));
  return null;
end
$$;
create trigger child_alias_names_inserted after insert on child_alias
  referencing new table as changed_rows for each statement execute function lantern_alias_names_changed();
create trigger child_alias_names_updated after update on child_alias
  referencing new table as changed_rows for each statement execute function lantern_alias_names_changed();
create trigger child_alias_names_deleted after delete on child_alias
  referencing old table as changed_rows for each statement execute function lantern_alias_names_changed();

select lantern_refresh_name_identities(array(select id from child));

-- An authority's staff: their own children that share a date of birth and a similar name with a child
-- of another responsible authority. Similar: the same whole key, or at least two name parts in common
-- (one, for a one-part name). Returns nothing for anyone else. The match reference is the same for
-- both authorities' data officers, so they can talk about one candidate without naming the child.
create function lantern_data_quality_duplicates() returns table (child_id uuid, date_of_birth date, other_authority_code text, match_reference text)
language sql stable security definer set search_path = public as $$
  with own as (
    select i.child_id, i.date_of_birth, i.name_keys, i.whole_key, c.responsible_authority_code as authority_code
    from child c
    join child_name_identity i on i.child_id = c.id
    where current_setting('lantern.role', true) in ('team_manager', 'data_officer')
      and c.responsible_authority_code = nullif(current_setting('lantern.authority', true), '')
  )
  select distinct own.child_id, own.date_of_birth, other.responsible_authority_code,
    upper(left(md5(least(own.child_id, other.id)::text || greatest(own.child_id, other.id)::text), 8))
  from own
  join child_name_identity candidate on candidate.date_of_birth = own.date_of_birth and candidate.child_id <> own.child_id
  join child other on other.id = candidate.child_id and other.responsible_authority_code <> own.authority_code
  where candidate.whole_key = own.whole_key
     or (candidate.name_keys && own.name_keys
         and cardinality(array(select unnest(candidate.name_keys) intersect select unnest(own.name_keys)))
             >= least(2, cardinality(candidate.name_keys), cardinality(own.name_keys)))
$$;

-- ---- 2. Counts per authority --------------------------------------------------------------------
-- The counts behind the overview and the league table, one row per authority the actor may measure:
-- every authority for a national analyst, their own for an authority's team managers and data
-- officers, none for anyone else. Children and episodes belong to the child's responsible authority.
-- Definitions (the domain, src/domain/data-quality.ts, names and explains them):
--   looked after now: an open care period that has started; UASC now: looked after, and a UASC
--   period current today; trafficking status: the latest status on or before today over all the
--   child's concerns; recent episodes: started on or after p_window_start (UK day) and not in the
--   future; an interview is settled when completed, declined or not offered, and recorded when
--   offered, declined, or not offered with a reason.
create function lantern_data_quality_counts(
  p_authority text,
  p_now timestamptz,
  p_today date,
  p_window_start date,
  p_year_start date,
  p_stale_before timestamptz,
  p_long_away_hours integer
) returns table (
  authority_code text,
  children integer,
  looked_after integer,
  uasc integer,
  missing_now integer,
  status_suspected integer,
  status_identified integer,
  status_confirmed integer,
  status_not_trafficked integer,
  with_concern integer,
  concern_status_recorded integer,
  nationality_known integer,
  episodes_this_year integer,
  missing_this_year integer,
  away_this_year integer,
  interviews_due integer,
  interviews_overdue integer,
  recent_missing integer,
  recent_missing_with_reference integer,
  recent_reported integer,
  recent_reported_with_reference integer,
  recent_ended integer,
  recent_interview_recorded integer,
  stale_open integer,
  recent_episodes integer,
  recent_away integer,
  away_long integer,
  away_police_risk integer,
  away_looks_missing integer
)
language sql stable security definer set search_path = public as $$
  with measured as (
    select la.code from local_authority la
    where (p_authority is null or la.code = p_authority)
      and (current_setting('lantern.role', true) = 'national_analyst'
           or (current_setting('lantern.role', true) in ('team_manager', 'data_officer')
               and la.code = nullif(current_setting('lantern.authority', true), '')))
  ),
  bounds as (
    select (p_window_start::timestamp at time zone 'Europe/London') as window_start,
           (p_year_start::timestamp at time zone 'Europe/London') as year_start
  ),
  -- The children measured; every other set is narrowed to them, so one authority's counts read only its rows.
  scoped as (select c.id, c.responsible_authority_code, c.nationality from child c join measured on measured.code = c.responsible_authority_code),
  looked_after as (select distinct cp.child_id from care_period cp join scoped on scoped.id = cp.child_id where cp.end_date is null and cp.start_date <= p_today),
  uasc_now as (select distinct u.child_id from uasc_period u join scoped on scoped.id = u.child_id where u.start_date <= p_today and (u.ceased_date is null or u.ceased_date > p_today)),
  missing_now as (select distinct m.child_id from missing_episode m join scoped on scoped.id = m.child_id where m.end_at is null),
  concerns as (
    select tc.child_id, bool_and(exists (select 1 from trafficking_status ts where ts.concern_id = tc.id)) as every_status_recorded
    from trafficking_concern tc join scoped on scoped.id = tc.child_id group by tc.child_id
  ),
  latest_status as (
    select distinct on (tc.child_id) tc.child_id, ts.status
    from trafficking_concern tc join scoped on scoped.id = tc.child_id join trafficking_status ts on ts.concern_id = tc.id
    where ts.effective_from <= p_today
    order by tc.child_id, ts.effective_from desc, ts.created_at desc
  ),
  child_facts as (
    select c.responsible_authority_code as authority_code, c.nationality,
      la.child_id is not null as looked_after, u.child_id is not null as uasc, m.child_id is not null as missing_now,
      k.child_id is not null as has_concern, coalesce(k.every_status_recorded, false) as every_status_recorded, s.status
    from scoped c
    left join looked_after la on la.child_id = c.id
    left join uasc_now u on u.child_id = c.id
    left join missing_now m on m.child_id = c.id
    left join concerns k on k.child_id = c.id
    left join latest_status s on s.child_id = c.id
  ),
  child_counts as (
    select authority_code,
      count(*) as children,
      count(*) filter (where looked_after) as looked_after,
      count(*) filter (where looked_after and uasc) as uasc,
      count(*) filter (where missing_now) as missing_now,
      count(*) filter (where looked_after and status = 'SUSPECTED') as status_suspected,
      count(*) filter (where looked_after and status = 'IDENTIFIED') as status_identified,
      count(*) filter (where looked_after and status = 'CONFIRMED') as status_confirmed,
      count(*) filter (where looked_after and status = 'NOT_TRAFFICKED') as status_not_trafficked,
      count(*) filter (where looked_after and has_concern) as with_concern,
      count(*) filter (where looked_after and has_concern and every_status_recorded) as concern_status_recorded,
      count(*) filter (where looked_after and nationality is not null and nationality <> 'unknown') as nationality_known
    from child_facts group by authority_code
  ),
  episode_facts as (
    select c.responsible_authority_code as authority_code, m.type, m.start_at, m.end_at, m.updated_at,
      nullif(trim(m.police_reference), '') is not null as has_reference,
      m.reported_to_police_at is not null as reported,
      m.reported_to_police_at is not null and m.police_risk_level is not null and m.police_risk_level <> 'NO_APPARENT_RISK' as police_risk,
      coalesce(ri.completed_at is not null or ri.response in ('DECLINED', 'NOT_OFFERED'), false) as interview_settled,
      coalesce(ri.offered_at is not null or ri.response = 'DECLINED' or (ri.response = 'NOT_OFFERED' and nullif(trim(ri.not_offered_reason), '') is not null), false) as interview_recorded,
      m.start_at >= bounds.window_start and m.start_at <= p_now as recent,
      m.start_at >= bounds.year_start and m.start_at <= p_now as this_year,
      m.end_at is not null and m.end_at + interval '72 hours' < p_now as interview_overdue_by_time
    from missing_episode m
    join scoped c on c.id = m.child_id
    cross join bounds
    left join return_interview ri on ri.episode_id = m.id
  ),
  episode_counts as (
    select authority_code,
      count(*) filter (where this_year) as episodes_this_year,
      count(*) filter (where this_year and type = 'M') as missing_this_year,
      count(*) filter (where this_year and type = 'A') as away_this_year,
      count(*) filter (where end_at is not null and not interview_settled and not interview_overdue_by_time) as interviews_due,
      count(*) filter (where end_at >= (select window_start from bounds) and not interview_settled and interview_overdue_by_time) as interviews_overdue,
      count(*) filter (where recent and type = 'M') as recent_missing,
      count(*) filter (where recent and type = 'M' and has_reference) as recent_missing_with_reference,
      count(*) filter (where recent and reported) as recent_reported,
      count(*) filter (where recent and reported and has_reference) as recent_reported_with_reference,
      count(*) filter (where recent and interview_overdue_by_time) as recent_ended,
      count(*) filter (where recent and interview_overdue_by_time and interview_recorded) as recent_interview_recorded,
      count(*) filter (where end_at is null and updated_at < p_stale_before) as stale_open,
      count(*) filter (where recent) as recent_episodes,
      count(*) filter (where recent and type = 'A') as recent_away,
      count(*) filter (where recent and type = 'A' and coalesce(end_at, p_now) - start_at > make_interval(hours => p_long_away_hours)) as away_long,
      count(*) filter (where recent and type = 'A' and police_risk) as away_police_risk,
      count(*) filter (where recent and type = 'A' and (police_risk or coalesce(end_at, p_now) - start_at > make_interval(hours => p_long_away_hours))) as away_looks_missing
    from episode_facts group by authority_code
  )
  select measured.code,
    coalesce(cc.children, 0)::int, coalesce(cc.looked_after, 0)::int, coalesce(cc.uasc, 0)::int, coalesce(cc.missing_now, 0)::int,
    coalesce(cc.status_suspected, 0)::int, coalesce(cc.status_identified, 0)::int, coalesce(cc.status_confirmed, 0)::int, coalesce(cc.status_not_trafficked, 0)::int,
    coalesce(cc.with_concern, 0)::int, coalesce(cc.concern_status_recorded, 0)::int, coalesce(cc.nationality_known, 0)::int,
    coalesce(ec.episodes_this_year, 0)::int, coalesce(ec.missing_this_year, 0)::int, coalesce(ec.away_this_year, 0)::int,
    coalesce(ec.interviews_due, 0)::int, coalesce(ec.interviews_overdue, 0)::int,
    coalesce(ec.recent_missing, 0)::int, coalesce(ec.recent_missing_with_reference, 0)::int,
    coalesce(ec.recent_reported, 0)::int, coalesce(ec.recent_reported_with_reference, 0)::int,
    coalesce(ec.recent_ended, 0)::int, coalesce(ec.recent_interview_recorded, 0)::int,
    coalesce(ec.stale_open, 0)::int,
    coalesce(ec.recent_episodes, 0)::int, coalesce(ec.recent_away, 0)::int, coalesce(ec.away_long, 0)::int, coalesce(ec.away_police_risk, 0)::int, coalesce(ec.away_looks_missing, 0)::int
  from measured
  left join child_counts cc on cc.authority_code = measured.code
  left join episode_counts ec on ec.authority_code = measured.code
  order by measured.code
$$;

-- ---- 3. The latest run of the record rules for each authority ------------------------------------
-- The rules are TypeScript (src/domain/validation/rules.ts), so they run in the service over the
-- authority's records; the totals are kept here for the league table. Totals only: no child.
-- The records are read a page at a time in this order.
create index child_authority_id_idx on child (responsible_authority_code, id);
create table data_quality_rule_check (
  authority_code text primary key references local_authority (code),
  checked_at timestamptz not null,
  children integer not null,
  children_with_violations integer not null,
  errors integer not null,
  warnings integer not null
);
grant select, insert, update on data_quality_rule_check to lantern_app;
alter table data_quality_rule_check enable row level security;
-- An authority's team managers and data officers keep their own totals; national analysts read all.
create policy data_quality_rule_check_read on data_quality_rule_check for select using (
  current_setting('lantern.role', true) = 'national_analyst'
  or (current_setting('lantern.role', true) in ('team_manager', 'data_officer') and authority_code = nullif(current_setting('lantern.authority', true), '')));
create policy data_quality_rule_check_insert on data_quality_rule_check for insert with check (
  current_setting('lantern.role', true) in ('team_manager', 'data_officer') and authority_code = nullif(current_setting('lantern.authority', true), ''));
create policy data_quality_rule_check_update on data_quality_rule_check for update
  using (current_setting('lantern.role', true) in ('team_manager', 'data_officer') and authority_code = nullif(current_setting('lantern.authority', true), ''))
  with check (current_setting('lantern.role', true) in ('team_manager', 'data_officer') and authority_code = nullif(current_setting('lantern.authority', true), ''));
