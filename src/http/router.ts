import { OpenAPIHono } from "@hono/zod-openapi";
import { AppError, detailsFromIssues } from "../errors.js";
import type { AppEnv } from "./context.js";

/** Every router answers a failed validation with the one error envelope, naming the field. */
export function createRouter() {
  return new OpenAPIHono<AppEnv>({
    defaultHook: (result) => {
      if (!result.success) {
        const prefix = result.target === "json" ? "" : result.target;
        throw new AppError(
          "validation_failed",
          "Dữ liệu gửi lên không hợp lệ",
          detailsFromIssues(result.error.issues, prefix),
        );
      }
    },
  });
}
