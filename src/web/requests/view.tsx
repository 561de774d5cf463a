import type { FC } from "hono/jsx";
import { OUTBOX_WORDS } from "../sent-words.js";
import { RequestFileLinks } from "./files.js";
import { findKind } from "../../domain/kinds/index.js";
import { CLASSIFICATIONS } from "../../domain/document-marks.js";
import type { UserAction } from "../../domain/request-state.js";
import {
  ANSWER_LABELS,
  CLASSIFICATION_LABELS,
  dateTimeVi,
  URGENCY_LABELS,
  withheldWords,
} from "../format.js";
import { kindFields } from "../kind-fields.js";
import { PayloadView } from "../payload-view.js";
import type { RequestSignatures } from "../../routes/documents/signature-schemas.js";
import { DocumentSignatureNote, ReplyPdfSignatures } from "../signature-note.js";
import type { FilerRequestDetail, RequestDetail } from "../../routes/requests/schemas.js";
import { CsrfField, fieldId } from "../layout.js";
import { MessageStatusBadge } from "../message-status.js";
import { eventLabel, eventTone, INBOUND_KIND_LABELS, PURPOSE_LABELS, statusTone } from "../request-labels.js";
import { Field } from "../form-field.js";
import { awaitingReview, InboundEvidence, ReviewForms } from "../inbound-review.js";

const ACTION_BUTTONS: Record<
  "submit" | "approve" | "cancel",
  { path: string; label: string; confirm?: string }
> = {
  submit: { path: "trinh", label: "Trình lãnh đạo phê duyệt" },
  approve: {
    path: "phe-duyet",
    label: "Phê duyệt và ban hành",
    confirm: "Phê duyệt sẽ cấp số văn bản và gửi đi. Tiếp tục?",
  },
  cancel: { path: "huy", label: "Hủy yêu cầu", confirm: "Hủy yêu cầu này? Không thể hoàn tác." },
};

/**
 * At approval the approver may change the secrecy level; below the kind's floor the API asks for the reason, which
 * the audit trail keeps.
 */
const ApproveClassification: FC<{ current: string }> = ({ current }) => (
  <>
    <label>
      Độ mật khi ban hành{" "}
      <select name="classification">
        {CLASSIFICATIONS.map((v) => (
          <option value={v} selected={v === current}>
            {CLASSIFICATION_LABELS[v] ?? v}
          </option>
        ))}
      </select>
    </label>
    <label>
      Lý do thay đổi độ mật (bắt buộc khi hạ dưới mức tối thiểu của loại yêu cầu){" "}
      <input type="text" name="classificationReason" maxlength={500} />
    </label>
  </>
);

const TYPE_NAMES: Record<string, string> = {
  CV: "Công văn",
  KH: "Kế hoạch",
  CTr: "Chương trình",
  TB: "Thông báo",
  BC: "Báo cáo",
};

/** What the approver will sign, before signing: the drafts, and what would stop the approval. */
const PreviewSection: FC<{ id: string; preview: NonNullable<FilerRequestDetail["preview"]> }> = ({
  id,
  preview,
}) => (
  <section aria-labelledby="du-thao">
    <h2 id="du-thao">Bản dự thảo văn bản sẽ ban hành</h2>
    <p class="muted">
      Tạo từ mẫu đang dùng và danh bạ hôm nay, có dấu DỰ THẢO, chưa cấp số; không lưu và không gửi đi.
    </p>
    <ul>
      {preview.documents.map((doc) => (
        <li>
          {TYPE_NAMES[doc.typeCode] ?? doc.typeCode}:{" "}
          <a href={`/yeu-cau/${id}/du-thao/${doc.position}.pdf`}>xem bản PDF</a> ·{" "}
          <a href={`/yeu-cau/${id}/du-thao/${doc.position}.docx`}>tải bản Word (DOCX)</a>
        </li>
      ))}
    </ul>
    {preview.registryGaps.length > 0 && (
      <div class="notice bad" role="alert" id="danh-ba-thieu">
        <strong>Chưa phê duyệt được: danh bạ còn thiếu thông tin</strong>
        <ul>
          {preview.registryGaps.map((g) => (
            <li>
              {g.side === "issuer" ? "Ủy ban gửi" : "Ủy ban nhận"} {g.committee}: {g.message}
            </li>
          ))}
        </ul>
        <a href="/danh-ba">Mở danh bạ ủy ban</a>
      </div>
    )}
  </section>
);

export const RequestView: FC<{
  detail: RequestDetail;
  /** Letters' and replies' digital signatures; absent when the check could not be read. */
  signatures?: RequestSignatures | undefined;
  csrf: string;
  actions: UserAction[];
  canAnswer: boolean;
  /** The person may confirm or dismiss a message that waits for review (the filing committee's clerk, approver). */
  canReview: boolean;
  /** The person may file requests of their committee (and this is one): offer to file it again. */
  canFile: boolean;
  committeeNames: Map<string, string>;
  answerErrors: Map<string, string>;
  answerValues?: Record<string, string> | undefined;
  /** The outbox mode: a letter "sent" was kept on this machine. */
  keptNotSent?: boolean;
}> = ({
  detail: d,
  csrf,
  actions,
  canAnswer,
  canReview,
  canFile,
  committeeNames,
  answerErrors,
  answerValues,
  keptNotSent,
  signatures,
}) => {
  const kind = findKind(d.kind);
  const dispatch = d.dispatches[0];
  // A message still waiting for review pre-selects nothing: nobody has said it is the counterpart's.
  const suggestion = d.inbound.find(
    (m) => m.suggestion?.suggestion && !awaitingReview(m) && m.reviewOutcome !== "dismissed",
  )?.suggestion;
  const answer = answerValues?.answer ?? suggestion?.suggestion ?? "";
  return (
    <>
      <dl class="facts">
        <dt>Trạng thái</dt>
        <dd>
          <span class={`badge ${statusTone(d.status)}`} id="trang-thai">
            {d.statusLabel}
          </span>
        </dd>
        <dt>Loại</dt>
        <dd>{kind?.label ?? d.kind}</dd>
        <dt>Trích yếu</dt>
        <dd>{d.subject}</dd>
        <dt>Nơi gửi → nơi nhận</dt>
        <dd>
          {committeeNames.get(d.from) ?? d.from} → {committeeNames.get(d.to) ?? d.to}
        </dd>
        <dt>Độ mật, độ khẩn</dt>
        <dd>
          {CLASSIFICATION_LABELS[d.classification] ?? d.classification},{" "}
          {URGENCY_LABELS[d.urgency] ?? d.urgency}
        </dd>
        <dt>Ngày tạo</dt>
        <dd>{dateTimeVi(d.createdAt)}</dd>
        {dispatch && (
          <>
            <dt>Hạn trả lời</dt>
            <dd>
              {dateTimeVi(dispatch.deadlineAt)} {dispatch.overdue && <span class="badge bad">Quá hạn</span>}
              {dispatch.remindersSent > 0 && (
                <span class="muted"> · đã nhắc {dispatch.remindersSent} lần</span>
              )}
            </dd>
            {dispatch.answer && (
              <>
                <dt>Nội dung trả lời</dt>
                <dd>
                  {ANSWER_LABELS[dispatch.answer] ?? dispatch.answer}
                  {dispatch.answerStaff.length > 0 && `: ${dispatch.answerStaff.join(", ")}`}
                  {"answerNote" in dispatch && dispatch.answerNote && ` — ${dispatch.answerNote}`}
                </dd>
              </>
            )}
            {"bounce" in dispatch && dispatch.bounce && (
              <>
                <dt>Thư bị trả lại</dt>
                <dd>
                  {dateTimeVi(dispatch.bounce.at)}: không gửi tới được{" "}
                  <strong>{dispatch.bounce.recipient ?? "(không rõ người nhận)"}</strong>
                  {dispatch.bounce.status && ` — mã ${dispatch.bounce.status}`}
                  {dispatch.bounce.diagnostic && <div class="muted">{dispatch.bounce.diagnostic}</div>}
                </dd>
              </>
            )}
            {dispatch.withheldReason && (
              <>
                <dt>Không gửi qua thư điện tử</dt>
                <dd>{withheldWords(dispatch.withheldReason)}</dd>
              </>
            )}
          </>
        )}
      </dl>

      {actions.length > 0 && (
        <div class="actions">
          {actions.map((a) => {
            const b = ACTION_BUTTONS[a as "submit" | "approve" | "cancel"];
            return (
              <form method="post" action={`/yeu-cau/${d.id}/${b.path}`} data-confirm={b.confirm}>
                <CsrfField csrf={csrf} />
                {a === "approve" && <ApproveClassification current={d.classification} />}
                <button type="submit" class={a === "cancel" ? "danger" : "primary"}>
                  {b.label}
                </button>
              </form>
            );
          })}
        </div>
      )}

      {canFile && (
        <p>
          <a href={`/yeu-cau/moi/${d.kind}?tu=${d.id}`}>Tạo yêu cầu mới từ nội dung này</a>
        </p>
      )}

      {canAnswer && (
        <section aria-labelledby="ghi-nhan">
          <h2 id="ghi-nhan">Ghi nhận nội dung trả lời</h2>
          {suggestion?.suggestion && (
            <p class="muted">
              Hệ thống gợi ý theo thư trả lời: {ANSWER_LABELS[suggestion.suggestion] ?? suggestion.suggestion}
              {suggestion.evidence && ` (căn cứ: “${suggestion.evidence}”)`}. Cán bộ kiểm tra lại trước khi
              ghi nhận.
            </p>
          )}
          <form method="post" action={`/yeu-cau/${d.id}/tra-loi`} class="stack" novalidate>
            <CsrfField csrf={csrf} />
            <Field name="answer" label="Bên kia trả lời" errors={answerErrors}>
              <select id={fieldId("answer")} name="answer">
                <option value="">— chọn —</option>
                {Object.entries(ANSWER_LABELS).map(([v, l]) => (
                  <option value={v} selected={v === answer}>
                    {l}
                  </option>
                ))}
              </select>
            </Field>
            <Field
              name="staff"
              label="Cán bộ được cử (khi đồng ý)"
              hint="Mỗi dòng một người."
              errors={answerErrors}
            >
              <textarea id={fieldId("staff")} name="staff" rows={3}>
                {answerValues?.staff ?? suggestion?.staffNames?.join("\n") ?? ""}
              </textarea>
            </Field>
            <Field name="note" label="Ghi chú" errors={answerErrors}>
              <textarea id={fieldId("note")} name="note" rows={2}>
                {answerValues?.note ?? ""}
              </textarea>
            </Field>
            <button type="submit" class="primary">
              Ghi nhận
            </button>
          </form>
        </section>
      )}

      <h2 id="nhat-ky">Diễn biến</h2>
      <ol class="timeline" aria-labelledby="nhat-ky">
        {d.events.map((event) => {
          // The filer's trail names who did what and why; the counterpart's has only what happened when.
          const e =
            "detail" in event ? event : { ...event, actorUser: null, actorCommittee: null, detail: null };
          return (
            <li class={eventTone(e.action)} data-action={e.action}>
              <time datetime={e.at}>{dateTimeVi(e.at)}</time>
              <strong>{keptNotSent && e.action === "sent" ? OUTBOX_WORDS : eventLabel(e, d.from)}</strong>
              {(e.actorUser || e.actorCommittee) && (
                <span class="muted">
                  {" "}
                  — {[e.actorUser?.name, e.actorCommittee].filter(Boolean).join(", ")}
                </span>
              )}
              {typeof e.detail?.note === "string" && <div>{e.detail.note}</div>}
            </li>
          );
        })}
      </ol>

      {"preview" in d && d.preview && <PreviewSection id={d.id} preview={d.preview} />}

      <h2>Văn bản</h2>
      {d.documents.length === 0 ? (
        <p class="muted">Văn bản được tạo khi yêu cầu được phê duyệt.</p>
      ) : (
        <ul>
          {d.documents.map((doc) => (
            <li>
              {doc.symbol ? `Số ${doc.symbol}` : doc.filename}
              {doc.status === "rendered" ? (
                <>
                  {" — "}
                  <a href={`/tai-lieu/${doc.id}`}>Tải bản Word (DOCX)</a> ·{" "}
                  <a href={`/tai-lieu/${doc.id}.pdf`}>Tải bản PDF</a>
                </>
              ) : doc.status === "render_failed" ? (
                <span class="badge bad"> Lỗi tạo văn bản: {doc.renderError}</span>
              ) : (
                <span class="muted"> — đang tạo…</span>
              )}
              <DocumentSignatureNote
                signature={signatures?.documents.find((x) => x?.documentId === doc.id)}
              />
            </li>
          ))}
        </ul>
      )}

      <RequestFileLinks detail={d} canFile={canFile} />

      <h2>Thư đi</h2>
      {d.messages.length === 0 ? (
        <p class="muted">Chưa có thư nào.</p>
      ) : (
        <div class="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">Loại</th>
                <th scope="col">Tiêu đề</th>
                <th scope="col">Gửi tới</th>
                <th scope="col">Tình trạng</th>
              </tr>
            </thead>
            <tbody>
              {d.messages.map((m) => (
                <tr>
                  <td>{PURPOSE_LABELS[m.purpose] ?? m.purpose}</td>
                  <td>
                    <a href={`/thu-di/${m.id}`}>{m.subject}</a>
                  </td>
                  <td>{m.toAddress}</td>
                  <td>
                    <MessageStatusBadge status={m.status} /> {m.sentAt && dateTimeVi(m.sentAt)}
                    {m.lastError && <div class="muted">{m.lastError}</div>}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}

      <h2>Thư đến</h2>
      {d.inbound.length === 0 ? (
        <p class="muted">Chưa nhận được thư nào về yêu cầu này.</p>
      ) : (
        d.inbound.map((m) => (
          <article class="inbound" aria-label={m.subject}>
            <h3>
              {INBOUND_KIND_LABELS[m.classification ?? ""] ?? m.classification ?? "Thư đến"}: {m.subject}
            </h3>
            <p class="muted">
              {dateTimeVi(m.receivedAt)} — từ {m.from}
              {m.classificationReason && ` — ${m.classificationReason}`}
            </p>
            <InboundEvidence m={m} />
            {m.text && <pre class="mail">{m.text}</pre>}
            <ReplyPdfSignatures replies={signatures?.replies.filter((r) => r.inboundId === m.id) ?? []} />
            {canReview && awaitingReview(m) && (
              <ReviewForms action={`/yeu-cau/${d.id}/thu-den/${m.id}`} csrf={csrf} />
            )}
          </article>
        ))
      )}

      {kind && (
        <>
          <h2>Nội dung yêu cầu</h2>
          <PayloadView fields={kindFields(kind)} value={d.payload} />
          {d.copyTo.length > 0 && (
            <p>
              <strong>Nơi nhận khác:</strong> {d.copyTo.join("; ")}
            </p>
          )}
        </>
      )}
    </>
  );
};
