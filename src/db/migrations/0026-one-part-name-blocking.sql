-- Identity matching (issue 13): a blocking key of one name part with a year of birth. Migration 0017's
-- keys join a name part to the whole date or to the day and month, and two parts to a year; so a child
-- recorded under a single name ("Amir") whose other record has a date of birth a year or more away (an
-- age assessed, a date guessed) shared no key with it and was never compared. The in-memory blocking of
-- `bin/lantern link` (src/domain/matching/blocking.ts) has had this key from the start.
--   y:CODE:YEAR  one name part's phonetic code with a year of birth
-- The rest is 0017's function unchanged. Every child's keys are made again below.
create or replace function lantern_match_keys(p_names text[], p_dates date[], p_years integer[], p_identifiers text[]) returns text[]
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
                   || array(select 'm:' || codes[i] || ':' || to_char(d, 'MM-DD') from unnest(coalesce(p_dates, '{}')) as d)
                   || array(select 'y:' || codes[i] || ':' || y from unnest(coalesce(p_years, '{}')) as y);
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

select lantern_refresh_match_keys(array(select id from child));
