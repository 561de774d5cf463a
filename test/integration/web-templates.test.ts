import PizZip from "pizzip";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createHarness, type Harness } from "../support/harness.js";
import { signIn, type WebClient } from "../support/web.js";
import { wordLikeBody, wordLikeTemplate } from "../support/word-like-template.js";

const DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
let h: Harness;
let admin: WebClient;
let clerk: WebClient;

beforeAll(async () => {
  h = await createHarness({ queue: "redis" });
  admin = await signIn(h, await h.token("QUANG-TRI", ["admin"]));
  clerk = await signIn(h, await h.token("QUANG-TRI", ["clerk", "approver"]));
});
afterAll(() => h.close());

async function ownVersions(): Promise<number> {
  const { rows } = await h.db.query(
    "select count(*)::int as n from templates where committee_id is not null",
  );
  return rows[0].n;
}

const docxFile = (bytes: Buffer, name = "mau-cong-van.docx") =>
  new File([new Uint8Array(bytes)], name, { type: DOCX });
const brokenTemplate = () =>
  wordLikeTemplate(wordLikeBody.para(wordLikeBody.run("{issuer.name} {issuer.phone} {nguoiKy}")));

describe("the templates screen", () => {
  it("lists the templates with the version in effect", async () => {
    const page = await admin.get("/mau-van-ban");
    expect(page.status, page.html).toBe(200);
    expect(page.html).toContain('href="/mau-van-ban/cong-van"');
    expect(page.html).toContain("Công văn");
    expect(page.html).toContain("Bản đi kèm phần mềm (phiên bản 1)");
  });

  it("shows a template's versions and the tags each uses", async () => {
    const page = await admin.get("/mau-van-ban/cong-van");
    expect(page.status, page.html).toBe(200);
    expect(page.html).toContain("Bản đi kèm phần mềm (phiên bản 1)");
    expect(page.html).toContain("Đang dùng");
    for (const tag of ["{issuer.superior}", "{#body}", "{body[].heading[].text}"]) {
      expect(page.html).toContain(`<code>${tag}</code>`);
    }
    expect(page.html).toContain('enctype="multipart/form-data"');
    expect((await admin.get("/mau-van-ban/khong-co")).status).toBe(404);
  });

  it("is for admins only: others get 403 and cannot upload", async () => {
    expect((await clerk.get("/mau-van-ban")).status).toBe(403);
    expect((await clerk.get("/mau-van-ban/cong-van")).status).toBe(403);
    expect((await clerk.get("/mau-van-ban/cong-van/xem-truoc")).status).toBe(403);
    const upload = await clerk.post("/mau-van-ban/cong-van", { tep: docxFile(wordLikeTemplate()) });
    expect(upload.status, upload.html).toBe(403);
    expect(await ownVersions()).toBe(0);
  });

  it("asks for a .docx when no file or another kind of file is sent", async () => {
    const none = await admin.post("/mau-van-ban/cong-van", { "ghi-chu": "thiếu tệp" });
    expect(none.status, none.html).toBe(400);
    expect(none.html).toContain('<span class="field-error" id="f-tep-loi">');
    expect(none.html).toContain("Hãy chọn tệp mẫu (.docx)");
    expect(none.html).toContain('value="thiếu tệp"');
    const pdf = await admin.post("/mau-van-ban/cong-van", { tep: docxFile(wordLikeTemplate(), "mau.pdf") });
    expect(pdf.status, pdf.html).toBe(400);
    expect(pdf.html).toContain("đuôi .docx");
    expect(await ownVersions()).toBe(0);
  });

  it("shows the validation report of a refused template, beside the file field, and stores nothing", async () => {
    const res = await admin.post("/mau-van-ban/cong-van", {
      tep: docxFile(brokenTemplate()),
      "ghi-chu": "thử",
    });
    expect(res.status, res.html).toBe(422);
    expect(res.html).toContain("Mẫu văn bản không được chấp nhận");
    const report = res.html.slice(res.html.indexOf('id="bao-cao-kiem-tra"'), res.html.indexOf('id="f-tep"'));
    expect(report).toContain("Dữ liệu của loại văn bản này không có trường “issuer.phone”");
    expect(report).toContain("<code>nguoiKy</code>");
    expect(res.html).toContain('href="#f-tep"');
    expect(await ownVersions()).toBe(0);

    const syntax = await admin.post("/mau-van-ban/cong-van", {
      tep: docxFile(wordLikeTemplate(wordLikeBody.para(wordLikeBody.run("{issuer.name {/body}")))),
    });
    expect(syntax.status, syntax.html).toBe(422);
    expect(syntax.html).toMatch(/Vị trí: <code>word\/document\.xml, đoạn \d+<\/code>/);
    expect(await ownVersions()).toBe(0);
  });

  it("accepts a valid template and shows the new version with its tags", async () => {
    const res = await admin.post("/mau-van-ban/cong-van", {
      tep: docxFile(wordLikeTemplate()),
      "ghi-chu": "Mẫu Word",
    });
    expect(res.status, res.html).toBe(303);
    expect(res.location).toBe("/mau-van-ban/cong-van?moi=1#phien-ban-1");
    expect(await ownVersions()).toBe(1);
    const page = await admin.get(res.location!);
    expect(page.html).toContain("Đã nhận phiên bản 1");
    expect(page.html).toContain("Phiên bản 1 của ủy ban");
    expect(page.html).toContain("Mới tải lên");
    expect(page.html).toContain("Ghi chú: Mẫu Word");
    expect(page.html).toContain("<code>{signer.name}</code>");
    // Not activated: the built-in one stays in effect, and the new one offers to be used.
    expect(page.html).toContain('name="phien-ban" value="1"');
  });

  it("activates a version from its button, and goes back to the built-in one", async () => {
    const used = await admin.post("/mau-van-ban/cong-van/kich-hoat", { "phien-ban": "1" });
    expect(used.status, used.html).toBe(303);
    const page = await admin.get(used.location!);
    expect(page.html).toContain("Đã dùng phiên bản 1");
    expect(page.html).toMatch(/Đang dùng<\/dt><dd>Phiên bản 1 của ủy ban/);
    const list = await admin.get("/mau-van-ban");
    expect(list.html).toContain("Phiên bản 1 của ủy ban");

    const missing = await admin.post("/mau-van-ban/cong-van/kich-hoat", { "phien-ban": "9" });
    expect(missing.status, missing.html).toBe(404);

    const back = await admin.post("/mau-van-ban/cong-van/kich-hoat", { "phien-ban": "ban-goc" });
    expect(back.status, back.html).toBe(303);
    expect((await admin.get(back.location!)).html).toMatch(/Đang dùng<\/dt><dd>Bản đi kèm phần mềm/);
  });

  it("downloads a preview of a version as a .docx filled with sample data", async () => {
    const res = await h.app.request("/mau-van-ban/cong-van/xem-truoc?phien-ban=1", {
      headers: { cookie: admin.cookie },
    });
    expect(res.status, await res.clone().text()).toBe(200);
    expect(res.headers.get("content-type")).toBe(DOCX);
    expect(res.headers.get("content-disposition")).toContain("xem-truoc-cong-van.docx");
    // A file passed through from the API carries the headers of every page too.
    expect(res.headers.get("content-security-policy")).toContain("frame-ancestors 'none'");
    expect(res.headers.get("cache-control")).toBe("no-store");
    const xml = new PizZip(Buffer.from(await res.arrayBuffer())).file("word/document.xml")!.asText();
    expect(xml.replace(/<[^>]+>/g, "")).toContain("MẪU WORD CỦA ỦY BAN");
    const missing = await h.app.request("/mau-van-ban/cong-van/xem-truoc?phien-ban=7", {
      headers: { cookie: admin.cookie },
    });
    expect(missing.status).toBe(404);
    expect(missing.headers.get("cache-control")).toBe("no-store");
  });
});
