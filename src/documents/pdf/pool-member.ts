// One member of the PDF pool: a soffice.bin and the python3 helper (uno-convert.py) that speaks UNO to it over a
// named pipe. This module starts and kills the pair; the pool decides what the member does.
import { type ChildProcess, spawn } from "node:child_process";
import { unlink } from "node:fs/promises";
import path from "node:path";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { officeIpcPipeName } from "./office-profile.js";

const HELPER = fileURLToPath(new URL("./uno-convert.py", import.meta.url));
const DIE_WITH_PARENT = fileURLToPath(new URL("./die-with-parent.py", import.meta.url));
const START_TIMEOUT_S = 60;
const FIRST_START_EXIT = 81; // soffice.bin asks to be started again after it creates a new profile
const MAX_BACKOFF_MS = 15_000;
const STDERR_TAIL = 2_000;

export interface Job {
  id: number;
  docx: Buffer;
  attempts: number;
  resolve: (pdf: Buffer) => void;
  reject: (error: Error) => void;
}

export interface Member {
  index: number;
  generation: number;
  state: "starting" | "idle" | "busy" | "down";
  soffice?: ChildProcess;
  helper?: ChildProcess;
  job?: Job;
  timer?: NodeJS.Timeout;
  startFailures: number;
  stderr: string;
  firstOutcome: Deferred<boolean>;
}

interface Deferred<T> {
  promise: Promise<T>;
  resolve: (value: T) => void;
}

// Promise.withResolvers arrives in Node 22; we support 20.
function deferred<T>(): Deferred<T> {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}

export function createMember(index: number): Member {
  return {
    index,
    generation: 0,
    state: "down" as const,
    startFailures: 0,
    stderr: "",
    firstOutcome: deferred<boolean>(),
  };
}

/** Where a member's processes run and how they find each other. */
export interface MemberPlace {
  officeBin: string;
  python: string;
  isolate: boolean;
  profileUrl: string;
  pipeName: string;
}

export interface MemberEvents {
  /** A line the helper wrote on stdout: an answer, or library chatter. */
  onLine: (line: string) => void;
  /** Either process ended on its own (not the first-start exit, which is retried here). */
  onExit: (what: string) => void;
}

/** Spawns the pair for `generation`; the helper keeps retrying its connect until soffice accepts. */
export function spawnMember(
  member: Member,
  generation: number,
  place: MemberPlace,
  events: MemberEvents,
): void {
  spawnOffice(member, generation, place, events, 0);
  const args = [HELPER, place.pipeName, String(START_TIMEOUT_S)];
  const helper = spawnIsolated(place, "pipe", place.python, args);
  member.helper = helper;
  helper.stdin?.on("error", () => {}); // EPIPE when it died; its exit handler restarts the member
  collectStderr(member, helper);
  if (!helper.stdout) throw new Error("python3 helper spawned without a stdout pipe");
  createInterface({ input: helper.stdout }).on("line", events.onLine);
  helper.on("exit", (code, signal) => events.onExit(`python3 (${signal ?? code})`));
}

function spawnOffice(
  member: Member,
  generation: number,
  place: MemberPlace,
  events: MemberEvents,
  firstStarts: number,
): void {
  const soffice = spawnIsolated(place, "ignore", place.officeBin, [
    `-env:UserInstallation=${place.profileUrl}`,
    `--accept=pipe,name=${place.pipeName};urp;StarOffice.ComponentContext`,
    ...["--headless", "--invisible", "--nologo", "--norestore", "--nodefault", "--nolockcheck"],
  ]);
  member.soffice = soffice;
  collectStderr(member, soffice);
  soffice.on("exit", (code, signal) => {
    if (member.generation !== generation) return;
    if (code === FIRST_START_EXIT && member.state === "starting" && firstStarts < 2) {
      return spawnOffice(member, generation, place, events, firstStarts + 1); // the helper keeps retrying its connect
    }
    events.onExit(`soffice (${signal ?? code})`);
  });
}

// `unshare -n` execs the program in a network namespace with only a loopback that is down; the UNO
// named pipe is a unix socket in /tmp, which a network namespace does not hide. In front of it,
// die-with-parent.py arms the parent-death signal and execs: the pid Node holds is the program's own.
function spawnIsolated(
  place: Pick<MemberPlace, "isolate" | "python">,
  io: "pipe" | "ignore",
  file: string,
  args: string[],
): ChildProcess {
  const program = place.isolate ? ["unshare", "-n", file, ...args] : [file, ...args];
  return spawn(place.python, [DIE_WITH_PARENT, ...program], {
    stdio: [io, io, "pipe"],
    env: { ...process.env, SAL_USE_VCLPLUGIN: "svp" },
    // A process group of its own: a terminal's Ctrl-C reaches phoihop only, which closes the pool itself.
    detached: true,
  });
}

function collectStderr(member: Member, child: ChildProcess): void {
  child.stderr?.setEncoding("utf8").on("data", (text: string) => {
    member.stderr = (member.stderr + text).slice(-STDERR_TAIL);
  });
}

/** How long to wait before starting the member again: at once after a crash, doubling while it fails to start. */
export function restartDelayMs(member: Member): number {
  return member.startFailures === 0 ? 0 : Math.min(500 * 2 ** (member.startFailures - 1), MAX_BACKOFF_MS);
}

/** Kills both processes (SIGKILL: a graceful soffice exit takes seconds) and removes their pipes. */
export async function killMemberProcesses(
  member: Member,
  place: Pick<MemberPlace, "profileUrl" | "pipeName">,
): Promise<void> {
  const children = [member.soffice, member.helper].filter((c): c is ChildProcess => c !== undefined);
  member.soffice = member.helper = undefined;
  await Promise.all(children.map(killAndWait));
  const uid = process.getuid?.() ?? 0;
  const ipc = officeIpcPipeName(place.profileUrl);
  for (const name of [place.pipeName, ipc]) {
    await unlink(path.join("/tmp", `OSL_PIPE_${uid}_${name}`)).catch(() => {});
  }
}

function killAndWait(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  child.kill("SIGKILL");
  return exited;
}
