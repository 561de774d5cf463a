import type { Context } from "hono";
import { dateInVietnam, isoDate } from "../domain/vn-format.js";
import type { ApiClient } from "./api-client.js";
import type { WebEnv } from "./context.js";
import { must } from "./guards.js";

/** A committee as the registry API gives it today; pages that need more of it widen the type. */
export interface Committee {
  code: string;
  name: string;
}

async function fetchCommittees<T extends Committee>(api: ApiClient): Promise<readonly T[]> {
  return must(await api.get<{ items: T[] }>("/v1/committees")).items.map((entry) => Object.freeze(entry));
}

// The registry changes only when someone writes it (which bumps registry_version, read with the session) or when a
// new day makes another name version current. So its list is fetched, through the same API call, once per
// registry version and Hà Nội day per service instance (the deps it runs on), not on every page view.
const cached = new WeakMap<object, { key: string; items: Promise<readonly Committee[]> }>();

/**
 * The registry from GET /v1/committees, fetched once per `key` per `owner` (a service instance): a failed call is
 * not remembered. The entries are shared between callers: frozen, and each caller gets its own list.
 */
export async function cachedCommittees<T extends Committee = Committee>(
  api: ApiClient,
  owner: object,
  key: string,
): Promise<T[]> {
  let hit = cached.get(owner);
  if (!hit || hit.key !== key) {
    const entry = { key, items: fetchCommittees<T>(api) };
    cached.set(owner, entry);
    entry.items.catch(() => {
      if (cached.get(owner) === entry) cached.delete(owner);
    });
    hit = entry;
  }
  return [...((await hit.items) as readonly T[])];
}

/** The registry as GET /v1/committees gives it today: one API call only when it changed since the last one. */
export async function listCommittees<T extends Committee = Committee>(c: Context<WebEnv>): Promise<T[]> {
  const version = c.get("viewer")?.registryVersion;
  if (!version) return [...(await fetchCommittees<T>(c.get("api")))];
  const deps = c.get("deps");
  return cachedCommittees<T>(c.get("api"), deps, `${version}|${isoDate(dateInVietnam(deps.clock.now()))}`);
}
