import type { Job } from "bullmq";
import { makeDocumentPdf } from "../../src/documents/make-pdf.js";
import { documentPdf } from "../../src/jobs/catalog.js";
import type { WorkerDeps } from "../deps.js";

export function documentPdfProcessor(deps: WorkerDeps & { pdf: NonNullable<WorkerDeps["pdf"]> }) {
  return async (job: Job) => {
    const { documentId } = documentPdf.schema.parse(job.data);
    return makeDocumentPdf(deps, documentId);
  };
}
