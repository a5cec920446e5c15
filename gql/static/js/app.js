// The CUIC screen's entry: connects the page's controls, follows the URL, and starts with
// the stored token or the sign-in. The parts, bottom up: state.js, chrome.js, render.js,
// load.js, router.js, session.js (see docs/frontend.md).

import { connectChrome, renderPageTexts, renderTools, showWelcome } from "./chrome.js";
import { focusedKey, restoreFocus } from "./dom.js";
import { setLocale } from "./i18n.js";
import { relabelLive } from "./livescreen.js";
import { showScreen } from "./load.js";
import { route } from "./router.js";
import { enter, search, settingsPanel, showSignIn, signOut } from "./session.js";
import { state } from "./state.js";

/** Every text on the page in the other language, the focus where it was. */
function switchLocale(code) {
  const focus = focusedKey();
  setLocale(code);
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

connectChrome({ switchLocale, openSettings: () => settingsPanel.open(), signOut });
renderPageTexts();
renderTools();
window.addEventListener("hashchange", route);
if (state.token) enter();
else showSignIn("");
