-- Failed sign-in attempts, counted by the email address tried (its SHA-256, whether or not an account
-- has it) and by the address they came from, so that the limits say nothing about which accounts
-- exist, and nobody can lock a person out: an address slows, a source locks (src/domain/sign-in-policy.ts).
-- app_user's failed_attempts and locked_until now count wrong codes only, which only the password reaches.
create table sign_in_throttle (
  key text primary key check (key ~ '^(account|source):'),
  failures integer not null default 0,
  window_started_at timestamptz,      -- a source's counting window
  last_failed_at timestamptz,
  locked_until timestamptz            -- a source's lock-out; an email address is never locked
);
-- Rows nobody has failed at for a day are deleted as new failures come in.
create index sign_in_throttle_last_failed_idx on sign_in_throttle (last_failed_at);

grant select, insert, update, delete on sign_in_throttle to lantern_app;
