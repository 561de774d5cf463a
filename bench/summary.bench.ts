// The báo cáo tổng kết of a term: gather the figures the units submitted for it, count the registry, number, render
// and store the document — for the 63 provincial units of 2020–2025 and for 3,321 units (the commune level, for
// when the regulation's second tier comes in). Printed beside the raw library doing its part of the same work
// (docxtemplater filling the same template with the same data), in the same run.
import { randomUUID } from "node:crypto";
import { documentData } from "../src/documents/document-data.js";
import { renderDocx } from "../src/documents/render-docx.js";
import { styleProfile } from "../src/documents/style-profiles.js";
import { summaryContent } from "../src/documents/summary/summary-content.js";
import { issueSummary } from "../src/documents/summary/issue-summary.js";
import { createTemplateStore } from "../src/documents/template-store.js";
import { createCalendar } from "../src/domain/working-days.js";
import { fixedClock } from "../src/runtime/clock.js";
import { createTestDatabase } from "../test/support/harness.js";
import type { Principal } from "../src/auth/tokens.js";

const figures = (i: number) => ({
  inspections: { total: 3, coordinated: i % 13 ? 1 : 0 },
  supervisions: { total: 2, coordinated: i % 3 ? 1 : 0 },
  organisations: { total: 2 + (i % 2), coordinated: i % 5 ? 1 : 0 },
  members: { total: 2, coordinated: i % 7 ? 1 : 0 },
  denunciations: { total: 1, coordinated: i % 4 ? 1 : 0 },
  disciplined: { total: 2 + (i % 3), coordinated: i % 11 ? 0 : 1 },
  thematicPlans: { total: 2, coordinated: i % 6 ? 0 : 1 },
  staffRequestedByProvince: { total: 2, coordinated: i % 5 ? 0 : 1 },
});

async function benchOne(units: "provinces" | number): Promise<void> {
  const db = await createTestDatabase();
  try {
    const central = (await db.pool.query("select id from committees where code = 'CATW'")).rows[0]
      .id as number;
    const token = (
      await db.pool.query<{ id: string }>(
        "insert into api_tokens (committee_id, token_hash, roles, label) values ($1, $2, '{admin}', 'bench') returning id",
        [central, randomUUID()],
      )
    ).rows[0]!.id;
    if (units !== "provinces") {
      await db.pool.query(
        `with c as (insert into committees (code, level, issuer_abbr, email, valid_from)
                    select 'XA-' || g, 'commune', 'UBKTĐU', 'ubkt-xa-' || g || '@uy-ban-kiem-tra.example', '2008-08-01'
                      from generate_series(1, $1) g returning id, code)
         insert into committee_versions (committee_id, valid_from, name, short_name, superior_line, issuer_line, place_name, signer_name, signer_title)
         select id, '2008-08-01', 'Ủy ban Kiểm tra Đảng ủy ' || code, code, 'ĐẢNG ỦY ' || code, 'ỦY BAN KIỂM TRA', 'Xã', '(người ký)', 'CHỦ NHIỆM' from c`,
        [units],
      );
    }
    const where =
      units === "provinces"
        ? "level = 'province' and valid_from <= '2025-09-30' and (valid_to is null or valid_to >= '2020-10-01')"
        : "level = 'commune'";
    const { rows } = await db.pool.query<{ id: number }>(
      `select id from committees where ${where} order by id`,
    );
    await db.pool.query(
      `insert into report_submissions (committee_id, period_key, version, figures, submitted_by, recorded_after_fact, import_id)
       select id, 'NK2020-2025', 1, f, $3, true, $4 from unnest($1::int[], $2::jsonb[]) as t(id, f)`,
      [rows.map((r) => r.id), rows.map((_, i) => JSON.stringify(figures(i))), token, randomUUID()],
    );
    const clock = fixedClock("2026-04-10T03:00:00Z");
    const deps = { db: db.pool, calendar: createCalendar(), clock };
    const actor: Principal = {
      tokenId: token,
      committeeId: central,
      committeeCode: "CATW",
      roles: ["admin"],
      userId: null,
      userName: null,
    };
    await issueSummary(deps, actor, { periodKey: "NK2020-2025" }); // warm the template store and the plans
    const N = 20;
    const t0 = performance.now();
    let last: Awaited<ReturnType<typeof issueSummary>> | undefined;
    for (let i = 0; i < N; i++) last = await issueSummary(deps, actor, { periodKey: "NK2020-2025" });
    const service = (performance.now() - t0) / N;

    // The raw library: the same template filled with the same data, nothing else.
    const template = await createTemplateStore(db.pool, clock).load(central, "bao-cao");
    const issuer = (await db.pool.query("select style_profile from committees where id = $1", [central]))
      .rows[0];
    const figuresOf = last!.figures;
    const content = summaryContent({
      periodLabel: "nhiệm kỳ 2020-2025",
      from: figuresOf.from,
      to: figuresOf.to,
      committeeName: null,
      units: figuresOf.units,
      rates: figuresOf.rates,
      submittedCommittees: rows.length,
      recordedAfterFact: rows.length,
    });
    const ctxIssuer = {
      code: "CATW",
      name: "UBKT",
      shortName: "UBKT",
      superiorLine: "ĐẢNG ỦY CÔNG AN TRUNG ƯƠNG",
      issuerLine: "ỦY BAN KIỂM TRA",
      issuerAbbr: "UBKT",
      placeName: "Hà Nội",
      signerName: "x",
      signerTitle: "CHỦ NHIỆM",
      email: "x@example",
    };
    const data = documentData(
      content,
      {
        issuer: ctxIssuer,
        recipient: ctxIssuer,
        number: 1,
        typeCode: "BC",
        issuedOn: "2026-04-10",
        classification: "thuong",
        urgency: "thuong",
        copyTo: [],
        draft: null,
      },
      styleProfile(issuer.style_profile),
    );
    const t1 = performance.now();
    for (let i = 0; i < N; i++) renderDocx(template.bytes, data);
    const raw = (performance.now() - t1) / N;
    const label =
      units === "provinces" ? `${rows.length} provincial units` : `${rows.length} units (commune level)`;
    console.log(`summary document (báo cáo tổng kết NK2020-2025), ${label}:`);
    console.log(
      `  phoihop issueSummary (figures + registry + number + render + store): ${service.toFixed(1)} ms each (${N} runs), ${last!.symbol}`,
    );
    console.log(`  docxtemplater alone, same template and data: ${raw.toFixed(1)} ms each`);
  } finally {
    await db.drop();
  }
}

export async function runSummaryBench(): Promise<void> {
  await benchOne("provinces");
  await benchOne(Number(process.env.BENCH_SUMMARY_UNITS ?? 3321));
}

if (import.meta.url === `file://${process.argv[1]}`) await runSummaryBench();
