// The edge's own costs, beside the raw libraries doing the same work in the same run: (1) a request body through
// the depth scan + JSON.parse + the iterative NFC/refusal walk, beside JSON.parse alone; (2) a failed token check
// through the app (throttle read + lookup + failure count) beside rate-limiter-flexible's consume alone, on Redis.
import { performance } from "node:perf_hooks";
import { Redis } from "ioredis";
import { RateLimiterRedis } from "rate-limiter-flexible";
import { findKind } from "../src/domain/kinds/index.js";
import { jsonNestingExceeds, normaliseJson } from "../src/domain/text.js";
import { TEST_REDIS_URL } from "../test/support/harness.js";
import { startBenchApp } from "./support/bench-app.js";

const N = Number(process.env.BENCH_EDGE_N ?? 20_000);
const M = Number(process.env.BENCH_EDGE_FAILURES ?? 2_000);

function perSecond(n: number, work: (i: number) => unknown): number {
  const start = performance.now();
  for (let i = 0; i < n; i++) work(i);
  return Math.round(n / ((performance.now() - start) / 1000));
}

async function perSecondAsync(n: number, work: (i: number) => unknown): Promise<number> {
  const start = performance.now();
  for (let i = 0; i < n; i++) await work(i);
  return Math.round(n / ((performance.now() - start) / 1000));
}

export async function runEdgeBench(): Promise<void> {
  const body = JSON.stringify({
    kind: "discipline_review",
    to: "CATW",
    payload: findKind("discipline_review")!.sample,
  });
  const raw = perSecond(N, () => JSON.parse(body));
  const edge = perSecond(N, () => {
    if (jsonNestingExceeds(body)) throw new Error("deep");
    return normaliseJson(JSON.parse(body));
  });
  console.log(
    `edge: body of ${body.length} B — JSON.parse ${raw.toLocaleString("en")}/s; depth scan + parse + NFC/refusal walk ${edge.toLocaleString("en")}/s`,
  );

  const app = await startBenchApp(`bedge${process.pid}`);
  try {
    const failures = await perSecondAsync(M, (i) =>
      app.app.request(
        "/v1/me",
        { headers: { authorization: `Bearer php_guess-${i}` } },
        { incoming: { socket: { remoteAddress: `198.51.${(i >> 8) & 255}.${i & 255}` } } },
      ),
    );
    const valid = await perSecondAsync(M, () =>
      app.app.request("/v1/me", { headers: { authorization: `Bearer ${app.token}` } }),
    );
    const redis = new Redis(TEST_REDIS_URL);
    const limiter = new RateLimiterRedis({
      storeClient: redis,
      points: 10,
      duration: 60,
      keyPrefix: `bedge${process.pid}`,
    });
    const consume = await perSecondAsync(M, (i) => limiter.consume(`ip:${i}`).catch(() => undefined));
    redis.disconnect();
    console.log(
      `edge: failed token checks through the app ${failures.toLocaleString("en")}/s (sequential); rate-limiter-flexible consume alone ${consume.toLocaleString("en")}/s; a valid (memoised) token ${valid.toLocaleString("en")}/s`,
    );
  } finally {
    await app.close();
  }
}
