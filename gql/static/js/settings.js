// The Settings panel: show/hide, order and page size of every widget, saved at once.

import { focusedKey, h, restoreFocus } from "./dom.js";
import { t } from "./i18n.js";
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
 */
export function createSettingsPanel(dialog, { onChange, onReset, label, description }) {
  let settings = [];
  let busy = false;
  let message = "";

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
                value: String(setting.pageSize),
                disabled: busy,
                "aria-label": t("rowsOf", { widget: name }),
                dataset: { focus: `settings:${setting.key}:size` },
                onChange: (event) => {
                  const size = Number.parseInt(event.target.value, 10);
                  if (Number.isInteger(size) && size >= PAGE_SIZE_MIN && size <= PAGE_SIZE_MAX) {
                    save(() => onChange([{ key: setting.key, pageSize: size }]));
                  } else {
                    event.target.value = String(setting.pageSize);
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
