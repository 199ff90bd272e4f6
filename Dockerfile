# omeda-emulator as a container: Node 22 LTS, non-root, healthy without curl, quick to stop.
# Node 22 LTS; CI also tests 20 and 24 (see docs/node-versions.md for better-sqlite3 on Node 24).
ARG NODE_IMAGE=node:22-bookworm-slim

FROM ${NODE_IMAGE} AS build
WORKDIR /app
# better-sqlite3 is compiled here when no prebuilt binary can be fetched.
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3 make g++ \
 && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json ./
# No lifecycle scripts here (prepare builds from src/, which is not copied yet); the driver is built alone.
RUN npm ci --ignore-scripts --no-audit --no-fund && npm rebuild better-sqlite3
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
COPY docker/runtime-modules.mjs ./docker/
# dist/main.js is one esbuild bundle: only the packages it leaves outside go to the image, and of
# better-sqlite3 only the compiled addon, not its sources.
RUN npm run build \
 && node docker/runtime-modules.mjs /app /runtime \
 && cd /runtime/node_modules/better-sqlite3 \
 && rm -rf deps src build/deps build/Release/obj* build/Release/.deps build/Release/test_extension.node

FROM ${NODE_IMAGE}
LABEL org.opencontainers.image.title="omeda-emulator" \
      org.opencontainers.image.description="A local emulator of Omeda's Email Deployment API, backed by SQLite" \
      org.opencontainers.image.licenses="MIT"
# HTTPS when asked (-e OMEDA_TLS_PORT=3443), with the local CA kept in the data volume:
# `docker run … ca` prints it. Off by default, so a read-only or foreign-owned /data still starts.
ENV NODE_ENV=production HOST=0.0.0.0 PORT=3000 OMEDA_TLS_DIR=/data/tls
WORKDIR /app
COPY --from=build /runtime/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY package.json ./
COPY fixtures ./fixtures
COPY src/ui ./src/ui
# A place for a database file on a volume: -v omeda-data:/data -e OMEDA_DB=/data/omeda.db
RUN mkdir /data && chown node:node /data
USER node
EXPOSE 3000 3443
# Checked every second, so that compose's `service_healthy` follows readiness within about a
# second. Each check is a node process (~0.2 s of CPU); Docker 25's --start-interval would allow a
# slower pace once healthy, but the classic builder of older engines refuses that flag.
HEALTHCHECK --interval=1s --timeout=3s --start-period=20s --retries=3 CMD ["node", "dist/main.js", "healthcheck"]
ENTRYPOINT ["node", "dist/main.js"]
