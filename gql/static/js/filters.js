// Column filters of a ticket widget: the filter menu (one column's or all of them), fed by
// the widget's facets, and the active filters as removable chips. A view's filters are the
// API's TicketFilters: {statuses, queues, priorities, owners, responsibles, types, services,
// locked}; values of one column combine with OR, columns with AND.

import { h } from "./dom.js";
import { formatNumber } from "./format.js";
import { labelOf, t } from "./i18n.js";
import { nameOf } from "./prefs.js";

/**
 * The filterable columns. `facet`: the entry of a facet as {value, text}; `ticket`: the
 * same for a ticket's own value (null when it has none), so chips are named even before a
 * menu has loaded the facets.
 */
export const FILTER_COLUMNS = [
  {
    field: "statuses",
    label: "colStatus",
    facet: (entry) => ({ value: entry.status.name, text: labelOf(entry.status) }),
    ticket: (ticket) => ({ value: ticket.status.name, text: labelOf(ticket.status) }),
  },
  {
    field: "queues",
    label: "colQueue",
    facet: (entry) => ({ value: entry.queue.id, text: entry.queue.name }),
    ticket: (ticket) => ({ value: ticket.queue.id, text: ticket.queue.name }),
  },
  {
    field: "priorities",
    label: "colPriority",
    facet: (entry) => ({ value: entry.priority.level, text: labelOf(entry.priority) }),
    ticket: (ticket) => ({ value: ticket.priority.level, text: labelOf(ticket.priority) }),
  },
  {
    field: "owners",
    label: "colOwner",
    facet: (entry) => ({ value: entry.agent.id, text: nameOf(entry.agent) }),
    ticket: (ticket) => (ticket.owner ? { value: ticket.owner.id, text: nameOf(ticket.owner) } : null),
  },
  {
    field: "responsibles",
    label: "colResponsible",
    facet: (entry) => ({ value: entry.agent.id, text: nameOf(entry.agent) }),
    ticket: (ticket) => (ticket.responsible ? { value: ticket.responsible.id, text: nameOf(ticket.responsible) } : null),
  },
  {
    field: "types",
    label: "colType",
    facet: (entry) => ({ value: entry.value, text: entry.value }),
    ticket: (ticket) => (ticket.type ? { value: ticket.type, text: ticket.type } : null),
  },
  {
    field: "services",
    label: "colService",
    facet: (entry) => ({ value: entry.value, text: entry.value }),
    ticket: (ticket) => (ticket.service ? { value: ticket.service, text: ticket.service } : null),
  },
  {
    field: "locked",
    label: "colLock",
    facet: (entry) => ({ value: entry.locked, text: t(entry.locked ? "lockedYes" : "lockedNo") }),
    ticket: (ticket) => ({ value: ticket.locked, text: t(ticket.locked ? "lockedYes" : "lockedNo") }),
  },
];
const BY_FIELD = Object.fromEntries(FILTER_COLUMNS.map((column) => [column.field, column]));

/** The chosen values of a column (locked: one boolean, or none). */
function chosen(filters, field) {
  const value = filters?.[field];
  if (field === "locked") return typeof value === "boolean" ? [value] : [];
  return value ?? [];
}

export function activeCount(filters) {
  return FILTER_COLUMNS.reduce((sum, column) => sum + chosen(filters, column.field).length, 0);
}

/** The filters with `value` of `field` added or taken away. */
function toggled(filters, field, value) {
  const next = { ...filters };
  if (field === "locked") {
    if (next.locked === value) delete next.locked;
    else next.locked = value;
    return next;
  }
  const values = chosen(filters, field);
  const kept = values.includes(value) ? values.filter((item) => item !== value) : [...values, value];
  if (kept.length) next[field] = kept;
  else delete next[field];
  return next;
}

/** Names of values, from the facets and the rows shown: what a chip says. */
function namesOf(data) {
  const names = new Map();
  for (const column of FILTER_COLUMNS) {
    for (const entry of data?.facets?.[column.field] ?? []) {
      const { value, text } = column.facet(entry);
      names.set(`${column.field}:${value}`, text);
    }
    for (const ticket of data?.nodes ?? []) {
      const found = column.ticket(ticket);
      if (found) names.set(`${column.field}:${found.value}`, found.text);
    }
  }
  return names;
}

function withFilters(view, filters) {
  return { ...view, filters, page: null, offset: 0 };
}

/** The "Filter" button of a widget: opens the menu of every column; says how many filters are on. */
export function filterButton({ widget, label, view, menu, onMenu }) {
  const count = activeCount(view.filters);
  const open = menu?.column === null;
  return h(
    "button",
    {
      type: "button",
      class: `button button--small filter-button${count ? " is-active" : ""}`,
      "aria-expanded": String(open),
      "aria-controls": `filter-menu-${widget.key}`,
      "aria-label": t("filterOf", { widget: label, count }),
      dataset: { action: "filters", focus: `${widget.key}:filters` },
      onClick: () => onMenu(open ? false : null),
    },
    h("span", { class: "filter-icon", "aria-hidden": "true" }),
    t("filters"),
    count ? h("span", { class: "filter-button__count" }, formatNumber(count)) : null,
  );
}

/** The small filter button in a column's header: opens that column's menu. */
export function columnFilterButton({ widget, view, menu, onMenu }, field) {
  const column = BY_FIELD[field];
  const count = chosen(view.filters, field).length;
  const open = menu?.column === field;
  return h(
    "button",
    {
      type: "button",
      class: `column-filter${count ? " is-active" : ""}`,
      "aria-expanded": String(open),
      "aria-controls": `filter-menu-${widget.key}`,
      "aria-label": t("filterColumn", { column: t(column.label) }),
      title: t("filterColumn", { column: t(column.label) }),
      dataset: { filterColumn: field, focus: `${widget.key}:column-filter:${field}` },
      onClick: () => onMenu(open ? false : field),
    },
    h("span", { class: "filter-icon", "aria-hidden": "true" }),
  );
}

/** The active filters as chips, each removing itself; and "Clear filters". None when no filter is on. */
export function activeFilters({ widget, view, data, onView }) {
  const count = activeCount(view.filters);
  if (!count) return null;
  const names = namesOf(data);
  const chips = FILTER_COLUMNS.flatMap((column) =>
    chosen(view.filters, column.field).map((value) => {
      const text = `${t(column.label)}: ${names.get(`${column.field}:${value}`) ?? value}`;
      return h(
        "button",
        {
          type: "button",
          class: "filter-chip",
          "aria-label": t("removeFilter", { filter: text }),
          dataset: { removeFilter: `${column.field}:${value}`, focus: `${widget.key}:remove:${column.field}:${value}` },
          onClick: () => onView(withFilters(view, toggled(view.filters, column.field, value))),
        },
        h("span", {}, text),
        h("span", { class: "filter-chip__x", "aria-hidden": "true" }, "×"),
      );
    }),
  );
  return h(
    "div",
    { class: "active-filters", role: "group", "aria-label": t("activeFilters") },
    chips,
    h(
      "button",
      {
        type: "button",
        class: "button button--small button--ghost",
        dataset: { action: "clear-filters", focus: `${widget.key}:clear-filters` },
        onClick: () => onView(withFilters(view, {})),
      },
      t("clearFilters"),
    ),
  );
}

/**
 * The open filter menu of a widget: per column, its values among the widget's tickets with
 * their counts (the facets), each a checkbox that filters at once.
 */
export function filterMenu({ widget, label, view, data, loading, menu, onView, onMenu }) {
  if (!menu) return null;
  const columns = menu.column ? [BY_FIELD[menu.column]] : FILTER_COLUMNS;
  const names = namesOf(data);
  const facets = data?.facets;
  const sections = columns.map((column) => {
    const entries = (facets?.[column.field] ?? []).map((entry) => ({ ...column.facet(entry), count: entry.count }));
    // A chosen value that no ticket has under the other filters stays, to be unchecked.
    for (const value of chosen(view.filters, column.field)) {
      if (!entries.some((entry) => entry.value === value)) {
        entries.push({ value, text: names.get(`${column.field}:${value}`) ?? String(value), count: 0 });
      }
    }
    const legendId = `filter-${widget.key}-${column.field}`;
    return h(
      "fieldset",
      { class: "filter-menu__column", dataset: { filterField: column.field } },
      h("legend", { id: legendId }, t(column.label)),
      entries.length
        ? h(
            "ul",
            { class: "filter-menu__values" },
            entries.map((entry) => {
              const checked = chosen(view.filters, column.field).includes(entry.value);
              const id = `filter-${widget.key}-${column.field}-${String(entry.value).replace(/[^\w-]/g, "_")}`;
              return h(
                "li",
                {},
                h("input", {
                  type: "checkbox",
                  id,
                  checked,
                  dataset: { filterValue: String(entry.value), focus: `${widget.key}:filter:${column.field}:${entry.value}` },
                  onChange: () => onView(withFilters(view, toggled(view.filters, column.field, entry.value))),
                }),
                h("label", { for: id }, h("span", { class: "filter-menu__text" }, entry.text), h("span", { class: "filter-menu__count" }, formatNumber(entry.count))),
              );
            }),
          )
        : h("p", { class: "filter-menu__none" }, facets ? t("noValues") : t("loading")),
    );
  });
  return h(
    "div",
    {
      id: `filter-menu-${widget.key}`,
      class: `filter-menu${loading ? " is-loading" : ""}`,
      role: "group",
      "aria-label": t("filterOf", { widget: label, count: activeCount(view.filters) }),
      onKeydown: (event) => {
        if (event.key === "Escape") {
          event.stopPropagation();
          onMenu(false);
        }
      },
    },
    h(
      "div",
      { class: "filter-menu__head" },
      h("span", { class: "filter-menu__title" }, menu.column ? t("filterColumn", { column: t(BY_FIELD[menu.column].label) }) : t("filters")),
      h(
        "button",
        { type: "button", class: "button button--small button--ghost", dataset: { action: "close-filters", focus: `${widget.key}:close-filters` }, onClick: () => onMenu(false) },
        t("close"),
      ),
    ),
    h("div", { class: "filter-menu__columns" }, sections),
  );
}
