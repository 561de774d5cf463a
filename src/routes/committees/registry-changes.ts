/**
 * The registry's history, kept by the central committee's admin: add a unit, end it, merge it into another, rename
 * it from a date. Each change is one transaction with its audit row (who, when, what, on which source), and none
 * rewrites the past: a rename closes the current name the day before and adds the new one, an end closes the unit.
 * Every count then reads the registry as it stood during the period it counts.
 */
import { createRoute, z } from "@hono/zod-openapi";
import type { Principal } from "../../auth/tokens.js";
import { isUniqueViolation, withTransaction } from "../../db/db.js";
import {
  closeVersionBefore,
  endCommittee,
  findCommitteeHistory,
  findCommitteeValidity,
  insertCommittee,
  insertCommitteeVersion,
  insertRegistryChange,
  insertSuccession,
  latestVersionStart,
  type RegistryAction,
} from "../../db/queries/committees.js";
import { CENTRAL_CODE } from "../../db/seed/committee-registry.js";
import { upperVi } from "../../domain/text.js";
import { AppError } from "../../errors.js";
import { onlyFor } from "../../http/middleware.js";
import type { createRouter } from "../../http/router.js";
import { errorResponses, jsonContent, jsonBody } from "../schemas.js";

const security = [{ bearer: [] }];
const tags = ["Danh bạ ủy ban"];
const isoDate = z.iso.date("phải là ngày dạng YYYY-MM-DD");
const text = (max: number) =>
  z
    .string()
    .trim()
    .min(1, "không được để trống")
    .max(max, `không được dài quá ${max} ký tự`)
    .transform((s) => s.normalize("NFC"));
const Source = text(300).describe("Văn bản làm căn cứ (ví dụ: Nghị quyết 202/2025/QH15)");
const CodeParam = z.object({
  code: z
    .string()
    .max(40)
    .openapi({ param: { in: "path", name: "code" } }),
});
/** A unit's whole history: its validity, its names over time, its mergers both ways, and the audited changes. */
const HistorySchema = z
  .object({
    code: z.string(),
    level: z.string(),
    validFrom: z.string(),
    validTo: z.string().nullable(),
    versions: z.array(
      z.object({
        validFrom: z.string(),
        validTo: z.string().nullable(),
        name: z.string(),
        shortName: z.string(),
        superiorLine: z.string(),
        issuerLine: z.string(),
        placeName: z.string(),
        signerName: z.string(),
        signerTitle: z.string(),
      }),
    ),
    successions: z.array(
      z.object({
        predecessor: z.string(),
        successor: z.string(),
        effectiveOn: z.string(),
        source: z.string(),
      }),
    ),
    changes: z.array(
      z.object({
        action: z.string(),
        detail: z.record(z.string(), z.unknown()).describe("Nội dung thay đổi theo loại"),
        at: z.string(),
        actorCommittee: z.string().nullable(),
        actorTokenId: z.string().nullable(),
      }),
    ),
  })
  .openapi("CommitteeHistory");
const Done = jsonContent(HistorySchema, "Đã ghi; lịch sử của đơn vị");

function requireCentral(p: Principal): void {
  if (p.committeeCode !== CENTRAL_CODE)
    throw new AppError(
      "forbidden",
      "Chỉ quản trị của UBKT Đảng ủy Công an Trung ương sửa danh bạ các đơn vị",
    );
}

const dayBefore = (iso: string) => {
  const d = new Date(`${iso}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() - 1);
  return d.toISOString().slice(0, 10);
};

async function unitOrNotFound(tx: import("pg").PoolClient, code: string) {
  const unit = await findCommitteeValidity(tx, code);
  if (!unit) throw new AppError("not_found", `Không có ủy ban kiểm tra mã ${code}`);
  if (unit.code === CENTRAL_CODE)
    throw new AppError("validation_failed", "UBKT Đảng ủy Công an Trung ương không sửa được ở đây", [
      { field: "code", message: "không phải đơn vị của danh bạ tỉnh, xã" },
    ]);
  return unit;
}

/** A unit's history read back after a write to it: units are never deleted, so it is there. */
async function historyAfterWrite(db: import("pg").Pool, code: string) {
  const history = await findCommitteeHistory(db, code);
  if (!history) throw new Error(`committee ${code}: no history right after writing it`);
  return history;
}

/** One change to an existing unit: in one transaction, on the unit the path names; then its history as it stands. */
async function changeUnit(
  db: import("pg").Pool,
  code: string,
  change: (tx: import("pg").PoolClient, unit: Awaited<ReturnType<typeof unitOrNotFound>>) => Promise<void>,
) {
  await withTransaction(db, async (tx) => change(tx, await unitOrNotFound(tx, code)));
  return historyAfterWrite(db, code);
}

function openOn(unit: { validFrom: string; validTo: string | null }, day: string, field: string): void {
  if (day < unit.validFrom || (unit.validTo !== null && day > unit.validTo)) {
    throw new AppError(
      "validation_failed",
      `Ngày ${day} nằm ngoài thời gian hiệu lực của đơn vị (${unit.validFrom} – ${unit.validTo ?? "nay"})`,
      [{ field, message: "ngoài thời gian hiệu lực của đơn vị" }],
    );
  }
}

/** A unit's last day cannot come before its latest name took effect (that name would end before it began). */
async function afterItsLatestName(
  db: Parameters<typeof latestVersionStart>[0],
  unitId: number,
  lastDay: string,
  field: string,
): Promise<void> {
  const from = await latestVersionStart(db, unitId);
  if (from && lastDay < from) {
    throw new AppError(
      "validation_failed",
      `Tên hiện tại của đơn vị có hiệu lực từ ${from}: không kết thúc trước ngày đó`,
      [{ field, message: `không được trước ${from}` }],
    );
  }
}

const AddSchema = z
  .strictObject({
    code: z.string().regex(/^[A-Z0-9][A-Z0-9-]{1,39}$/, "chữ in hoa không dấu, số và -"),
    level: z.enum(["province", "commune"], { error: "province hoặc commune" }),
    validFrom: isoDate,
    partyCommittee: text(120).describe("Tên cấp ủy: Tỉnh ủy …, Thành ủy …, Đảng ủy xã …"),
    placeName: text(80),
    email: z.email("địa chỉ e-mail không hợp lệ"),
    issuerAbbr: z
      .string()
      .trim()
      .regex(/^[\p{Lu}A-Z0-9]{2,20}$/u, "chữ in hoa và số, 2–20 ký tự")
      .default("UBKTTU"),
    source: Source,
  })
  .openapi("CommitteeAdd");

const EndSchema = z.strictObject({
  validTo: isoDate.describe("ngày cuối cùng đơn vị còn hiệu lực"),
  source: Source,
});
const MergeSchema = z.strictObject({
  into: z.string().max(40).describe("mã đơn vị kế thừa"),
  effectiveOn: isoDate.describe("ngày đơn vị kế thừa bắt đầu (đơn vị này kết thúc ngày hôm trước)"),
  source: Source,
});
const RenameSchema = z.strictObject({
  validFrom: isoDate.describe("ngày tên mới có hiệu lực"),
  partyCommittee: text(120),
  placeName: text(80).optional(),
  source: Source,
});

async function audit(
  tx: import("pg").PoolClient,
  p: Principal,
  committeeId: number,
  action: RegistryAction,
  detail: object,
) {
  await insertRegistryChange(tx, {
    committeeId,
    action,
    detail,
    actorTokenId: p.tokenId,
    actorCommitteeId: p.committeeId,
  });
}

const versionFor = (
  partyCommittee: string,
  placeName: string,
  from: string,
  copy?: { signerName: string; signerTitle: string },
) => ({
  validFrom: from,
  validTo: null,
  name: `Ủy ban Kiểm tra ${partyCommittee}`,
  shortName: `UBKT ${partyCommittee}`,
  superiorLine: upperVi(partyCommittee),
  issuerLine: "ỦY BAN KIỂM TRA",
  placeName,
  signerName: copy?.signerName ?? "(Chưa nhập người ký)",
  signerTitle: copy?.signerTitle ?? "CHỦ NHIỆM",
});

export function registerRegistryChanges(routes: ReturnType<typeof createRouter>): void {
  routes.openapi(
    createRoute({
      method: "get",
      path: "/{code}/history",
      tags,
      summary:
        "Lịch sử một đơn vị: thời gian hiệu lực, các tên theo thời gian, sáp nhập, các lần sửa (ai, khi nào)",
      security,
      request: { params: CodeParam },
      responses: { 200: Done, ...errorResponses(401, 404) },
    }),
    async (c) => {
      const history = await findCommitteeHistory(c.get("deps").db, c.req.valid("param").code);
      if (!history)
        throw new AppError("not_found", `Không có ủy ban kiểm tra mã ${c.req.valid("param").code}`);
      return c.json(history, 200);
    },
  );

  routes.openapi(
    createRoute({
      method: "post",
      path: "/",
      tags,
      summary: "Thêm một đơn vị vào danh bạ từ một ngày (quản trị UBKT Trung ương; ghi nhật ký)",
      security,
      ...onlyFor("admin"),
      request: { body: jsonBody(AddSchema) },
      responses: { 201: Done, ...errorResponses(400, 401, 403, 409) },
    }),
    async (c) => {
      const p = c.get("principal");
      requireCentral(p);
      const body = c.req.valid("json");
      const { db } = c.get("deps");
      try {
        await withTransaction(db, async (tx) => {
          const id = await insertCommittee(tx, { ...body, issuerAbbr: body.issuerAbbr });
          await insertCommitteeVersion(
            tx,
            id,
            versionFor(body.partyCommittee, body.placeName, body.validFrom),
          );
          await audit(tx, p, id, "add", body);
        });
      } catch (err) {
        if (isUniqueViolation(err))
          throw new AppError("conflict", `Đã có đơn vị mã ${body.code}`, [
            { field: "code", message: "đã dùng" },
          ]);
        throw err;
      }
      return c.json(await historyAfterWrite(db, body.code), 201);
    },
  );

  routes.openapi(
    createRoute({
      method: "post",
      path: "/{code}/end",
      tags,
      summary: "Kết thúc một đơn vị vào một ngày (quản trị UBKT Trung ương; ghi nhật ký)",
      security,
      ...onlyFor("admin"),
      request: {
        params: CodeParam,
        body: jsonBody(EndSchema),
      },
      responses: { 200: Done, ...errorResponses(400, 401, 403, 404) },
    }),
    async (c) => {
      const p = c.get("principal");
      requireCentral(p);
      const { code } = c.req.valid("param");
      const body = c.req.valid("json");
      const { db } = c.get("deps");
      const history = await changeUnit(db, code, async (tx, unit) => {
        openOn(unit, body.validTo, "validTo");
        await afterItsLatestName(tx, unit.id, body.validTo, "validTo");
        await endCommittee(tx, unit.id, body.validTo);
        await audit(tx, p, unit.id, "end", { ...body, before: { validTo: unit.validTo } });
      });
      return c.json(history, 200);
    },
  );

  routes.openapi(
    createRoute({
      method: "post",
      path: "/{code}/merge",
      tags,
      summary:
        "Sáp nhập một đơn vị vào đơn vị khác từ một ngày: đơn vị này kết thúc hôm trước, đơn vị kia kế thừa (quản trị UBKT Trung ương; ghi nhật ký)",
      security,
      ...onlyFor("admin"),
      request: {
        params: CodeParam,
        body: jsonBody(MergeSchema),
      },
      responses: { 200: Done, ...errorResponses(400, 401, 403, 404, 409) },
    }),
    async (c) => {
      const p = c.get("principal");
      requireCentral(p);
      const { code } = c.req.valid("param");
      const body = c.req.valid("json");
      const { db } = c.get("deps");
      const lastDay = dayBefore(body.effectiveOn);
      const history = await changeUnit(db, code, async (tx, unit) => {
        const successor = await findCommitteeValidity(tx, body.into);
        if (!successor || successor.id === unit.id)
          throw new AppError("validation_failed", `Không có đơn vị kế thừa mã ${body.into}`, [
            {
              field: "into",
              message: successor ? "không sáp nhập được vào chính nó" : "mã đơn vị không tồn tại",
            },
          ]);
        openOn(unit, lastDay, "effectiveOn");
        openOn(successor, body.effectiveOn, "effectiveOn");
        await afterItsLatestName(tx, unit.id, lastDay, "effectiveOn");
        await endCommittee(tx, unit.id, lastDay);
        try {
          await insertSuccession(tx, {
            predecessorId: unit.id,
            successorId: successor.id,
            effectiveOn: body.effectiveOn,
            source: body.source,
          });
        } catch (err) {
          if (isUniqueViolation(err))
            throw new AppError("conflict", `${code} đã được ghi là sáp nhập vào ${body.into}`, [
              { field: "into", message: "đã ghi" },
            ]);
          throw err;
        }
        await audit(tx, p, unit.id, "merge", { ...body, validTo: lastDay });
      });
      return c.json(history, 200);
    },
  );

  routes.openapi(
    createRoute({
      method: "post",
      path: "/{code}/rename",
      tags,
      summary:
        "Đổi tên một đơn vị từ một ngày; tên cũ giữ cho văn bản trước ngày đó (quản trị UBKT Trung ương; ghi nhật ký)",
      security,
      ...onlyFor("admin"),
      request: {
        params: CodeParam,
        body: jsonBody(RenameSchema),
      },
      responses: { 200: Done, ...errorResponses(400, 401, 403, 404) },
    }),
    async (c) => {
      const p = c.get("principal");
      requireCentral(p);
      const { code } = c.req.valid("param");
      const body = c.req.valid("json");
      const { db } = c.get("deps");
      const history = await changeUnit(db, code, async (tx, unit) => {
        openOn(unit, body.validFrom, "validFrom");
        const latest = await latestVersionStart(tx, unit.id);
        if (latest && body.validFrom <= latest)
          throw new AppError(
            "validation_failed",
            `Đơn vị đã có tên hiệu lực từ ${latest}; tên mới phải bắt đầu sau ngày đó`,
            [{ field: "validFrom", message: `phải sau ${latest}` }],
          );
        const before = await closeVersionBefore(tx, unit.id, body.validFrom);
        const version = versionFor(
          body.partyCommittee,
          body.placeName ?? before?.placeName ?? "",
          body.validFrom,
          before,
        );
        await insertCommitteeVersion(tx, unit.id, { ...version, validTo: unit.validTo });
        await audit(tx, p, unit.id, "rename", { ...body, before: before ? { name: before.name } : null });
      });
      return c.json(history, 200);
    },
  );
}
