-- Failed sign-ins and token checks, counted across API processes when the queues are on PostgreSQL.
-- The shape is rate-limiter-flexible's own (RateLimiterPostgres): key, points consumed, expiry in epoch ms.
create table rate_limits (
  key varchar(255) primary key,
  points integer not null default 0,
  expire bigint
);
