// Loading the chosen customer user's widgets: one request for any set of them, its answer
// kept in `state`, the screen (or only the cards concerned) drawn again, and the URL kept in
// step with the widgets' views (a new history entry per change, so back / forward work).

import { ApiError } from "./api.js";
import { announce, clearBanner, handleError } from "./chrome.js";
import { t } from "./i18n.js";
import { nameOf } from "./prefs.js";
import { WIDGETS_BY_KEY, composeScreenQuery } from "./queries.js";
import { followScreen } from "./livescreen.js";
import { renderCardAgain, renderScreen } from "./render.js";
import { chooseUser, client, screenVariables, state, viewOf, visibleKeys } from "./state.js";
import { defaultView, userHash } from "./url.js";

let requestCounter = 0;

/** @type {import("./render.js").ScreenActions} */
const actions = {
  refresh: () => loadWidgets(visibleKeys(), { whole: true }),
  view: (key, view) => loadWidgets([key], { views: { [key]: view } }),
  menu: (key, column) => openMenu(key, column),
};

export function showScreen() {
  renderScreen(actions);
}

/** The shown customer user's widgets again: another language or name order changes labels and names. */
export function refreshScreen() {
  if (state.login && state.user) loadWidgets(visibleKeys(), { whole: true });
}

/** The whole screen, or only the cards of `keys` when the screen around them still holds. */
function show(keys, whole) {
  if (whole) showScreen();
  else keys.forEach((key) => renderCardAgain(key, actions));
}

/** Open a customer user's screen with the widgets' views the URL names. */
export function openUser(login, views = {}) {
  chooseUser(login, views);
  loadWidgets(visibleKeys(), { whole: true });
}

/**
 * Back / forward (or an edited URL) on the same customer user: the widgets whose view
 * differs from the URL's load again, without a new history entry.
 */
export function showViews(views) {
  const changed = {};
  const asUrl = (key, view) => userHash(state.login, { [key]: view });
  for (const key of visibleKeys()) {
    const wanted = views[key] ?? defaultView();
    if (asUrl(key, wanted) !== asUrl(key, viewOf(key))) changed[key] = wanted;
  }
  if (Object.keys(changed).length) loadWidgets(Object.keys(changed), { views: changed, push: false });
}

/**
 * A filter menu of a ticket widget opens (`column`: one column's menu, null: all) or closes
 * (`column` false). Open menus need the widget's facets: asked for with the same view.
 */
function openMenu(key, column) {
  if (column === false) {
    // Focus goes back to the button that opened the menu.
    const opener = state.menu?.column ? `${key}:column-filter:${state.menu.column}` : `${key}:filters`;
    state.menu = null;
    state.facets.delete(key);
    renderCardAgain(key, actions, opener);
    return;
  }
  const previous = state.menu?.key;
  state.menu = { key, column };
  if (previous && previous !== key) {
    state.facets.delete(previous);
    renderCardAgain(previous, actions);
  }
  if (state.data[key]?.facets && state.facets.has(key)) renderCardAgain(key, actions);
  else {
    state.facets.add(key);
    loadWidgets([key]);
  }
}

/**
 * Load some widgets of the chosen customer user in ONE request (their fragments together).
 * `whole`: the full screen (its header too), announced to screen readers.
 * `views`: another page, scope, relation, order or filter for some widgets, kept once it has
 * loaded (a failed request leaves the widget as it was, and "Try again" asks for the same
 * view); `push`: the URL gets a history entry for it (not when the URL itself asked).
 */
async function loadWidgets(keys, { whole = false, views = {}, push = true } = {}) {
  const login = state.login;
  const request = ++requestCounter;
  for (const key of keys) {
    state.loading.add(key);
    state.requests[key] = request;
    if (views[key]) state.pending[key] = views[key];
    else delete state.pending[key];
  }
  if (whole) announce(t("loadingUser", { login }));
  show(keys, whole || state.user === undefined);

  const variables = screenVariables(login, keys, views);
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
    state.user = user ? { login: user.login, url: user.url, fullName: user.fullName, header: user.header } : null;
    let kept = false;
    for (const key of keys.filter(mine)) {
      state.loading.delete(key);
      delete state.pending[key];
      const field = WIDGETS_BY_KEY[key].field;
      state.data[key] = user ? user[field] : undefined;
      if (views[key]) {
        state.views[key] = views[key];
        kept = true;
      }
      const failure = errors.find((error) => error.path?.[1] === field);
      if (failure) state.errors[key] = failure.message;
      else delete state.errors[key];
      const view = state.views[key];
      // Back on the first page: the offset is 0 whatever was counted on the way.
      if (view && state.data[key]?.pageInfo && !state.data[key].pageInfo.hasPreviousPage) view.offset = 0;
    }
    if (kept && push) history.pushState(null, "", userHash(login, state.views));
    if (whole) announce(user ? t("loadedUser", { name: nameOf(user), count: keys.length }) : t("userNotFound", { login }));
    show(keys, whole || !user);
    followScreen(actions);
  } catch (error) {
    if (state.login !== login) return;
    for (const key of keys.filter(mine)) {
      state.loading.delete(key);
      delete state.pending[key];
    }
    if (state.token) {
      handleError(error, () => loadWidgets(keys, { whole, views, push }));
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
