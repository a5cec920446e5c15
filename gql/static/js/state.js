// What the screen knows: the session, the catalogue, the settings, the chosen customer user
// and each widget's data and view. No DOM here; the other modules read and change `state`.

import { Client } from "./api.js";
import { locale } from "./i18n.js";
import { choosePreferences, nameOrder } from "./prefs.js";
import { WIDGETS_BY_KEY, widgetVariables } from "./queries.js";
import { defaultView } from "./url.js";

const TOKEN_KEY = "cuic.token";

export const state = {
  token: sessionStorage.getItem(TOKEN_KEY),
  viewer: null, // {id, login, firstName, lastName, nameFirstLast, nameLastFirst}
  catalogue: {}, // key -> widget from the API's catalogue
  settings: [], // viewer.widgetSettings, ordered by position
  login: null, // the chosen customer user's login
  user: undefined, // {login, url, nameFirstLast, nameLastFirst, header}; null: no such user; undefined: not loaded
  data: {}, // widget key -> its field of customerUser
  views: {}, // widget key -> {scope, relation, sort, filters, page, offset} (url.js defaultView)
  pending: {}, // widget key -> the view being loaded, shown at once (kept in `views` once loaded)
  menu: null, // the open filter menu: {key, column} (column null: every column)
  facets: new Set(), // widget keys whose facets are asked for (their filter menu is open)
  loading: new Set(), // widget keys being loaded
  errors: {}, // widget key -> message
  requests: {}, // widget key -> number of its latest request
};

export const client = new Client(() => state.token);

/** The token worked: keep it for this tab. */
export function keepToken(token) {
  sessionStorage.setItem(TOKEN_KEY, token);
}

/** Signed out: nothing of the session stays, in memory or in the tab's storage. */
export function forgetSession() {
  sessionStorage.removeItem(TOKEN_KEY);
  Object.assign(state, { token: null, viewer: null, settings: [], login: null, user: undefined, data: {}, views: {}, pending: {}, errors: {}, menu: null });
  state.loading.clear();
  state.facets.clear();
  choosePreferences(null);
}

/**
 * Another customer user: the last one's data, views and pending requests no longer count.
 * `views`: the widgets' views to start with (from the URL).
 */
export function chooseUser(login, views = {}) {
  if (login === state.login) return;
  Object.assign(state, { login, user: undefined, data: {}, views: structuredClone(views), pending: {}, errors: {}, requests: {}, menu: null });
  state.loading.clear();
  state.facets.clear();
}

/** The boot query's answer: who the viewer is, the preferences, the catalogue and the settings. */
export function acceptBoot(data) {
  const { preferences, widgetSettings, ...viewer } = data.viewer;
  state.viewer = viewer;
  choosePreferences(preferences);
  state.catalogue = Object.fromEntries(data.widgets.map((widget) => [widget.key, widget]));
  replaceSettings(widgetSettings);
}

/** New settings from the server; returns the ones they replace. */
export function replaceSettings(next) {
  const previous = state.settings;
  state.settings = sortSettings(next);
  return previous;
}

/** The settings ordered by position; widgets this screen has no fragment for are left out. */
function sortSettings(settings) {
  return settings.filter((setting) => setting.key in WIDGETS_BY_KEY).sort((a, b) => a.position - b.position);
}

export function visibleKeys() {
  return state.settings.filter((setting) => setting.visible).map((setting) => setting.key);
}

/** The viewer's rows for a widget, else the catalogue's default (the server says it once). */
export function pageSizeOf(key) {
  return state.settings.find((setting) => setting.key === key)?.pageSize ?? state.catalogue[key]?.defaultPageSize;
}

/** What a widget's controls show: the view being loaded, else the one loaded. */
export function shownViewOf(key) {
  return state.pending[key] ?? viewOf(key);
}

/**
 * The variables of the screen's document for `keys` of the customer user `login`: labels and
 * names in the screen's language and name order, each widget's view (`views` first), page size
 * and facets. The load and the live subscription ask with the same, so that their answers agree.
 */
export function screenVariables(login, keys, views = {}) {
  const variables = { login, locale: locale().toUpperCase(), nameOrder: nameOrder() };
  for (const key of keys) {
    const view = views[key] ?? viewOf(key);
    Object.assign(variables, widgetVariables(WIDGETS_BY_KEY[key], view, pageSizeOf(key), state.facets.has(key)));
  }
  return variables;
}

export function viewOf(key) {
  if (!state.views[key]) state.views[key] = defaultView();
  return state.views[key];
}

export function widgetLabel(key) {
  const entry = state.catalogue[key];
  if (!entry) return key;
  return locale() === "ja" ? entry.labelJa : entry.labelEn;
}

export function widgetDescription(key) {
  const entry = state.catalogue[key];
  if (!entry) return "";
  return locale() === "ja" ? entry.descriptionJa : entry.descriptionEn;
}
