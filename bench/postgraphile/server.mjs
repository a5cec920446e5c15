// PostGraphile 5 over the cuic bench database (schema `pgl`, see pgl.sql).
//   DATABASE_URL=... PORT=5678 WORKERS=1 node server.mjs
import cluster from "node:cluster";
import { createHash } from "node:crypto";
import { createServer } from "node:http";
import { postgraphile } from "postgraphile";
import { grafserv } from "postgraphile/grafserv/node";
import { makePgService } from "postgraphile/adaptors/pg";
import { PostGraphileAmberPreset } from "postgraphile/presets/amber";

const workers = Number(process.env.WORKERS ?? "1");
const port = Number(process.env.PORT ?? "5678");

if (cluster.isPrimary && workers > 1) {
  for (let i = 0; i < workers; i++) cluster.fork();
} else {
  const preset = {
    extends: [PostGraphileAmberPreset],
    pgServices: [
      makePgService({
        connectionString: process.env.DATABASE_URL,
        schemas: ["pgl"],
        poolConfig: { max: Number(process.env.POOL_MAX ?? "10") },
      }),
    ],
    grafserv: { graphiql: false, watch: false },
    grafast: {
      explain: false,
      context(requestContext, args) {
        const header = requestContext.node?.req?.headers?.authorization ?? "";
        const token = header.startsWith("Bearer ") ? header.slice(7).trim() : "";
        return {
          pgSettings: {
            ...args.contextValue?.pgSettings,
            "cuic.token_sha256": token ? createHash("sha256").update(token).digest("hex") : "",
          },
        };
      },
    },
  };
  const pgl = postgraphile(preset);
  const serv = pgl.createServ(grafserv);
  const server = createServer();
  server.on("error", (e) => { console.error(e); process.exit(1); });
  serv.addTo(server).catch((e) => { console.error(e); process.exit(1); });
  server.listen(port, "127.0.0.1", () => console.log(`postgraphile ${process.pid} on http://127.0.0.1:${port}/graphql`));
}
