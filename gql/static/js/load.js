// Loading the chosen customer user's widgets: one request for any set of them, its answer
// kept in `state`, the screen (or only the cards concerned) drawn again.

import { ApiError } from "./api.js";
import { announce, clearBanner, handleError } from "./chrome.js";
import { t } from "./i18n.js";
import { WIDGETS_BY_KEY, composeScreenQuery, widgetVariables } from "./queries.js";
import { followScreen } from "./livescreen.js";
import { renderCardAgain, renderScreen } from "./render.js";
import { chooseUser, client, pageSizeOf, state, viewOf, visibleKeys } from "./state.js";

let requestCounter = 0;

/** @type {import("./render.js").ScreenActions} */
const actions = {
  refresh: () => loadWidgets(visibleKeys(), { whole: true }),
  view: (key, view) => loadWidgets([key], { views: { [key]: view } }),
};

export function showScreen() {
  renderScreen(actions);
}

/** The whole screen, or only the cards of `keys` when the screen around them still holds. */
function show(keys, whole) {
  if (whole) showScreen();
  else keys.forEach((key) => renderCardAgain(key, actions));
}

export function openUser(login) {
  chooseUser(login);
  loadWidgets(visibleKeys(), { whole: true });
}

/**
 * Load some widgets of the chosen customer user in ONE request (their fragments together).
 * `whole`: the full screen (its header too), announced to screen readers.
 * `views`: another page, scope or relation for some widgets, kept once it has loaded (a
 * failed request leaves the widget as it was, and "Try again" asks for the same view).
 */
async function loadWidgets(keys, { whole = false, views = {} } = {}) {
  const login = state.login;
  const request = ++requestCounter;
  for (const key of keys) {
    state.loading.add(key);
    state.requests[key] = request;
  }
  if (whole) announce(t("loadingUser", { login }));
  show(keys, whole || state.user === undefined);

  const variables = { login };
  for (const key of keys) {
    Object.assign(variables, widgetVariables(WIDGETS_BY_KEY[key], views[key] ?? viewOf(key), pageSizeOf(key)));
  }
  // The screen, or one widget paging or filtering: the same fragments either way.
  const operationName = whole || keys.length > 1 ? "CuicScreen" : "CuicWidget";
  const query = composeScreenQuery(keys, operationName);
  const mine = (key) => state.login === login && state.requests[key] === request;
  try {
    const { data, errors } = await client.query(query, variables, operationName);
    if (state.login !== login) return;
    const user = data.customerUser;
    if (user === null && errors.length) throw new ApiError(errors[0].message, { code: errors[0].extensions?.code, errors });
    clearBanner();
    state.user = user ? { login: user.login, fullName: user.fullName, header: user.header } : null;
    for (const key of keys.filter(mine)) {
      state.loading.delete(key);
      const field = WIDGETS_BY_KEY[key].field;
      state.data[key] = user ? user[field] : undefined;
      if (views[key]) state.views[key] = views[key];
      const failure = errors.find((error) => error.path?.[1] === field);
      if (failure) state.errors[key] = failure.message;
      else delete state.errors[key];
      const view = state.views[key];
      // Back on the first page: the offset is 0 whatever was counted on the way.
      if (view && state.data[key]?.pageInfo && !state.data[key].pageInfo.hasPreviousPage) view.offset = 0;
    }
    if (whole) announce(user ? t("loadedUser", { name: user.fullName, count: keys.length }) : t("userNotFound", { login }));
    show(keys, whole || !user);
    followScreen(actions);
  } catch (error) {
    if (state.login !== login) return;
    for (const key of keys.filter(mine)) state.loading.delete(key);
    if (state.token) {
      handleError(error, () => loadWidgets(keys, { whole, views }));
      if (state.viewer) show(keys, state.user === undefined);
    }
  }
}

/** The settings changed from `previous`: the screen follows at once; widgets that need rows are loaded. */
export function followSettings(previous) {
  if (!state.login || !state.user) return;
  const before = Object.fromEntries(previous.map((setting) => [setting.key, setting]));
  const needed = [];
  for (const setting of state.settings) {
    if (!setting.visible) continue;
    const resized = before[setting.key]?.pageSize !== setting.pageSize;
    if (resized) state.views[setting.key] = { ...viewOf(setting.key), page: null, offset: 0 };
    if (resized || state.data[setting.key] === undefined) needed.push(setting.key);
  }
  showScreen();
  if (needed.length) loadWidgets(needed);
  else followScreen(actions);
}
