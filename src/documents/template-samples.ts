import type { CommitteeSnapshot, DocumentContext } from "../domain/kinds/kind.js";
import { LAYOUTS } from "../domain/kinds/layouts.js";
import { documentData } from "./document-data.js";
import { sampleContent } from "./samples.js";
import { styleProfile } from "./style-profiles.js";

/**
 * Data that fills a layout the way a real document would (the sample payload of the first kind that issues it,
 * or the layout's own sample), as the given committees would issue it. Used to check uploads ("tags the kind's
 * data does not provide") and for previews.
 */
export function sampleDataFor(
  template: string,
  parties: {
    issuer: CommitteeSnapshot;
    recipient: CommitteeSnapshot;
    profile: string;
    issuedOn: string;
    draft: number | null;
  },
): object | undefined {
  const layout = Object.hasOwn(LAYOUTS, template) ? LAYOUTS[template as keyof typeof LAYOUTS] : undefined;
  if (!layout) return undefined;
  const ctx: DocumentContext = {
    issuer: parties.issuer,
    recipient: parties.recipient,
    number: 1,
    typeCode: layout.type,
    issuedOn: parties.issuedOn,
    classification: "thuong",
    urgency: "thuong",
    copyTo: [],
    draft: parties.draft,
  };
  const content = sampleContent(template, ctx);
  return content && documentData(content, ctx, styleProfile(parties.profile));
}
