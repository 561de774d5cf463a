import ExcelJS from "exceljs";
import PizZip from "pizzip";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fixedClock } from "../../src/runtime/clock.js";
import { createHarness, type Harness, json } from "../support/harness.js";
import { signIn } from "../support/web.js";

// The 2020–2025 term recorded after the fact for its 63 provincial units, then read back as the statistics and
// the báo cáo tổng kết: the figures of the 2015–2020 review ("58/63 … chiếm 92,06%", "13 … 147 … 8,84%",
// "17 … 14,78%", "23 … 20%") must come out of counts, never out of typed-in percentages.
const clock = fixedClock("2026-04-10T03:00:00Z");
let h: Harness;
let admin: string;
let units: string[];

const HEADER = [
  "committee",
  "periodKey",
  ...[
    "inspections",
    "supervisions",
    "organisations",
    "members",
    "denunciations",
    "disciplined",
    "thematicPlans",
    "staffRequestedByProvince",
  ].flatMap((n) => [`${n}_total`, `${n}_coordinated`]),
];

/** Row i of 63: the counts spread so the sums are the review's (147 disciplined, 13 coordinated, …). */
function termRow(code: string, i: number): (string | number)[] {
  const upTo = (n: number) => (i < n ? 1 : 0);
  return [
    code,
    "NK2020-2025",
    3,
    upTo(58), // inspections: 58 units coordinated
    2,
    upTo(40), // supervisions: 40 units
    2 + upTo(43),
    upTo(20), // organisations 169, 20 coordinated
    2 + upTo(22),
    upTo(6), // members 148, 6
    1,
    upTo(9), // denunciations 63, 9
    2 + upTo(21),
    upTo(13), // disciplined 147, 13
    1 + upTo(52),
    upTo(17), // thematic plans 115, 17
    1 + upTo(52),
    upTo(23), // plans with staff asked for 115, 23
  ];
}

const csv = (rows: (string | number)[][]) => [HEADER, ...rows].map((r) => r.join(",")).join("\r\n");
const importCsv = (body: string, token = admin) =>
  h.call("POST", "/v1/report-submissions/import", { token, body, headers: { "content-type": "text/csv" } });

function docxText(bytes: ArrayBuffer): string {
  const xml = new PizZip(Buffer.from(bytes)).file("word/document.xml")!.asText();
  return xml
    .replace(/<\/w:p>/g, "\n")
    .replace(/<[^>]+>/g, "")
    .replace(/&amp;/g, "&");
}

beforeAll(async () => {
  h = await createHarness({ queue: "postgres", clock });
  admin = await h.token("CATW", ["admin", "approver"]);
  const { rows } = await h.db.query<{ code: string }>(
    `select code from committees where level = 'province' and valid_from <= '2025-09-30'
       and (valid_to is null or valid_to >= '2020-10-01') order by code`,
  );
  units = rows.map((r) => r.code);
});
afterAll(() => h.close());

describe("the registry as of a date", () => {
  it("has the 63 provincial units before 1/7/2025 and the 34 after, with the merger links", async () => {
    expect(units).toHaveLength(63);
    const before = await json(await h.call("GET", "/v1/committees?on=2024-06-01", { token: admin }));
    const after = await json(await h.call("GET", "/v1/committees?on=2026-06-01", { token: admin }));
    expect(before.items.filter((c: { level: string }) => c.level === "province")).toHaveLength(63);
    expect(after.items.filter((c: { level: string }) => c.level === "province")).toHaveLength(34);
    const hue = before.items.find((c: { code: string }) => c.code === "HUE");
    expect(hue.name).toBe("Ủy ban Kiểm tra Tỉnh ủy Thừa Thiên Huế");
    const dongNai = after.items.find((c: { code: string }) => c.code === "DONG-NAI");
    expect(dongNai.name).toBe("Ủy ban Kiểm tra Thành ủy Đồng Nai");
    const haiDuong = await json(await h.call("GET", "/v1/committees/HAI-DUONG/history", { token: admin }));
    expect(haiDuong).toMatchObject({ validTo: "2025-06-30" });
    expect(haiDuong.successions).toEqual([
      expect.objectContaining({
        predecessor: "HAI-DUONG",
        successor: "HAI-PHONG",
        effectiveOn: "2025-07-01",
      }),
    ]);
  });
});

describe("recording a past term, all or nothing", () => {
  it("refuses a table with mistakes, naming row and column, and writes nothing", async () => {
    const rows = units.map(termRow);
    rows[2]![0] = "ATLANTIS"; // row 4: no such unit
    rows[5]![3] = 9; // row 7: 9 coordinated of 3 inspections
    rows[7]![1] = "2027"; // row 9: not over yet
    rows.push(termRow(units[0]!, 0)); // row 65: the first unit twice
    rows.push([...termRow("HAI-DUONG", 0)].map((v, j) => (j === 1 ? "2026" : v))); // row 66: merged away in 2025
    const res = await importCsv(csv(rows));
    expect(res.status).toBe(400);
    const body = await json(res);
    const fields = body.error.details.map((d: { field: string }) => d.field);
    expect(fields).toEqual(
      expect.arrayContaining([
        "rows[4].committee",
        "rows[7].inspections_coordinated",
        "rows[9].periodKey",
        "rows[65].periodKey",
        "rows[66].committee",
      ]),
    );
    expect(
      body.error.details.find((d: { field: string }) => d.field === "rows[7].inspections_coordinated")
        .location,
    ).toBe("dòng 7, cột inspections_coordinated");
    const { rows: written } = await h.db.query("select count(*)::int as n from report_submissions");
    expect(written[0].n).toBe(0);
  });

  it("refuses the import to anyone but the central committee's admin", async () => {
    const province = await h.token("NGHE-AN", ["admin"]);
    expect((await importCsv(csv([termRow("NGHE-AN", 0)]), province)).status).toBe(403);
    const clerk = await h.token("CATW", ["clerk"]);
    expect((await importCsv(csv([termRow("NGHE-AN", 0)]), clerk)).status).toBe(403);
  });

  it("imports the 63 units' term, then the statistics publish every rate as a fraction of counts", async () => {
    const res = await importCsv(csv(units.map(termRow)));
    expect(res.status).toBe(201);
    expect((await json(res)).inserted).toBe(63);
    const stats = await json(
      await h.call("GET", "/v1/statistics?from=2020-10-01&to=2025-09-30&periodType=term", { token: admin }),
    );
    expect(stats.submissions).toMatchObject({
      periods: ["NK2020-2025"],
      committees: 63,
      recordedAfterFact: 63,
    });
    const r = stats.rates;
    expect(r.provincesCoordinatedInspection).toMatchObject({
      numerator: 58,
      denominator: 63,
      text: "92,06%",
      fraction: "58/63",
    });
    expect(r.provincesCoordinatedSupervision).toMatchObject({
      numerator: 40,
      denominator: 63,
      text: "63,49%",
    });
    expect(r.disciplinedCoordinated).toMatchObject({ numerator: 13, denominator: 147, text: "8,84%" });
    expect(r.thematicPlansCoordinated).toMatchObject({ numerator: 17, denominator: 115, text: "14,78%" });
    expect(r.staffRequestedByProvince).toMatchObject({ numerator: 23, denominator: 115, text: "20,00%" });
    expect(r.organisationsCoordinated).toMatchObject({ numerator: 20, denominator: 169, text: "11,83%" });
    expect(r.membersCoordinated).toMatchObject({ numerator: 6, denominator: 148, text: "4,05%" });
    expect(r.denunciationsCoordinated).toMatchObject({ numerator: 9, denominator: 63, text: "14,29%" });
    expect(r.inspectionsCoordinated).toMatchObject({ numerator: 58, denominator: 189, text: "30,69%" });
    expect(r.staffRequestedByCentral).toMatchObject({
      numerator: 0,
      denominator: 0,
      value: null,
      text: "không xác định",
    });
    // No request went through phoihop in that term: undefined, not "0,00% (0/63)".
    expect(r.provincesCoordinated).toMatchObject({ denominator: 0, value: null, text: "không xác định" });
    for (const rate of Object.values(r) as { source: string }[]) expect(rate.source).toBeTruthy();
    const row = await json(
      await h.call("GET", "/v1/report-submissions?periodKey=NK2020-2025&committee=NGHE-AN", { token: admin }),
    );
    expect(row.items[0]).toMatchObject({ recordedAfterFact: true, committee: "NGHE-AN" });
  });

  it("imports from XLSX the same way", async () => {
    const book = new ExcelJS.Workbook();
    const sheet = book.addWorksheet("Số liệu");
    sheet.addRow(HEADER);
    sheet.addRow([...termRow("NGHE-AN", 0)].map((v, j) => (j === 1 ? "2019" : v)));
    const bytes = new Uint8Array(await book.xlsx.writeBuffer());
    const res = await h.call("POST", "/v1/report-submissions/import", {
      token: admin,
      body: bytes,
      headers: { "content-type": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" },
    });
    expect(res.status).toBe(201);
    const bad = new ExcelJS.Workbook();
    bad.addWorksheet("x").addRow(["committee", "periodKey", "colour"]);
    bad.worksheets[0]!.addRow(["NGHE-AN", "2018", "đỏ"]);
    const refused = await h.call("POST", "/v1/report-submissions/import", {
      token: admin,
      body: new Uint8Array(await bad.xlsx.writeBuffer()),
      headers: { "content-type": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" },
    });
    expect(refused.status).toBe(400);
    const fields = (await json(refused)).error.details.map((d: { field: string }) => d.field);
    expect(fields).toEqual(expect.arrayContaining(["rows[1].colour", "rows[2].inspections_total"]));
  });

  it("issues the numbered báo cáo tổng kết with every rate written the Vietnamese way", async () => {
    const res = await h.call("POST", "/v1/statistics/summaries", {
      token: admin,
      body: { periodKey: "NK2020-2025" },
    });
    expect(res.status).toBe(201);
    const issued = await json(res);
    expect(issued).toMatchObject({ number: 1, symbol: "01-BC/UBKT", scope: "ALL" });
    const docx = await h.call("GET", issued.download, { token: admin });
    expect(docx.status).toBe(200);
    const text = docxText(await docx.arrayBuffer());
    expect(text).toContain("BÁO CÁO");
    expect(text).toContain("tổng kết công tác phối hợp kiểm tra, giám sát nhiệm kỳ 2020-2025");
    expect(text).toContain(
      "58/63 UBKT tỉnh ủy, thành ủy phối hợp với UBKT Đảng ủy Công an Trung ương tổ chức thực hiện kế hoạch kiểm tra (chiếm 92,06%)",
    );
    expect(text).toContain("13/147 trường hợp thi hành kỷ luật đảng viên có sự phối hợp (chiếm 8,84%)");
    expect(text).toContain("(chiếm 14,78%)");
    expect(text).toContain("23/115 kế hoạch kiểm tra, giám sát do tỉnh ủy, thành ủy đề nghị");
    expect(text).toContain("(chiếm 20,00%)");
    expect(text).toContain("63 đơn vị");
    expect(text).toContain("63 bản số liệu do UBKT Trung ương ghi nhận sau");

    // A province's own summary: its figures only, numbered on its own counter; another's is refused.
    const ngheAn = await h.token("NGHE-AN", ["approver"]);
    const own = await h.call("POST", "/v1/statistics/summaries", {
      token: ngheAn,
      body: { periodKey: "NK2020-2025" },
    });
    expect(own.status).toBe(201);
    const ownText = docxText(
      await (await h.call("GET", (await json(own)).download, { token: ngheAn })).arrayBuffer(),
    );
    const i = units.indexOf("NGHE-AN");
    expect(ownText).toContain(`${i < 13 ? 1 : 0}/${i < 21 ? 3 : 2} trường hợp thi hành kỷ luật`);
    expect(ownText).not.toContain("/63");
    const other = await h.call("POST", "/v1/statistics/summaries", {
      token: ngheAn,
      body: { periodKey: "NK2020-2025", committee: "HA-TINH" },
    });
    expect(other.status).toBe(403);
    expect((await h.call("GET", `/v1/statistics/summaries/${issued.id}`, { token: ngheAn })).status).toBe(
      404,
    );
    // The next national summary takes the next number.
    const second = await json(
      await h.call("POST", "/v1/statistics/summaries", { token: admin, body: { periodKey: "NK2020-2025" } }),
    );
    expect(second.symbol).toBe("02-BC/UBKT");
    // A term not over yet is refused.
    expect(
      (await h.call("POST", "/v1/statistics/summaries", { token: admin, body: { periodKey: "NK2025-2030" } }))
        .status,
    ).toBe(400);
  });

  it("issues and lists the summaries on /bao-cao, each committee seeing only its own", async () => {
    const central = await signIn(h, admin);
    const bad = await central.post("/bao-cao/tong-ket", { periodKey: "NK2025-2030", committee: "" });
    expect(bad.status, bad.html).toBe(400);
    expect(bad.html).toContain("chưa kết thúc");
    const made = await central.post("/bao-cao/tong-ket", { periodKey: "NK2020-2025", committee: "" });
    expect(made.status, made.html).toBe(303);
    const page = await central.get("/bao-cao");
    expect(page.html).toContain("Đã lập báo cáo tổng kết số 03-BC/UBKT");
    const link = /href="(\/bao-cao\/tong-ket\/[0-9a-f-]{36}\.docx)">Số 03-BC\/UBKT/.exec(page.html)?.[1];
    expect(link).toBeTruthy();
    const file = await h.app.request(link!, { headers: { cookie: central.cookie } });
    expect(file.status).toBe(200);
    expect(docxText(await file.arrayBuffer())).toContain("(chiếm 92,06%)");
    // Nghệ An lists its own summary, not the national ones, and cannot fetch them.
    const province = await signIn(h, await h.token("NGHE-AN", ["approver"]));
    const own = await province.get("/bao-cao");
    expect(own.html).toContain("số liệu của NGHE-AN");
    expect(own.html).not.toContain("Số 03-BC/UBKT");
    expect((await h.app.request(link!, { headers: { cookie: province.cookie } })).status).toBe(404);
  });
});
