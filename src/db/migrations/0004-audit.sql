-- The audit trail: one row for every view, search, create, change, export and sign-in.
-- Rows are hash-chained (see src/domain/audit-chain.ts) so `lantern audit verify` can tell
-- when one was edited, deleted or slipped in. Appends are spread over 256 chains, each with
-- its own head row, so concurrent writers rarely wait for one another (each holds its head to commit).

create table audit_event (
  id uuid primary key,
  chain smallint not null check (chain between 0 and 255),
  seq bigint not null check (seq > 0),   -- position within its chain, from 1
  occurred_at timestamptz not null,
  actor_id text not null,                -- a user id, `token:<id>`, or the name tried in a failed sign-in
  organisation_code text not null,
  role text not null,
  action text not null,
  entity text not null,
  entity_id text,
  child_id uuid,                         -- no foreign key: the trail outlives a record's deletion
  origin text,                           -- the client's IP address
  details jsonb,                         -- changes: {field: {before, after}}; searches: filter names only
  reason text,                           -- why the actor broke the glass
  previous_hash text not null,
  hash text not null,
  unique (chain, seq)
);
create index audit_event_child_idx on audit_event (child_id, occurred_at) where child_id is not null;
create index audit_event_occurred_idx on audit_event (occurred_at);
create index audit_event_actor_idx on audit_event (actor_id);

-- The last event of each chain. Kept separately so that deleting the newest events
-- (which leaves an intact but shorter chain) is still detected.
create table audit_chain_head (
  chain smallint primary key check (chain between 0 and 255),
  seq bigint not null,
  hash text not null
);
insert into audit_chain_head (chain, seq, hash)
select chain, 0, repeat('0', 64) from generate_series(0, 255) as chain;

-- Append-only, enforced by the database so that no code path (or hand-written SQL) can
-- quietly rewrite history. Verification still catches anyone who disables the trigger.
create function audit_event_refuse_change() returns trigger language plpgsql as $$
begin
  raise exception 'The audit trail is append-only: % on audit_event is not allowed', tg_op
    using errcode = 'insufficient_privilege';
end;
$$;

create trigger audit_event_append_only
  before update or delete on audit_event
  for each row execute function audit_event_refuse_change();

create trigger audit_event_no_truncate
  before truncate on audit_event
  for each statement execute function audit_event_refuse_change();
