-- Managed templates: versions per (committee, name). committee_id null = the built-in version shipped in templates/.
-- A committee's active version wins over the built-in one for that committee's documents.
create table templates (
  id uuid primary key default gen_random_uuid(),
  committee_id int references committees (id),
  name text not null check (name ~ '^[a-z0-9][a-z0-9-]*$'),
  version int not null check (version > 0),
  bytes bytea not null,
  sha256 text not null,
  size int not null,
  tags jsonb not null default '[]',
  active boolean not null default false,
  note text not null default '',
  uploaded_by uuid references api_tokens (id),
  uploaded_at timestamptz not null default now(),
  activated_at timestamptz
);
create unique index templates_version_key on templates (coalesce(committee_id, 0), name, version);
create unique index templates_one_active on templates (coalesce(committee_id, 0), name) where active;

alter table documents add column template_id uuid references templates (id);
