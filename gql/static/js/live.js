// Live updates: one subscription at a time over graphql-transport-ws at /graphql; where a
// WebSocket cannot get through, GraphQL over SSE (a streamed fetch: EventSource cannot send
// the token); where neither can, polling. The mode is reported, so the screen can say it.

const ENDPOINT = "/graphql";
const PROTOCOL = "graphql-transport-ws";
// A transport that fails this often in a row before any push is given up for the next one.
const FAILURES_BEFORE_FALLBACK = 2;
// From polling, WebSocket and SSE are tried again after this long.
const RETRY_LIVE_MS = 120_000;

export const MODES = ["connecting", "ws", "sse", "polling", "paused", "offline"];

function codes(payload) {
  return (payload?.errors ?? []).map((error) => error?.extensions?.code);
}

export class Live {
  /**
   * @param {object} options
   * @param {() => string | null} options.getToken
   * @param {(mode: string) => void} options.onMode  one of MODES
   * @param {() => void} options.onUnauthenticated  the token was revoked: the session is over
   * @param {number} [options.pollMs]
   */
  constructor({ getToken, onMode, onUnauthenticated, pollMs = 30_000 }) {
    this.getToken = getToken;
    this.onMode = onMode;
    this.onUnauthenticated = onUnauthenticated;
    this.pollMs = pollMs;
    this.failures = { ws: 0, sse: 0 };
    this.generation = 0;
    this.current = null;
    this.close = () => {};
    this.retries = 0;
  }

  /**
   * Follow one subscription (replacing the one followed before).
   * @param {{query: string, variables: object, operationName: string}} operation
   * @param {{onData: (data: object) => void, poll: () => Promise<object>}} handlers
   */
  follow(operation, handlers) {
    this.stop();
    this.current = { operation, handlers };
    this.#open(++this.generation);
  }

  stop() {
    this.generation += 1;
    this.close();
    this.close = () => {};
    this.current = null;
  }

  #open(generation) {
    if (generation !== this.generation || !this.current) return;
    this.onMode("connecting");
    if (typeof WebSocket === "function" && this.failures.ws < FAILURES_BEFORE_FALLBACK) this.#webSocket(generation);
    else if (typeof ReadableStream === "function" && this.failures.sse < FAILURES_BEFORE_FALLBACK) this.#eventStream(generation);
    else this.#polling(generation);
  }

  /** A push's payload: data to show, a pause to say, or the end of the session. */
  #deliver(generation, payload, mode) {
    if (generation !== this.generation) return;
    const found = codes(payload);
    if (found.includes("UNAUTHENTICATED")) {
      this.stop();
      this.onUnauthenticated();
    } else if (found.includes("SERVICE_UNAVAILABLE")) {
      this.onMode("paused");
    } else if (payload?.data) {
      this.retries = 0;
      this.current.handlers.onData(payload.data);
      this.onMode(mode);
    }
  }

  /** The transport ended: again after a pause, or the next transport when it never worked. */
  #lost(generation, kind, worked) {
    if (generation !== this.generation) return;
    this.failures[kind] = worked ? 0 : this.failures[kind] + 1;
    this.onMode("offline");
    const delay = Math.min(500 * 2 ** this.retries, 10_000);
    this.retries += 1;
    setTimeout(() => this.#open(generation), worked ? delay : 0);
  }

  #webSocket(generation) {
    const { operation } = this.current;
    const url = `${location.protocol === "https:" ? "wss:" : "ws:"}//${location.host}${ENDPOINT}`;
    let socket;
    try {
      socket = new WebSocket(url, PROTOCOL);
    } catch {
      this.#lost(generation, "ws", false);
      return;
    }
    let worked = false;
    const send = (message) => socket.readyState === WebSocket.OPEN && socket.send(JSON.stringify(message));
    this.close = () => socket.close(1000);
    socket.onopen = () => send({ type: "connection_init", payload: { Authorization: `Bearer ${this.getToken()}` } });
    socket.onmessage = (event) => {
      let message;
      try {
        message = JSON.parse(event.data);
      } catch {
        return;
      }
      if (message.type === "connection_ack") send({ id: "screen", type: "subscribe", payload: operation });
      else if (message.type === "ping") send({ type: "pong" });
      else if (message.type === "next") {
        worked = true;
        this.#deliver(generation, message.payload, "ws");
      } else if (message.type === "error") {
        // The server refused the document itself: no transport will do better.
        this.failures.ws = this.failures.sse = FAILURES_BEFORE_FALLBACK;
        socket.close(1000);
      }
    };
    socket.onclose = (event) => {
      if (generation !== this.generation) return;
      if (event.code === 4403 || event.code === 4401) {
        this.stop();
        this.onUnauthenticated();
      } else this.#lost(generation, "ws", worked);
    };
  }

  async #eventStream(generation) {
    const { operation } = this.current;
    const controller = new AbortController();
    this.close = () => controller.abort();
    let worked = false;
    try {
      const response = await fetch(ENDPOINT, {
        method: "POST",
        headers: {
          Accept: "text/event-stream",
          "Content-Type": "application/json",
          Authorization: `Bearer ${this.getToken()}`,
        },
        body: JSON.stringify(operation),
        cache: "no-store",
        credentials: "omit",
        signal: controller.signal,
      });
      if (response.status === 401 || response.status === 403) {
        if (generation === this.generation) {
          this.stop();
          this.onUnauthenticated();
        }
        return;
      }
      if (!response.ok || !(response.headers.get("content-type") ?? "").startsWith("text/event-stream")) {
        throw new Error(`HTTP ${response.status}`);
      }
      const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
      let buffer = "";
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        buffer += value;
        let end;
        while ((end = buffer.indexOf("\n\n")) >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const lines = block.split("\n");
          const event = lines.find((line) => line.startsWith("event:"))?.slice(6).trim();
          const data = lines.filter((line) => line.startsWith("data:")).map((line) => line.slice(5).trim()).join("\n");
          if (event === "next" && data) {
            worked = true;
            this.#deliver(generation, JSON.parse(data), "sse");
          }
        }
      }
    } catch {
      if (controller.signal.aborted) return;
    }
    this.#lost(generation, "sse", worked);
  }

  #polling(generation) {
    const retryLiveAt = Date.now() + RETRY_LIVE_MS;
    let timer = null;
    this.close = () => clearTimeout(timer);
    const tick = async () => {
      if (generation !== this.generation) return;
      if (Date.now() > retryLiveAt) {
        this.failures = { ws: 0, sse: 0 };
        this.#open(generation);
        return;
      }
      try {
        const data = await this.current.handlers.poll();
        this.#deliver(generation, { data }, "polling");
      } catch (error) {
        if (generation !== this.generation) return;
        if (error?.unauthenticated) {
          this.stop();
          this.onUnauthenticated();
          return;
        }
        this.onMode(error?.code === "SERVICE_UNAVAILABLE" ? "paused" : "offline");
      }
      timer = setTimeout(tick, this.pollMs);
    };
    this.onMode("polling");
    timer = setTimeout(tick, this.pollMs);
  }
}
