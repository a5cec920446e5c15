// The chosen customer user's screen, drawn from `state`: the head, then one card per visible
// widget. Drawing never loads: what a button asks for goes to the `actions` load.js passes in.

import { regions, renderPageTexts } from "./chrome.js";
import { externalLink, focusedKey, h, restoreFocus, setChildren } from "./dom.js";
import { t } from "./i18n.js";
import { avatarOf, nameOf } from "./prefs.js";
import { WIDGETS_BY_KEY } from "./queries.js";
import { pageSizeOf, shownViewOf, state, visibleKeys, widgetLabel } from "./state.js";
import { renderCard } from "./widgets.js";

/**
 * @typedef {object} ScreenActions
 * @property {() => void} refresh                       load the whole screen again
 * @property {(key: string, view: object) => void} view  another page, scope, relation, order or filter of a widget
 * @property {(key: string, column: string|null|false) => void} menu  open a widget's filter menu (null: all columns), or close it (false)
 */

/** @param {ScreenActions} actions */
export function renderScreen(actions) {
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
  const grid = keys.length
    ? h("div", { class: "grid" }, keys.map((key) => cardOf(key, actions)))
    : h("p", { class: "empty empty--screen" }, t("noVisible"));
  setChildren(regions.main, h("section", { class: "screen", "aria-labelledby": "screen-title" }, head(actions), grid));
  restoreFocus(focus);
}

/**
 * Draw one card again in place, keeping the focus (on the pager when its button went), or
 * moving it to the element whose focus key is `focus`.
 */
export function renderCardAgain(key, actions, focus = null) {
  const old = regions.main.querySelector(`.grid > [data-widget="${key}"]`);
  if (!old) return;
  const kept = focus ?? focusedKey();
  old.replaceWith(cardOf(key, actions));
  restoreFocus(kept, regions.main, [`${key}:next`, `${key}:previous`, `${key}:filters`]);
}

function head(actions) {
  const user = state.user;
  return h(
    "div",
    { class: "screen__head" },
    h(
      "div",
      { class: "screen__who" },
      h("span", { class: "screen__avatar", "aria-hidden": "true" }, user ? avatarOf(user.header) : ""),
      h(
        "div",
        { class: "screen__names" },
        h("h1", { id: "screen-title", class: "screen__title" }, user ? nameOf(user) : state.login),
        user
          ? h(
              "p",
              { class: "screen__meta" },
              [user.login, user.header.customerId, user.header.email].filter(Boolean).map((part) => h("span", {}, part)),
              user.url ? h("span", {}, externalLink(user.url, t("openInHelpdesk"), { action: "open-user" })) : null,
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
        disabled: !user,
        onClick: actions.refresh,
      },
      t("refresh"),
    ),
  );
}

function cardOf(key, actions) {
  return renderCard({
    widget: WIDGETS_BY_KEY[key],
    label: widgetLabel(key),
    data: state.data[key],
    view: shownViewOf(key),
    pageSize: pageSizeOf(key),
    loading: state.loading.has(key),
    error: state.errors[key] ?? null,
    menu: state.menu?.key === key ? state.menu : null,
    onView: (view) => actions.view(key, view),
    onMenu: (column) => actions.menu(key, column),
  });
}
