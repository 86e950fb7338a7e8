# syntax=docker/dockerfile:1
# One image for all eight apps; docker-compose.yml picks the app by command:
#   docker run childalert dist/apps/dispatcher/src/main.js

# --- build: full dependencies, compile TypeScript to dist/ -----------------
FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json nest-cli.json ./
COPY config config
COPY libs libs
COPY apps apps
COPY web web
RUN npm run build && npm run build:web

# --- runtime: production dependencies and the compiled code only -----------
FROM node:20-bookworm-slim AS runtime
ENV NODE_ENV=production \
    HOST=0.0.0.0
WORKDIR /app
# Fonts for the broadcasters' image card (text drawn by sharp's SVG renderer; DejaVu covers Greek and Cyrillic).
RUN apt-get update && apt-get install -y --no-install-recommends fonts-dejavu-core fontconfig \
    && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force
COPY --from=build /app/dist dist
# Files the code reads at run time from their source location (SQL migrations,
# schemas, data): found by looking upwards from dist/, so they keep their paths.
COPY config config
COPY libs libs
COPY scripts/lib/register-aliases.cjs scripts/lib/register-aliases.cjs
USER node
# register-aliases resolves the @childalert/* imports against dist/.
ENTRYPOINT ["node", "-r", "./scripts/lib/register-aliases.cjs"]
CMD ["dist/apps/alert-api/src/main.js"]
