import type { Principal } from "../auth/tokens.js";
import type { AppEnv } from "../http/context.js";
import type { ApiClient } from "./api-client.js";

/** The signed-in person, with what every page's header shows: unread notifications, whether mail leaves. */
export type Viewer = Principal & {
  unread?: number | undefined;
  mailMode?: "smtp" | "outbox";
  /** The registry's version when the page started (src/web/committee-list.ts caches the registry under it). */
  registryVersion?: string | undefined;
};

/** What a page handler has: the app's deps, and once signed in, the person, their CSRF secret and the API. */
export interface WebEnv {
  Variables: AppEnv["Variables"] & { csrf: string; api: ApiClient; viewer: Viewer | undefined };
}
