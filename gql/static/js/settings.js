// The Settings panel: the agent's preferences (language, name order, time zone) and the
// show/hide, order and page size of every widget, each saved at once.

import { focusedKey, h, restoreFocus } from "./dom.js";
import { LOCALES, locale, t } from "./i18n.js";
import { NAME_ORDERS, browserTimeZone, chosenPreferences } from "./prefs.js";
import { WIDGETS_BY_KEY } from "./queries.js";

// The rows a list widget may show, as the API accepts them (WidgetSetting.pageSize).
const PAGE_SIZE_MIN = 1;
const PAGE_SIZE_MAX = 100;

/**
 * @param {HTMLDialogElement} dialog
 * @param {object} handlers
 * @param {(changes: object[]) => Promise<void>} handlers.onChange  save some WidgetSettingInputs
 * @param {() => Promise<void>} handlers.onReset
 * @param {(key: string) => string} handlers.label
 * @param {(key: string) => string} handlers.description
 * @param {(changes: object) => Promise<void>} handlers.onPreferences  save some UpdatePreferencesInput fields
 */
export function createSettingsPanel(dialog, { onChange, onReset, label, description, onPreferences }) {
  let settings = [];
  let busy = false;
  let message = "";
  // Page sizes typed outside 1..100, per widget key, until corrected: shown, not saved.
  const invalid = new Map();

  function render(focus = focusedKey()) {
    dialog.replaceChildren(
      h(
        "form",
        { method: "dialog", class: "settings__form", onSubmit: (event) => event.preventDefault() },
        h(
          "header",
          { class: "settings__head" },
          h("h2", { id: "settings-title" }, t("settingsTitle")),
          h(
            "button",
            { type: "button", class: "button button--ghost", dataset: { focus: "settings:close" }, onClick: close },
            t("close"),
          ),
        ),
        preferences(),
        h("h3", { class: "settings__section" }, t("widgetsTitle")),
        h("p", { class: "settings__intro", id: "settings-intro" }, t("settingsIntro")),
        h("ol", { class: "settings__list", "aria-describedby": "settings-intro" }, settings.map(row)),
        h(
          "footer",
          { class: "settings__foot" },
          h("p", { class: "settings__message", role: "status", "aria-live": "polite" }, message),
          h(
            "button",
            {
              type: "button",
              class: "button",
              disabled: busy,
              dataset: { action: "reset", focus: "settings:reset" },
              onClick: () => save(onReset, t("resetDone")),
            },
            t("resetDefaults"),
          ),
        ),
      ),
    );
    // A widget moved to an end has its arrow disabled: focus the other arrow.
    const other = focus?.endsWith(":up") ? focus.replace(/:up$/, ":down") : focus?.replace(/:down$/, ":up");
    restoreFocus(focus, dialog, [other]);
  }

  function preferences() {
    const chosen = chosenPreferences();
    const select = (id, name, value, options, onPick) =>
      h(
        "div",
        { class: "settings__pref" },
        h("label", { for: id }, t(name)),
        h(
          "select",
          { id, disabled: busy, dataset: { focus: `settings:${id}` }, onChange: (event) => onPick(event.target.value || null) },
          options.map(([optionValue, text, lang]) =>
            h("option", { value: optionValue ?? "", selected: (value ?? "") === (optionValue ?? ""), lang: lang ?? null }, text),
          ),
        ),
      );
    const zones = typeof Intl.supportedValuesOf === "function" ? Intl.supportedValuesOf("timeZone") : [];
    if (chosen.timeZone && !zones.includes(chosen.timeZone)) zones.unshift(chosen.timeZone);
    return h(
      "section",
      { class: "settings__prefs", "aria-labelledby": "preferences-title" },
      h("h3", { class: "settings__section", id: "preferences-title" }, t("preferences")),
      h("p", { class: "settings__intro" }, t("preferencesHelp")),
      select(
        "pref-locale",
        "prefLanguage",
        locale().toUpperCase(),
        LOCALES.map(({ code, name }) => [code.toUpperCase(), name, code]),
        (value) => save(() => onPreferences({ locale: value })),
      ),
      select(
        "pref-name-order",
        "prefNameOrder",
        chosen.nameOrder,
        [[null, t("nameOrderAuto")], ...NAME_ORDERS.map((order) => [order, t(`nameOrder${order}`)])],
        (value) => save(() => onPreferences({ nameOrder: value })),
      ),
      select(
        "pref-time-zone",
        "prefTimeZone",
        chosen.timeZone,
        [[null, t("timeZoneBrowser", { zone: browserTimeZone() })], ...zones.map((zone) => [zone, zone])],
        (value) => save(() => onPreferences({ timeZone: value })),
      ),
    );
  }

  function row(setting, index) {
    const widget = WIDGETS_BY_KEY[setting.key];
    const name = label(setting.key);
    const checkId = `setting-visible-${setting.key}`;
    const sizeId = `setting-size-${setting.key}`;
    const descriptionId = `setting-description-${setting.key}`;
    return h(
      "li",
      { class: `settings__row${setting.visible ? "" : " is-hidden"}`, dataset: { widget: setting.key } },
      h(
        "div",
        { class: "settings__main" },
        h("input", {
          type: "checkbox",
          id: checkId,
          checked: setting.visible,
          disabled: busy,
          "aria-describedby": descriptionId,
          dataset: { focus: `settings:${setting.key}:visible` },
          onChange: (event) => save(() => onChange([{ key: setting.key, visible: event.target.checked }])),
        }),
        h(
          "div",
          { class: "settings__label" },
          h("label", { for: checkId, class: "settings__name" }, name),
          h("span", { class: "settings__description", id: descriptionId }, description(setting.key)),
        ),
      ),
      h(
        "div",
        { class: "settings__controls" },
        widget.paged
          ? h(
              "span",
              { class: "settings__size" },
              h("label", { for: sizeId }, t("rows")),
              h("input", {
                type: "number",
                id: sizeId,
                min: String(PAGE_SIZE_MIN),
                max: String(PAGE_SIZE_MAX),
                step: "1",
                inputmode: "numeric",
                value: invalid.get(setting.key) ?? String(setting.pageSize),
                disabled: busy,
                "aria-label": t("rowsOf", { widget: name }),
                dataset: { focus: `settings:${setting.key}:size` },
                "aria-invalid": invalid.has(setting.key) ? "true" : null,
                "aria-describedby": invalid.has(setting.key) ? `${sizeId}-error` : null,
                onChange: (event) => {
                  const text = event.target.value.trim();
                  const size = Number(text);
                  if (/^\d+$/.test(text) && size >= PAGE_SIZE_MIN && size <= PAGE_SIZE_MAX) {
                    invalid.delete(setting.key);
                    save(() => onChange([{ key: setting.key, pageSize: size }]));
                  } else {
                    // Say why, keep what was typed, save nothing.
                    invalid.set(setting.key, event.target.value);
                    render(`settings:${setting.key}:size`);
                  }
                },
              }),
            )
          : null,
        h(
          "button",
          {
            type: "button",
            class: "button button--icon",
            disabled: busy || index === 0,
            "aria-label": t("moveUp", { widget: name }),
            title: t("moveUp", { widget: name }),
            dataset: { move: "up", focus: `settings:${setting.key}:up` },
            onClick: () => save(() => onChange([{ key: setting.key, position: setting.position - 1 }])),
          },
          "↑",
        ),
        h(
          "button",
          {
            type: "button",
            class: "button button--icon",
            disabled: busy || index === settings.length - 1,
            "aria-label": t("moveDown", { widget: name }),
            title: t("moveDown", { widget: name }),
            dataset: { move: "down", focus: `settings:${setting.key}:down` },
            onClick: () => save(() => onChange([{ key: setting.key, position: setting.position + 1 }])),
          },
          "↓",
        ),
      ),
      invalid.has(setting.key)
        ? h("p", { class: "settings__error", id: `${sizeId}-error`, role: "alert" }, t("rowsInvalid", { min: PAGE_SIZE_MIN, max: PAGE_SIZE_MAX }))
        : null,
    );
  }

  async function save(action, done = t("saved")) {
    if (busy) return;
    const focus = focusedKey();
    busy = true;
    message = t("saving");
    render(focus);
    try {
      await action();
      message = done;
    } catch {
      // The app shows why (banner or sign-in); the panel shows the settings it has.
      message = "";
    } finally {
      busy = false;
      if (dialog.open) render(focus);
    }
  }

  function close() {
    dialog.close();
  }

  dialog.addEventListener("close", () => {
    message = "";
    invalid.clear();
  });

  return {
    /** The current settings, ordered by position. */
    update(next) {
      settings = [...next].sort((a, b) => a.position - b.position);
      if (dialog.open) render();
    },
    open() {
      message = "";
      render();
      dialog.showModal();
    },
    close,
    relabel() {
      if (dialog.open) render();
    },
  };
}
