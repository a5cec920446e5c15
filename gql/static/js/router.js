// The URL says which customer user is shown (`#/users/LOGIN`), so that a reload or a shared
// link opens the same screen.

import { renderPageTexts, showWelcome } from "./chrome.js";
import { openUser } from "./load.js";
import { state } from "./state.js";

const USER_ROUTE = /^#\/users\/(.+)$/;

/** Show what the URL names: a customer user, or the welcome. */
export function route() {
  if (!state.viewer) return;
  const match = USER_ROUTE.exec(location.hash);
  const login = match ? safeDecode(match[1]) : null;
  if (!login) {
    state.login = null;
    state.user = undefined;
    renderPageTexts();
    showWelcome();
    return;
  }
  openUser(login);
}

/** Go to a customer user's screen; picking the one shown loads it again. */
export function goToUser(login) {
  const hash = `#/users/${encodeURIComponent(login)}`;
  if (location.hash === hash) openUser(login);
  else location.hash = hash;
}

function safeDecode(text) {
  try {
    return decodeURIComponent(text);
  } catch {
    return null;
  }
}
