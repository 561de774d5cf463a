-- Term and year summaries (báo cáo tổng kết): numbered like every document of the issuer (the same counter), rendered
-- through the template machinery, kept with the figures they print. scope_committee_id null = the whole country.
create table summary_documents (
  id uuid primary key default gen_random_uuid(),
  period_key text not null,
  scope_committee_id int references committees (id),
  issuer_committee_id int not null references committees (id),
  type_code text not null,
  number int not null,
  symbol text not null,
  term text not null,
  issued_on date not null,
  template_name text not null,
  template_version int not null,
  style_profile text not null,
  filename text not null,
  bytes bytea not null,
  sha256 text not null,
  figures jsonb not null,
  created_by uuid references api_tokens (id),
  created_at timestamptz not null default now(),
  unique (issuer_committee_id, type_code, term, number)
);
