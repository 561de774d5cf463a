# syntax=docker/dockerfile:1
# Two images from one build: `api` (HTTP only) and `worker` (documents, PDF, e-mail, schedulers; LibreOffice and
# the Liberation fonts for the PDF renditions). Both run `node dist/main.js` as the unprivileged user `node`:
# no TypeScript, no tsx, no embedded PostgreSQL at run time (DATABASE_URL and REDIS_URL are required).
#   docker build --target api -t phoihop-api .     docker build --target worker -t phoihop-worker .

FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund --loglevel=error
COPY tsconfig.json tsconfig.build.json ./
COPY scripts scripts
COPY src src
COPY workers workers
COPY templates templates
# Production dependencies only: no devDependencies, and not the optional embedded PostgreSQL.
RUN npm run build && npm prune --omit=dev --omit=optional --no-audit --no-fund

FROM node:20-bookworm-slim AS api
ENV NODE_ENV=production HOST=0.0.0.0 PORT=3000
WORKDIR /app
COPY --from=build /app/package.json ./
COPY --from=build /app/node_modules node_modules
COPY --from=build /app/dist dist
COPY bin bin
USER node
EXPOSE 3000
HEALTHCHECK --interval=15s --timeout=5s --retries=5 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:3000/readyz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# node is PID 1's only child concern: it handles SIGTERM itself (graceful shutdown within SHUTDOWN_TIMEOUT_MS).
CMD ["node", "dist/main.js", "start", "--role", "api"]

FROM api AS worker
USER root
RUN apt-get update \
  && apt-get install -y --no-install-recommends libreoffice-writer-nogui python3-uno fonts-liberation2 \
  && rm -rf /var/lib/apt/lists/*
USER node
HEALTHCHECK NONE
CMD ["node", "dist/main.js", "start", "--role", "worker"]
