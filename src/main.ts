// The entry (`phoihop`, `node dist/main.js`). A plain `phoihop start` in the embedded mode begins PostgreSQL first
// (and LibreOffice, for `--role worker`; src/runtime/head-start.ts) and loads the rest of the service while it
// starts; every command then runs in src/cli.ts.
import { beginHeadStart } from "./runtime/head-start.js";

const argv = process.argv.slice(2);
// Until the CLI owns the signals, Ctrl-C stops what was begun (PostgreSQL runs in a process group of its own and
// would outlive this process), then exits as the CLI does before it has anything to stop.
let begun: Awaited<ReturnType<typeof beginHeadStart>>;
const early = () => {
  void (begun?.abandon() ?? Promise.resolve()).finally(() => process.exit(130));
};
process.on("SIGINT", early);
process.on("SIGTERM", early);
begun = await beginHeadStart(argv);
const { runCli } = await import("./cli.js");
process.off("SIGINT", early);
process.off("SIGTERM", early);
runCli(argv, begun);
