import { deflateRawSync } from "node:zlib";
import PizZip from "pizzip";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createHarness, eventually, type Harness, json } from "../support/harness.js";
import { staffSecondmentBody } from "../support/samples.js";
import { wordLikeBody, wordLikeTemplate } from "../support/word-like-template.js";

const DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
let h: Harness;
let admin: string;
let clerk: string;

beforeAll(async () => {
  h = await createHarness({ queue: "redis", workers: true });
  admin = await h.token("QUANG-TRI", ["admin"]);
  clerk = await h.token("QUANG-TRI", ["clerk", "approver"]);
});
afterAll(() => h.close());

const upload = (bytes: Buffer, opts: { token?: string; name?: string; query?: string; type?: string } = {}) =>
  h.call("PUT", `/v1/templates/${opts.name ?? "cong-van"}${opts.query ?? ""}`, {
    token: opts.token ?? admin,
    body: bytes,
    headers: { "content-type": opts.type ?? DOCX },
  });

async function templateRows(): Promise<number> {
  const { rows } = await h.db.query("select count(*)::int as n from templates");
  return rows[0].n;
}

/** Each refusal: the status, the envelope, and no template row written. */
async function expectRefused(res: Promise<Response>, status: number, code?: string) {
  const before = await templateRows();
  const r = await res;
  const body = await json(r);
  expect(r.status, JSON.stringify(body)).toBe(status);
  expect(await templateRows()).toBe(before);
  if (code) expect(body.error.details.map((d: { code: string }) => d.code)).toContain(code);
  return body;
}

function withDocument(xml: string): Buffer {
  return wordLikeTemplate(wordLikeBody.para(wordLikeBody.run(xml)));
}

describe("templates are managed assets", () => {
  it("lists the built-in layouts with their tags", async () => {
    const res = await json(await h.call("GET", "/v1/templates", { token: clerk }));
    const congVan = res.items.find((t: { name: string }) => t.name === "cong-van");
    expect(congVan.effective).toMatchObject({ scope: "built-in", version: 1, active: true });
    expect(congVan.effective.tags).toEqual(
      expect.arrayContaining(["issuer.superior", "#body", "body[].heading[].text", "#marks.confidentiality"]),
    );
  });

  it("accepts a Word-authored template, and documents record the version they were made with", async () => {
    const res = await upload(wordLikeTemplate(), { query: "?activate=true&note=M%E1%BA%ABu%20Word" });
    const body = await json(res);
    expect(res.status, JSON.stringify(body)).toBe(201);
    expect(body).toMatchObject({ scope: "QUANG-TRI", version: 1, active: true, note: "Mẫu Word" });
    expect(body.tags).toEqual(
      expect.arrayContaining(["issuer.superior", "issuer.name", "#body", "body[].text", "signer.name"]),
    );

    const created = await json(
      await h.call("POST", "/v1/requests", { token: clerk, body: staffSecondmentBody() }),
    );
    await h.call("POST", `/v1/requests/${created.id}/submit`, { token: clerk });
    await h.call("POST", `/v1/requests/${created.id}/approve`, { token: clerk });
    const detail = await eventually(async () => {
      const d = await json(await h.call("GET", `/v1/requests/${created.id}`, { token: clerk }));
      return d.status === "sent" ? d : undefined;
    });
    expect(detail.documents[0]).toMatchObject({ templateName: "cong-van", templateVersion: 1 });
    const { rows } = await h.db.query(
      "select t.committee_id is not null as own from documents d join templates t on t.id = d.template_id where d.id = $1",
      [detail.documents[0].id],
    );
    expect(rows[0].own).toBe(true);
    const docx = Buffer.from(
      await (await h.call("GET", detail.documents[0].download, { token: clerk })).arrayBuffer(),
    );
    const zip = new PizZip(docx);
    const xml = zip.file("word/document.xml")!.asText();
    // Word's runs stay runs: compare the text, not the markup.
    const text = xml.replace(/<[^>]+>/g, "");
    expect(text).toContain("MẪU WORD CỦA ỦY BAN — V/v đề nghị cử cán bộ tham gia Đoàn kiểm tra");
    expect(text).toContain("TỈNH ỦY QUẢNG TRỊ");
    expect(text.match(/Rất mong nhận được/g)).toHaveLength(1);
    expect(
      zip
        .file("word/header1.xml")!
        .asText()
        .replace(/<[^>]+>/g, ""),
    ).toContain("Mẫu riêng — ỦY BAN KIỂM TRA");
    // The table row repeated once per body paragraph (4), under its header row.
    expect((xml.match(/<w:tr>/g) ?? []).length).toBe(5);
  });

  it("keeps another committee on the built-in version", async () => {
    const other = await h.token("HA-TINH", ["clerk"]);
    const res = await json(await h.call("GET", "/v1/templates/cong-van", { token: other }));
    expect(res.effective.scope).toBe("built-in");
    expect(res.versions.every((v: { scope: string }) => v.scope === "built-in")).toBe(true);
  });

  it("rolls back to the built-in version and forward again", async () => {
    const back = await json(
      await h.call("POST", "/v1/templates/cong-van/activate", {
        token: admin,
        body: { version: "built-in" },
      }),
    );
    expect(back.effective.scope).toBe("built-in");
    const forward = await json(
      await h.call("POST", "/v1/templates/cong-van/activate", { token: admin, body: { version: 1 } }),
    );
    expect(forward.effective).toMatchObject({ scope: "QUANG-TRI", version: 1 });
    const missing = await h.call("POST", "/v1/templates/cong-van/activate", {
      token: admin,
      body: { version: 99 },
    });
    expect(missing.status).toBe(404);
  });

  it("previews with the kind's sample data without numbering or storing anything", async () => {
    const counts = async () =>
      (
        await h.db.query(
          "select (select count(*) from documents)::int d, (select coalesce(sum(last_number), 0) from doc_counters)::int n",
        )
      ).rows[0];
    const before = await counts();
    const res = await h.call("POST", "/v1/templates/cong-van/preview", {
      token: clerk,
      body: { version: "built-in" },
    });
    expect(res.status, await res.clone().text()).toBe(200);
    const xml = new PizZip(Buffer.from(await res.arrayBuffer())).file("word/document.xml")!.asText();
    expect(xml).toContain("TỈNH ỦY QUẢNG TRỊ");
    expect(await counts()).toEqual(before);
  });

  it("answers a preview whose data lacks the template's tags with 422 naming them", async () => {
    const body = await expectRefused(
      h.call("POST", "/v1/templates/cong-van/preview", {
        token: clerk,
        body: { data: { issuer: { name: "x" } } },
      }),
      422,
      "unknown_tag",
    );
    expect(body.error.details.map((d: { tag: string }) => d.tag)).toEqual(
      expect.arrayContaining(["doc.subject", "signer.name"]),
    );
  });
});

describe("bad uploads are refused with what to fix, and change nothing", () => {
  it("refuses a non-admin", async () => {
    await expectRefused(upload(wordLikeTemplate(), { token: clerk }), 403);
  });
  it("refuses an unknown template name", async () => {
    await expectRefused(upload(wordLikeTemplate(), { name: "thu-tinh" }), 404);
  });
  it("refuses a wrong content type", async () => {
    await expectRefused(upload(wordLikeTemplate(), { type: "text/plain" }), 415);
  });
  it("refuses a file that is not a zip", async () => {
    await expectRefused(upload(Buffer.from("Đây không phải tệp Word")), 422, "not_a_zip");
  });
  it("refuses a zip that is not a Word document", async () => {
    const zip = new PizZip();
    zip.file("hello.txt", "xin chào");
    await expectRefused(upload(zip.generate({ type: "nodebuffer" })), 422, "missing_part");
  });
  it("refuses a zip bomb by its compression ratio, before inflating it", async () => {
    const zip = new PizZip(wordLikeTemplate());
    zip.file("word/media/padding.bin", Buffer.alloc(12 * 1024 * 1024));
    await expectRefused(
      upload(zip.generate({ type: "nodebuffer", compression: "DEFLATE" })),
      422,
      "compression_ratio",
    );
  });
  it("refuses an entry whose header lies about its size", async () => {
    const bytes = wordLikeTemplate();
    const entry = bytes.indexOf(
      Buffer.from("word/document.xml"),
      bytes.lastIndexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02])) - 2000,
    );
    const central = bytes.lastIndexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]), entry);
    bytes.writeUInt32LE(10, central + 24); // declared uncompressed size: 10 bytes
    await expectRefused(upload(bytes), 422, "size_mismatch");
  });
  it("refuses an upload over 10 MB", async () => {
    await expectRefused(upload(Buffer.alloc(11 * 1024 * 1024)), 413);
  });
  it("lists every syntax error at once, with its place", async () => {
    const body = await expectRefused(
      upload(withDocument("{issuer.name {/body} {#copies}")),
      422,
      "template_syntax",
    );
    expect(body.error.details.length).toBeGreaterThanOrEqual(2);
    expect(body.error.details[0].location).toMatch(/^word\/document\.xml/);
  });
  it("refuses template code: calls, constructors, prototypes, assignments", async () => {
    for (const tag of [
      "{issuer.name()}",
      "{constructor.constructor}",
      "{doc.__proto__}",
      "{x = 1}",
      "{a[0]}",
    ]) {
      const body = await expectRefused(upload(withDocument(tag)), 422);
      expect(body.error.code, tag).toBe("template_invalid");
    }
  });
  it("refuses a raw-XML tag", async () => {
    await expectRefused(upload(withDocument("{@issuer.name}")), 422, "raw_xml_tag");
  });
  it("refuses tags the kind's data does not provide", async () => {
    const body = await expectRefused(
      upload(withDocument("{issuer.name} {issuer.phone} {nguoiKy}")),
      422,
      "unknown_tag",
    );
    expect(body.error.details.map((d: { tag: string }) => d.tag)).toEqual(
      expect.arrayContaining(["issuer.phone", "nguoiKy"]),
    );
  });
  it("refuses a macro-enabled document", async () => {
    const zip = new PizZip(wordLikeTemplate());
    const types = zip
      .file("[Content_Types].xml")!
      .asText()
      .replace("document.main+xml", "document.macroEnabled.main+xml");
    zip.file("[Content_Types].xml", types);
    await expectRefused(upload(zip.generate({ type: "nodebuffer" })), 422, "not_a_document");
  });
});

// Sanity: the zip-bomb fixture really is one.
it("the padding compresses over 200×", () => {
  expect((12 * 1024 * 1024) / deflateRawSync(Buffer.alloc(12 * 1024 * 1024)).length).toBeGreaterThan(200);
});
