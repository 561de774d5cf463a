-- One dispatch per request × recipient committee: what was sent to whom, its reply token, its deadline, its answer.
create table dispatches (
  id uuid primary key default gen_random_uuid(),
  request_id uuid not null references requests (id),
  to_committee_id int not null references committees (id),
  token text not null unique check (token ~ '^[a-z2-7]{32}$'),
  status text not null default 'pending'
    check (status in ('pending', 'sent', 'delivery_failed', 'withheld', 'answered', 'cancelled')),
  withheld_reason text,
  sent_at timestamptz,
  deadline_at timestamptz,
  next_reminder_at timestamptz,
  reminders_sent int not null default 0,
  escalated_at timestamptz,
  overdue_at timestamptz,
  answered_at timestamptz,
  answer text check (answer in ('accepted', 'declined', 'needs_info')),
  answer_note text,
  answer_staff text[] not null default '{}',
  answer_confirmed_by uuid references api_tokens (id),
  created_at timestamptz not null default now(),
  unique (request_id, to_committee_id)
);
create index dispatches_due_idx on dispatches (next_reminder_at) where status = 'sent';

alter table outbound_messages
  add column dispatch_id uuid references dispatches (id),
  add column purpose text not null default 'letter' check (purpose in ('letter', 'reminder', 'escalation', 'notification')),
  add column sequence int not null default 0;
-- A reminder is numbered per dispatch: the same number is never composed twice.
create unique index outbound_purpose_seq on outbound_messages (dispatch_id, purpose, sequence) where dispatch_id is not null;
alter table outbound_messages drop constraint outbound_messages_status_check;
alter table outbound_messages add constraint outbound_messages_status_check
  check (status in ('pending', 'sending', 'sent', 'outbox', 'uncertain', 'delivery_failed', 'refused', 'cancelled'));

-- Every message that reaches us, stored raw before anything else; never dropped.
create table inbound_messages (
  id uuid primary key default gen_random_uuid(),
  source text not null check (source in ('smtp', 'imap', 'webhook')),
  raw bytea not null,
  sha256 text not null unique,
  message_id text unique,
  received_at timestamptz not null default now(),
  from_address text,
  subject text,
  status text not null default 'received' check (status in ('received', 'processed', 'unmatched', 'ignored')),
  classification text check (classification in ('loop', 'bounce', 'auto_reply', 'human')),
  classification_reason text,
  match_method text,
  dispatch_id uuid references dispatches (id),
  request_id uuid references requests (id),
  sender_matches boolean,
  needs_review boolean not null default false,
  stripped_text text,
  suggestion jsonb,
  attached_by uuid references api_tokens (id),
  processed_at timestamptz,
  error text
);
create index inbound_unmatched_idx on inbound_messages (received_at desc) where status = 'unmatched';
create index inbound_request_idx on inbound_messages (request_id, received_at);

create table inbound_attachments (
  id uuid primary key default gen_random_uuid(),
  inbound_id uuid not null references inbound_messages (id),
  filename text,
  content_type text not null,
  size int not null,
  sha256 text not null,
  bytes bytea not null
);
