// The page around the screen: its regions, texts and tools bar, the status line read to
// screen readers, the banner, and what a failed request shows.

import { ApiError } from "./api.js";
import { h, setChildren } from "./dom.js";
import { LOCALES, locale, t } from "./i18n.js";
import { avatarOf, nameOf } from "./prefs.js";
import { state } from "./state.js";

export const regions = {
  search: document.getElementById("search-slot"),
  tools: document.getElementById("tools"),
  banner: document.getElementById("banner"),
  main: document.getElementById("main"),
  status: document.getElementById("status"),
  dialog: document.getElementById("settings-dialog"),
};

// What the chrome's controls do lives in the modules above this one: app.js connects them
// once at start-up, so that imports run one way.
let actions = { switchLocale: () => {}, applyLocale: () => {}, redraw: () => {}, openSettings: () => {}, signOut: () => {} };

/**
 * @param {object} connected
 * @param {(code: string) => void} connected.switchLocale  the agent picks a language (it is stored)
 * @param {(code: string) => void} connected.applyLocale  show everything in a language
 * @param {() => void} connected.redraw  draw everything again (another name order, time zone)
 * @param {() => void} connected.openSettings
 * @param {(message: string) => void} connected.signOut  back to sign-in, saying why
 */
export function connectChrome(connected) {
  actions = connected;
}

export function applyLocale(code) {
  actions.applyLocale(code);
}

export function redraw() {
  actions.redraw();
}

/** The page's configuration from the server (the demo token of a demo server). */
export function readConfig() {
  try {
    return JSON.parse(document.getElementById("cuic-config")?.textContent || "{}");
  } catch {
    return {};
  }
}

/** The page's own texts outside the regions, and its title (the chosen user first). */
export function renderPageTexts() {
  document.querySelector("[data-i18n=appTitle]").textContent = t("appTitle");
  document.querySelector(".skip-link").textContent = t("skip");
  const user = state.login && state.user ? `${nameOf(state.user)} · ` : "";
  document.title = `${user}CUIC · ${t("appTitle")}`;
}

/** The languages, and while signed in: settings, GraphiQL, the agent and sign-out. */
export function renderTools() {
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
          onClick: () => actions.switchLocale(code),
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
            onClick: () => actions.openSettings(),
          },
          t("settings"),
        ),
        h("a", { class: "button button--ghost", href: "/graphql", target: "_blank", rel: "noopener" }, t("graphiql")),
        h(
          "span",
          { class: "agent", title: state.viewer.login },
          h("span", { class: "visually-hidden" }, `${t("agent")}: `),
          h("span", { class: "agent__avatar", "aria-hidden": "true" }, avatarOf(state.viewer)),
          h("span", { class: "agent__name", dataset: { agent: state.viewer.login } }, nameOf(state.viewer)),
        ),
        h(
          "button",
          { type: "button", class: "button button--ghost", dataset: { action: "sign-out" }, onClick: () => actions.signOut(t("signedOut")) },
          t("signOut"),
        ),
      ]
    : [];
  regions.tools.setAttribute("aria-label", t("tools"));
  setChildren(regions.tools, languages, signedIn);
}

/** Signed in, no customer user chosen yet. */
export function showWelcome() {
  setChildren(
    regions.main,
    h(
      "section",
      { class: "welcome", "aria-labelledby": "welcome-title" },
      h("h1", { id: "welcome-title" }, t("welcomeTitle")),
      h("p", {}, t("welcomeText")),
    ),
  );
}

export function announce(text) {
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

export function clearBanner() {
  regions.banner.hidden = true;
  regions.banner.replaceChildren();
}

export function isUnauthenticated(error) {
  return error instanceof ApiError && error.unauthenticated;
}

/** Why a request failed, in the screen's language (a lost token aside: see handleError). */
export function describeError(error) {
  if (error instanceof ApiError && error.transient) return error.code === "NETWORK_ERROR" ? t("network") : t("unavailable");
  return t("failed", { message: error.message });
}

/** Expired token: back to sign-in. Database or network down: a banner, the screen stays. */
export function handleError(error, retry = null) {
  if (isUnauthenticated(error)) actions.signOut(t("sessionExpired"));
  else showBanner(describeError(error), retry);
}

/** Run a request; on failure show why (see handleError) and rethrow. */
export async function guarded(request, retry = null) {
  try {
    const result = await request();
    clearBanner();
    return result;
  } catch (error) {
    handleError(error, retry);
    throw error;
  }
}
