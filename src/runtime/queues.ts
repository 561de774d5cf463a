import {
  createPostgresBackend,
  Queue,
  type Processor,
  Worker,
  type WorkerOptions,
  withBackend,
} from "bullmq";
import { Redis } from "ioredis";
import type { Config } from "../config.js";
import { type JobDefinition, QUEUE_NAMES, type QueueName } from "../jobs/catalog.js";
import type { Logger } from "./logger.js";
import { explain, whereOf } from "./startup-checks.js";
import { currentTrace } from "./trace.js";

/** What re-deriving one piece of due work found in the queue. */
export type Rederived = "added" | "queued" | "replaced";

/** A few short facts kept beside the queue (in Redis; in this process's memory on the PostgreSQL backend). */
export interface QueueNotes {
  set(key: string, value: string, ttlSeconds: number): Promise<void>;
  get(key: string): Promise<string | null>;
  delete(key: string): Promise<void>;
}

/** The one place that knows whether BullMQ runs on Redis or on PostgreSQL. */
export interface Queues {
  backend: "redis" | "postgres";
  /** `trace` (default: the trace of the work in hand, see trace.ts) travels in the job data beside the ids. */
  enqueue<P>(job: JobDefinition<P>, payload: P, opts?: { delayMs?: number; trace?: string }): Promise<void>;
  /** Many jobs of one kind in one round trip to the backend (a report run's renders: one call per batch). */
  enqueueAll<P>(job: JobDefinition<P>, payloads: P[]): Promise<void>;
  /**
   * Enqueues work the database says is due. A job of the same id that is waiting, delayed or running stays;
   * one that failed (attempts used up, stalled too often) or completed is removed and added again, so a
   * deterministic id never blocks due work.
   */
  rederive<P>(job: JobDefinition<P>, payload: P): Promise<Rederived>;
  notes: QueueNotes;
  /** Upserts a job scheduler (never removed and re-added): the same id keeps one schedule. */
  schedule<P>(
    job: JobDefinition<P>,
    when: { everyMs: number } | { pattern: string; tz: string },
    payload?: P,
    schedulerId?: string,
  ): Promise<void>;
  unschedule(queue: QueueName, schedulerId: string): Promise<void>;
  /** What BullMQ holds for a scheduler: its pattern, time zone and next run (for readiness and tests). */
  findScheduler(
    queue: QueueName,
    schedulerId: string,
  ): Promise<{ pattern?: string | null; tz?: string | null; next?: number | null } | null>;
  createWorker(queue: QueueName, processor: Processor, opts: Omit<WorkerOptions, "connection">): Worker;
  /** Every queue of the catalogue (opened on first use, closed with the rest): for the queue dashboard. */
  all(): Queue[];
  ping(): Promise<void>;
  close(): Promise<void>;
}

export function openQueues(cfg: Config, databaseUrl: string, log: Logger): Queues {
  return cfg.REDIS_URL
    ? redisQueues(cfg.REDIS_URL, cfg.QUEUE_PREFIX, log)
    : postgresQueues(databaseUrl, cfg.QUEUE_PREFIX, log);
}

function buildQueues(
  backend: Queues["backend"],
  makeQueue: (name: QueueName) => Queue,
  makeWorker: (name: QueueName, p: Processor, o: Omit<WorkerOptions, "connection">) => Worker,
  ping: () => Promise<void>,
  closeConnections: () => Promise<void>,
  notes: QueueNotes,
  log: Logger,
  /** True when the error is an outage of the backend, already said once (or said now). */
  isOutage: (err: Error) => boolean = () => false,
): Queues {
  const queues = new Map<QueueName, Queue>();
  const queue = (name: QueueName) => {
    let q = queues.get(name);
    if (!q) {
      q = makeQueue(name);
      q.on("error", (err) => isOutage(err) || log.warn(`queue ${name}: ${err.message}`));
      queues.set(name, q);
    }
    return q;
  };
  const jobOf = <P>(job: JobDefinition<P>, data: P, opts?: { delayMs?: number; trace?: string }) => {
    const trace = opts?.trace ?? currentTrace();
    return {
      name: job.name,
      data: trace ? { ...data, trace } : data,
      opts: {
        jobId: job.jobId(data),
        attempts: job.attempts,
        backoff: { type: "exponential", delay: job.backoffMs },
        delay: opts?.delayMs,
        // Completed ids are freed so the reconciler can re-derive work; the database keeps the history.
        removeOnComplete: true,
        removeOnFail: { age: 7 * 24 * 3600 },
      },
    };
  };
  const add = async <P>(job: JobDefinition<P>, data: P, opts?: { delayMs?: number; trace?: string }) => {
    const { name, data: withTrace, opts: jobOpts } = jobOf(job, data, opts);
    await withinEnqueueWait(queue(job.queue).add(name, withTrace, jobOpts));
  };
  return {
    backend,
    notes,
    async enqueue(job, payload, opts) {
      await add(job, job.schema.parse(payload), opts);
    },
    async enqueueAll(job, payloads) {
      if (payloads.length === 0) return;
      await withinEnqueueWait(queue(job.queue).addBulk(payloads.map((p) => jobOf(job, job.schema.parse(p)))));
    },
    async rederive(job, payload) {
      const data = job.schema.parse(payload);
      const existing = await queue(job.queue).getJob(job.jobId(data));
      if (!existing) {
        await add(job, data);
        return "added";
      }
      const state = await existing.getState();
      if (state !== "failed" && state !== "completed" && state !== "unknown") return "queued";
      // Removing a job another worker has just taken fails on its lock: then it is running, which is the point.
      const removed = await existing.remove().then(
        () => true,
        () => false,
      );
      if (!removed) return "queued";
      await add(job, data);
      return "replaced";
    },
    async schedule(job, when, payload, schedulerId) {
      const data = job.schema.parse(payload ?? {});
      const repeat = "everyMs" in when ? { every: when.everyMs } : { pattern: when.pattern, tz: when.tz };
      await queue(job.queue).upsertJobScheduler(schedulerId ?? job.jobId(data), repeat, {
        name: job.name,
        data,
        // A sweep every few seconds would otherwise keep thousands of completed jobs a day in Redis.
        opts: { removeOnComplete: true, removeOnFail: { count: 100 } },
      });
    },
    async findScheduler(name, schedulerId) {
      const found = await queue(name).getJobScheduler(schedulerId);
      return found
        ? { pattern: found.pattern ?? null, tz: found.tz ?? null, next: found.next ?? null }
        : null;
    },
    async unschedule(name, schedulerId) {
      await queue(name).removeJobScheduler(schedulerId);
    },
    createWorker(name, processor, opts) {
      const worker = makeWorker(name, processor, opts);
      worker.on("error", (err) => isOutage(err) || log.warn(`worker ${name}: ${err.message}`));
      return worker;
    },
    all: () => QUEUE_NAMES.map(queue),
    ping,
    async close() {
      await Promise.all([...queues.values()].map((q) => q.close()));
      await closeConnections();
    },
  };
}

/** How long an enqueue waits for its backend before it fails (the work stays in the database for the reconciler). */
export const ENQUEUE_WAIT_MS = 5_000;

/**
 * An enqueue that fails when the backend does not take it in time. Without the bound, a queue first used while
 * Redis is away waits for it for ever (BullMQ's Queue waits until its connection is ready), holding the HTTP
 * request or the report run that enqueued. Past the wait, the add may still land once Redis is back: a job's id is
 * derived from its work, so it is the same job the reconciler would enqueue.
 */
function withinEnqueueWait<T>(work: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const waited = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`quá ${ENQUEUE_WAIT_MS / 1000} giây`)), ENQUEUE_WAIT_MS);
    timer.unref();
  });
  work.catch(() => {}); // a failure after the wait is the one already reported
  return Promise.race([work, waited]).finally(() => clearTimeout(timer));
}

function redisQueues(url: string, prefix: string, log: Logger): Queues {
  const outage = redisOutageReporter(url, log);
  // Producers fail fast while Redis is down instead of hanging an HTTP request; workers block, so they get null.
  const producer = new Redis(url, { maxRetriesPerRequest: 1, enableOfflineQueue: false, lazyConnect: false });
  outage.watch(producer);
  const workerConnections: Redis[] = [];
  return buildQueues(
    "redis",
    (name) => new Queue(name, { connection: producer, prefix }),
    (name, processor, opts) => {
      const connection = new Redis(url, { maxRetriesPerRequest: null });
      outage.watch(connection);
      workerConnections.push(connection);
      return new Worker(name, processor, { ...opts, connection, prefix });
    },
    async () => {
      await producer.ping();
    },
    async () => {
      producer.disconnect();
      for (const c of workerConnections) c.disconnect();
    },
    {
      async set(key, value, ttlSeconds) {
        await producer.set(`${prefix}:note:${key}`, value, "EX", ttlSeconds);
      },
      get: (key) => producer.get(`${prefix}:note:${key}`),
      async delete(key) {
        await producer.del(`${prefix}:note:${key}`);
      },
    },
    log,
    outage.isOutage,
  );
}

/** Notes in this process's memory: the PostgreSQL backend has no key-value store of its own. */
function memoryNotes(): QueueNotes {
  const notes = new Map<string, { value: string; until: number }>();
  return {
    async set(key, value, ttlSeconds) {
      notes.set(key, { value, until: Date.now() + ttlSeconds * 1000 });
    },
    async get(key) {
      const note = notes.get(key);
      return note && note.until > Date.now() ? note.value : null;
    },
    async delete(key) {
      notes.delete(key);
    },
  };
}

const NETWORK_ERROR =
  /ECONNREFUSED|ECONNRESET|ETIMEDOUT|ENOTFOUND|EHOSTUNREACH|ENETUNREACH|EPIPE|EAI_AGAIN|Connection is closed|connect ETIMEDOUT/;

/**
 * A Redis outage is one line when it starts (with the address, never the password) and one when it ends, however
 * many connections retry how often in between.
 */
export function redisOutageReporter(url: string, log: Logger) {
  const where = whereOf(url);
  let down = false;
  const isOutage = (err: Error) => {
    if (down) return true;
    if (!NETWORK_ERROR.test(`${(err as NodeJS.ErrnoException).code ?? ""} ${err.message}`)) return false;
    down = true;
    log.warn(`Redis tại ${where} không trả lời (${explain(err)}); đang thử kết nối lại`);
    return true;
  };
  return {
    isOutage,
    watch(connection: Redis) {
      connection.on("error", (err: Error) => isOutage(err) || log.warn(`redis: ${err.message}`));
      connection.on("ready", () => {
        if (!down) return;
        down = false;
        log.info(`Redis tại ${where} đã trả lời lại`);
      });
    },
  };
}

function postgresQueues(databaseUrl: string, schema: string, log: Logger): Queues {
  const pg = withBackend(createPostgresBackend);
  const connection = { connectionString: databaseUrl, schema: `${schema}_bullmq`, max: 5, migrate: true };
  const probe = new pg.Queue(QUEUE_NAMES[0], { connection });
  return buildQueues(
    "postgres",
    (name) => (name === QUEUE_NAMES[0] ? probe : new pg.Queue(name, { connection })) as unknown as Queue,
    (name, processor, opts) => new pg.Worker(name, processor, { ...opts, connection }) as unknown as Worker,
    async () => {
      await probe.getJobCounts("waiting");
    },
    // The probe opens its connection on construction: close it even when no job ever went to its queue.
    () => probe.close(),
    memoryNotes(),
    log,
  );
}
