# One image for every process of the platform; the command picks the app
# (gateway crm finance inventory cms analytics):
#   docker build -t business-platform:local .
#   docker run -p 4000:4000 -e CRM_URL=... business-platform:local            # gateway (default)
#   docker run -e DATABASE_URL=... business-platform:local dist/apps/crm/src/main.js
#   docker run -e DATABASE_URL=... business-platform:local dist/apps/crm/src/migrate.js

ARG NODE_IMAGE=node:20-bookworm-slim

FROM ${NODE_IMAGE} AS builder
WORKDIR /app
# Lockfile first so the dependency layer is reused while only sources change.
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY apps ./apps
COPY libs ./libs
COPY tools ./tools
RUN npm run build

# Production dependencies in their own stage, so the runtime image gets no
# npm cache and no devDependencies (swc, nx, jest, typescript).
FROM ${NODE_IMAGE} AS deps
WORKDIR /app
COPY package.json package-lock.json ./
# --omit=optional drops embedded-postgres' ~60 MB of Postgres binaries (local
# dev/tests only; containers use a real server) and pg-cloudflare (Workers only).
# --ignore-scripts: the only production install scripts left are protobufjs'
# version warnings, not needed at run time.
RUN npm ci --omit=dev --omit=optional --ignore-scripts --no-audit --no-fund

FROM ${NODE_IMAGE} AS runtime
# HOST: containers must listen beyond loopback. Source maps make stack traces
# name the TypeScript files and lines.
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    NODE_OPTIONS=--enable-source-maps
WORKDIR /app
# Owned by root and not writable by the app user: the process cannot modify its own code.
COPY package.json ./
COPY --from=deps /app/node_modules ./node_modules
# dist/tools (dev launcher, supergraph composition) is not needed in a container.
COPY --from=builder /app/dist/apps ./dist/apps
COPY --from=builder /app/dist/libs ./dist/libs
USER node
EXPOSE 4000 4001 4002 4003 4004 4005
# No HEALTHCHECK here: the port differs per app, so each orchestrator probes
# /health/live and /health/ready itself (docker-compose.yml, k8s/).
ENTRYPOINT ["node"]
CMD ["dist/apps/gateway/src/main.js"]
