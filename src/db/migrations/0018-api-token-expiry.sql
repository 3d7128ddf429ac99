-- API tokens expire (issue 10, item 12): 90 days after they are made unless set otherwise then
-- (src/domain/api-token.ts). A token made before this expires 90 days from the upgrade, so that no
-- case-management system stops on the day it comes. A token rotated names the one that replaced it.
alter table api_token add column expires_at timestamptz;
update api_token set expires_at = greatest(created_at, now()) + interval '90 days';
alter table api_token alter column expires_at set not null;
alter table api_token add column replaced_by uuid references api_token (id);
