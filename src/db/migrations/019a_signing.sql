-- Digital signatures. A committee's signing certificate: either its key, kept encrypted with
-- AES-256-GCM under SIGNING_KEY_SECRET (never in the clear here), or only the certificate of a signer who keeps the
-- key on a token and signs outside the service. One active certificate per committee.
create table signing_certificates (
  id uuid primary key default gen_random_uuid(),
  committee_id int not null references committees (id),
  mode text not null check (mode in ('stored_key', 'external')),
  subject text not null,
  common_name text not null,
  issuer text not null,
  serial text not null,
  not_before timestamptz not null,
  not_after timestamptz not null,
  cert_der bytea not null,
  cert_sha256 text not null,
  chain_der bytea[] not null default '{}',
  key_ciphertext bytea,
  key_iv bytea,
  key_tag bytea,
  key_secret_id text,
  seal_png bytea,
  uploaded_by uuid references api_tokens (id),
  created_at timestamptz not null default now(),
  retired_at timestamptz,
  expiry_notified_at timestamptz,
  check ((mode = 'stored_key') = (key_ciphertext is not null and key_iv is not null and key_tag is not null))
);
create unique index signing_certificates_active on signing_certificates (committee_id) where retired_at is null;

-- Who signed a document's stored PDF (null: issued unsigned, the committee had no certificate).
alter table documents
  add column pdf_signed_by uuid references signing_certificates (id),
  add column pdf_signed_at timestamptz;

-- A document whose committee signs outside the service waits here: the PDF made from it, then the placeholder
-- version and its digest once the signer asked for it. documents.pdf is written only with the signed PDF.
create table signature_preparations (
  document_id uuid primary key references documents (id),
  certificate_id uuid not null references signing_certificates (id),
  unsigned_pdf bytea not null,
  prepared_pdf bytea,
  byte_range int[],
  digest_sha256 text,
  prepared_at timestamptz,
  created_at timestamptz not null default now()
);
