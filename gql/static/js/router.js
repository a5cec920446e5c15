// The URL says which customer user is shown and how each widget is viewed
// (`#/users/LOGIN?…`, see url.js), so that a reload, back / forward or a shared link opens
// the same screen.

import { renderPageTexts, showWelcome } from "./chrome.js";
import { openUser, showViews } from "./load.js";
import { state } from "./state.js";
import { parseHash } from "./url.js";

/** Show what the URL names: a customer user with the widgets' views, or the welcome. */
export function route() {
  if (!state.viewer) return;
  const target = parseHash(location.hash);
  if (!target) {
    state.login = null;
    state.user = undefined;
    renderPageTexts();
    showWelcome();
    return;
  }
  if (target.login === state.login && state.user) showViews(target.views);
  else openUser(target.login, target.views);
}

/** Go to a customer user's screen; picking the one shown loads it again. */
export function goToUser(login) {
  const hash = `#/users/${encodeURIComponent(login)}`;
  if (location.hash === hash) openUser(login);
  else location.hash = hash;
}
