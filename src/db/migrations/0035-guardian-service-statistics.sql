-- The guardian service's statistics (issue 15, item 3) are counted as the other statistics are: by the
-- statistics role, read-only, each count with its cell key (the child's record key), so that what is
-- released beyond the service's own managers is perturbed (docs/adr/0017-cell-key-perturbation.md). The
-- role reads no referrer, no note and nobody's name.
grant select (id, child_id, responsible_authority_code, service_organisation_code, source, referred_at, first_allocated_at, closed_at, closure_reason)
  on guardian_referral to lantern_statistics;
create policy guardian_referral_statistics on guardian_referral for select to lantern_statistics using (true);
-- advocate_allocation's select policy is for everyone already (migration 0024).
grant select (child_id, advocate_id, referral_id, allocated_at, ended_at) on advocate_allocation to lantern_statistics;
grant select (exploitation_types) on trafficking_concern to lantern_statistics;
