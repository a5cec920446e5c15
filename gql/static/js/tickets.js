// The ticket list widgets: scope filter tabs with their counts, the Assigned / Accessible
// toggle, column filters (filters.js), sortable column headers, the tickets, and the pager.

import { externalLink, h } from "./dom.js";
import { formatNumber, sinceElement, timeElement } from "./format.js";
import { labelOf, t } from "./i18n.js";
import { activeFilters, activeCount, columnFilterButton, filterButton, filterMenu } from "./filters.js";
import { nameOf } from "./prefs.js";
import { RELATIONS, SCOPE_COUNT_FIELDS, SCOPES } from "./queries.js";
import { empty, pager, table } from "./tables.js";

// A widget's time column: what it shows and the order it sorts by (the widget's default).
const TIME_COLUMNS = {
  pending: { header: "colPending", value: (ticket) => sinceElement(ticket.pendingSince ?? ticket.statusChangedAt) },
  escalated: { header: "colEscalated", value: (ticket) => sinceElement(ticket.escalationAt) },
  age: { header: "colAge", value: (ticket) => sinceElement(ticket.createdAt) },
  changed: { header: "colLastChange", value: (ticket) => sinceElement(ticket.changedAt) },
  closed: { header: "colClosedAt", value: (ticket) => timeElement(ticket.statusChangedAt, "short") },
};
const ARIA_SORT = { ASC: "ascending", DESC: "descending" };

export function renderTickets(options) {
  const { widget, label, data, view, onView } = options;
  const filters = h(
    "div",
    { class: "card__filters" },
    h(
      "div",
      { class: "chips", role: "group", "aria-label": `${label}: ${t("filter")}` },
      SCOPES.map((scope) => {
        const pressed = view.scope === scope;
        return h(
          "button",
          {
            type: "button",
            class: "chip",
            "aria-pressed": String(pressed),
            dataset: { scope, focus: `${widget.key}:scope:${scope}` },
            onClick: () => pressed || onView({ ...view, scope, page: null, offset: 0 }),
          },
          t(`scope${scope}`),
          h("span", { class: "chip__count" }, formatNumber(data.scopeCounts[SCOPE_COUNT_FIELDS[scope]])),
        );
      }),
    ),
    h(
      "div",
      { class: "card__toggles" },
      h(
        "div",
        { class: "segmented", role: "group", "aria-label": `${label}: ${t("relation")}` },
        RELATIONS.map((relation) => {
          const pressed = view.relation === relation;
          const name = relation === "ASSIGNED" ? "relationAssigned" : "relationAccessible";
          return h(
            "button",
            {
              type: "button",
              class: "segmented__option",
              "aria-pressed": String(pressed),
              title: t(`${name}Long`),
              dataset: { relation, focus: `${widget.key}:relation:${relation}` },
              onClick: () => pressed || onView({ ...view, relation, page: null, offset: 0 }),
            },
            t(name),
          );
        }),
      ),
      filterButton(options),
    ),
  );
  const list = data.nodes.length
    ? table(label, columnsOf(options), data.nodes.map((ticket) => ticketRow(ticket, widget, view)), "table table--tickets")
    : empty(activeCount(view.filters) ? "emptyFiltered" : "emptyTickets");
  return [filters, activeFilters(options), filterMenu(options), list, pager(options)];
}

/** The order shown: the view's, else the widget's default. */
function currentSort(widget, view) {
  return view.sort ?? widget.defaultOrder;
}

/** A header that sorts by `field`: the same field again turns the direction round. */
function sortHeader({ widget, view, onView }, key, field) {
  const current = currentSort(widget, view);
  const active = current.field === field;
  const firstDirection =
    field === widget.defaultOrder.field ? widget.defaultOrder.direction : field === "NUMBER" || field === "TITLE" ? "ASC" : "DESC";
  const direction = active ? (current.direction === "ASC" ? "DESC" : "ASC") : firstDirection;
  const next = { field, direction };
  const isDefault = field === widget.defaultOrder.field && direction === widget.defaultOrder.direction;
  return h(
    "button",
    {
      type: "button",
      class: `sort${active ? " is-active" : ""}`,
      dataset: { sort: field, focus: `${widget.key}:sort:${field}` },
      title: t("sortBy", { column: t(key) }),
      onClick: () => onView({ ...view, sort: isDefault ? null : next, page: null, offset: 0 }),
    },
    t(key),
    h("span", { class: "sort__arrow", "aria-hidden": "true" }, active ? (current.direction === "ASC" ? "▲" : "▼") : "↕"),
  );
}

function columnsOf(options) {
  const { widget, view } = options;
  const sorted = currentSort(widget, view);
  const time = TIME_COLUMNS[widget.timeColumn];
  const sortable = (key, field, extra = {}) => ({
    key,
    sort: sorted.field === field ? ARIA_SORT[sorted.direction] : null,
    head: sortHeader(options, key, field),
    ...extra,
  });
  const filtered = (key, field, className) => ({
    key,
    className,
    head: h("span", { class: "th-filter" }, t(key), columnFilterButton(options, field)),
  });
  return [
    sortable("colNumber", "NUMBER", { className: "col-number" }),
    sortable("colTitle", "TITLE", { className: "col-title" }),
    {
      ...sortable("colPriority", "PRIORITY", { className: "col-priority" }),
      head: h("span", { class: "th-filter" }, sortHeader(options, "colPriority", "PRIORITY"), columnFilterButton(options, "priorities")),
    },
    filtered("colStatus", "statuses", "col-status"),
    filtered("colQueue", "queues", "col-queue"),
    view.relation === "ACCESSIBLE" ? { key: "colCustomerUser", className: "col-customer" } : null,
    sortable(time.header, widget.defaultOrder.field, { numeric: true, className: "col-time" }),
  ].filter(Boolean);
}

function ticketRow(ticket, widget, view) {
  const time = TIME_COLUMNS[widget.timeColumn];
  const priority = labelOf(ticket.priority);
  return h(
    "tr",
    { dataset: { ticket: ticket.number } },
    h("td", { class: "mono nowrap col-number" }, ticket.url ? externalLink(ticket.url, ticket.number, { link: "number" }) : ticket.number),
    h(
      "td",
      { class: "title-cell col-title" },
      h(
        "div",
        { class: "title-line" },
        ticket.url
          ? externalLink(ticket.url, ticket.title, { link: "title" }, { class: "title-text", title: ticket.title })
          : h("span", { class: "title-text", title: ticket.title }, ticket.title),
        ticket.locked ? h("span", { class: "tag" }, t("locked")) : null,
      ),
    ),
    h(
      "td",
      { class: "col-priority", dataset: { priority: String(ticket.priority.level) } },
      h("span", { class: `prio prio--${ticket.priority.level}`, title: priority }),
      h("span", { class: "prio__label" }, priority),
    ),
    h(
      "td",
      { class: "nowrap col-status" },
      h("span", { class: `status status--${ticket.status.category}`, title: labelOf(ticket.status), dataset: { status: ticket.status.name } }, labelOf(ticket.status)),
    ),
    h("td", { class: "col-queue", title: ticket.queue.name }, ticket.queue.name),
    view.relation === "ACCESSIBLE"
      ? h("td", { class: "col-customer", dataset: { customerUser: ticket.customerUser?.login ?? "" } }, ticket.customerUser ? nameOf(ticket.customerUser) : "–")
      : null,
    h("td", { class: "num nowrap col-time" }, time.value(ticket)),
  );
}
