import { z } from "zod";

/** Every job, declared once: its queue, its payload (ids only) and how it retries. */
export interface JobDefinition<P> {
  name: string;
  queue: QueueName;
  schema: z.ZodType<P>;
  /** Deterministic: the same work enqueued twice (a retry, the reconciler) is one job. */
  jobId(payload: P): string;
  attempts: number;
  backoffMs: number;
}

export const QUEUE_NAMES = ["documents", "pdf", "mail", "maintenance"] as const;
export type QueueName = (typeof QUEUE_NAMES)[number];

export const documentRender: JobDefinition<{ documentId: string }> = {
  name: "document.render",
  queue: "documents",
  schema: z.object({ documentId: z.uuid() }),
  jobId: (p) => `render-${p.documentId}`,
  attempts: 5,
  backoffMs: 2_000,
};

export const documentPdf: JobDefinition<{ documentId: string }> = {
  name: "document.pdf",
  queue: "pdf",
  schema: z.object({ documentId: z.uuid() }),
  jobId: (p) => `pdf-${p.documentId}`,
  attempts: 3,
  backoffMs: 5_000,
};

export const mailSend: JobDefinition<{ messageId: string }> = {
  name: "mail.send",
  queue: "mail",
  schema: z.object({ messageId: z.uuid() }),
  jobId: (p) => `send-${p.messageId}`,
  attempts: 8,
  backoffMs: 5_000,
};

export const mailInbound: JobDefinition<{ inboundId: string }> = {
  name: "mail.inbound",
  queue: "mail",
  schema: z.object({ inboundId: z.uuid() }),
  jobId: (p) => `inbound-${p.inboundId}`,
  attempts: 5,
  backoffMs: 2_000,
};

export const remindersSweep: JobDefinition<Record<string, never>> = {
  name: "reminders.sweep",
  queue: "maintenance",
  schema: z.object({}),
  jobId: () => "reminders",
  attempts: 1,
  backoffMs: 0,
};

/** A reporting run: from a job scheduler (no period: the last closed one) or by hand for a given period. */
export const reportRun: JobDefinition<{ scheduleId: string; periodKey?: string | undefined }> = {
  name: "reports.run",
  queue: "maintenance",
  schema: z.object({ scheduleId: z.uuid(), periodKey: z.string().max(20).optional() }),
  jobId: (p) => `report-${p.scheduleId}-${p.periodKey ?? "last"}`,
  attempts: 3,
  backoffMs: 30_000,
};

export const notificationsDeliver: JobDefinition<Record<string, never>> = {
  name: "notifications.deliver",
  queue: "maintenance",
  schema: z.object({}),
  jobId: () => "notifications",
  attempts: 1,
  backoffMs: 0,
};

export const reconcile: JobDefinition<Record<string, never>> = {
  name: "maintenance.reconcile",
  queue: "maintenance",
  schema: z.object({}),
  jobId: () => "reconcile",
  attempts: 1,
  backoffMs: 0,
};
