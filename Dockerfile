# Build: compile TypeScript with dev dependencies, then keep only production ones. Node 24 is
# the supported LTS (20 reached its end of life in April 2026); test/node-lts runs the tests on it.
FROM node:24-alpine AS build
WORKDIR /app
COPY package.json package-lock.json ./
COPY client/package.json ./client/
RUN npm ci --ignore-scripts
COPY tsconfig.json tsconfig.build.json nest-cli.json openapi.json ./
COPY src ./src
COPY client ./client
COPY console ./console
RUN npm run build && npm prune --omit=dev

FROM node:24-alpine
ENV NODE_ENV=production LOG_FORMAT=json
WORKDIR /app
COPY --from=build /app/package.json ./
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY radixconfig.yaml ./
USER node
EXPOSE 8000
# Exec form: node is PID 1 and receives SIGTERM, so in-flight requests finish on shutdown.
CMD ["node", "dist/main.js"]
