-- Browser sessions of the web interface. The cookie holds a random session key; only its SHA-256 is kept.
-- A session acts as one API token: revoking the token, or disabling its user, ends the session at once.
create table web_sessions (
  key_hash text primary key,
  token_id uuid not null references api_tokens (id) on delete cascade,
  csrf text not null,
  created_at timestamptz not null default now(),
  expires_at timestamptz not null
);
create index web_sessions_token_idx on web_sessions (token_id);
create index web_sessions_expiry_idx on web_sessions (expires_at);
