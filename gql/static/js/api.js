// The GraphQL client: bearer token, automatic persisted queries over GET, error codes.

const ENDPOINT = "/graphql";
const ACCEPT = "application/graphql-response+json, application/json;q=0.9";

/** A failed request. `code` is the API's `extensions.code` (or NETWORK_ERROR). */
export class ApiError extends Error {
  constructor(message, { code = null, status = 0, errors = [] } = {}) {
    super(message);
    this.name = "ApiError";
    this.code = code;
    this.status = status;
    this.errors = errors;
  }

  get unauthenticated() {
    return this.status === 401 || this.code === "UNAUTHENTICATED";
  }

  /** The database (503) or the server (network) cannot answer now: worth a retry. */
  get transient() {
    return this.status === 503 || this.code === "SERVICE_UNAVAILABLE" || this.code === "NETWORK_ERROR";
  }
}

const hashes = new Map();

async function sha256(text) {
  let digest = hashes.get(text);
  if (!digest) {
    const bytes = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text));
    digest = Array.from(new Uint8Array(bytes), (byte) => byte.toString(16).padStart(2, "0")).join("");
    hashes.set(text, digest);
  }
  return digest;
}

function codeOf(error) {
  return error?.extensions?.code ?? null;
}

/** Drops null variables: same meaning for the API, shorter GET URLs. */
function compact(variables) {
  return Object.fromEntries(Object.entries(variables ?? {}).filter(([, value]) => value !== null && value !== undefined));
}

export class Client {
  /** @param {() => string | null} getToken */
  constructor(getToken) {
    this.getToken = getToken;
    // crypto.subtle exists only in secure contexts (https, localhost): plain POST elsewhere.
    this.persisted = Boolean(globalThis.crypto?.subtle);
  }

  /** Run a query: GET with the query's hash first, POST with the text when the server asks. */
  async query(query, variables = {}, operationName = null) {
    const params = { operationName, variables: compact(variables) };
    if (!this.persisted) return this.#unwrap(await this.#send("POST", { ...params, query }));
    const extensions = { persistedQuery: { version: 1, sha256Hash: await sha256(query) } };
    let result = await this.#send("GET", { ...params, extensions });
    if ((result.body?.errors ?? []).some((error) => codeOf(error) === "PERSISTED_QUERY_NOT_FOUND")) {
      result = await this.#send("POST", { ...params, query, extensions });
    }
    return this.#unwrap(result);
  }

  async mutate(query, variables = {}, operationName = null) {
    return this.#unwrap(await this.#send("POST", { operationName, variables: compact(variables), query }));
  }

  async #send(method, params) {
    const headers = { Accept: ACCEPT };
    const token = this.getToken();
    if (token) headers.Authorization = `Bearer ${token}`;
    let url = ENDPOINT;
    const init = { method, headers, cache: "no-store", credentials: "omit" };
    if (method === "GET") {
      const search = new URLSearchParams();
      for (const [name, value] of Object.entries(params)) {
        if (value === null || value === undefined) continue;
        search.set(name, typeof value === "string" ? value : JSON.stringify(value));
      }
      url += `?${search}`;
    } else {
      headers["Content-Type"] = "application/json";
      init.body = JSON.stringify(params);
    }
    let response;
    try {
      response = await fetch(url, init);
    } catch (failure) {
      throw new ApiError(failure.message || "network error", { code: "NETWORK_ERROR" });
    }
    let body = null;
    try {
      body = await response.json();
    } catch {
      body = null;
    }
    return { status: response.status, body };
  }

  /** `{data, errors}`, or an ApiError when there is no data to show. */
  #unwrap({ status, body }) {
    const errors = Array.isArray(body?.errors) ? body.errors : [];
    const first = errors[0];
    if (status === 401 || errors.some((error) => codeOf(error) === "UNAUTHENTICATED")) {
      throw new ApiError(first?.message ?? "unauthenticated", { code: "UNAUTHENTICATED", status, errors });
    }
    if (status === 503) {
      throw new ApiError(first?.message ?? "service unavailable", { code: "SERVICE_UNAVAILABLE", status, errors });
    }
    if (!body || body.data === null || body.data === undefined || status >= 400) {
      throw new ApiError(first?.message ?? `HTTP ${status}`, { code: codeOf(first), status, errors });
    }
    return { data: body.data, errors };
  }
}
