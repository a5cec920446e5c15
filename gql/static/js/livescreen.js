// The open customer user's screen, kept live: one subscription made of the visible widgets'
// fragments with each widget's view (scope, relation, page) as variables; a push redraws in
// place only the cards whose data changed. A small indicator says how updates arrive
// (WebSocket, SSE or polling) and when the screen last changed.

import { ApiError } from "./api.js";
import { handleError } from "./chrome.js";
import { h, setChildren } from "./dom.js";
import { locale, t } from "./i18n.js";
import { Live } from "./live.js";
import { LIVE_SUBSCRIPTION, WIDGETS_BY_KEY, composeScreenQuery } from "./queries.js";
import { renderCardAgain, renderScreen } from "./render.js";
import { client, screenVariables, state, visibleKeys } from "./state.js";

// Tests shorten the polling interval (`globalThis.cuicLive = {pollMs}` before the page loads).
const POLL_MS = globalThis.cuicLive?.pollMs ?? 30_000;

const live = new Live({
  getToken: () => state.token,
  onMode: showMode,
  onUnauthenticated: () => {
    stopFollowing();
    handleError(new ApiError("the API token was revoked", { code: "UNAUTHENTICATED" }));
  },
  pollMs: POLL_MS,
});

let followed = null; // {key, login, keys, actions}
let mode = null;
let lastChange = null;
let indicator = null;

/**
 * After a load of the chosen customer user's widgets: follow them as they are now shown.
 * @param {import("./render.js").ScreenActions} actions
 */
export function followScreen(actions) {
  if (!state.token || !state.login || !state.user) {
    stopFollowing();
    return;
  }
  const keys = visibleKeys().filter((key) => !state.loading.has(key));
  // The load's variables, so that a push equal to the shown data changes nothing.
  const variables = screenVariables(state.login, keys);
  const identity = JSON.stringify([keys, variables]);
  if (followed?.identity === identity) {
    followed.actions = actions;
    return;
  }
  if (followed?.login !== state.login) lastChange = null;
  followed = { identity, login: state.login, keys, actions };
  const subscription = composeScreenQuery(keys, "CuicLive", LIVE_SUBSCRIPTION);
  const query = composeScreenQuery(keys, "CuicScreen");
  live.follow(
    { query: subscription, variables, operationName: "CuicLive" },
    {
      onData: (data) => apply(data.customerUserUpdated),
      poll: async () => ({ customerUserUpdated: (await client.query(query, variables, "CuicScreen")).data.customerUser }),
    },
  );
}

export function stopFollowing() {
  live.stop();
  followed = null;
  lastChange = null;
  showMode(null);
}

/** A push: the cards whose data changed are drawn again, the rest stay as they are. */
function apply(user) {
  if (!followed || state.login !== followed.login || state.user === undefined) return;
  if (!user) {
    if (state.user !== null) followed.actions.refresh();
    return;
  }
  const changed = [];
  for (const key of followed.keys) {
    // A widget being paged or filtered gets its own answer, and then a new subscription.
    if (state.loading.has(key)) continue;
    const value = user[WIDGETS_BY_KEY[key].field];
    if (JSON.stringify(value) !== JSON.stringify(state.data[key])) {
      state.data[key] = value;
      delete state.errors[key];
      changed.push(key);
    }
  }
  // The same shape as js/load.js gives state.user.
  const head = { login: user.login, url: user.url, fullName: user.fullName, header: user.header };
  const headChanged = JSON.stringify(head) !== JSON.stringify(state.user);
  if (headChanged) state.user = head;
  if (!changed.length && !headChanged) return;
  lastChange = new Date();
  if (headChanged) renderScreen(followed.actions);
  else changed.forEach((key) => renderCardAgain(key, followed.actions));
  for (const key of changed) {
    document.querySelector(`.grid > [data-widget="${key}"]`)?.classList.add("card--updated");
  }
  showMode(mode);
}

function showMode(next) {
  mode = next;
  if (!indicator) {
    indicator = h("p", { class: "live-indicator", role: "status", "aria-live": "off", hidden: true });
    document.querySelector(".topbar")?.insertBefore(indicator, document.getElementById("tools"));
  }
  indicator.hidden = !next;
  if (!next) return;
  indicator.dataset.mode = next;
  const words = {
    connecting: t("liveConnecting"),
    ws: t("liveWs"),
    sse: t("liveSse"),
    polling: t("livePolling", { seconds: Math.round(POLL_MS / 1000) }),
    paused: t("livePaused"),
    offline: t("liveOffline"),
  };
  const changed = lastChange
    ? t("liveChanged", { time: new Intl.DateTimeFormat(locale(), { timeStyle: "medium" }).format(lastChange) })
    : "";
  indicator.title = t("liveTitle");
  setChildren(
    indicator,
    h("span", { class: "live-indicator__dot", "aria-hidden": "true" }),
    h("span", { class: "live-indicator__mode" }, words[next]),
    changed ? h("span", { class: "live-indicator__changed", dataset: { changed: lastChange.toISOString() } }, changed) : null,
  );
}

/** The indicator in the current language. */
export function relabelLive() {
  if (mode) showMode(mode);
}
