-- Identity matching (issue 13 item 5): what a reviewer decided about two records the engine proposed
-- as one child. "Confirmed" also writes child_identity_link (migration 0009) for both records;
-- "excluded" keeps the pair from being proposed again. A decision is never deleted: undoing one
-- stamps it undone, with who, when and why, and the pair may then be decided again.
--
-- child_id is the record of the reviewer's own authority, other_child_id the one proposed beside it.
-- Like the other matching tables (0017) no grant to lantern_app: the matching service authorises the
-- reviewer and then reads and writes these as the owner.
create table match_decision (
  id uuid primary key,
  child_id uuid not null references child (id) on delete cascade,
  other_child_id uuid not null references child (id) on delete cascade,
  decision text not null check (decision in ('confirmed', 'excluded')),
  reason text,
  probability double precision not null,  -- what the engine said when the reviewer decided
  decided_by text not null,               -- a user id
  decided_at timestamptz not null,
  undone_by text,
  undone_at timestamptz,
  undone_reason text,
  check (child_id <> other_child_id),
  check (decision = 'confirmed' or reason is not null),
  check ((undone_at is null) = (undone_by is null) and (undone_at is null) = (undone_reason is null))
);
-- One standing decision per pair, whichever record was the reviewer's.
create unique index match_decision_pair_idx on match_decision (least(child_id, other_child_id), greatest(child_id, other_child_id))
  where undone_at is null;
create index match_decision_other_idx on match_decision (other_child_id);
alter table match_decision enable row level security;
