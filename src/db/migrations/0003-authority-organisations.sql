-- Every local authority is an organisation whose staff and API clients use Lantern.
insert into organisation (code, name, kind, local_authority_code)
select code, name, 'local_authority', code from local_authority
on conflict (code) do nothing;
