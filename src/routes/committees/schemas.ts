import { z } from "@hono/zod-openapi";

/** A registry entry as GET /v1/committees gives it, with what it still lacks. */
export const CommitteeSchema = z
  .object({
    code: z.string(),
    level: z.string(),
    name: z.string(),
    shortName: z.string(),
    issuerAbbr: z.string(),
    email: z.string(),
    styleProfile: z.string(),
    superiorLine: z.string(),
    issuerLine: z.string(),
    placeName: z.string(),
    signerName: z.string(),
    signerTitle: z.string(),
    validFrom: z.string(),
    validTo: z.string().nullable(),
    attachDocx: z.boolean().describe("Thư gửi văn bản kèm cả tệp .docx bên cạnh bản PDF"),
    placeholderFields: z.array(z.string()).describe("Trường còn giữ giá trị mẫu của phần mềm"),
    missing: z
      .array(z.object({ field: z.string(), message: z.string() }))
      .describe("Thông tin còn thiếu để ban hành hoặc nhận văn bản; rỗng là đủ"),
  })
  .openapi("Committee");

export type RegistryEntry = z.infer<typeof CommitteeSchema>;
