-- The registry with its history: a unit is valid from a day to a day (the 63 provincial units until 30/6/2025, the
-- 34 from 1/7/2025), a merger links the ended units to their successor, and every change the central admin makes is
-- kept with who and when. Counts read the registry as it stood during the period counted.
alter table committees
  add column valid_from date not null default '2008-08-01',
  add column valid_to date,
  add constraint committees_validity check (valid_to is null or valid_to >= valid_from);

create table committee_successions (
  predecessor_id int not null references committees (id),
  successor_id int not null references committees (id),
  effective_on date not null,
  source text not null,
  primary key (predecessor_id, successor_id),
  check (predecessor_id <> successor_id)
);

create table committee_registry_changes (
  id bigserial primary key,
  committee_id int not null references committees (id),
  action text not null check (action in ('add', 'end', 'merge', 'rename')),
  detail jsonb not null,
  actor_token_id uuid references api_tokens (id),
  actor_committee_id int references committees (id),
  at timestamptz not null default now()
);
create index committee_registry_changes_committee_idx on committee_registry_changes (committee_id, id);

-- Figures of past periods the central committee's admin records after the fact (bulk import): who and when are
-- submitted_by / submitted_at; this marks the row as not sent by the committee itself, and names the import.
alter table report_submissions
  add column recorded_after_fact boolean not null default false,
  add column import_id uuid;

-- National figures the central committee has published for a period: the snapshot a province may read.
create table statistics_publications (
  id uuid primary key default gen_random_uuid(),
  period_key text not null unique,
  figures jsonb not null,
  published_by uuid references api_tokens (id),
  published_at timestamptz not null default now()
);
