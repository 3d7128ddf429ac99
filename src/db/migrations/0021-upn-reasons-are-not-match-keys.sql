-- A reason for having no UPN (UN1 to UN5, rule 442) sits in the UPN column, as the 903 return has it.
-- Migration 0017 made each a blocking key, so all the children with the same reason shared one:
-- the keys are made again without them.

create or replace function lantern_refresh_match_keys(p_children uuid[]) returns void
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
        -- UN1 to UN5 say why a child has no UPN (903 rule 442, stored where the UPN goes): not an identifier.
        case when upper(c.upn) in ('UN1', 'UN2', 'UN3', 'UN4', 'UN5') then null else 'upn:' || c.upn end, 'home_office:' || c.home_office_reference, 'nrm:' || c.nrm_reference, 'police:' || c.police_person_id
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

select lantern_refresh_match_keys(array(select id from child));
