-- Statistics of coordination (issue 14 item 6) are counted as the other statistics are: by the statistics
-- role, read-only, any period and geography, each count with its cell key so that what is released beyond the
-- owner is perturbed (docs/adr/0017-cell-key-perturbation.md). An alert counts with its child's record key:
-- alerts have none of their own, and the same alert always gives the same key.
grant select (host_authority_told_at) on missing_episode to lantern_statistics;
grant select (id, rule, child_id, responsible_authority_code, subject_id, recipient, raised_at, acknowledge_by, acknowledged_at, settled_at)
  on alert to lantern_statistics;
create policy alert_statistics on alert for select to lantern_statistics using (true);

-- Replaced by the counting above: it counted one authority at a time, without cell keys.
drop function lantern_alert_coordination(text, timestamptz, timestamptz, timestamptz);
