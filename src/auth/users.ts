import { z } from "zod";
import { ROLES, type Role } from "../domain/request-state.js";
import { nfc } from "../domain/text.js";

const missing = (flag: string) => ({ error: `thiếu ${flag}` });

/** `phoihop user create` flags → a user to insert; the committee is still a code to look up. */
export const UserCreateArgsSchema = z.object({
  committee: z.string(missing("--committee MÃ")).trim().min(1, "thiếu --committee MÃ"),
  name: z
    .string(missing("--name “Họ và tên”"))
    .transform(nfc)
    .pipe(z.string().trim().min(1, "họ tên không được để trống").max(200, "họ tên dài quá 200 ký tự")),
  email: z
    .string(missing("--email ĐỊA-CHỈ"))
    .trim()
    .toLowerCase()
    .pipe(z.email("địa chỉ e-mail không hợp lệ").max(254, "địa chỉ e-mail dài quá 254 ký tự")),
  role: z
    .string(missing(`--role ${ROLES.join("|")}[,…]`))
    .transform((s) => [
      ...new Set(
        s
          .split(",")
          .map((r) => r.trim())
          .filter(Boolean),
      ),
    ])
    .pipe(
      z
        .array(z.enum(ROLES, `vai trò phải là một trong: ${ROLES.join(", ")}`))
        .min(1, `cần ít nhất một vai trò: ${ROLES.join(", ")}`),
    ),
});

export interface UserCreateArgs {
  committee: string;
  name: string;
  email: string;
  roles: Role[];
}

export type ParseResult<T> = { ok: true; value: T } | { ok: false; problems: string[] };

/** Pure: no database. Problems are one line per flag, in Vietnamese, for the terminal. */
export function parseUserCreateArgs(values: Record<string, unknown>): ParseResult<UserCreateArgs> {
  const parsed = UserCreateArgsSchema.safeParse(values);
  if (!parsed.success) {
    return {
      ok: false,
      problems: parsed.error.issues.map((i) => `--${String(i.path[0] ?? "?")}: ${i.message}`),
    };
  }
  const { committee, name, email, role } = parsed.data;
  return { ok: true, value: { committee, name, email, roles: role } };
}
