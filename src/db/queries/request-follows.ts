import type { Db } from "../db.js";

/** Idempotent: following twice leaves one row (and its first created_at). */
export async function followRequest(db: Db, userId: string, requestId: string): Promise<void> {
  await db.query("insert into request_follows (user_id, request_id) values ($1, $2) on conflict do nothing", [
    userId,
    requestId,
  ]);
}

export async function unfollowRequest(db: Db, userId: string, requestId: string): Promise<void> {
  await db.query("delete from request_follows where user_id = $1 and request_id = $2", [userId, requestId]);
}
