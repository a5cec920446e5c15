// Every GraphQL document the CUIC screen can send, as an Apollo persisted-query manifest:
//   node scripts/screen-manifest.mjs > gql/screen-queries.json
// The screen composes one document per set of visible widgets (gql/static/js/queries.js),
// so the manifest holds all of them: tests/unit/test_screen_manifest.py fails when it is stale.
import { createHash } from "node:crypto";
import { fileURLToPath } from "node:url";
import path from "node:path";

const here = path.dirname(fileURLToPath(import.meta.url));
const queries = await import(path.join(here, "..", "gql", "static", "js", "queries.js"));

const operations = new Map();
function add(name, type, body) {
  const id = createHash("sha256").update(body, "utf8").digest("hex");
  if (!operations.has(id)) operations.set(id, { id, name, type, body });
}

add("CuicBoot", "query", queries.BOOT_QUERY);
add("CuicSearch", "query", queries.SEARCH_QUERY);
add("CuicUpdateWidgetSettings", "mutation", queries.UPDATE_SETTINGS);
add("CuicResetWidgetSettings", "mutation", queries.RESET_SETTINGS);
const keys = Object.keys(queries.WIDGETS_BY_KEY);
// The whole screen (any set of visible widgets, even none or one), then one widget paging.
for (let set = 0; set < 1 << keys.length; set++) {
  add("CuicScreen", "query", queries.composeScreenQuery(keys.filter((_, bit) => set & (1 << bit)), "CuicScreen"));
}
for (const key of keys) add("CuicWidget", "query", queries.composeScreenQuery([key], "CuicWidget"));
// The live screen subscribes to the same selection (js/livescreen.js).
for (let set = 0; set < 1 << keys.length; set++) {
  const shown = keys.filter((_, bit) => set & (1 << bit));
  add("CuicLive", "subscription", queries.composeScreenQuery(shown, "CuicLive", queries.LIVE_SUBSCRIPTION));
}

const lines = [...operations.values()].map((operation) => JSON.stringify(operation));
process.stdout.write(
  `{"format": "apollo-persisted-query-manifest", "version": 1, "operations": [\n${lines.join(",\n")}\n]}\n`,
);
