-- Alerts (issue 14, ADR 16): who is told what about a child, who is dealing with it and what was
-- done; the outbox that carries deliveries and clocks to the job queue in the same transaction as
-- the change that caused them; the people who hold each rung of an authority's escalation ladder;
-- an authority's local protocol settings; and organisations' webhook subscriptions.

-- One alert to one recipient group (an organisation, and a part of it: the duty team, the team
-- managers, a named head of service ...). One person's acknowledgement answers for the group.
create table alert (
  id uuid primary key,
  rule text not null,
  child_id uuid not null references child (id) on delete cascade,
  responsible_authority_code text not null references local_authority (code),
  subject_type text not null,
  subject_id uuid not null,
  recipient text not null,
  organisation_code text not null references organisation (code),
  -- A named recipient: the child's advocate, or whoever holds the head of service's or director's rung.
  user_id text,
  escalated_from uuid references alert (id),
  -- Whose change raised it (an actor id), or 'lantern' for a clock or an escalation.
  raised_by text not null,
  raised_at timestamptz not null,
  -- When it escalates (or counts as past its clock) if nobody has acknowledged it; null: no clock.
  acknowledge_by timestamptz,
  acknowledged_at timestamptz,
  acknowledged_by text,
  acknowledged_by_name text,
  action_taken text,
  action_recorded_at timestamptz,
  action_recorded_by_name text,
  -- The duty no longer owed (the child came back, the interview was held), whether or not acknowledged.
  settled_at timestamptz,
  version integer not null default 1,
  unique (rule, subject_type, subject_id, recipient, organisation_code)
);
create index alert_inbox_idx on alert (organisation_code, raised_at desc);
create index alert_subject_idx on alert (subject_id);
create index alert_authority_idx on alert (responsible_authority_code, raised_at);
create index alert_open_clock_idx on alert (acknowledge_by) where acknowledged_at is null and settled_at is null;

-- Work for the job queue, written in the change's own transaction. A relay moves each row into the
-- queue (pg-boss) and marks it queued, in one transaction; `run_at` is when a clock comes due.
create table alert_outbox (
  id uuid primary key,
  kind text not null check (kind in ('deliver', 'send', 'clock', 'escalate')),
  payload jsonb not null,
  run_at timestamptz not null,
  created_at timestamptz not null,
  queued_at timestamptz
);
create index alert_outbox_pending_idx on alert_outbox (created_at) where queued_at is null;

-- Each message sent for an alert: its id is the webhook-id and the Notify reference, the same on
-- every retry, so the receiver can drop a repeat.
create table alert_delivery (
  id uuid primary key,
  alert_id uuid not null references alert (id) on delete cascade,
  channel text not null check (channel in ('email', 'sms', 'webhook')),
  target text not null,
  created_at timestamptz not null,
  attempts integer not null default 0,
  delivered_at timestamptz,
  failed_at timestamptz,
  -- What went wrong last, in the service's words (a status code, "timed out"): never an address.
  last_error text,
  unique (alert_id, channel, target)
);

-- Who holds each post an authority's alerts go to by name, with the team mailbox and duty phone.
create table alert_contact (
  organisation_code text not null references organisation (code),
  post text not null check (post in ('duty', 'head_of_service', 'director')),
  user_id uuid references app_user (id),
  email text,
  mobile text,
  updated_at timestamptz not null,
  updated_by text not null,
  primary key (organisation_code, post)
);

-- A local protocol's settings, where the guidance leaves them to the authority.
create table alert_local_setting (
  authority_code text primary key references local_authority (code),
  repeat_threshold integer not null,
  repeat_window_days integer not null,
  priority_interview_after_hours integer,
  updated_at timestamptz not null,
  updated_by text not null,
  version integer not null default 1
);

-- Case-management and police systems told of their organisation's alerts (Standard Webhooks).
create table webhook_subscription (
  id uuid primary key,
  organisation_code text not null references organisation (code),
  url text not null,
  description text not null,
  -- whsec_…: the shared key that signs each message. Kept in clear, as it must be to sign.
  secret text not null,
  created_at timestamptz not null,
  created_by text not null,
  disabled_at timestamptz
);
create index webhook_subscription_organisation_idx on webhook_subscription (organisation_code) where disabled_at is null;

grant select, insert, update on alert, alert_contact, alert_local_setting, webhook_subscription to lantern_app;
grant insert on alert_outbox to lantern_app;
grant select on alert_delivery to lantern_app;

-- The second wall: a person sees the alerts addressed to their own organisation; the responsible
-- authority also those about its children addressed to others (the host authority, the police),
-- since its changes raise and settle them; and whoever raised an alert sees that one.
alter table alert enable row level security;
create policy alert_read on alert for select using (
  organisation_code = lantern_setting('organisation')
  or responsible_authority_code = lantern_setting('authority')
  or raised_by = lantern_setting('actor'));
create policy alert_raised on alert for insert with check (raised_by = lantern_setting('actor'));
create policy alert_answered on alert for update using (
  organisation_code = lantern_setting('organisation') or responsible_authority_code = lantern_setting('authority'));

alter table webhook_subscription enable row level security;
create policy webhook_subscription_own on webhook_subscription using (organisation_code = lantern_setting('organisation'))
  with check (organisation_code = lantern_setting('organisation'));
alter table alert_contact enable row level security;
create policy alert_contact_own on alert_contact using (organisation_code = lantern_setting('organisation'))
  with check (organisation_code = lantern_setting('organisation'));
alter table alert_local_setting enable row level security;
create policy alert_local_setting_read on alert_local_setting for select using (true);
create policy alert_local_setting_own on alert_local_setting for insert with check (authority_code = lantern_setting('authority'));
create policy alert_local_setting_change on alert_local_setting for update using (authority_code = lantern_setting('authority'));

-- Coordination figures (issue 14 item 6) for one authority's children over a period, counted as the
-- owner so that alerts addressed to other organisations (the host authority, the police) count too.
-- Totals only: no child, no alert.
create function lantern_alert_coordination(p_authority text, p_from timestamptz, p_to timestamptz, p_now timestamptz)
returns table (
  out_of_area_episodes bigint,
  host_told_within_24_hours bigint,
  acknowledged bigint,
  median_minutes_to_acknowledge double precision,
  past_clock bigint,
  returns bigint,
  interviews_within_72_hours bigint
)
language sql stable security definer set search_path = public as $$
  with episodes as (
    select e.id, e.start_at, e.end_at, e.host_authority_told_at, e.responsible_authority_code <> e.host_authority_code as out_of_area
    from missing_episode e where e.responsible_authority_code = p_authority and e.start_at >= p_from and e.start_at < p_to
  ),
  host_acknowledged as (
    select a.subject_id, min(a.acknowledged_at) as at from alert a
    where a.rule = 'MISSING_REPORTED' and a.recipient = 'host_duty' and a.responsible_authority_code = p_authority group by a.subject_id
  ),
  alerts as (
    select a.* from alert a where a.responsible_authority_code = p_authority and a.raised_at >= p_from and a.raised_at < p_to
  )
  select
    (select count(*) from episodes where out_of_area),
    (select count(*) from episodes e left join host_acknowledged h on h.subject_id = e.id
      where e.out_of_area and least(e.host_authority_told_at, h.at) <= e.start_at + interval '24 hours'),
    (select count(*) from alerts where acknowledged_at is not null),
    (select percentile_cont(0.5) within group (order by extract(epoch from acknowledged_at - raised_at) / 60) from alerts where acknowledged_at is not null),
    (select count(*) from alerts where acknowledged_at is null and settled_at is null and acknowledge_by < p_now),
    (select count(*) from episodes where end_at is not null),
    (select count(*) from episodes e join return_interview r on r.episode_id = e.id
      where e.end_at is not null and r.completed_at is not null and r.completed_at <= e.end_at + interval '72 hours')
$$;

-- Alerts past their clock now, by responsible authority, for the national unit: totals only.
create function lantern_alerts_past_clock(p_now timestamptz)
returns table (authority_code text, authority_name text, past_clock bigint, open_alerts bigint)
language sql stable security definer set search_path = public as $$
  select a.responsible_authority_code, la.name,
    count(*) filter (where a.acknowledge_by < p_now and a.acknowledged_at is null),
    count(*)
  from alert a join local_authority la on la.code = a.responsible_authority_code
  where a.settled_at is null and a.acknowledged_at is null
  group by a.responsible_authority_code, la.name
$$;

revoke all on function lantern_alert_coordination(text, timestamptz, timestamptz, timestamptz) from public;
revoke all on function lantern_alerts_past_clock(timestamptz) from public;
grant execute on function lantern_alert_coordination(text, timestamptz, timestamptz, timestamptz) to lantern_app;
grant execute on function lantern_alerts_past_clock(timestamptz) to lantern_app;
