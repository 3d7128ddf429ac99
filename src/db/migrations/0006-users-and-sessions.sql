-- People who sign in: local accounts with an argon2id password hash and a TOTP second factor,
-- and their server-side sessions. See src/services/user-service.ts and src/domain/sign-in-policy.ts.

create table app_user (
  id uuid primary key,
  organisation_code text not null references organisation (code),
  role text not null,                          -- one of ROLES in src/services/actor.ts
  email text not null unique check (email = lower(email)),
  display_name text not null,
  password_hash text not null,                 -- argon2id, PHC string ($argon2id$v=19$m=…,t=…,p=…$salt$hash)
  -- The TOTP shared secret, base32. Stored in clear for now: encrypting it at rest (with a key
  -- held outside the database) is a known gap, so a copy of the database can mint codes.
  totp_secret text not null,
  totp_confirmed_at timestamptz,               -- the first time a code from this secret was accepted
  totp_last_counter integer,                   -- the time step of the last accepted code: it and earlier ones are refused
  failed_attempts integer not null default 0,  -- consecutive failed passwords and codes, until a full sign-in
  last_failed_at timestamptz,
  locked_until timestamptz,
  active boolean not null default true,
  created_at timestamptz not null,
  updated_at timestamptz not null,
  version integer not null default 1
);
create index app_user_organisation_idx on app_user (organisation_code);

-- The cookie holds a random token; only its SHA-256 is kept, so a copy of this table opens no session.
create table user_session (
  id text primary key check (id ~ '^[0-9a-f]{64}$'),
  user_id uuid not null references app_user (id),
  -- After the password the session is only half signed in, good for nothing but the TOTP code.
  stage text not null check (stage in ('PASSWORD_VERIFIED', 'SIGNED_IN')),
  created_at timestamptz not null,
  last_seen_at timestamptz not null,
  expires_at timestamptz not null,             -- absolute end, however active the session
  revoked_at timestamptz,
  origin text,                                 -- the client's IP address when the session began
  user_agent text
);
create index user_session_user_idx on user_session (user_id) where revoked_at is null;

grant select, insert, update on app_user, user_session to lantern_app;
