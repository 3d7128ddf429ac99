-- My work reads an authority's recent episodes by when they started (children going missing
-- repeatedly) and by when they ended (return home interviews due), an advocate's allocated
-- children, and a police force's children missing now from placements in its area. Without these
-- the page reads every episode of the authority, every allocation, or every open episode, and
-- row-level security checks each row it reads.
create index missing_episode_authority_start_idx on missing_episode (responsible_authority_code, start_at);
create index missing_episode_authority_end_idx on missing_episode (responsible_authority_code, end_at) where end_at is not null;
create index missing_episode_open_host_idx on missing_episode (host_authority_code) where end_at is null;
create index advocate_allocation_advocate_idx on advocate_allocation (advocate_id) where ended_on is null;
