// Prints the OpenAPI document the service serves at /openapi.json, without a database: the document is built from
// the routes alone (`npm run -s openapi > openapi.json`; `npm run lint:openapi` lints it with Redocly's rules).
import { createApp, openApiDocument } from "../src/app.js";
import type { AppDeps } from "../src/http/context.js";

const app = createApp({} as AppDeps);
process.stdout.write(`${JSON.stringify(openApiDocument(app), null, 2)}\n`);
