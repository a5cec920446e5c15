// The CUIC screen's entry: connects the page's controls, follows the URL, and starts with
// the stored token or the sign-in. The parts, bottom up: state.js, chrome.js, render.js,
// load.js, router.js, session.js (see docs/frontend.md).

import { connectChrome, renderPageTexts, renderTools, showWelcome } from "./chrome.js";
import { focusedKey, restoreFocus } from "./dom.js";
import { locale, setLocale } from "./i18n.js";
import { relabelLive } from "./livescreen.js";
import { refreshScreen, showScreen } from "./load.js";
import { route } from "./router.js";
import { enter, savePreferences, search, settingsPanel, showSignIn, signOut } from "./session.js";
import { state } from "./state.js";

/** Every text on the page in another language, the focus where it was; the API's labels follow. */
function applyLocale(code) {
  setLocale(code);
  redraw();
  refreshScreen();
}

/** The agent picked a language: shown at once, and stored with their preferences when signed in. */
function switchLocale(code) {
  if (code === locale()) return;
  applyLocale(code);
  if (state.viewer) savePreferences({ locale: code.toUpperCase() }).catch(() => {});
}

/** Everything drawn again from the state: texts, names, dates. */
function redraw() {
  const focus = focusedKey();
  renderPageTexts();
  renderTools();
  search.relabel();
  settingsPanel.relabel();
  relabelLive();
  if (!state.viewer) showSignIn("");
  else if (state.login) showScreen();
  else showWelcome();
  restoreFocus(focus);
}

connectChrome({ switchLocale, applyLocale, redraw, openSettings: () => settingsPanel.open(), signOut });
renderPageTexts();
renderTools();
// Back / forward between views of the screen, a pasted link, a picked customer user.
window.addEventListener("hashchange", route);
if (state.token) enter();
else showSignIn("");
