-- The registers of documents sent and received, classified hand-over, attachments, search.

-- Folding for search without diacritics: "Kỷ luật", "kỷ luật", "ky luat" and the old tone placement "uỷ"/"ủy"
-- all fold to the same letters. translate() + lower() on ASCII only: immutable whatever the database's locale,
-- and no dependence on the unaccent extension (a PostgreSQL at DATABASE_URL may not have contrib installed).
-- Input is NFC (the API normalises every text); src/search/fold.ts is the same mapping for the application.
create function phoihop_fold(t text) returns text language sql immutable parallel safe as $$
  select lower(translate(coalesce(t, ''),
    'àáạảãâầấậẩẫăằắặẳẵèéẹẻẽêềếệểễìíịỉĩòóọỏõôồốộổỗơờớợởỡùúụủũưừứựửữỳýỵỷỹđÀÁẠẢÃÂẦẤẬẨẪĂẰẮẶẲẴÈÉẸẺẼÊỀẾỆỂỄÌÍỊỈĨÒÓỌỎÕÔỒỐỘỔỖƠỜỚỢỞỠÙÚỤỦŨƯỪỨỰỬỮỲÝỴỶỸĐ',
    'aaaaaaaaaaaaaaaaaeeeeeeeeeeeiiiiiooooooooooooooooouuuuuuuuuuuyyyyydAAAAAAAAAAAAAAAAAEEEEEEEEEEEIIIIIOOOOOOOOOOOOOOOOOUUUUUUUUUUUYYYYYD'))
$$;

-- The string values of a payload (not its keys), for the search text.
create function phoihop_json_strings(j jsonb) returns text language sql immutable parallel safe as $$
  select coalesce(string_agg(v #>> '{}', ' '), '') from jsonb_path_query(j, 'strict $.** ? (@.type() == "string")') v
$$;

alter table requests add column search_tsv tsvector generated always as (
  setweight(to_tsvector('simple', phoihop_fold(reference || ' ' || subject)), 'A') ||
  setweight(to_tsvector('simple', phoihop_fold(phoihop_json_strings(payload))), 'C')
) stored;
create index requests_search_idx on requests using gin (search_tsv);

-- The text of a rendered document (its docx XML's paragraphs), written with its bytes.
alter table documents add column text_content text;
alter table documents add column search_tsv tsvector generated always as (
  setweight(to_tsvector('simple', phoihop_fold(symbol)), 'A') ||
  setweight(to_tsvector('simple', phoihop_fold(coalesce(text_content, ''))), 'D')
) stored;
create index documents_search_idx on documents using gin (search_tsv);
create index documents_register_idx on documents (issuer_committee_id, term, type_code, number);
-- A request's documents were found by a sequential scan (no index led from a request to its documents).
create index documents_request_idx on documents (request_id);
create index documents_recent_idx on documents (issuer_committee_id, created_at desc);

alter table inbound_messages add column search_tsv tsvector generated always as (
  setweight(to_tsvector('simple', phoihop_fold(coalesce(subject, ''))), 'A') ||
  setweight(to_tsvector('simple', phoihop_fold(coalesce(stripped_text, ''))), 'D')
) stored;
create index inbound_search_idx on inbound_messages using gin (search_tsv);

-- A classified letter is never e-mailed: its hand-over (by the confidential courier or by hand) is recorded here,
-- and starts the answer deadline as an e-mail send would.
create table dispatch_handovers (
  id uuid primary key default gen_random_uuid(),
  dispatch_id uuid not null unique references dispatches (id),
  method text not null check (method in ('courier', 'by_hand')),
  carried_by text not null check (length(btrim(carried_by)) > 0),
  received_by text not null check (length(btrim(received_by)) > 0),
  handed_over_at timestamptz not null,
  receipt_number text,
  recorded_by_token uuid references api_tokens (id),
  recorded_by_user uuid references users (id),
  created_at timestamptz not null default now()
);

-- Sổ văn bản đến: số đến counts from 1 per receiving committee and year; bumped in the registering transaction.
create table received_counters (
  committee_id int not null references committees (id),
  year int not null,
  last_number int not null,
  primary key (committee_id, year)
);

create table received_documents (
  id uuid primary key default gen_random_uuid(),
  committee_id int not null references committees (id),
  year int not null,
  number int not null,
  received_on date not null,
  source text not null check (source in ('phoihop', 'reply_attachment', 'new_mail', 'manual')),
  document_id uuid references documents (id),
  inbound_attachment_id uuid references inbound_attachments (id),
  request_id uuid references requests (id),
  symbol text not null check (length(btrim(symbol)) > 0),
  issued_on date,
  issuer_name text not null check (length(btrim(issuer_name)) > 0),
  issuer_committee_id int references committees (id),
  summary text not null default '',
  classification text not null default 'thuong' check (classification in ('thuong', 'mat', 'toi_mat', 'tuyet_mat')),
  urgency text not null default 'thuong' check (urgency in ('thuong', 'khan', 'thuong_khan', 'hoa_toc')),
  delivery text not null default 'email' check (delivery in ('phoihop', 'email', 'courier', 'by_hand', 'post')),
  recorded_by_token uuid references api_tokens (id),
  recorded_by_user uuid references users (id),
  created_at timestamptz not null default now(),
  search_tsv tsvector generated always as (
    setweight(to_tsvector('simple', phoihop_fold(symbol || ' ' || issuer_name)), 'A') ||
    setweight(to_tsvector('simple', phoihop_fold(summary)), 'B')
  ) stored,
  unique (committee_id, year, number),
  unique (committee_id, document_id),
  unique (committee_id, inbound_attachment_id)
);
-- The same letter is registered once: its number from its issuer, on its date (an expression index: PostgreSQL 14
-- has no NULLS NOT DISTINCT).
create unique index received_same_letter_idx on received_documents
  (committee_id, phoihop_fold(issuer_name), phoihop_fold(symbol), coalesce(issued_on, '0001-01-01'::date));
create index received_register_idx on received_documents (committee_id, year, number);
create index received_search_idx on received_documents using gin (search_tsv);

-- Files a clerk attaches to a request (hồ sơ kèm theo). The bytes live in the attachment store (this database by
-- default, a directory by configuration) under their SHA-256; the row is the truth about what belongs where.
create table request_attachments (
  id uuid primary key default gen_random_uuid(),
  request_id uuid not null references requests (id),
  filename text not null,
  content_type text not null,
  extension text not null,
  size int not null check (size > 0),
  sha256 text not null,
  storage text not null check (storage in ('db', 'dir')),
  created_by_token uuid references api_tokens (id),
  created_by_user uuid references users (id),
  created_at timestamptz not null default now(),
  unique (request_id, sha256)
);
create index request_attachments_request_idx on request_attachments (request_id, created_at);

create table attachment_blobs (
  sha256 text primary key,
  bytes bytea not null
);
