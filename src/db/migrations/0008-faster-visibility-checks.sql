-- The visibility functions of 0007 run once per row a policy checks. As SQL functions with a
-- search_path setting they were planned afresh on every call; as PL/pgSQL they keep their plans
-- for the session, and they try the common case (the responsible authority) first.
-- Names are schema-qualified instead of setting search_path, which would cost a settings
-- save and restore on every call; lantern_app cannot create objects, so nothing can shadow them.

create or replace function lantern_child_visible(p_child uuid, p_responsible text) returns boolean
language plpgsql stable security definer as $$
declare
  -- current_setting directly: plpgsql evaluates built-in calls on its fast path.
  v_role text := current_setting('lantern.role', true);
  v_authority text := nullif(current_setting('lantern.authority', true), '');
  v_actor text := nullif(current_setting('lantern.actor', true), '');
begin
  if v_role in ('social_worker', 'team_manager', 'data_officer') then
    if p_responsible = v_authority then
      return true;
    end if;
    if exists (select 1 from public.care_period cp where cp.child_id = p_child and cp.end_date is null
               and cp.host_authority_code = v_authority and cp.responsible_authority_code <> cp.host_authority_code) then
      return true;
    end if;
  elsif v_role = 'advocate' then
    if exists (select 1 from public.advocate_allocation a where a.child_id = p_child and a.ended_on is null and a.advocate_id = v_actor) then
      return true;
    end if;
  elsif v_role = 'police_coordinator' then
    if exists (select 1 from public.missing_episode m where m.child_id = p_child and m.end_at is null)
       and exists (select 1 from public.care_period cp join public.police_force_area f on f.local_authority_code = cp.host_authority_code
                   where cp.child_id = p_child and cp.end_date is null and f.organisation_code = nullif(current_setting('lantern.organisation', true), '')) then
      return true;
    end if;
  end if;
  return exists (select 1 from public.break_glass_access b where b.child_id = p_child and b.actor_id = v_actor and b.expires_at > public.lantern_now());
end
$$;

create or replace function lantern_trafficking_visible(p_child uuid) returns boolean
language plpgsql stable security definer as $$
declare
  v_role text := current_setting('lantern.role', true);
  v_actor text := nullif(current_setting('lantern.actor', true), '');
begin
  if v_role in ('social_worker', 'team_manager', 'data_officer')
     and exists (select 1 from public.child c where c.id = p_child and c.responsible_authority_code = nullif(current_setting('lantern.authority', true), '')) then
    return true;
  end if;
  if v_role = 'advocate'
     and exists (select 1 from public.advocate_allocation a where a.child_id = p_child and a.ended_on is null and a.advocate_id = v_actor) then
    return true;
  end if;
  return exists (select 1 from public.break_glass_access b where b.child_id = p_child and b.actor_id = v_actor and b.expires_at > public.lantern_now());
end
$$;

create or replace function lantern_child_writable(p_child uuid) returns boolean
language plpgsql stable security definer as $$
begin
  return current_setting('lantern.role', true) in ('social_worker', 'team_manager', 'data_officer')
     and exists (select 1 from public.child c where c.id = p_child and c.responsible_authority_code = nullif(current_setting('lantern.authority', true), ''));
end
$$;
