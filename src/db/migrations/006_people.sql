-- People: a user belongs to one committee and holds roles; tokens act as a user (older tokens name none).
create table users (
  id uuid primary key default gen_random_uuid(),
  committee_id int not null references committees (id),
  name text not null check (length(btrim(name)) > 0),
  email text not null check (email = lower(email)),
  roles text[] not null check (cardinality(roles) > 0 and roles <@ array['clerk', 'approver', 'admin', 'auditor']),
  created_at timestamptz not null default now(),
  disabled_at timestamptz,
  unique (committee_id, email),
  -- The target of api_tokens' (user_id, committee_id) key: a token acts for its user's own committee only.
  unique (id, committee_id)
);

-- Null for the tokens made before people existed: they keep working and name no user. MATCH SIMPLE (the default)
-- skips the check when user_id is null.
alter table api_tokens
  add column user_id uuid references users (id),
  add constraint api_tokens_user_committee_fkey foreign key (user_id, committee_id) references users (id, committee_id);
create index api_tokens_user_idx on api_tokens (user_id) where user_id is not null;

alter table request_events add column actor_user_id uuid references users (id);

create table request_follows (
  user_id uuid not null references users (id),
  request_id uuid not null references requests (id),
  created_at timestamptz not null default now(),
  primary key (user_id, request_id)
);
create index request_follows_request_idx on request_follows (request_id);
