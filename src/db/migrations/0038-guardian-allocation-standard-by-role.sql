-- The guardian service's standard for allocating a guardian, by the role the child needs (issue 15,
-- item 1): a direct worker within 1 working day by default, and the other roles, for which the
-- sources give no standard, with the same default until the service's managers set their own.
-- A row of migration 0036 set every role at once: it becomes one row for each role.
alter table guardian_allocation_standard drop constraint guardian_allocation_standard_pkey;
alter table guardian_allocation_standard
  add column guardian_role text check (guardian_role in ('DIRECT_WORKER', 'RPC', 'REGIONAL_PRACTITIONER', 'POST_18'));

insert into guardian_allocation_standard (organisation_code, guardian_role, working_days, changed_by, changed_at)
select s.organisation_code, r.guardian_role, s.working_days, s.changed_by, s.changed_at
from guardian_allocation_standard s
cross join (values ('DIRECT_WORKER'), ('RPC'), ('REGIONAL_PRACTITIONER'), ('POST_18')) as r (guardian_role)
where s.guardian_role is null;
delete from guardian_allocation_standard where guardian_role is null;

alter table guardian_allocation_standard alter column guardian_role set not null;
alter table guardian_allocation_standard add primary key (organisation_code, guardian_role);
