import { redisOutageReporter } from "../runtime/queues.js";
import { Redis } from "ioredis";
import type pg from "pg";
import {
  RateLimiterMemory,
  RateLimiterPostgres,
  RateLimiterRedis,
  RateLimiterRes,
  type RateLimiterStoreAbstract,
} from "rate-limiter-flexible";
import type { BlockList } from "node:net";
import { type Config, throttleLimits } from "../config.js";
import type { Logger } from "../runtime/logger.js";
import { parseTrustedProxies } from "./client-address.js";

/** What is counted: failed bearer-token checks (API) and failed sign-ins (web). */
export type ThrottledAction = "token" | "sign_in";

export interface ThrottleLimits {
  /** Failures allowed per window, for one address and for one token prefix, before a block. */
  failures: number;
  windowSeconds: number;
  blockSeconds: number;
}

/**
 * Throttling of guesses, on rate-limiter-flexible: failures are counted per client address and per token prefix
 * (the first characters of the token tried), in Redis when the deployment has it, else in PostgreSQL, so the count
 * holds across API processes. A key over its limit is blocked for `blockSeconds`; the store being unreachable
 * never blocks anyone (an in-memory count stands in, and it is logged).
 */
export interface Throttle {
  /** Seconds until a blocked key may try again, or undefined when none of the keys is blocked. */
  retryAfter(action: ThrottledAction, keys: ThrottleKeys): Promise<number | undefined>;
  /** Counts a failure against every key. */
  failed(action: ThrottledAction, keys: ThrottleKeys): Promise<void>;
  close(): Promise<void>;
}

export interface ThrottleKeys {
  address: string;
  /** The first characters of the token tried (none for a sign-in without a token). */
  tokenPrefix?: string | undefined;
}

/** Enough of a token to tell guesses at one token from guesses at many, never enough to help guess it. */
export const TOKEN_PREFIX_LENGTH = 12;
export const tokenPrefixOf = (token: string) => token.slice(0, TOKEN_PREFIX_LENGTH);

export function openThrottle(opts: {
  redisUrl?: string | undefined;
  db: pg.Pool;
  queuePrefix: string;
  limits: ThrottleLimits;
  log: Logger;
}): Throttle {
  const { limits, log } = opts;
  const redis = opts.redisUrl ? new Redis(opts.redisUrl, { maxRetriesPerRequest: 1 }) : undefined;
  // An outage is one line when it starts and one when it ends, not one per retry or per failed sign-in.
  const outage = opts.redisUrl ? redisOutageReporter(opts.redisUrl, log) : undefined;
  if (redis) outage?.watch(redis);
  const unless = (err: Error, line: string) => outage?.isOutage(err) || log.warn(line);
  // The block is set explicitly when the limit is reached (limiter.block), so `failures` failures are allowed.
  const base = { points: limits.failures, duration: limits.windowSeconds };
  const limiter = (action: ThrottledAction): RateLimiterStoreAbstract => {
    const keyPrefix = `${opts.queuePrefix}:throttle:${action}`;
    const insuranceLimiter = new RateLimiterMemory({ ...base, keyPrefix });
    return redis
      ? new RateLimiterRedis({ ...base, keyPrefix, storeClient: redis, insuranceLimiter })
      : new RateLimiterPostgres({
          ...base,
          keyPrefix,
          storeClient: opts.db,
          storeType: "pool",
          tableName: "rate_limits",
          tableCreated: true,
          insuranceLimiter,
        });
  };
  const limiters: Record<ThrottledAction, RateLimiterStoreAbstract> = {
    token: limiter("token"),
    sign_in: limiter("sign_in"),
  };
  const keysOf = (k: ThrottleKeys) => [`ip:${k.address}`, ...(k.tokenPrefix ? [`tp:${k.tokenPrefix}`] : [])];

  return {
    async retryAfter(action, keys) {
      let wait = 0;
      for (const key of keysOf(keys)) {
        const res = await limiters[action].get(key).catch((err: Error) => {
          unless(err, `throttle: reading ${action} ${key} failed: ${err.message}`);
          return null;
        });
        if (res && res.consumedPoints >= limits.failures) wait = Math.max(wait, res.msBeforeNext);
      }
      return wait > 0 ? Math.max(1, Math.ceil(wait / 1000)) : undefined;
    },
    async failed(action, keys) {
      const limiter = limiters[action];
      for (const key of keysOf(keys)) {
        const res = await limiter.consume(key).catch((outcome: unknown) => {
          if (outcome instanceof RateLimiterRes) return outcome;
          const err = outcome as Error;
          unless(err, `throttle: counting ${action} ${key} failed: ${err.message}`);
          return undefined;
        });
        if (res?.consumedPoints === limits.failures) {
          await limiter.block(key, limits.blockSeconds).catch(() => undefined);
          log.warn(
            `throttle: ${action} blocked for ${limits.blockSeconds}s after ${limits.failures} failures: ${key}`,
          );
        }
      }
    },
    async close() {
      redis?.disconnect();
    },
  };
}

/** The throttle and the trusted proxies of a deployment, from its configuration (server, tests, benchmarks). */
export function openEdgeGuards(
  cfg: Config,
  db: pg.Pool,
  log: Logger,
): { throttle: Throttle; trustedProxies: BlockList } {
  return {
    throttle: openThrottle({
      redisUrl: cfg.REDIS_URL,
      db,
      queuePrefix: cfg.QUEUE_PREFIX,
      limits: throttleLimits(cfg),
      log,
    }),
    trustedProxies: parseTrustedProxies(cfg.TRUSTED_PROXIES),
  };
}
