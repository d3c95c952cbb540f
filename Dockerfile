# One image for the four apps; the command picks the app (see docker-compose.yml).
FROM node:24-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
# Compiles to dist/ and prebuilds the workflow bundle (dist/workflow-bundle.js).
RUN node scripts/build.mjs

FROM node:24-bookworm-slim
ENV NODE_ENV=production
# In a container the published port is the boundary: listen on every interface.
ENV HTTP_HOST=0.0.0.0
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force
COPY --from=build /app/dist ./dist
USER node
EXPOSE 3000
CMD ["node", "dist/apps/api/src/main.js"]
