-- The core record: local authorities, organisations, looked-after children, their care,
-- UASC and trafficking status over time, missing episodes and return home interviews.
-- Dates a social worker enters as days are `date`; moments (went missing, came back) are `timestamptz`.

create table local_authority (
  code text primary key,                -- ONS/GSS code (E06…, E08…, E09…, E10…, W06…, S12…); NI trusts use their HSC Trust code
  la_number text unique,                -- DfE three-digit LA number (England only)
  name text not null,
  nation text not null check (nation in ('ENG', 'WAL', 'SCO', 'NI')),
  region text not null,
  kind text not null                    -- county, unitary, metropolitan district, London borough, HSC trust…
);

create table organisation (
  code text primary key,
  name text not null,
  kind text not null check (kind in ('local_authority', 'guardian_service', 'police_force', 'national_unit')),
  local_authority_code text references local_authority (code),
  check ((kind = 'local_authority') = (local_authority_code is not null))
);

create table child (
  id uuid primary key,
  responsible_authority_code text not null references local_authority (code),
  la_child_id text not null,            -- 903 CHILD: the responsible authority's own id
  given_names text not null,
  family_name text not null,
  sex text not null check (sex in ('M', 'F', 'U')),
  date_of_birth_claimed date not null,
  date_of_birth_assessed date,
  nationality text,                     -- ISO 3166-1 alpha-2, 'unknown', or null when not recorded
  languages text[] not null default '{}',
  interpreter_needed boolean not null default false,
  ethnicity text,                       -- 903 ETHNIC
  upn text,
  home_office_reference text,
  nrm_reference text,
  police_person_id text,
  version integer not null default 1,
  created_at timestamptz not null,
  updated_at timestamptz not null,
  unique (responsible_authority_code, la_child_id)
);
create index child_family_name_idx on child (lower(family_name));
create index child_date_of_birth_idx on child (date_of_birth_claimed);

create table child_alias (
  id uuid primary key,
  child_id uuid not null references child (id) on delete cascade,
  given_names text not null,
  family_name text not null,
  date_of_birth date,
  nationality text,
  source text not null,                 -- who knew the child by this name: agency or authority
  seen_where text,
  seen_on date not null,
  created_at timestamptz not null
);
create index child_alias_child_idx on child_alias (child_id);
create index child_alias_family_name_idx on child_alias (lower(family_name));

-- Age status is dated history so that "as at date X" questions can be answered.
create table age_status (
  id uuid primary key,
  child_id uuid not null references child (id) on delete cascade,
  status text not null check (status in ('ACCEPTED', 'DISPUTED', 'ASSESSMENT_PENDING', 'ASSESSED_CHILD', 'ASSESSED_ADULT')),
  effective_from date not null,
  note text,
  created_at timestamptz not null,
  unique (child_id, effective_from)
);

-- A 903 episode of care: a period with one legal status and placement.
create table care_period (
  id uuid primary key,
  child_id uuid not null references child (id) on delete cascade,
  start_date date not null,             -- DECOM
  end_date date,                        -- DEC
  legal_status text not null,           -- LS
  placement_type text not null,         -- PLACE
  reason_new_episode text,              -- RNE
  reason_ceased text,                   -- REC
  responsible_authority_code text not null references local_authority (code),
  host_authority_code text not null references local_authority (code),
  version integer not null default 1,
  created_at timestamptz not null,
  updated_at timestamptz not null
);
create index care_period_child_idx on care_period (child_id, start_date);
create index care_period_host_idx on care_period (host_authority_code) where end_date is null;

create table uasc_period (
  id uuid primary key,
  child_id uuid not null references child (id) on delete cascade,
  start_date date not null,
  ceased_date date,                     -- 903 DUC
  version integer not null default 1,
  created_at timestamptz not null,
  updated_at timestamptz not null
);
create index uasc_period_child_idx on uasc_period (child_id);

create table national_transfer (
  id uuid primary key,
  child_id uuid not null references child (id) on delete cascade,
  from_authority_code text not null references local_authority (code),
  to_authority_code text not null references local_authority (code),
  referred_on date not null,
  transferred_on date,
  created_at timestamptz not null
);
create index national_transfer_child_idx on national_transfer (child_id);

create table trafficking_concern (
  id uuid primary key,
  child_id uuid not null references child (id) on delete cascade,
  raised_on date not null,
  raised_by text not null,
  indicators text[] not null default '{}',
  exploitation_types text[] not null default '{}',
  county_lines boolean not null default false,
  exploitation_location text not null default 'UNKNOWN',
  version integer not null default 1,
  created_at timestamptz not null,
  updated_at timestamptz not null
);
create index trafficking_concern_child_idx on trafficking_concern (child_id);

create table trafficking_status (
  id uuid primary key,
  concern_id uuid not null references trafficking_concern (id) on delete cascade,
  status text not null check (status in ('SUSPECTED', 'IDENTIFIED', 'CONFIRMED', 'NOT_TRAFFICKED')),
  effective_from date not null,
  basis text not null,                  -- CONCERN_RAISED, RG_POSITIVE, CG_POSITIVE, CG_NEGATIVE, RECORDED
  created_at timestamptz not null
);
create index trafficking_status_concern_idx on trafficking_status (concern_id, effective_from);

create table nrm_referral (
  id uuid primary key,
  concern_id uuid not null unique references trafficking_concern (id) on delete cascade,
  referred_on date not null,
  first_responder_organisation text not null,
  competent_authority text not null check (competent_authority in ('SCA', 'IECA', 'DEVOLVED_PANEL')),
  reasonable_grounds_decision text not null default 'PENDING' check (reasonable_grounds_decision in ('PENDING', 'POSITIVE', 'NEGATIVE', 'WITHDRAWN')),
  reasonable_grounds_decided_on date,
  conclusive_grounds_decision text not null default 'PENDING' check (conclusive_grounds_decision in ('PENDING', 'POSITIVE', 'NEGATIVE', 'WITHDRAWN')),
  conclusive_grounds_decided_on date,
  version integer not null default 1,
  created_at timestamptz not null,
  updated_at timestamptz not null
);

create table missing_episode (
  id uuid primary key,
  child_id uuid not null references child (id) on delete cascade,
  type text not null check (type in ('M', 'A')),
  start_at timestamptz not null,
  end_at timestamptz,                   -- null while the child is missing
  responsible_authority_code text not null references local_authority (code),
  host_authority_code text not null references local_authority (code),
  last_seen_location text,
  last_seen_with text,
  reported_to_police_at timestamptz,
  police_force text,
  police_reference text,
  police_risk_level text check (police_risk_level in ('VERY_LOW', 'LOW', 'MEDIUM', 'HIGH', 'NO_APPARENT_RISK')),
  responsible_authority_told_at timestamptz,
  host_authority_told_at timestamptz,
  end_reason text,
  harm_disclosed text check (harm_disclosed in ('NONE', 'SUSPECTED', 'CONFIRMED')),
  exploitation_disclosed boolean,
  version integer not null default 1,
  created_at timestamptz not null,
  updated_at timestamptz not null
);
create index missing_episode_child_idx on missing_episode (child_id, start_at);
create index missing_episode_start_idx on missing_episode (start_at);
create index missing_episode_open_idx on missing_episode (responsible_authority_code) where end_at is null;
create unique index missing_episode_one_open_idx on missing_episode (child_id) where end_at is null;

create table return_interview (
  id uuid primary key,
  episode_id uuid not null unique references missing_episode (id) on delete cascade,
  offered_at timestamptz,
  response text not null check (response in ('ACCEPTED', 'DECLINED', 'NOT_OFFERED')),
  not_offered_reason text,
  completed_at timestamptz,
  interviewer_type text check (interviewer_type in ('INDEPENDENT_PROVIDER', 'LA_WORKER', 'ICTG', 'OTHER')),
  outcomes text[] not null default '{}',
  version integer not null default 1,
  created_at timestamptz not null,
  updated_at timestamptz not null
);

-- Scoped API tokens for case-management systems; only a hash is kept.
create table api_token (
  id uuid primary key,
  organisation_code text not null references organisation (code),
  role text not null,
  description text not null,
  token_hash text not null unique,
  created_at timestamptz not null,
  revoked_at timestamptz
);
