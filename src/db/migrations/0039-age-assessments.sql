-- Age assessments (issue 12 item 1, docs/domain.md §6.4): when the assessment was asked for and
-- decided, who assessed the child's age (the local authority, the National Age Assessment Board or
-- both), whether it was Merton-compliant, what it found (a child, an adult, or inconclusive, with a
-- date of birth or an age), and whether the child accepts or disputes it. Kept, never changed: a new
-- assessment or a review is a new row. Part of the child's record, so it follows the record's access
-- rules: seen with the child, written only by the responsible authority (as migration 0007's tables).
create table age_assessment (
  id uuid primary key,
  child_id uuid not null references child (id) on delete cascade,
  referred_on date not null,
  assessed_on date not null,
  assessed_by text not null check (assessed_by in ('LOCAL_AUTHORITY', 'NAAB', 'JOINT')),
  merton_compliant boolean not null,
  outcome text not null check (outcome in ('CHILD', 'ADULT', 'INCONCLUSIVE')),
  assessed_date_of_birth date,
  assessed_age integer check (assessed_age between 0 and 40),
  response text not null check (response in ('ACCEPTED', 'DISPUTED')),
  note text,
  created_at timestamptz not null,
  check (assessed_on >= referred_on),
  check (assessed_date_of_birth is null or assessed_age is null)
);
create index age_assessment_child_idx on age_assessment (child_id, assessed_on);

grant select, insert on age_assessment to lantern_app;
alter table age_assessment enable row level security;
create policy age_assessment_by_child on age_assessment using (exists (select 1 from child where child.id = age_assessment.child_id));
create policy age_assessment_insert_by_responsible on age_assessment as restrictive for insert with check (lantern_child_writable(child_id));
