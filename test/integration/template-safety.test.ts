// Templates cannot hurt the service. Every XML part parsed, bounds on size, depth and tags,
// what each layout must print, inspection off the event loop with a time budget, every error of every phase at
// once with its place, in Vietnamese — over the real API.
import PizZip from "pizzip";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTemplateThreads } from "../../src/documents/template-thread.js";
import { createHarness, type Harness, json } from "../support/harness.js";
import { wordLikeBody, wordLikeTemplate } from "../support/word-like-template.js";

const DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
let h: Harness;
let admin: string;

beforeAll(async () => {
  h = await createHarness({ queue: "postgres" });
  admin = await h.token("HA-TINH", ["admin"]);
});
afterAll(() => h.close());

const upload = (bytes: Buffer, name = "cong-van") =>
  h.call("PUT", `/v1/templates/${name}`, { token: admin, body: bytes, headers: { "content-type": DOCX } });

async function refused(bytes: Buffer, name = "cong-van") {
  const before = (await h.db.query("select count(*)::int as n from templates")).rows[0].n;
  const res = await upload(bytes, name);
  const body = await json(res);
  expect(res.status, JSON.stringify(body)).toBe(422);
  expect((await h.db.query("select count(*)::int as n from templates")).rows[0].n).toBe(before);
  return body.error as {
    message: string;
    details: { code: string; message: string; location?: string; context?: string; tag?: string }[];
  };
}

const codes = (e: { details: { code: string }[] }) => e.details.map((d) => d.code);

function withPart(part: string, xml: string): Buffer {
  const zip = new PizZip(wordLikeTemplate());
  zip.file(part, xml);
  return zip.generate({ type: "nodebuffer", compression: "DEFLATE" });
}

const { para, run } = wordLikeBody;

describe("XML is parsed before a template is accepted", () => {
  it("refuses malformed XML in a part, naming the part", async () => {
    const zip = new PizZip(wordLikeTemplate());
    const header = zip.file("word/header1.xml")!.asText().replace("</w:p>", "");
    const error = await refused(withPart("word/header1.xml", header));
    const problem = error.details.find((d) => d.code === "xml_malformed")!;
    expect(problem.location).toBe("word/header1.xml");
    expect(problem.message).toMatch(/không phải XML hợp lệ/);
  });

  it("refuses a DOCTYPE (entities) in any part", async () => {
    const error = await refused(
      withPart("word/settings.xml", '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]><w:settings/>'),
    );
    expect(codes(error)).toContain("xml_doctype");
  });
});

describe("bounds", () => {
  it("refuses 200 nested loops in a small upload at once, and the API keeps answering", async () => {
    const open = Array.from({ length: 200 }, () => "{#body}").join("");
    const close = Array.from({ length: 200 }, () => "{/body}").join("");
    const bytes = wordLikeTemplate(para(run(open)) + para(run("{text}")) + para(run(close)));
    expect(bytes.length).toBeLessThan(8_000);
    const pending = refused(bytes);
    expect((await h.call("GET", "/healthz")).status).toBe(200);
    const error = await pending;
    expect(codes(error)).toContain("loops_too_deep");
    expect(error.details.find((d) => d.code === "loops_too_deep")!.message).toMatch(/200 cấp/);
  });

  it("refuses a template with more tags than the bound", async () => {
    const many = Array.from({ length: 1_100 }, () => "{doc.subject}").join(" ");
    const error = await refused(wordLikeTemplate(para(run(many))));
    expect(codes(error)).toContain("too_many_tags");
  });
});

describe("what each layout must print", () => {
  it("refuses a công văn without body, recipients, number, marks or signature, saying which", async () => {
    const error = await refused(wordLikeTemplate(para(run("{issuer.name} {doc.dateLine}"))));
    const missing = error.details.filter((d) => d.code === "missing_element").map((d) => d.message);
    for (const what of [
      "nội dung văn bản",
      "người nhận",
      "số văn bản",
      "độ mật",
      "độ khẩn",
      "họ tên người ký",
      "nơi nhận",
    ])
      expect(
        missing.some((m) => m.includes(what)),
        `${what} in ${missing.join(" | ")}`,
      ).toBe(true);
  });

  it("asks a kế hoạch for its table and what follows it", async () => {
    const error = await refused(wordLikeTemplate(), "ke-hoach");
    const missing = error.details.filter((d) => d.code === "missing_element").map((d) => d.message);
    expect(missing.some((m) => m.includes("{#rows}"))).toBe(true);
    expect(missing.some((m) => m.includes("{#afterTable}"))).toBe(true);
  });
});

describe("every error of every phase at once, placed, in Vietnamese", () => {
  it("reports a syntax error together with what the layout lacks", async () => {
    const error = await refused(
      wordLikeTemplate(para(run("Kính gửi {issuer.name")) + para(run("{#body}{text}"))),
    );
    expect(codes(error)).toEqual(expect.arrayContaining(["template_syntax", "missing_element"]));
    const syntax = error.details.filter((d) => d.code === "template_syntax");
    for (const d of syntax) {
      expect(d.location).toMatch(/^word\/document\.xml, đoạn \d+$/);
      expect(d.message).not.toMatch(/The tag|is unclosed|Unclosed/);
    }
    expect(syntax.some((d) => d.context?.includes("Kính gửi"))).toBe(true);
  });

  it("places a tag the data lacks in its paragraph, with the text around it", async () => {
    const zip = new PizZip(wordLikeTemplate());
    const doc = zip.file("word/document.xml")!.asText();
    zip.file(
      "word/document.xml",
      doc.replace("MẪU WORD CỦA ỦY BAN — ", "MẪU WORD CỦA ỦY BAN {issuer.phone} — "),
    );
    const error = await refused(zip.generate({ type: "nodebuffer", compression: "DEFLATE" }));
    const unknown = error.details.find((d) => d.code === "unknown_tag")!;
    expect(unknown).toMatchObject({ tag: "issuer.phone" });
    expect(unknown.location).toMatch(/^word\/document\.xml, đoạn \d+$/);
    expect(unknown.context).toContain("MẪU WORD CỦA ỦY BAN");
    expect(unknown.message).toMatch(/không có trường/);
  });
});

describe("the template threads", () => {
  it("terminate a task over its budget with the reason, and the next task still runs", async () => {
    const threads = createTemplateThreads(1);
    try {
      const over = await threads.run({ op: "inspect", bytes: wordLikeTemplate(), options: {} }, 1);
      expect(over).toMatchObject({ ok: false, overBudget: "time", limit: 1 });
      const next = await threads.run({ op: "inspect", bytes: wordLikeTemplate(), options: {} });
      expect(next.ok && "inspected" in next && next.inspected.problems).toEqual([]);
    } finally {
      await threads.close();
    }
  });
});
