-- Periodic information exchange: who reports to whom, how often, with which cut-off; each committee's own figures
-- per period; and the runs (one per schedule × period, so running a period twice changes nothing).
create table report_schedules (
  id uuid primary key default gen_random_uuid(),
  code text not null unique check (code ~ '^[a-z0-9][a-z0-9-]*$'),
  name text not null,
  from_committee_id int not null references committees (id),
  -- "committee:<CODE>", or a group: "group:provinces" (every provincial UBKT), "group:all".
  target text not null check (target ~ '^(committee:[A-Z0-9][A-Z0-9-]*|group:(provinces|all))$'),
  report_kind text not null default 'coordination_figures',
  period_type text not null check (period_type in ('month', 'quarter', 'half', 'nine_months', 'year', 'term')),
  cutoff jsonb not null,
  active boolean not null default true,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);

create table report_submissions (
  id uuid primary key default gen_random_uuid(),
  committee_id int not null references committees (id),
  period_key text not null,
  figures jsonb not null,
  note text not null default '',
  version int not null check (version > 0),
  superseded_at timestamptz,
  submitted_by uuid references api_tokens (id),
  submitted_at timestamptz not null default now(),
  unique (committee_id, period_key, version)
);
-- One current submission per committee and period; corrections supersede, the earlier ones stay.
create unique index report_submissions_current on report_submissions (committee_id, period_key) where superseded_at is null;

create table report_runs (
  id uuid primary key default gen_random_uuid(),
  schedule_id uuid not null references report_schedules (id),
  period_key text not null,
  started_at timestamptz not null default now(),
  finished_at timestamptz,
  requests int not null default 0,
  unique (schedule_id, period_key)
);
