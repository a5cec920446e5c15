// graphql-http's GraphQL-over-HTTP conformance audit against a running server.
//
//   node graphql_http_audit.mjs URL TOKEN
//
// Every cuic request needs a bearer token, and the audit has no header option, so a custom
// fetch adds it (unless the audit sets its own Authorization). Prints one JSON object:
// {"total": n, "counts": {"ok": n, ...}, "audits": [{id, name, status, reason}]}.
// Exits 0 when the audit ran, whatever its findings: the caller judges them.
import { serverAudits } from 'graphql-http';

const [url, token] = process.argv.slice(2);
if (!url || !token) {
  process.stderr.write('usage: node graphql_http_audit.mjs URL TOKEN\n');
  process.exit(2);
}

function fetchWithToken(input, init = {}) {
  const headers = new Headers(init.headers);
  if (!headers.has('authorization')) headers.set('authorization', `Bearer ${token}`);
  return fetch(input, { ...init, headers });
}

const audits = [];
for (const audit of serverAudits({ url, fetchFn: fetchWithToken })) {
  // One at a time: the findings are easier to read in the server's log, and the machine is small.
  const result = await audit.fn();
  const entry = { id: result.id, name: result.name, status: result.status };
  if (result.status !== 'ok') {
    entry.reason = result.reason;
    entry.httpStatus = result.response.status;
    entry.contentType = result.response.headers.get('content-type');
  }
  audits.push(entry);
}
const counts = {};
for (const { status } of audits) counts[status] = (counts[status] ?? 0) + 1;
process.stdout.write(JSON.stringify({ total: audits.length, counts, audits }, null, 2) + '\n');
