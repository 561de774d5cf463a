import { BlockList, isIP } from "node:net";
import type { Context } from "hono";

/** Who is calling, as far as this service may believe: the peer, or what trusted proxies say about it. */
export interface ClientInfo {
  /** The client's IP address; "in-process" for calls that came through no socket (tests, the pages' own calls). */
  address: string;
  proto: "http" | "https";
  /** The Host the client used (for same-origin checks). */
  host: string | undefined;
}

/** TRUSTED_PROXIES: addresses and CIDR ranges, comma-separated ("127.0.0.1, 10.0.0.0/8, ::1"). */
export function parseTrustedProxies(raw: string | undefined): BlockList {
  const list = new BlockList();
  for (const entry of (raw ?? "")
    .split(",")
    .map((e) => e.trim())
    .filter(Boolean)) {
    const [address = "", bits] = entry.split("/");
    const family = isIP(address) === 6 ? "ipv6" : "ipv4";
    if (bits === undefined) list.addAddress(address, family);
    else list.addSubnet(address, Number(bits), family);
  }
  return list;
}

/** A TRUSTED_PROXIES entry that parseTrustedProxies understands, or the reason it does not. */
export function trustedProxyProblem(entry: string): string | undefined {
  const [address, bits, extra] = entry.split("/");
  const family = isIP(address ?? "");
  if (!family || extra !== undefined) return `“${entry}” không phải địa chỉ IP hoặc dải CIDR`;
  if (bits !== undefined && !(/^\d+$/.test(bits) && Number(bits) <= (family === 6 ? 128 : 32)))
    return `“${entry}”: độ dài tiền tố không hợp lệ`;
  return undefined;
}

const plainAddress = (address: string) => (address.startsWith("::ffff:") ? address.slice(7) : address);
const familyOf = (address: string) => (isIP(address) === 6 ? "ipv6" : "ipv4");

/**
 * The peer is the socket's remote address. Its X-Forwarded-For / -Proto / -Host are believed only when the peer is a
 * trusted proxy; then the client is the right-most X-Forwarded-For hop that is not itself a trusted proxy.
 */
export function clientOf(c: Context, trusted: BlockList | undefined): ClientInfo {
  const socket = (c.env as { incoming?: { socket?: { remoteAddress?: string } } } | undefined)?.incoming
    ?.socket;
  const peer = socket?.remoteAddress ? plainAddress(socket.remoteAddress) : undefined;
  const own: ClientInfo = {
    address: peer ?? "in-process",
    proto: /^https:/i.test(c.req.url) ? "https" : "http",
    host: c.req.header("host"),
  };
  const isTrusted = (a: string) => isIP(a) !== 0 && !!trusted?.check(a, familyOf(a));
  if (!peer || !isTrusted(peer)) return own;
  const hops = (c.req.header("x-forwarded-for") ?? "")
    .split(",")
    .map((h) => plainAddress(h.trim()))
    .filter((h) => isIP(h) !== 0);
  let address = peer;
  for (let hop = hops.pop(); hop !== undefined; hop = hops.pop()) {
    address = hop;
    if (!isTrusted(address)) break;
  }
  const proto = c.req.header("x-forwarded-proto")?.split(",")[0]?.trim().toLowerCase();
  const host = c.req.header("x-forwarded-host")?.split(",")[0]?.trim();
  return {
    address,
    proto: proto === "https" ? "https" : proto === "http" ? "http" : own.proto,
    host: host || own.host,
  };
}
