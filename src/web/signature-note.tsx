import type { FC } from "hono/jsx";
import type { DocumentSignature, RequestSignatures } from "../routes/documents/signature-schemas.js";
import { dateTimeVi } from "./format.js";

const TONE: Record<string, string> = {
  signed: "ok",
  unsigned: "warn",
  awaiting_signer: "warn",
  pdf_pending: "",
  pdf_failed: "bad",
};

/** One line under a letter: signed (and by whom, whether the check holds), unsigned, or waiting for the signer. */
export const DocumentSignatureNote: FC<{ signature: DocumentSignature | null | undefined }> = ({
  signature,
}) => {
  if (!signature) return null;
  const first = signature.verification?.signatures[0];
  const bad = signature.state === "signed" && signature.verification?.status !== "valid";
  return (
    <div class="muted">
      <span class={`badge ${bad ? "bad" : (TONE[signature.state] ?? "")}`}>{signature.message}</span>
      {first?.signer && (
        <>
          {" "}
          Ký bởi {first.signer.commonName}
          {first.signedAt && ` lúc ${dateTimeVi(first.signedAt)}`}
          {first.coversWholeFile ? ", chữ ký bao trùm toàn bộ tệp" : ", chữ ký KHÔNG bao trùm toàn bộ tệp"}
          {first.chainTrusted ? ", chuỗi chứng thư tin cậy." : ", chuỗi chứng thư không tin cậy."}
        </>
      )}
    </div>
  );
};

export const ReplyPdfSignatures: FC<{ replies: RequestSignatures["replies"] }> = ({ replies }) => {
  if (replies.length === 0) return null;
  return (
    <ul class="signatures">
      {replies.map((r) => {
        const v = r.verification;
        const first = v.signatures[0];
        const tone = v.status === "valid" ? "ok" : v.status === "invalid" ? "bad" : "warn";
        return (
          <li>
            Tệp {r.filename ?? "PDF"}:{" "}
            <span class={`badge ${tone}`}>
              {v.status === "unsigned" ? "không có chữ ký số" : `chữ ký số ${v.summary}`}
            </span>
            {first?.signer &&
              ` — ký bởi ${first.signer.commonName}${first.signedAt ? ` lúc ${dateTimeVi(first.signedAt)}` : ""}`}
          </li>
        );
      })}
    </ul>
  );
};
