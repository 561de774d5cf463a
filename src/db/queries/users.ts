import type { Role } from "../../domain/request-state.js";
import type { Db } from "../db.js";

export interface UserRow {
  id: string;
  committeeId: number;
  committeeCode: string;
  name: string;
  email: string;
  roles: Role[];
  createdAt: Date;
  disabledAt: Date | null;
}

export interface NewUser {
  committeeId: number;
  name: string;
  email: string;
  roles: Role[];
}

/** The e-mail is stored lower-cased: one address per committee, whatever its case. */
export async function insertUser(db: Db, u: NewUser): Promise<string> {
  const { rows } = await db.query<{ id: string }>(
    "insert into users (committee_id, name, email, roles) values ($1, $2, lower($3), $4) returning id",
    [u.committeeId, u.name, u.email, u.roles],
  );
  return rows[0]!.id;
}

export async function findUser(db: Db, id: string): Promise<UserRow | undefined> {
  const { rows } = await db.query<UserRow>(
    `select u.id, u.committee_id as "committeeId", c.code as "committeeCode", u.name, u.email, u.roles,
            u.created_at as "createdAt", u.disabled_at as "disabledAt"
       from users u join committees c on c.id = u.committee_id
      where u.id = $1`,
    [id],
  );
  return rows[0];
}
