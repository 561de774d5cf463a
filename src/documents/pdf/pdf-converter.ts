// .docx → PDF through a small pool of long-lived LibreOffice processes (PERFORMANCE.md: 20–30× faster
// than one soffice per document). Each member is one soffice.bin plus one python3 helper
// (uno-convert.py) that speaks UNO to it over a named pipe, because Node has no UNO bridge.
import { randomUUID } from "node:crypto";
import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { canRun, findLibreOffice } from "./find-libreoffice.js";
import { writeFreshProfile } from "./office-profile.js";
import {
  createMember,
  type Job,
  killMemberProcesses,
  type Member,
  type MemberPlace,
  restartDelayMs,
  spawnMember,
} from "./pool-member.js";

export { findLibreOffice } from "./find-libreoffice.js";

export class PdfUnavailableError extends Error {
  override name = "PdfUnavailableError";
}
export class PdfTimeoutError extends Error {
  override name = "PdfTimeoutError";
}
export class PdfQueueFullError extends Error {
  override name = "PdfQueueFullError";
}
export class PdfConversionError extends Error {
  override name = "PdfConversionError";
}

export interface PdfStats {
  processes: number; // members ready or busy
  busy: number;
  queued: number;
  restarts: number;
  sofficePids: number[];
}

export interface PdfConverter {
  available: boolean;
  /** Why not, in Vietnamese, for /readyz and the start-up line. */
  reason?: string;
  /** "network-namespace": soffice runs under `unshare -n`; "profile": only profile settings keep it offline. */
  isolation?: "network-namespace" | "profile";
  /** LibreOffice is being started (startedLater): conversions wait for it; /readyz says so. */
  starting?: boolean;
  convert(docx: Buffer): Promise<Buffer>;
  stats(): PdfStats;
  close(): Promise<void>;
}

export interface PdfConverterOptions {
  processes?: number;
  timeoutMs?: number;
  maxQueue?: number;
  sofficePath?: string;
  /** Run the processes under `unshare -n`; default: whenever that works (root, or CAP_SYS_ADMIN). */
  networkNamespace?: boolean;
  log?: (line: string) => void;
}

interface Setup {
  officeBin: string;
  python: string;
  isolate: boolean;
  root: string;
  timeoutMs: number;
  maxQueue: number;
  log: (line: string) => void;
}

export async function createPdfConverter(opts: PdfConverterOptions = {}): Promise<PdfConverter> {
  const log = opts.log ?? (() => {});
  if (opts.processes === 0) {
    const reason = "máy này không tạo PDF (PDF_PROCESSES=0)";
    log(`PDF: không có — ${reason}`);
    return unavailableConverter(reason);
  }
  const found = await findLibreOffice(opts.sofficePath);
  if ("reason" in found) {
    log(`PDF: không có — ${found.reason}`);
    return unavailableConverter(found.reason);
  }
  const isolate = opts.networkNamespace ?? (await canRun("unshare", ["-n", "true"]));
  const root = await mkdtemp(path.join(os.tmpdir(), "phoihop-pdf-"));
  const setup: Setup = {
    ...found,
    isolate,
    root,
    timeoutMs: opts.timeoutMs ?? 30_000,
    maxQueue: opts.maxQueue ?? 100,
    log,
  };
  const pool = new Pool(setup, opts.processes ?? 2);
  const started = await pool.start();
  if (started === 0) {
    const reason = `LibreOffice không khởi động được: ${pool.lastError()}`;
    await pool.close();
    log(`PDF: không có — ${reason}`);
    return unavailableConverter(reason);
  }
  const isolation = isolate ? "network-namespace" : "profile";
  log(
    `PDF: ${started} tiến trình LibreOffice sẵn sàng (mạng: ${isolate ? "cô lập bằng unshare -n" : "chỉ tắt bằng cấu hình"})`,
  );
  return {
    available: true,
    isolation,
    convert: (docx) => pool.convert(docx),
    stats: () => pool.stats(),
    close: () => pool.close(),
  };
}

/**
 * A converter whose LibreOffice starts only when `begin()` is called: until then and while it starts, it counts as
 * available and its conversions wait; once started it is the converter `start` gave (available or not, with its
 * reason). For a process that serves the API: LibreOffice's start takes both cores for a second or more, so it
 * begins once the service answers instead of slowing the database's start and the module loading down.
 */
export function startedLater(start: () => Promise<PdfConverter>): {
  converter: PdfConverter;
  begin(): Promise<PdfConverter>;
} {
  let ready: Promise<PdfConverter> | undefined;
  let started: PdfConverter | undefined;
  let release!: (converter: Promise<PdfConverter>) => void;
  const whenBegun = new Promise<PdfConverter>((resolve) => (release = resolve));
  whenBegun.catch(() => {}); // a failed start is the conversions' error, and begin()'s
  const begin = () => {
    if (!ready) {
      ready = start().then((converter) => (started = converter));
      release(ready);
    }
    return ready;
  };
  const converter: PdfConverter = {
    get available() {
      return started?.available ?? true;
    },
    get reason() {
      return started?.reason;
    },
    get isolation() {
      return started?.isolation;
    },
    get starting() {
      return started === undefined;
    },
    convert: async (docx) => (await whenBegun).convert(docx),
    stats: () => started?.stats() ?? { processes: 0, busy: 0, queued: 0, restarts: 0, sofficePids: [] },
    // Nothing to stop when it never began; otherwise what it started, once started.
    close: async () => {
      if (ready) await (await ready.catch(() => undefined))?.close();
    },
  };
  return { converter, begin };
}

/** What /readyz shows about PDF rendition. */
export function pdfReadinessDetails(converter: PdfConverter): Record<string, unknown> {
  if (!converter.available) return { pdf: { available: false, reason: converter.reason } };
  const { sofficePids: _, ...stats } = converter.stats();
  return {
    pdf: {
      available: true,
      isolation: converter.isolation,
      ...(converter.starting ? { starting: true } : {}),
      ...stats,
    },
  };
}

function unavailableConverter(reason: string): PdfConverter {
  return {
    available: false,
    reason,
    convert: async () => {
      throw new PdfUnavailableError(`Không xuất được PDF: ${reason}`);
    },
    stats: () => ({ processes: 0, busy: 0, queued: 0, restarts: 0, sofficePids: [] }),
    close: async () => {},
  };
}

class Pool {
  private readonly members: Member[];
  private readonly queue: Job[] = [];
  private restarts = 0;
  private nextJobId = 1;
  private closed = false;
  private readonly pipePrefix = `phoihop-pdf-${randomUUID().slice(0, 8)}`;

  constructor(
    private readonly setup: Setup,
    processes: number,
  ) {
    this.members = Array.from({ length: processes }, (_, index) => createMember(index));
  }

  /** Starts every member; resolves with how many came up at the first try. */
  async start(): Promise<number> {
    await mkdir(path.join(this.setup.root, "jobs"));
    for (const member of this.members) void this.startMember(member);
    const outcomes = await Promise.all(this.members.map((m) => m.firstOutcome.promise));
    return outcomes.filter(Boolean).length;
  }

  convert(docx: Buffer): Promise<Buffer> {
    if (this.closed) return Promise.reject(new PdfUnavailableError("Bộ chuyển PDF đã đóng"));
    if (this.queue.length >= this.setup.maxQueue) {
      return Promise.reject(new PdfQueueFullError(`Hàng đợi PDF đã đầy (${this.setup.maxQueue} văn bản)`));
    }
    return new Promise<Buffer>((resolve, reject) => {
      this.queue.push({ id: this.nextJobId++, docx, attempts: 0, resolve, reject });
      this.dispatch();
    });
  }

  stats(): PdfStats {
    const up = this.members.filter((m) => m.state === "idle" || m.state === "busy");
    return {
      processes: up.length,
      busy: up.filter((m) => m.state === "busy").length,
      queued: this.queue.length,
      restarts: this.restarts,
      sofficePids: up.map((m) => m.soffice?.pid).filter((pid): pid is number => pid !== undefined),
    };
  }

  lastError(): string {
    return this.members.map((m) => m.stderr.trim()).find(Boolean) ?? "không rõ lý do";
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const job of this.queue.splice(0)) job.reject(new PdfUnavailableError("Bộ chuyển PDF đã đóng"));
    await Promise.all(
      this.members.map((m) => this.stopMember(m, new PdfUnavailableError("Bộ chuyển PDF đã đóng"))),
    );
    await rm(this.setup.root, { recursive: true, force: true });
  }

  private dispatch(): void {
    for (const member of this.members) {
      if (member.state !== "idle") continue;
      const job = this.queue.shift();
      if (!job) return;
      void this.runJob(member, job);
    }
  }

  private async runJob(member: Member, job: Job): Promise<void> {
    member.state = "busy";
    member.job = job;
    job.attempts++;
    const generation = member.generation;
    member.timer = setTimeout(() => {
      this.setup.log(`PDF: LibreOffice #${member.index} quá ${this.setup.timeoutMs} ms, khởi động lại`);
      void this.restartMember(member, new PdfTimeoutError(`Chuyển PDF quá ${this.setup.timeoutMs} ms`));
    }, this.setup.timeoutMs);
    const { dir, input, output } = this.jobFiles(job);
    try {
      await mkdir(dir);
      await writeFile(input, job.docx);
    } catch (error) {
      if (member.job === job) this.finishJob(member, new PdfConversionError((error as Error).message));
      return;
    }
    if (member.generation !== generation || member.job !== job) return;
    member.helper?.stdin?.write(`${JSON.stringify({ id: job.id, in: input, out: output })}\n`);
  }

  private async onAnswer(member: Member, generation: number, line: string): Promise<void> {
    let answer: { ready?: boolean; id?: number; ok?: boolean; fatal?: boolean; error?: string };
    try {
      answer = JSON.parse(line);
    } catch {
      return; // library chatter on stdout, not an answer
    }
    if (member.generation !== generation) return;
    if (answer.ready) return this.onReady(member);
    const job = member.job;
    if (!job || answer.id !== job.id || answer.fatal) return; // a fatal answer is followed by the exit
    if (!answer.ok)
      return this.finishJob(member, new PdfConversionError(`LibreOffice không chuyển được: ${answer.error}`));
    const pdf = await readFile(this.jobFiles(job).output).catch((error: Error) => error);
    if (member.job !== job) return;
    this.finishJob(member, pdf instanceof Error ? new PdfConversionError(pdf.message) : pdf);
  }

  private onReady(member: Member): void {
    member.state = "idle";
    member.startFailures = 0;
    member.firstOutcome.resolve(true);
    this.dispatch();
  }

  /** Settles the member's job, cleans its files and, when the member is still healthy, takes the next one. */
  private finishJob(member: Member, result: Buffer | Error): void {
    const job = member.job;
    clearTimeout(member.timer);
    member.job = undefined;
    if (!job) return;
    void rm(this.jobFiles(job).dir, { recursive: true, force: true });
    if (result instanceof Error) job.reject(result);
    else job.resolve(result);
    if (member.state === "busy") member.state = "idle";
    this.dispatch();
  }

  // One folder per attempt: a killed soffice leaves lock files (.~lock.out.pdf#) that would make the
  // retry's store abort.
  private jobFiles(job: Job): { dir: string; input: string; output: string } {
    const dir = path.join(this.setup.root, "jobs", `${job.id}-${job.attempts}`);
    return { dir, input: path.join(dir, "in.docx"), output: path.join(dir, "out.pdf") };
  }

  private pipeName(member: Member): string {
    return `${this.pipePrefix}-${member.index}`;
  }

  private profileUrl(member: Member): string {
    return pathToFileURL(path.join(this.setup.root, `profile-${member.index}`)).href;
  }

  private place(member: Member): MemberPlace {
    const { officeBin, python, isolate } = this.setup;
    return {
      officeBin,
      python,
      isolate,
      profileUrl: this.profileUrl(member),
      pipeName: this.pipeName(member),
    };
  }

  private async startMember(member: Member): Promise<void> {
    const generation = ++member.generation;
    member.state = "starting";
    member.stderr = "";
    // A fresh profile on every start (the first-start exit 81 costs ~0.2 s): a killed soffice may leave its
    // profile half-written, and our settings always win.
    await writeFreshProfile(fileURLToPath(this.profileUrl(member)));
    if (member.generation !== generation || this.closed) return;
    spawnMember(member, generation, this.place(member), {
      onLine: (line) => void this.onAnswer(member, generation, line),
      onExit: (what) => this.onMemberExit(member, generation, what),
    });
  }

  /** Either process of a member ended on its own: retry its job once elsewhere, then restart the pair. */
  private onMemberExit(member: Member, generation: number, what: string): void {
    if (member.generation !== generation || this.closed) return;
    const wasStarting = member.state === "starting";
    const job = member.job;
    if (job && job.attempts < 2) {
      clearTimeout(member.timer);
      member.job = undefined;
      void rm(this.jobFiles(job).dir, { recursive: true, force: true });
      this.queue.unshift(job);
      this.dispatch(); // to another member; this one is not idle
    }
    this.setup.log(`PDF: LibreOffice #${member.index} dừng: ${what}, khởi động lại`);
    if (wasStarting) {
      member.startFailures++;
      member.firstOutcome.resolve(false);
      if (!this.members.some((m) => m.state === "idle" || m.state === "busy")) this.failQueued();
    }
    void this.restartMember(member, new PdfConversionError(`LibreOffice dừng khi đang chuyển: ${what}`));
  }

  private failQueued(): void {
    const error = new PdfUnavailableError(`LibreOffice không khởi động được: ${this.lastError()}`);
    for (const job of this.queue.splice(0)) job.reject(error);
  }

  private async restartMember(member: Member, error: Error): Promise<void> {
    await this.stopMember(member, error);
    if (this.closed) return;
    this.restarts++;
    const delay = restartDelayMs(member);
    const generation = member.generation;
    setTimeout(() => {
      if (member.generation === generation && !this.closed) void this.startMember(member);
    }, delay).unref();
  }

  /** Kills both processes (SIGKILL: a graceful soffice exit takes seconds) and removes its pipes. */
  private async stopMember(member: Member, error: Error): Promise<void> {
    member.generation++;
    member.state = "down";
    this.finishJob(member, error);
    await killMemberProcesses(member, this.place(member));
  }
}
