import type { ApiClient } from "./api-client.js";
import { must } from "./guards.js";

/** A committee as the registry API gives it today; pages that need more of it widen the type. */
export interface Committee {
  code: string;
  name: string;
}

/** The registry, for pickers, names and the registry page (one API call; the API gives each entry as it stands today). */
export async function listCommittees<T extends Committee = Committee>(api: ApiClient): Promise<T[]> {
  return must(await api.get<{ items: T[] }>("/v1/committees")).items;
}
