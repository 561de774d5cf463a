import type { Context } from "hono";
import { dateInVietnam, isoDate } from "../domain/vn-format.js";
import type { RegistryEntry } from "../routes/committees/schemas.js";
import type { ApiClient } from "./api-client.js";
import type { WebEnv } from "./context.js";
import { must } from "./guards.js";

/** A committee as a picker names it. */
export type Committee = Pick<RegistryEntry, "code" | "name">;

async function fetchCommittees(api: ApiClient): Promise<readonly RegistryEntry[]> {
  return must(await api.get("/v1/committees")).items.map((entry) => Object.freeze(entry));
}

// The registry changes only when someone writes it (which bumps registry_version, read with the session) or when a
// new day makes another name version current. So its list is fetched, through the same API call, once per
// registry version and Hà Nội day per service instance (the deps it runs on), not on every page view.
const cached = new WeakMap<object, { key: string; items: Promise<readonly RegistryEntry[]> }>();

/**
 * The registry from GET /v1/committees, fetched once per `key` per `owner` (a service instance): a failed call is
 * not remembered. The entries are shared between callers: frozen, and each caller gets its own list.
 */
export async function cachedCommittees(api: ApiClient, owner: object, key: string): Promise<RegistryEntry[]> {
  let hit = cached.get(owner);
  if (!hit || hit.key !== key) {
    const entry = { key, items: fetchCommittees(api) };
    cached.set(owner, entry);
    entry.items.catch(() => {
      if (cached.get(owner) === entry) cached.delete(owner);
    });
    hit = entry;
  }
  return [...(await hit.items)];
}

/** The registry as GET /v1/committees gives it today: one API call only when it changed since the last one. */
export async function listCommittees(c: Context<WebEnv>): Promise<RegistryEntry[]> {
  const version = c.get("viewer")?.registryVersion;
  if (!version) return [...(await fetchCommittees(c.get("api")))];
  const deps = c.get("deps");
  return cachedCommittees(c.get("api"), deps, `${version}|${isoDate(dateInVietnam(deps.clock.now()))}`);
}
