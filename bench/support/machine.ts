// The line every bench section starts from: these machines are shared, so a figure means little without the
// cores and the load it was taken under.
import os from "node:os";

export function machineLine(): string {
  const [one, five] = os.loadavg();
  return `${os.cpus().length} cores (${os.cpus()[0]?.model ?? "?"}), load average ${one!.toFixed(1)} / ${five!.toFixed(1)} (1 / 5 min)`;
}

/** "ours / anchor" as a ratio with two decimals; higher is better for throughputs. */
export function ratio(ours: number, anchor: number): string {
  return anchor > 0 ? `${(ours / anchor).toFixed(2)}×` : "-";
}
