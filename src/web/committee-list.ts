import type { RegistryEntry } from "../routes/committees/schemas.js";
import type { Clock } from "../runtime/clock.js";
import type { ApiClient } from "./api-client.js";
import { must } from "./guards.js";

/** A committee as a picker names it. */
export type Committee = Pick<RegistryEntry, "code" | "name">;

/** The registry, for pickers, names and the registry page (one API call; the API gives each entry as it stands today). */
export async function listCommittees(api: ApiClient): Promise<RegistryEntry[]> {
  return must(await api.get("/v1/committees")).items;
}

// Pickers list the registry's codes and names on every view of the pages that filter by committee; both change
// only when the registry does. So their list is fetched (through the same API call) at most once per
// PICKER_TTL_MS of the service's clock per service instance (`owner`: the deps it runs on), not once per page view.
export const PICKER_TTL_MS = 30_000;
const pickerLists = new WeakMap<object, { until: number; items: Promise<Committee[]> }>();

/** The registry for a picker: names may be up to PICKER_TTL_MS old; a committee added appears within that. */
export function listCommitteesForPicker(api: ApiClient, owner: { clock: Clock }): Promise<Committee[]> {
  const now = owner.clock.now().getTime();
  const hit = pickerLists.get(owner);
  if (hit && hit.until > now) return hit.items;
  const items = listCommittees(api).then((all) => all.map(({ code, name }) => ({ code, name })));
  pickerLists.set(owner, { until: now + PICKER_TTL_MS, items });
  items.catch(() => pickerLists.delete(owner));
  return items;
}
