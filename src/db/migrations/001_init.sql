-- phoihop: the initial schema. Migrations are append-only: never edit one that has shipped.
create extension if not exists pgcrypto;

create table committees (
  id serial primary key,
  code text not null unique check (code ~ '^[A-Z0-9][A-Z0-9-]*$'),
  level text not null check (level in ('central', 'province', 'commune')),
  issuer_abbr text not null,
  email text not null,
  style_profile text not null default 'HD36-2018',
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);

-- Names, header lines, place and signer change over time (mergers, Đồng Nai 30/4/2026):
-- a document shows the version valid on its date.
create table committee_versions (
  committee_id int not null references committees (id),
  valid_from date not null,
  valid_to date,
  name text not null,
  short_name text not null,
  superior_line text not null,
  issuer_line text not null,
  place_name text not null,
  signer_name text not null,
  signer_title text not null,
  primary key (committee_id, valid_from),
  check (valid_to is null or valid_to >= valid_from)
);

create table api_tokens (
  id uuid primary key default gen_random_uuid(),
  committee_id int not null references committees (id),
  roles text[] not null check (cardinality(roles) > 0 and roles <@ array['clerk', 'approver', 'admin', 'auditor']),
  token_hash text not null unique,
  label text not null default '',
  created_at timestamptz not null default now(),
  last_used_at timestamptz,
  revoked_at timestamptz
);

-- PH-YYYY-NNNN request references: one sequence per year, made on first use. A sequence takes no row lock and
-- waits for no commit, so concurrent filings never queue behind one counter row (gaps are fine for a tracking tag;
-- official document numbers use doc_counters below, which never skip).
create function next_request_reference(y int) returns bigint language plpgsql as $$
declare
  seq text := 'request_reference_' || y;
begin
  -- No EXCEPTION block: that would open a subtransaction on every call of the intake path.
  if to_regclass(seq) is null then
    perform pg_advisory_xact_lock(7210483003);
    execute format('create sequence if not exists %I', seq);
  end if;
  return nextval(seq);
end $$;

create table requests (
  id uuid primary key default gen_random_uuid(),
  reference text not null unique,
  kind text not null,
  from_committee_id int not null references committees (id),
  to_committee_id int not null references committees (id),
  status text not null,
  classification text not null default 'thuong' check (classification in ('thuong', 'mat', 'toi_mat', 'tuyet_mat')),
  urgency text not null default 'thuong' check (urgency in ('thuong', 'khan', 'thuong_khan', 'hoa_toc')),
  subject text not null,
  payload jsonb not null,
  copy_to text[] not null default '{}',
  idempotency_key text,
  body_hash text not null,
  created_by uuid references api_tokens (id),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  check (from_committee_id <> to_committee_id),
  unique (from_committee_id, idempotency_key)
);
create index requests_from_idx on requests (from_committee_id, created_at desc, id desc);
create index requests_to_idx on requests (to_committee_id, created_at desc, id desc);

create table request_events (
  id bigserial primary key,
  request_id uuid not null references requests (id),
  at timestamptz not null default now(),
  actor_token_id uuid references api_tokens (id),
  actor_committee_id int references committees (id),
  action text not null,
  from_status text,
  to_status text,
  detail jsonb not null default '{}'
);
create index request_events_request_idx on request_events (request_id, id);

-- (issuer, document type, party term) → last number; bumped in the approving transaction, never reused.
create table doc_counters (
  issuer_committee_id int not null references committees (id),
  type_code text not null,
  term text not null,
  last_number int not null,
  primary key (issuer_committee_id, type_code, term)
);

-- A row is created (numbered) at approval; bytes arrive when the render job has run. Immutable after that.
create table documents (
  id uuid primary key default gen_random_uuid(),
  request_id uuid not null references requests (id),
  type_code text not null,
  number int not null,
  symbol text not null,
  issuer_committee_id int not null references committees (id),
  term text not null,
  issued_on date not null,
  template_name text not null,
  template_version int,
  style_profile text not null,
  filename text,
  bytes bytea,
  sha256 text,
  rendered_at timestamptz,
  render_error text,
  created_at timestamptz not null default now(),
  unique (issuer_committee_id, type_code, term, number)
);
create index documents_pending_idx on documents (created_at) where bytes is null;

create table outbound_messages (
  id uuid primary key default gen_random_uuid(),
  request_id uuid not null references requests (id),
  document_id uuid references documents (id),
  to_committee_id int not null references committees (id),
  to_address text not null,
  from_address text not null,
  message_id text not null unique,
  subject text not null,
  raw bytea not null,
  status text not null check (status in ('pending', 'sending', 'sent', 'outbox', 'uncertain', 'delivery_failed', 'refused')),
  attempts int not null default 0,
  smtp_response text,
  last_error text,
  sent_at timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create index outbound_due_idx on outbound_messages (updated_at) where status in ('pending', 'sending', 'uncertain');
