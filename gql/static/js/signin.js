// The sign-in view: an API token, or the demo token when the server offers one.

import { h } from "./dom.js";
import { t } from "./i18n.js";

/**
 * @param {object} options
 * @param {string|null} options.demoToken  offered by an embedded demo server
 * @param {string} options.message         why the agent is here (expired token, signed out)
 * @param {(token: string) => Promise<string|null>} options.onSubmit  resolves to an error message or null
 */
export function renderSignIn({ demoToken, message, onSubmit }) {
  const input = h("input", {
    id: "token",
    name: "token",
    type: "password",
    class: "input",
    autocomplete: "off",
    spellcheck: "false",
    required: true,
    "aria-describedby": "token-help token-error",
  });
  const error = h("p", { id: "token-error", class: "form-error", role: "alert" }, message || "");
  const submit = h("button", { type: "submit", class: "button button--primary" }, t("signIn"));

  async function attempt(token) {
    if (!token) {
      error.textContent = t("tokenMissing");
      input.focus();
      return;
    }
    submit.disabled = true;
    submit.textContent = t("signingIn");
    const failure = await onSubmit(token);
    if (failure) {
      submit.disabled = false;
      submit.textContent = t("signIn");
      error.textContent = failure;
      input.select();
      input.focus();
    }
  }

  const form = h(
    "form",
    {
      class: "signin__form",
      novalidate: true,
      onSubmit: (event) => {
        event.preventDefault();
        attempt(input.value.trim());
      },
    },
    h("label", { for: "token", class: "field-label" }, t("tokenLabel")),
    input,
    h("p", { id: "token-help", class: "field-help" }, t("tokenHelp")),
    error,
    submit,
  );

  const demo = demoToken
    ? h(
        "aside",
        { class: "signin__demo", "aria-labelledby": "demo-title" },
        h("h2", { id: "demo-title" }, t("demoTitle")),
        h("p", {}, t("demoText")),
        h(
          "button",
          {
            type: "button",
            class: "button",
            dataset: { action: "demo" },
            onClick: () => {
              input.value = demoToken;
              attempt(demoToken);
            },
          },
          t("useDemo"),
        ),
      )
    : null;

  const view = h(
    "section",
    { class: "signin", "aria-labelledby": "signin-title" },
    h("h1", { id: "signin-title" }, t("signInTitle")),
    h("p", { class: "signin__intro" }, t("signInIntro")),
    form,
    demo,
  );
  return { element: view, focus: () => input.focus() };
}
