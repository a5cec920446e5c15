// Customer user search: a combobox that asks `customerUsers(search:)` as you type.

import { debounce, h } from "./dom.js";
import { t } from "./i18n.js";
import { nameOf } from "./prefs.js";
import { SEARCH_QUERY } from "./queries.js";

const DEBOUNCE_MS = 250;
const RESULTS = 10;

/**
 * @param {object} options
 * @param {(query: string, variables: object, name: string) => Promise<{data: object}>} options.query
 * @param {(login: string) => void} options.onPick
 * @param {(error: Error) => void} options.onError
 */
export function createSearch({ query, onPick, onError }) {
  let results = [];
  let active = -1;
  let sequence = 0;
  let lastText = null;

  const input = h("input", {
    id: "user-search",
    type: "search",
    class: "search__input",
    role: "combobox",
    autocomplete: "off",
    spellcheck: "false",
    "aria-autocomplete": "list",
    "aria-expanded": "false",
    "aria-controls": "user-search-results",
  });
  const label = h("label", { for: "user-search", class: "search__label" });
  const list = h("ul", { id: "user-search-results", class: "search__results", role: "listbox", hidden: true });
  const status = h("p", { class: "search__status visually-hidden", role: "status", "aria-live": "polite" });
  const root = h("div", { class: "search" }, label, h("div", { class: "search__field" }, input, list), status);

  function relabel() {
    label.textContent = t("searchLabel");
    input.placeholder = t("searchPlaceholder");
    list.setAttribute("aria-label", t("searchLabel"));
  }

  function open(isOpen) {
    list.hidden = !isOpen;
    input.setAttribute("aria-expanded", String(isOpen));
    if (!isOpen) {
      active = -1;
      input.removeAttribute("aria-activedescendant");
    }
  }

  function renderResults(total, text) {
    list.replaceChildren(
      ...results.map((user, index) =>
        h(
          "li",
          {
            id: `user-option-${index}`,
            role: "option",
            class: "search__option",
            "aria-selected": String(index === active),
            dataset: { login: user.login },
            onMousedown: (event) => event.preventDefault(),
            onClick: () => pick(index),
          },
          h("span", { class: "search__name" }, nameOf(user)),
          h(
            "span",
            { class: "search__meta" },
            [user.login, user.information.customerId, user.information.email].filter(Boolean).join(" · "),
          ),
        ),
      ),
    );
    if (!results.length) {
      list.append(h("li", { class: "search__empty", role: "presentation" }, t("searchNone", { query: text })));
    } else if (total.capped || total.count > results.length) {
      const more = total.capped ? "searchMoreCapped" : "searchMore";
      list.append(h("li", { class: "search__more", role: "presentation" }, t(more, { shown: results.length, count: total.count })));
    }
    const found = total.capped ? "searchCountCapped" : "searchCount";
    status.textContent = results.length ? t(found, { count: total.count }) : t("searchNone", { query: text });
    open(true);
  }

  async function run(text) {
    const mine = ++sequence;
    lastText = text;
    status.textContent = t("searching");
    root.classList.add("is-searching");
    try {
      const { data } = await query(SEARCH_QUERY, { search: text || null, first: RESULTS }, "CuicSearch");
      if (mine !== sequence) return;
      results = data.customerUsers.nodes;
      active = -1;
      renderResults(data.customerUsers.totalCountCapped, text);
    } catch (error) {
      if (mine === sequence) {
        open(false);
        onError(error);
      }
    } finally {
      if (mine === sequence) root.classList.remove("is-searching");
    }
  }

  const search = debounce(run, DEBOUNCE_MS);

  function highlight(index) {
    active = index;
    for (const [position, option] of [...list.querySelectorAll("[role=option]")].entries()) {
      option.setAttribute("aria-selected", String(position === index));
      if (position === index) {
        input.setAttribute("aria-activedescendant", option.id);
        option.scrollIntoView({ block: "nearest" });
      }
    }
  }

  function pick(index) {
    const user = results[index];
    if (!user) return;
    open(false);
    input.value = "";
    onPick(user.login);
  }

  input.addEventListener("input", () => search(input.value.trim()));
  input.addEventListener("focus", () => {
    if (!input.value.trim() && lastText === null) run("");
    else if (results.length || lastText !== null) open(true);
  });
  input.addEventListener("blur", () => open(false));
  input.addEventListener("keydown", (event) => {
    const count = results.length;
    if (event.key === "ArrowDown" && count) {
      event.preventDefault();
      if (list.hidden) open(true);
      highlight((active + 1) % count);
    } else if (event.key === "ArrowUp" && count) {
      event.preventDefault();
      highlight(active <= 0 ? count - 1 : active - 1);
    } else if (event.key === "Enter") {
      event.preventDefault();
      const text = input.value.trim();
      if (text !== lastText) {
        // Typed faster than the debounce: search now, then take a single match.
        search.cancel();
        run(text).then(() => results.length === 1 && pick(0));
      } else if (active >= 0) pick(active);
      else if (count === 1) pick(0);
    } else if (event.key === "Escape") {
      open(false);
    }
  });

  relabel();
  return {
    element: root,
    relabel,
    reset() {
      search.cancel();
      sequence += 1;
      results = [];
      lastText = null;
      input.value = "";
      open(false);
    },
  };
}
