-- Sign-ins waiting on an organisation's identity provider (issue 16, item 1): the state, nonce and
-- PKCE verifier kept between sending the browser away and its return, in the database so that the
-- return may reach any instance. The browser holds a random id in a cookie; only its SHA-256 is
-- kept here. Each row is good once (taken with delete … returning) and for ten minutes.
create table oidc_pending_sign_in (
  id_hash text primary key check (id_hash ~ '^[0-9a-f]{64}$'),
  organisation_code text not null,
  state text not null,
  nonce text not null,
  code_verifier text not null,
  expires_at timestamptz not null
);
create index oidc_pending_sign_in_expires_idx on oidc_pending_sign_in (expires_at);

grant select, insert, delete on oidc_pending_sign_in to lantern_app;
