-- Child-specific training (issue 15, item 4; domain brief §8.1 item 14): a national catalogue of
-- courses by topic, and each person's completions, recorded by themselves, by their manager or
-- imported from a CSV file (docs/data-exchange.md, "Training completions"). How long a completion
-- stays current is the course's; what is current, due or out of date is worked out in the domain
-- (src/domain/training.ts), never stored.

create table training_course (
  code text primary key,
  title text not null,
  topic text not null check (topic in ('TRAFFICKING', 'UASC', 'MISSING', 'NRM_FIRST_RESPONDER', 'AGE_ASSESSMENT', 'RHI')),
  provider text not null,
  length_hours double precision not null check (length_hours > 0),
  -- Null for a course whose completion does not lapse.
  validity_months integer check (validity_months is null or validity_months > 0)
);

insert into training_course (code, title, topic, provider, length_hours, validity_months) values
  ('TRAFFICKING-FOUNDATION', 'Child trafficking and exploitation: foundation', 'TRAFFICKING', 'National coordination unit', 6, 36),
  ('TRAFFICKING-REFRESHER', 'Child trafficking: annual refresher', 'TRAFFICKING', 'National coordination unit', 2, 12),
  ('UASC-CARE', 'Looking after unaccompanied asylum-seeking children', 'UASC', 'National coordination unit', 6, 36),
  ('MISSING-STATUTORY', 'Children who run away or go missing from care: the statutory guidance', 'MISSING', 'National coordination unit', 3, 24),
  ('NRM-FIRST-RESPONDER', 'National Referral Mechanism: first responder', 'NRM_FIRST_RESPONDER', 'Home Office', 2, 24),
  ('AGE-ASSESSMENT', 'Age assessment: lawful and fair practice', 'AGE_ASSESSMENT', 'National coordination unit', 12, 36),
  ('RHI-PRACTICE', 'Return home interviews: practice and recording', 'RHI', 'National coordination unit', 3, 24);

create table training_completion (
  id uuid primary key,
  person_id uuid not null references app_user (id),
  -- The person's organisation when it was recorded: whose compliance it counts in.
  organisation_code text not null references organisation (code),
  course_code text not null references training_course (code),
  completed_on date not null,
  source text not null check (source in ('SELF', 'MANAGER', 'IMPORT')),
  recorded_by text not null,
  recorded_at timestamptz not null,
  -- The same course on the same day is one completion, however often it is recorded or imported.
  unique (person_id, course_code, completed_on)
);
create index training_completion_organisation_idx on training_completion (organisation_code, person_id);

grant select on training_course to lantern_app;
grant select, insert on training_completion to lantern_app;

-- A person sees their own training; their organisation's managers, data officers and administrators
-- see its people's; the national unit's analysts see everyone's, for the league table. A completion is
-- recorded in the actor's own organisation, for themselves or, by a manager or administrator, for anyone in it.
alter table training_completion enable row level security;
create policy training_completion_visible on training_completion for select using (
  person_id::text = lantern_setting('actor')
  or (organisation_code = lantern_setting('organisation') and lantern_setting('role') in ('team_manager', 'data_officer', 'organisation_administrator'))
  or lantern_setting('role') = 'national_analyst');
create policy training_completion_recorded on training_completion for insert with check (
  organisation_code = lantern_setting('organisation')
  and (person_id::text = lantern_setting('actor') or lantern_setting('role') in ('team_manager', 'organisation_administrator')));
