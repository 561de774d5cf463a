import { eventually, type Harness, json } from "./harness.js";
import { staffSecondmentBody } from "./samples.js";

/** A staff_secondment request created, submitted and approved by `clerk` (clerk and approver), once it is sent. */
export interface SentRequest {
  id: string;
  /** The reply token of its dispatch. */
  token: string;
  /** The Message-ID of the letter that went out. */
  messageId: string;
  reference: string;
}

export async function sentRequest(h: Harness, clerk: string): Promise<SentRequest> {
  const created = await json(
    await h.call("POST", "/v1/requests", { token: clerk, body: staffSecondmentBody() }),
  );
  await h.call("POST", `/v1/requests/${created.id}/submit`, { token: clerk });
  await h.call("POST", `/v1/requests/${created.id}/approve`, { token: clerk });
  const d = await eventually(async () => {
    const x = await json(await h.call("GET", `/v1/requests/${created.id}`, { token: clerk }));
    return x.status === "sent" ? x : undefined;
  });
  const { rows } = await h.db.query("select token from dispatches where request_id = $1", [created.id]);
  return { id: created.id, token: rows[0].token, messageId: d.messages[0].messageId, reference: d.reference };
}
