-- A number that changes whenever the committee registry does (committees, their name versions), whoever writes it
-- (the API, the CLI import, a registry change, another process): the pages cache the registry under it instead of
-- fetching all of it on every view. Statement-level triggers: one bump per statement, not per row.
create table registry_version (
  only_row boolean primary key default true check (only_row),
  n bigint not null
);
insert into registry_version (n) values (1);

create function bump_registry_version() returns trigger language plpgsql as $$
begin
  update registry_version set n = n + 1;
  return null;
end $$;

create trigger committees_registry_version after insert or update or delete or truncate on committees
  for each statement execute function bump_registry_version();
create trigger committee_versions_registry_version after insert or update or delete or truncate on committee_versions
  for each statement execute function bump_registry_version();
