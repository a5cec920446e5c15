// The CUIC screen: sign-in, customer user search, the widgets, settings, languages.

import { ApiError, Client } from "./api.js";
import { focusedKey, h, restoreFocus, setChildren } from "./dom.js";
import { LOCALES, locale, setLocale, t } from "./i18n.js";
import { BOOT_QUERY, RESET_SETTINGS, UPDATE_SETTINGS, WIDGETS_BY_KEY, composeScreenQuery, widgetVariables } from "./queries.js";
import { createSearch } from "./search.js";
import { createSettingsPanel } from "./settings.js";
import { renderSignIn } from "./signin.js";
import { renderCard } from "./widgets.js";

const TOKEN_KEY = "cuic.token";
const USER_ROUTE = /^#\/users\/(.+)$/;

const config = readConfig();
const regions = {
  search: document.getElementById("search-slot"),
  tools: document.getElementById("tools"),
  banner: document.getElementById("banner"),
  main: document.getElementById("main"),
  status: document.getElementById("status"),
  dialog: document.getElementById("settings-dialog"),
};

const state = {
  token: sessionStorage.getItem(TOKEN_KEY),
  viewer: null, // {login, fullName}
  catalogue: {}, // key -> widget from the API's catalogue
  settings: [], // viewer.widgetSettings, ordered by position
  login: null, // the chosen customer user's login
  user: undefined, // {login, fullName, header}; null: no such user; undefined: not loaded
  data: {}, // widget key -> its field of customerUser
  views: {}, // widget key -> {scope, relation, page, offset}
  loading: new Set(), // widget keys being loaded
  errors: {}, // widget key -> message
  requests: {}, // widget key -> number of its latest request
};

let requestCounter = 0;
const client = new Client(() => state.token);

const search = createSearch({
  query: (query, variables, name) => client.query(query, variables, name),
  onPick: (login) => {
    const hash = `#/users/${encodeURIComponent(login)}`;
    if (location.hash === hash) openUser(login);
    else location.hash = hash;
  },
  onError: (error) => handleError(error),
});

const settingsPanel = createSettingsPanel(regions.dialog, {
  label: widgetLabel,
  description: widgetDescription,
  onChange: async (changes) => {
    const { data } = await guarded(() => client.mutate(UPDATE_SETTINGS, { settings: changes }, "CuicUpdateWidgetSettings"));
    applySettings(data.updateWidgetSettings.widgetSettings);
  },
  onReset: async () => {
    const { data } = await guarded(() => client.mutate(RESET_SETTINGS, {}, "CuicResetWidgetSettings"));
    applySettings(data.resetWidgetSettings.widgetSettings);
  },
});

// ------------------------------------------------------------------------------ start-up

function readConfig() {
  try {
    return JSON.parse(document.getElementById("cuic-config")?.textContent || "{}");
  } catch {
    return {};
  }
}

async function start() {
  renderPageTexts();
  renderTools();
  window.addEventListener("hashchange", route);
  if (state.token) {
    await enter();
  } else {
    showSignIn("");
  }
}

/** Load the viewer and the catalogue with the stored token, then show the route. */
async function enter() {
  setChildren(regions.main, h("p", { class: "page-loading", "aria-busy": "true" }, t("loading")));
  try {
    const { data } = await client.query(BOOT_QUERY, {}, "CuicBoot");
    clearBanner();
    acceptBoot(data);
    route();
  } catch (error) {
    if (error instanceof ApiError && error.unauthenticated) {
      signOut(t("sessionExpired"));
    } else {
      handleError(error, enter);
      setChildren(regions.main, welcome());
    }
  }
}

function acceptBoot(data) {
  state.viewer = { login: data.viewer.login, fullName: data.viewer.fullName };
  state.catalogue = Object.fromEntries(data.widgets.map((widget) => [widget.key, widget]));
  state.settings = sortSettings(data.viewer.widgetSettings);
  settingsPanel.update(state.settings);
  regions.search.replaceChildren(search.element);
  renderTools();
}

function showSignIn(message) {
  regions.search.replaceChildren();
  renderTools();
  const view = renderSignIn({
    demoToken: config.demoToken ?? null,
    message,
    onSubmit: signIn,
  });
  setChildren(regions.main, view.element);
  view.focus();
}

/** Resolves to an error message for the form, or null once signed in. */
async function signIn(token) {
  state.token = token;
  try {
    const { data } = await client.query(BOOT_QUERY, {}, "CuicBoot");
    sessionStorage.setItem(TOKEN_KEY, token);
    clearBanner();
    acceptBoot(data);
    announce(`${t("agent")}: ${data.viewer.fullName}`);
    route();
    regions.main.focus({ preventScroll: true });
    return null;
  } catch (error) {
    state.token = null;
    if (error instanceof ApiError && error.unauthenticated) return t("tokenInvalid");
    if (error instanceof ApiError && error.transient) return error.code === "NETWORK_ERROR" ? t("network") : t("unavailable");
    return t("failed", { message: error.message });
  }
}

function signOut(message) {
  sessionStorage.removeItem(TOKEN_KEY);
  Object.assign(state, { token: null, viewer: null, settings: [], login: null, user: undefined, data: {}, views: {}, errors: {} });
  state.loading.clear();
  search.reset();
  if (regions.dialog.open) settingsPanel.close();
  clearBanner();
  showSignIn(message);
}

// -------------------------------------------------------------------------------- chrome

function renderTools() {
  const languages = h(
    "div",
    { class: "segmented segmented--small", role: "group", "aria-label": t("language") },
    LOCALES.map(({ code, name, short }) =>
      h(
        "button",
        {
          type: "button",
          class: "segmented__option",
          lang: code,
          "aria-pressed": String(locale() === code),
          title: name,
          dataset: { locale: code, focus: `locale:${code}` },
          onClick: () => switchLocale(code),
        },
        short,
      ),
    ),
  );
  const signedIn = state.viewer
    ? [
        h(
          "button",
          {
            type: "button",
            class: "button button--ghost",
            "aria-haspopup": "dialog",
            dataset: { action: "settings", focus: "tools:settings" },
            onClick: () => settingsPanel.open(),
          },
          t("settings"),
        ),
        h("a", { class: "button button--ghost", href: "/graphql", target: "_blank", rel: "noopener" }, t("graphiql")),
        h(
          "span",
          { class: "agent", title: state.viewer.login },
          h("span", { class: "visually-hidden" }, `${t("agent")}: `),
          h("span", { class: "agent__avatar", "aria-hidden": "true" }, initials(state.viewer.fullName)),
          h("span", { class: "agent__name", dataset: { agent: state.viewer.login } }, state.viewer.fullName),
        ),
        h(
          "button",
          { type: "button", class: "button button--ghost", dataset: { action: "sign-out" }, onClick: () => signOut(t("signedOut")) },
          t("signOut"),
        ),
      ]
    : [];
  regions.tools.setAttribute("aria-label", t("tools"));
  setChildren(regions.tools, languages, signedIn);
}

function initials(name) {
  return (
    name
      .split(/\s+/)
      .filter(Boolean)
      .slice(0, 2)
      .map((part) => part[0])
      .join("")
      .toUpperCase() || "?"
  );
}

/** The page's own texts outside the regions, and its title (the chosen user first). */
function renderPageTexts() {
  document.querySelector("[data-i18n=appTitle]").textContent = t("appTitle");
  document.querySelector(".skip-link").textContent = t("skip");
  const user = state.login && state.user ? `${state.user.fullName} · ` : "";
  document.title = `${user}CUIC · ${t("appTitle")}`;
}

function switchLocale(code) {
  const focus = focusedKey();
  setLocale(code);
  renderPageTexts();
  renderTools();
  search.relabel();
  settingsPanel.relabel();
  if (!state.viewer) showSignIn("");
  else if (state.login) renderScreen();
  else setChildren(regions.main, welcome());
  restoreFocus(focus);
}

function announce(text) {
  regions.status.textContent = "";
  // A fresh text node so that screen readers read a repeated message again.
  setTimeout(() => {
    regions.status.textContent = text;
  }, 30);
}

function showBanner(message, retry) {
  regions.banner.className = "banner banner--warning";
  setChildren(
    regions.banner,
    h("span", { class: "banner__text" }, message),
    retry
      ? h(
          "button",
          {
            type: "button",
            class: "button button--small",
            dataset: { action: "retry" },
            onClick: () => {
              clearBanner();
              retry();
            },
          },
          t("retry"),
        )
      : null,
    h("button", { type: "button", class: "button button--small button--ghost", onClick: clearBanner }, t("dismiss")),
  );
  regions.banner.hidden = false;
}

function clearBanner() {
  regions.banner.hidden = true;
  regions.banner.replaceChildren();
}

/** Expired token: back to sign-in. Database or network down: a banner, the screen stays. */
function handleError(error, retry = null) {
  if (error instanceof ApiError && error.unauthenticated) {
    signOut(t("sessionExpired"));
  } else if (error instanceof ApiError && error.transient) {
    showBanner(error.code === "NETWORK_ERROR" ? t("network") : t("unavailable"), retry);
  } else {
    showBanner(t("failed", { message: error.message }), retry);
  }
}

/** Run a request; on failure show why (see handleError) and rethrow. */
async function guarded(request, retry = null) {
  try {
    const result = await request();
    clearBanner();
    return result;
  } catch (error) {
    handleError(error, retry);
    throw error;
  }
}

// ------------------------------------------------------------------------------- routing

function route() {
  if (!state.viewer) return;
  const match = USER_ROUTE.exec(location.hash);
  const login = match ? safeDecode(match[1]) : null;
  if (!login) {
    state.login = null;
    state.user = undefined;
    renderPageTexts();
    setChildren(regions.main, welcome());
    return;
  }
  openUser(login);
}

function safeDecode(text) {
  try {
    return decodeURIComponent(text);
  } catch {
    return null;
  }
}

function welcome() {
  return h(
    "section",
    { class: "welcome", "aria-labelledby": "welcome-title" },
    h("h1", { id: "welcome-title" }, t("welcomeTitle")),
    h("p", {}, t("welcomeText")),
  );
}

// -------------------------------------------------------------------------------- screen

/** The settings ordered by position; widgets this screen has no fragment for are left out. */
function sortSettings(settings) {
  return settings.filter((setting) => setting.key in WIDGETS_BY_KEY).sort((a, b) => a.position - b.position);
}

function visibleKeys() {
  return state.settings.filter((setting) => setting.visible).map((setting) => setting.key);
}

function pageSizeOf(key) {
  return state.settings.find((setting) => setting.key === key)?.pageSize ?? 10;
}

function widgetLabel(key) {
  const entry = state.catalogue[key];
  if (!entry) return key;
  return locale() === "ja" ? entry.labelJa : entry.labelEn;
}

function widgetDescription(key) {
  const entry = state.catalogue[key];
  if (!entry) return "";
  return locale() === "ja" ? entry.descriptionJa : entry.descriptionEn;
}

function viewOf(key) {
  if (!state.views[key]) state.views[key] = { scope: "ALL", relation: "ASSIGNED", page: null, offset: 0 };
  return state.views[key];
}

function openUser(login) {
  if (login !== state.login) {
    Object.assign(state, { login, user: undefined, data: {}, views: {}, errors: {}, requests: {} });
    state.loading.clear();
  }
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
  if (whole || state.user === undefined) renderScreen();
  else keys.forEach(renderCardOf);

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
    if (whole || !user) renderScreen();
    else keys.forEach(renderCardOf);
  } catch (error) {
    if (state.login !== login) return;
    for (const key of keys.filter(mine)) state.loading.delete(key);
    if (state.token) {
      handleError(error, () => loadWidgets(keys, { whole, views }));
      if (state.viewer) {
        if (state.user === undefined) renderScreen();
        else keys.forEach(renderCardOf);
      }
    }
  }
}

function renderScreen() {
  const focus = focusedKey();
  renderPageTexts();
  if (state.user === null) {
    setChildren(
      regions.main,
      h("section", { class: "welcome" }, h("h1", {}, t("userNotFound", { login: state.login }))),
    );
    return;
  }
  const keys = visibleKeys();
  const user = state.user;
  const head = h(
    "div",
    { class: "screen__head" },
    h(
      "div",
      { class: "screen__who" },
      h("span", { class: "screen__avatar", "aria-hidden": "true" }, user ? initials(user.fullName) : ""),
      h(
        "div",
        {},
        h("h1", { id: "screen-title", class: "screen__title" }, user ? user.fullName : state.login),
        user
          ? h(
              "p",
              { class: "screen__meta" },
              [user.login, user.header.customerId, user.header.email].filter(Boolean).map((part) => h("span", {}, part)),
            )
          : h("p", { class: "screen__meta" }, t("loading")),
      ),
    ),
    h(
      "button",
      {
        type: "button",
        class: "button",
        dataset: { action: "refresh", focus: "screen:refresh" },
        disabled: !state.user,
        onClick: () => loadWidgets(visibleKeys(), { whole: true }),
      },
      t("refresh"),
    ),
  );
  const grid = keys.length
    ? h("div", { class: "grid" }, keys.map(cardOf))
    : h("p", { class: "empty empty--screen" }, t("noVisible"));
  setChildren(regions.main, h("section", { class: "screen", "aria-labelledby": "screen-title" }, head, grid));
  restoreFocus(focus);
}

function cardOf(key) {
  return renderCard({
    widget: WIDGETS_BY_KEY[key],
    label: widgetLabel(key),
    data: state.data[key],
    view: viewOf(key),
    pageSize: pageSizeOf(key),
    loading: state.loading.has(key),
    error: state.errors[key] ?? null,
    onView: (view) => loadWidgets([key], { views: { [key]: view } }),
  });
}

function renderCardOf(key) {
  const old = regions.main.querySelector(`.grid > [data-widget="${key}"]`);
  if (!old) return;
  const focus = focusedKey();
  old.replaceWith(cardOf(key));
  restoreFocus(focus, regions.main, [`${key}:next`, `${key}:previous`]);
}

/** New settings: the screen follows at once; widgets that need rows are loaded. */
function applySettings(next) {
  const before = Object.fromEntries(state.settings.map((setting) => [setting.key, setting]));
  state.settings = sortSettings(next);
  settingsPanel.update(state.settings);
  if (!state.login || !state.user) return;
  const needed = [];
  for (const setting of state.settings) {
    if (!setting.visible) continue;
    const resized = before[setting.key]?.pageSize !== setting.pageSize;
    if (resized) state.views[setting.key] = { ...viewOf(setting.key), page: null, offset: 0 };
    if (resized || state.data[setting.key] === undefined) needed.push(setting.key);
  }
  renderScreen();
  if (needed.length) loadWidgets(needed);
}

start();
