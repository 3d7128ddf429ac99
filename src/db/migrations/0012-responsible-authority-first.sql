-- The child policy called lantern_child_visible for every row a query touched, even for the common
-- case: an authority's own staff reading their own children. Listing an authority's children (My
-- work, searches) paid about 3 µs a row for it. The same test written in the policy itself is a
-- plain comparison the planner can use with the responsible-authority index, and the function is
-- called only for the other relationships (host, advocate, police, break-glass).
drop policy child_visible on child;
create policy child_visible on child for select using (
  (responsible_authority_code = nullif(current_setting('lantern.authority', true), '')
   and current_setting('lantern.role', true) in ('social_worker', 'team_manager', 'data_officer'))
  or lantern_child_visible(id, responsible_authority_code)
);
