-- An age assessment's legal challenge (issue 12 item 1, docs/domain.md §6.4 AgeAssessment): none, a
-- judicial review or an appeal to the tribunal, the day it was brought, and its result once decided
-- (the assessment upheld, overturned, or the challenge withdrawn or settled). Recorded on the
-- assessment, which is otherwise kept as it was: only these columns change, with its version, and
-- only by the responsible authority (as migration 0007's tables).
alter table age_assessment
  add column challenge text not null default 'NONE' check (challenge in ('NONE', 'JUDICIAL_REVIEW', 'TRIBUNAL_APPEAL')),
  add column challenged_on date,
  add column challenge_result text check (challenge_result in ('UPHELD', 'OVERTURNED', 'WITHDRAWN')),
  add column challenge_decided_on date,
  add column version integer not null default 1,
  add check ((challenge = 'NONE') = (challenged_on is null)),
  add check ((challenge_result is null) = (challenge_decided_on is null)),
  add check (challenge <> 'NONE' or challenge_result is null),
  add check (challenged_on is null or challenged_on >= assessed_on),
  add check (challenge_decided_on is null or challenge_decided_on >= challenged_on);

grant update (challenge, challenged_on, challenge_result, challenge_decided_on, version) on age_assessment to lantern_app;
create policy age_assessment_update_by_responsible on age_assessment as restrictive for update using (lantern_child_writable(child_id));
