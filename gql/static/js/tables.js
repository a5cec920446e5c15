// What the list widgets share: a table, the text when there is nothing to list, the pager.

import { h } from "./dom.js";
import { formatNumber } from "./format.js";
import { t } from "./i18n.js";

/**
 * A list as a table captioned (for screen readers) with the widget's label.
 * @param {{key: string, numeric?: boolean, className?: string, sort?: string|null, head?: Node}[]} columns
 *   header texts (i18n keys); numbers align right; `sort`: the header's aria-sort; `head`: its
 *   content instead of the text (a sort button, a filter button)
 * @param {HTMLTableRowElement[]} rows
 */
export function table(label, columns, rows, className = "table") {
  return h(
    "div",
    { class: "table-wrap" },
    h(
      "table",
      { class: className },
      h("caption", { class: "visually-hidden" }, label),
      h(
        "thead",
        {},
        h(
          "tr",
          {},
          columns.map((column) =>
            h(
              "th",
              {
                scope: "col",
                class: [column.numeric ? "num" : null, column.className].filter(Boolean).join(" ") || null,
                "aria-sort": column.sort ?? null,
                dataset: { column: column.key },
              },
              column.head ?? t(column.key),
            ),
          ),
        ),
      ),
      h("tbody", {}, rows),
    ),
  );
}

/** The text a widget shows when it has nothing to list. */
export function empty(key) {
  return h("p", { class: "empty" }, t(key));
}

/** Previous / next by cursor, and which rows of how many are shown; none when one page holds all. */
export function pager({ widget, label, data, view, pageSize, onView }) {
  const { pageInfo, totalCount, nodes } = data;
  if (!pageInfo.hasNextPage && !pageInfo.hasPreviousPage && nodes.length === totalCount) {
    return null;
  }
  const from = view.offset + 1;
  const to = view.offset + nodes.length;
  const range = nodes.length ? t("range", { from: formatNumber(from), to: formatNumber(to), total: formatNumber(totalCount) }) : t("rangeEmpty");
  return h(
    "nav",
    { class: "pager", "aria-label": label },
    h("span", { class: "pager__range", dataset: { from: String(from), to: String(to) } }, range),
    pageButton(widget, label, "previous", pageInfo.hasPreviousPage, ["‹ ", t("previous")], () =>
      onView({ ...view, page: { before: pageInfo.startCursor }, offset: Math.max(0, view.offset - pageSize) }),
    ),
    pageButton(widget, label, "next", pageInfo.hasNextPage, [t("next"), " ›"], () =>
      onView({ ...view, page: { after: pageInfo.endCursor }, offset: view.offset + nodes.length }),
    ),
  );
}

/** `page`: "previous" or "next"; its name for screen readers says which widget it pages. */
function pageButton(widget, label, page, enabled, text, onClick) {
  return h(
    "button",
    {
      type: "button",
      class: "button button--small",
      disabled: !enabled,
      "aria-label": t(`${page}Of`, { widget: label }),
      dataset: { page, focus: `${widget.key}:${page}` },
      onClick,
    },
    text,
  );
}
