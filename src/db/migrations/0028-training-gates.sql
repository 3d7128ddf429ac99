-- Training gates (issue 15, item 5): an organisation may require current training for an action
-- (src/domain/training.ts, GATES: an NRM referral needs NRM first-responder training, a return home
-- interview the RHI course). No row: the gate's default, off. Someone without the training may be
-- allowed the action once by their team manager, with a reason; the allowance is listed for review.

create table training_gate (
  organisation_code text not null references organisation (code),
  action text not null check (action in ('NRM_REFERRAL', 'RETURN_HOME_INTERVIEW')),
  required boolean not null,
  changed_by text not null,
  changed_at timestamptz not null,
  primary key (organisation_code, action)
);

create table training_allowance (
  id uuid primary key,
  organisation_code text not null references organisation (code),
  person_id uuid not null references app_user (id),
  action text not null check (action in ('NRM_REFERRAL', 'RETURN_HOME_INTERVIEW')),
  reason text not null check (length(reason) between 1 and 1000),
  allowed_by text not null,
  allowed_at timestamptz not null,
  -- Set when the person takes the action: an allowance is good for one.
  used_at timestamptz
);
create index training_allowance_unused_idx on training_allowance (person_id, action) where used_at is null;
create index training_allowance_organisation_idx on training_allowance (organisation_code, allowed_at);

grant select, insert, update on training_gate, training_allowance to lantern_app;

-- Everyone reads the gates (each person's actions are checked against their organisation's); only
-- an organisation's team managers and administrators set its own.
alter table training_gate enable row level security;
create policy training_gate_readable on training_gate for select using (true);
create policy training_gate_set on training_gate for insert
  with check (organisation_code = lantern_setting('organisation') and lantern_setting('role') in ('team_manager', 'organisation_administrator'));
create policy training_gate_changed on training_gate for update
  using (organisation_code = lantern_setting('organisation') and lantern_setting('role') in ('team_manager', 'organisation_administrator'));

-- A person sees and uses their own allowances; their organisation's team managers, data officers and
-- administrators see them all; only its team managers allow.
alter table training_allowance enable row level security;
create policy training_allowance_visible on training_allowance for select using (
  person_id::text = lantern_setting('actor')
  or (organisation_code = lantern_setting('organisation') and lantern_setting('role') in ('team_manager', 'data_officer', 'organisation_administrator')));
create policy training_allowance_given on training_allowance for insert
  with check (organisation_code = lantern_setting('organisation') and lantern_setting('role') = 'team_manager' and allowed_by = lantern_setting('actor'));
create policy training_allowance_used on training_allowance for update using (person_id::text = lantern_setting('actor'));
