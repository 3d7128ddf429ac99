# Lantern for a national service (docs/deployment.md, "Containers"): Node 24, production dependencies
# only, run as the unprivileged `node` user. Node 24 runs the TypeScript sources as they are (ADR 2).
FROM node:24-bookworm-slim
ENV NODE_ENV=production LANTERN_ENV=production PORT=3000 HOST=0.0.0.0
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force
COPY bin ./bin
COPY src ./src
COPY public ./public
USER node
EXPOSE 3000
HEALTHCHECK --interval=15s --timeout=3s --start-period=60s CMD node -e "fetch('http://127.0.0.1:3000/health/ready').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"
ENTRYPOINT ["node", "src/cli/main.ts"]
CMD ["serve"]
