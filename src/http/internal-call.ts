import type { Principal } from "../auth/tokens.js";

/**
 * The web pages call the API in-process, as the signed-in person, so they share its validation, permissions and
 * messages. The principal rides in the request's env under this symbol: env is only ever set in-process (the
 * Node server passes its own bindings), so no HTTP client can forge it.
 */
export const INTERNAL_PRINCIPAL = Symbol("phoihop.internalPrincipal");

export type InternalEnv = { [INTERNAL_PRINCIPAL]?: Principal };

export function internalPrincipalOf(env: unknown): Principal | undefined {
  return env && typeof env === "object" ? (env as InternalEnv)[INTERNAL_PRINCIPAL] : undefined;
}
