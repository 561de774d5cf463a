// Shipped layouts entering the database at start (migrate): their tags are read with docxtemplater here, in the
// process that prepares the database, never in the API's request path (test/unit/import-graph.test.ts).
import { createHash } from "node:crypto";
import type pg from "pg";
import { withTransaction } from "../db/db.js";
import {
  activateTemplateVersion,
  findBuiltInBySha,
  insertTemplateVersion,
  lockTemplateName,
} from "../db/queries/templates.js";
import { listTemplateTags } from "./template-inspection.js";
import { builtInTemplateBytes, builtInTemplateNames } from "./template-store.js";

/**
 * At start: a shipped template that the database does not know yet becomes the new active built-in version.
 * Committees' own versions are untouched (theirs keep winning for their documents).
 */
export async function syncBuiltInTemplates(db: pg.Pool): Promise<string[]> {
  const added: string[] = [];
  for (const name of await builtInTemplateNames()) {
    const bytes = await builtInTemplateBytes(name);
    const sha256 = createHash("sha256").update(bytes).digest("hex");
    await withTransaction(db, async (tx) => {
      await lockTemplateName(tx, null, name);
      if (await findBuiltInBySha(tx, name, sha256)) return;
      const row = await insertTemplateVersion(tx, {
        committeeId: null,
        name,
        bytes,
        sha256,
        tags: listTemplateTags(bytes),
        note: "bản mẫu đi kèm phần mềm",
        uploadedBy: null,
      });
      await activateTemplateVersion(tx, row.id);
      added.push(`${name} v${row.version}`);
    });
  }
  return added;
}
