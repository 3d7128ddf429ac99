-- Asking a team manager to allow a gated action once (issue 15, item 5; src/domain/training-request.ts):
-- someone a training gate refuses sends a request (the action, the child if any, a reason) to their
-- organisation's team managers, who allow it once (a training allowance, migration 0028) or decline
-- it, each with a reason. The requester sees the outcome.

create table training_request (
  id uuid primary key,
  organisation_code text not null references organisation (code),
  person_id uuid not null references app_user (id),
  action text not null check (action in ('NRM_REFERRAL', 'RETURN_HOME_INTERVIEW')),
  child_id uuid references child (id),
  reason text not null check (length(reason) between 1 and 500),
  requested_at timestamptz not null,
  outcome text check (outcome in ('ALLOWED', 'DECLINED')),
  decided_by text,
  decided_at timestamptz,
  decision_reason text check (length(decision_reason) between 1 and 1000),
  allowance_id uuid references training_allowance (id),
  -- Answered all at once, and an allowance only for a request allowed.
  check ((outcome is null) = (decided_by is null) and (outcome is null) = (decided_at is null) and (outcome is null) = (decision_reason is null)),
  check ((allowance_id is not null) = (outcome is not distinct from 'ALLOWED'))
);
create index training_request_waiting_idx on training_request (organisation_code, requested_at) where outcome is null;
create index training_request_person_idx on training_request (person_id, requested_at);

grant select, insert, update on training_request to lantern_app;

-- A person sees and sends their own requests; their organisation's team managers, data officers and
-- administrators see them all (as the allowances); only its team managers answer.
alter table training_request enable row level security;
create policy training_request_visible on training_request for select using (
  person_id::text = lantern_setting('actor')
  or (organisation_code = lantern_setting('organisation') and lantern_setting('role') in ('team_manager', 'data_officer', 'organisation_administrator')));
create policy training_request_sent on training_request for insert
  with check (person_id::text = lantern_setting('actor') and organisation_code = lantern_setting('organisation') and outcome is null);
create policy training_request_answered on training_request for update
  using (organisation_code = lantern_setting('organisation') and lantern_setting('role') = 'team_manager')
  with check (decided_by = lantern_setting('actor'));
