// The agent's session: boot with the stored token, sign-in and sign-out, and the parts that
// live only while signed in (the customer user search, the settings dialog).

import {
  announce,
  applyLocale,
  clearBanner,
  describeError,
  guarded,
  handleError,
  isUnauthenticated,
  readConfig,
  redraw,
  regions,
  renderTools,
  showWelcome,
} from "./chrome.js";
import { h, setChildren } from "./dom.js";
import { locale, t } from "./i18n.js";
import { stopFollowing } from "./livescreen.js";
import { followSettings, refreshScreen } from "./load.js";
import { choosePreferences, chosenPreferences, nameOf } from "./prefs.js";
import { BOOT_QUERY, RESET_SETTINGS, UPDATE_PREFERENCES, UPDATE_SETTINGS } from "./queries.js";
import { goToUser, route } from "./router.js";
import { createSearch } from "./search.js";
import { createSettingsPanel } from "./settings.js";
import { renderSignIn } from "./signin.js";
import { acceptBoot, client, forgetSession, keepToken, replaceSettings, state, widgetDescription, widgetLabel } from "./state.js";

const config = readConfig();

export const search = createSearch({
  query: (query, variables, name) => client.query(query, variables, name),
  onPick: goToUser,
  onError: (error) => handleError(error),
});

export const settingsPanel = createSettingsPanel(regions.dialog, {
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
  onPreferences: (changes) => savePreferences(changes),
});

/**
 * Store some of the viewer's preferences (`{locale: "JA"}`, `{timeZone: null}`, …) and show
 * the screen in them. A language chosen here is also this browser's from now on.
 */
export async function savePreferences(changes) {
  const { data } = await guarded(() => client.mutate(UPDATE_PREFERENCES, { input: changes }, "CuicUpdatePreferences"));
  choosePreferences(data.updatePreferences.preferences);
  const chosen = chosenPreferences().locale?.toLowerCase();
  if (chosen && chosen !== locale()) applyLocale(chosen);
  else {
    redraw();
    if ("nameOrder" in changes) refreshScreen();
  }
}

/** Load the viewer and the catalogue with the stored token, then show the route. */
export async function enter() {
  setChildren(regions.main, h("p", { class: "page-loading", "aria-busy": "true" }, t("loading")));
  try {
    await boot();
    route();
  } catch (error) {
    handleError(error, enter);
    if (!isUnauthenticated(error)) showWelcome();
  }
}

/** The viewer, the catalogue and the settings with the current token: the session begins. */
async function boot() {
  const { data } = await client.query(BOOT_QUERY, {}, "CuicBoot");
  clearBanner();
  acceptBoot(data);
  settingsPanel.update(state.settings);
  regions.search.replaceChildren(search.element);
  // The language the agent chose on any device wins over this browser's.
  const chosen = chosenPreferences().locale?.toLowerCase();
  if (chosen && chosen !== locale()) applyLocale(chosen);
  renderTools();
}

export function showSignIn(message) {
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
    await boot();
    keepToken(token);
    announce(`${t("agent")}: ${nameOf(state.viewer)}`);
    route();
    regions.main.focus({ preventScroll: true });
    return null;
  } catch (error) {
    state.token = null;
    return isUnauthenticated(error) ? t("tokenInvalid") : describeError(error);
  }
}

export function signOut(message) {
  stopFollowing();
  forgetSession();
  search.reset();
  if (regions.dialog.open) settingsPanel.close();
  clearBanner();
  showSignIn(message);
}

/** Settings saved: the dialog and the screen follow. */
function applySettings(next) {
  const previous = replaceSettings(next);
  settingsPanel.update(state.settings);
  followSettings(previous);
}
