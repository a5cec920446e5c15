// One card per widget: ticket lists, customer IDs, assigned CIs, user and company information.

import { h } from "./dom.js";
import { formatNumber, sinceElement, timeElement } from "./format.js";
import { t } from "./i18n.js";
import { RELATIONS, SCOPE_COUNT_FIELDS, SCOPES } from "./queries.js";

/**
 * A widget's card.
 * @param {object} options
 * @param {object} options.widget    the widget's definition (queries.js WIDGETS)
 * @param {string} options.label     its label in the screen's language
 * @param {*}      options.data      its field of `customerUser`; undefined while never loaded
 * @param {object} options.view      {scope, relation, page, offset} of a list widget
 * @param {number} options.pageSize  the viewer's page size for it
 * @param {boolean} options.loading
 * @param {string|null} options.error
 * @param {(view: object) => void} options.onView  asks for another page, scope or relation
 */
export function renderCard(options) {
  const { widget, label, data, loading, error } = options;
  const titleId = `widget-title-${widget.key}`;
  const count = countOf(widget, data);
  const body =
    data === undefined
      ? loading
        ? skeleton()
        : null
      : RENDERERS[widget.kind]({ ...options, data });
  return h(
    "section",
    {
      class: `card card--${widget.kind}${loading ? " is-loading" : ""}`,
      "aria-labelledby": titleId,
      "aria-busy": loading ? "true" : "false",
      dataset: { widget: widget.key },
    },
    h(
      "header",
      { class: "card__head" },
      h("h2", { class: "card__title", id: titleId }, label),
      count === null ? null : h("span", { class: "card__count", dataset: { count: String(count) } }, formatNumber(count)),
    ),
    error ? h("p", { class: "card__error", role: "alert" }, t("widgetFailed", { message: error })) : null,
    h("div", { class: "card__body" }, body),
  );
}

function countOf(widget, data) {
  if (data === undefined || data === null) return null;
  if (widget.kind === "tickets" || widget.kind === "configItems") return data.totalCount;
  if (widget.kind === "customerIds") return data.length;
  return null;
}

function skeleton() {
  return h(
    "div",
    { class: "skeleton", "aria-hidden": "true" },
    h("span", { class: "skeleton__line" }),
    h("span", { class: "skeleton__line" }),
    h("span", { class: "skeleton__line skeleton__line--short" }),
  );
}

// ---------------------------------------------------------------------------------- tickets

const TIME_COLUMNS = {
  age: { header: "colAge", value: (ticket) => sinceElement(ticket.createdAt) },
  pending: { header: "colPending", value: (ticket) => sinceElement(ticket.pendingSince ?? ticket.statusChangedAt) },
  escalated: { header: "colEscalated", value: (ticket) => sinceElement(ticket.escalationAt) },
};

function renderTickets({ widget, label, data, view, pageSize, onView }) {
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
  const rows = data.nodes;
  const table = rows.length
    ? h(
        "div",
        { class: "table-wrap" },
        h(
          "table",
          { class: "table" },
          h("caption", { class: "visually-hidden" }, label),
          h(
            "thead",
            {},
            h(
              "tr",
              {},
              h("th", { scope: "col" }, t("colNumber")),
              h("th", { scope: "col" }, t("colTitle")),
              h("th", { scope: "col" }, t("colStatus")),
              h("th", { scope: "col" }, t("colQueue")),
              h("th", { scope: "col", class: "num" }, t(column.header)),
            ),
          ),
          h("tbody", {}, rows.map((ticket) => ticketRow(ticket, column))),
        ),
      )
    : h("p", { class: "empty" }, t("emptyTickets"));
  return [filters, table, pager({ widget, label, data, view, pageSize, onView })];
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

function pager({ widget, label, data, view, pageSize, onView }) {
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
    h(
      "button",
      {
        type: "button",
        class: "button button--small",
        disabled: !pageInfo.hasPreviousPage,
        "aria-label": t("previousOf", { widget: label }),
        dataset: { page: "previous", focus: `${widget.key}:previous` },
        onClick: () =>
          onView({ ...view, page: { before: pageInfo.startCursor }, offset: Math.max(0, view.offset - pageSize) }),
      },
      "‹ ",
      t("previous"),
    ),
    h(
      "button",
      {
        type: "button",
        class: "button button--small",
        disabled: !pageInfo.hasNextPage,
        "aria-label": t("nextOf", { widget: label }),
        dataset: { page: "next", focus: `${widget.key}:next` },
        onClick: () => onView({ ...view, page: { after: pageInfo.endCursor }, offset: view.offset + nodes.length }),
      },
      t("next"),
      " ›",
    ),
  );
}

// ----------------------------------------------------------------------------- customer IDs

function renderCustomerIds({ label, data }) {
  if (!data.length) return h("p", { class: "empty" }, t("emptyCustomerIds"));
  return h(
    "div",
    { class: "table-wrap" },
    h(
      "table",
      { class: "table" },
      h("caption", { class: "visually-hidden" }, label),
      h(
        "thead",
        {},
        h(
          "tr",
          {},
          h("th", { scope: "col" }, t("colCustomerId")),
          h("th", { scope: "col" }, t("colCompany")),
          h("th", { scope: "col", class: "num" }, t("colInProgress")),
          h("th", { scope: "col", class: "num" }, t("colClosed")),
        ),
      ),
      h(
        "tbody",
        {},
        data.map((entry) =>
          h(
            "tr",
            { dataset: { customerId: entry.customerId } },
            h(
              "th",
              { scope: "row", class: "mono nowrap" },
              entry.customerId,
              entry.isPrimary ? h("span", { class: "tag tag--primary" }, t("primary")) : null,
            ),
            h("td", {}, entry.name ?? h("span", { class: "muted" }, t("noCompany"))),
            h("td", { class: "num", dataset: { count: "inProgress" } }, formatNumber(entry.inProgressCount)),
            h("td", { class: "num", dataset: { count: "closed" } }, formatNumber(entry.closedCount)),
          ),
        ),
      ),
    ),
  );
}

// ----------------------------------------------------------------------------- assigned CIs

function renderConfigItems(options) {
  const { label, data } = options;
  if (!data.nodes.length) return h("p", { class: "empty" }, t("emptyCis"));
  const table = h(
    "div",
    { class: "table-wrap" },
    h(
      "table",
      { class: "table" },
      h("caption", { class: "visually-hidden" }, label),
      h(
        "thead",
        {},
        h(
          "tr",
          {},
          h("th", { scope: "col" }, t("colCiNumber")),
          h("th", { scope: "col" }, t("colCiName")),
          h("th", { scope: "col" }, t("colCiClass")),
          h("th", { scope: "col" }, t("colDeployment")),
          h("th", { scope: "col" }, t("colIncident")),
          h("th", { scope: "col", class: "num" }, t("colChanged")),
        ),
      ),
      h(
        "tbody",
        {},
        data.nodes.map((item) =>
          h(
            "tr",
            { dataset: { ci: item.number } },
            h("td", { class: "mono nowrap" }, item.number),
            h("td", {}, item.name),
            h("td", {}, item.class),
            h("td", {}, item.deploymentState),
            h("td", {}, h("span", { class: `incident incident--${slug(item.incidentState)}` }, item.incidentState)),
            h("td", { class: "num nowrap" }, timeElement(item.changedAt)),
          ),
        ),
      ),
    ),
  );
  return [table, pager(options)];
}

function slug(text) {
  return String(text).toLowerCase().replace(/[^a-z0-9]+/g, "-");
}

// ---------------------------------------------------------------------- information widgets

function details(rows) {
  return h(
    "dl",
    { class: "details" },
    rows
      .filter(([, value]) => value !== null && value !== undefined && value !== "")
      .map(([key, value]) => h("div", { class: "details__row", dataset: { field: key } }, h("dt", {}, t(key)), h("dd", {}, value))),
  );
}

function address(record) {
  const parts = [record.street, [record.zip, record.city].filter(Boolean).join(" "), record.country].filter(Boolean);
  return parts.length ? parts.join(", ") : null;
}

function safeUrl(url) {
  try {
    const parsed = new URL(url);
    return parsed.protocol === "http:" || parsed.protocol === "https:" ? parsed.href : null;
  } catch {
    return null;
  }
}

function renderUserInformation({ data }) {
  return details([
    ["fieldLogin", h("span", { class: "mono" }, data.login)],
    ["fieldTitle", data.title],
    ["fieldName", data.fullName],
    ["fieldEmail", data.email ? h("a", { href: `mailto:${data.email}` }, data.email) : null],
    ["fieldPhone", data.phone],
    ["fieldMobile", data.mobile],
    ["fieldAddress", address(data)],
    ["fieldCustomerId", data.customerId ? h("span", { class: "mono" }, data.customerId) : null],
    ["fieldComment", data.comment],
    ["fieldValid", data.valid ? t("yes") : t("no")],
    ["fieldCreated", timeElement(data.createdAt)],
    ["fieldChanged", timeElement(data.changedAt)],
  ]);
}

function renderCustomer({ data }) {
  if (data === null) return h("p", { class: "empty" }, t("emptyCustomer"));
  const url = safeUrl(data.url);
  return details([
    ["fieldCustomerId", h("span", { class: "mono" }, data.customerId)],
    ["fieldCompany", data.name],
    ["fieldAddress", address(data)],
    ["fieldUrl", url ? h("a", { href: url, rel: "noopener noreferrer", target: "_blank" }, data.url) : data.url],
    ["fieldComment", data.comment],
    ["fieldValid", data.valid ? t("yes") : t("no")],
  ]);
}

const RENDERERS = {
  tickets: renderTickets,
  customerIds: renderCustomerIds,
  configItems: renderConfigItems,
  userInformation: renderUserInformation,
  customer: renderCustomer,
};
