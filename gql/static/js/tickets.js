// The ticket list widgets: scope filter tabs with their counts, the Assigned / Accessible
// toggle, the tickets, and the pager.

import { h } from "./dom.js";
import { formatNumber, sinceElement } from "./format.js";
import { t } from "./i18n.js";
import { RELATIONS, SCOPE_COUNT_FIELDS, SCOPES } from "./queries.js";
import { empty, pager, table } from "./tables.js";

const TIME_COLUMNS = {
  age: { header: "colAge", value: (ticket) => sinceElement(ticket.createdAt) },
  pending: { header: "colPending", value: (ticket) => sinceElement(ticket.pendingSince ?? ticket.statusChangedAt) },
  escalated: { header: "colEscalated", value: (ticket) => sinceElement(ticket.escalationAt) },
};

export function renderTickets({ widget, label, data, view, pageSize, onView }) {
  const column = TIME_COLUMNS[widget.timeColumn];
  const scopeCounts = data.scopeCounts;
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
          h("span", { class: "chip__count" }, formatNumber(scopeCounts[SCOPE_COUNT_FIELDS[scope]])),
        );
      }),
    ),
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
  );
  const columns = [
    { key: "colNumber" },
    { key: "colTitle" },
    { key: "colStatus" },
    { key: "colQueue" },
    { key: column.header, numeric: true },
  ];
  const list = data.nodes.length
    ? table(label, columns, data.nodes.map((ticket) => ticketRow(ticket, column)))
    : empty("emptyTickets");
  return [filters, list, pager({ widget, label, data, view, pageSize, onView })];
}

function ticketRow(ticket, column) {
  return h(
    "tr",
    { dataset: { ticket: ticket.number } },
    h("td", { class: "mono nowrap" }, ticket.number),
    h(
      "td",
      { class: "title-cell" },
      h(
        "div",
        { class: "title-line" },
        h(
          "span",
          { class: `prio prio--${ticket.priority.level}`, title: `${ticket.priority.level} ${ticket.priority.name}` },
          h("span", { class: "visually-hidden" }, `${ticket.priority.level} ${ticket.priority.name}`),
        ),
        h("span", { class: "title-text", title: ticket.title }, ticket.title),
        ticket.locked ? h("span", { class: "tag" }, t("locked")) : null,
      ),
    ),
    h(
      "td",
      { class: "nowrap" },
      h("span", { class: `status status--${ticket.status.category}`, dataset: { status: ticket.status.name } }, ticket.status.name.replaceAll("_", " ")),
    ),
    h("td", { class: "nowrap" }, ticket.queue.name),
    h("td", { class: "num nowrap" }, column.value(ticket)),
  );
}
