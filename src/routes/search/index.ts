import { createRoute, z } from "@hono/zod-openapi";
import { createRouter } from "../../http/router.js";
import { searchEverything } from "../../search/search.js";
import { errorResponses, jsonContent } from "../schemas.js";

export const searchRoutes = createRouter();

const KINDS = ["request", "document", "received", "mail"] as const;
const SnippetSchema = z.object({ text: z.string(), highlights: z.array(z.tuple([z.number(), z.number()])) });

export const searchRoute = createRoute({
  method: "get",
  path: "/",
  tags: ["Tìm kiếm"],
  summary: "Tìm trong yêu cầu, nội dung văn bản, sổ văn bản đến và thư trả lời — gõ không dấu cũng được",
  description:
    "Chỉ trả về những gì ủy ban của mình được xem. Kết quả xếp theo mức liên quan; snippet.highlights là các đoạn [đầu, cuối) khớp với từ tìm.",
  security: [{ bearer: [] }],
  request: {
    query: z.object({
      q: z.string().trim().min(1, "nhập từ cần tìm").max(200),
      kind: z.enum(KINDS).optional().describe("Chỉ tìm một loại"),
      limit: z.coerce.number().int().min(1).max(50).default(20),
    }),
  },
  responses: {
    200: jsonContent(
      z.object({
        terms: z.array(z.string()),
        items: z.array(
          z.object({
            kind: z.enum(KINDS),
            id: z.string(),
            requestId: z.string().nullable(),
            title: SnippetSchema,
            snippet: SnippetSchema,
            rank: z.number(),
            link: z.string(),
          }),
        ),
      }),
      "Kết quả",
    ),
    ...errorResponses(400, 401),
  },
});

searchRoutes.openapi(searchRoute, async (c) => {
  const q = c.req.valid("query");
  const result = await searchEverything(c.get("deps").db, {
    committeeId: c.get("principal").committeeId,
    q: q.q,
    kinds: q.kind ? [q.kind] : undefined,
    limit: q.limit,
  });
  return c.json(result, 200);
});
