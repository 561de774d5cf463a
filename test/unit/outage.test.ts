import { describe, expect, it } from "vitest";
import { OutageLog, unreachablePart } from "../../src/runtime/outage.js";

describe("which part an error says is unreachable", () => {
  it("names PostgreSQL for refused connections, shutdown codes and a broken link", () => {
    expect(
      unreachablePart(
        Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:5432"), { code: "ECONNREFUSED" }),
      ),
    ).toBe("database");
    expect(
      unreachablePart(
        Object.assign(new Error("terminating connection due to administrator command"), { code: "57P01" }),
      ),
    ).toBe("database");
    expect(unreachablePart(new Error("Connection terminated unexpectedly"))).toBe("database");
    // Node's happy-eyeballs connect gives an AggregateError whose parts carry the code.
    const both = new AggregateError([Object.assign(new Error("x"), { code: "ECONNREFUSED" })], "");
    expect(unreachablePart(both)).toBe("database");
  });

  it("names the queue for ioredis refusing a command while Redis is away", () => {
    expect(unreachablePart(new Error("Stream isn't writeable and enableOfflineQueue options is false"))).toBe(
      "queue",
    );
    expect(unreachablePart(Object.assign(new Error("x"), { name: "MaxRetriesPerRequestError" }))).toBe(
      "queue",
    );
  });

  it("leaves our own errors alone (they stay 500 and are logged with their stack)", () => {
    expect(unreachablePart(new TypeError("Cannot read properties of undefined"))).toBeNull();
    expect(unreachablePart(Object.assign(new Error("duplicate key"), { code: "23505" }))).toBeNull();
    expect(unreachablePart(undefined)).toBeNull();
  });

  it("logs one line when a part goes and one when it is back, however many requests fail between", () => {
    const lines: string[] = [];
    const log = {
      debug() {},
      info: (m: string) => lines.push(m),
      warn() {},
      error: (m: string) => lines.push(m),
    };
    const outage = new OutageLog(log);
    for (let i = 0; i < 50; i++) outage.unreachable("database", new Error("connect ECONNREFUSED"));
    outage.reachable();
    outage.reachable();
    expect(lines).toEqual(["database unreachable: connect ECONNREFUSED", "database reachable again"]);
  });
});
