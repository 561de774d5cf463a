import { readFileSync } from "node:fs";
import { analyseInbound } from "./src/mail/inbound/index.js";
for (const f of process.argv.slice(2)) {
  const raw = readFileSync("test/fixtures/mail/" + f);
  const a = await analyseInbound(raw, { ourDomains: ["phoihop.example"], replyDomains: ["phoihop.example"] });
  const { headers, attachments, ...p } = a.parsed;
  console.log(f, JSON.stringify({ ...p, attachments: attachments.map(x => [x.filename, x.contentType, x.size]), headerNames: Object.keys(headers).length, classification: a.classification, suggestion: a.suggestion }, null, 1).slice(0, 2500));
}
