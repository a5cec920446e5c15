// One card per widget: its title and count, its own error, and its body by kind (ticket
// lists in tickets.js, customer IDs and assigned CIs here, information in details.js).

import { renderCustomer, renderUserInformation } from "./details.js";
import { externalLink, h } from "./dom.js";
import { formatNumber, timeElement } from "./format.js";
import { t } from "./i18n.js";
import { empty, pager, table } from "./tables.js";
import { renderTickets } from "./tickets.js";

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

// ----------------------------------------------------------------------------- customer IDs

const CUSTOMER_ID_COLUMNS = [
  { key: "colCustomerId" },
  { key: "colCompany" },
  { key: "colInProgress", numeric: true },
  { key: "colClosed", numeric: true },
];

function renderCustomerIds({ label, data }) {
  if (!data.length) return empty("emptyCustomerIds");
  return table(label, CUSTOMER_ID_COLUMNS, data.map(customerIdRow));
}

function customerIdRow(entry) {
  return h(
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
  );
}

// ----------------------------------------------------------------------------- assigned CIs

const CONFIG_ITEM_COLUMNS = [
  { key: "colCiNumber" },
  { key: "colCiName" },
  { key: "colCiClass" },
  { key: "colDeployment" },
  { key: "colIncident" },
  { key: "colChanged", numeric: true },
];

function renderConfigItems(options) {
  const { label, data } = options;
  if (!data.nodes.length) return empty("emptyCis");
  return [table(label, CONFIG_ITEM_COLUMNS, data.nodes.map(configItemRow)), pager(options)];
}

function configItemRow(item) {
  return h(
    "tr",
    { dataset: { ci: item.number } },
    h("td", { class: "mono nowrap col-number" }, item.url ? externalLink(item.url, item.number, { link: "ci" }) : item.number),
    h("td", {}, item.name),
    h("td", {}, item.class),
    h("td", {}, item.deploymentState),
    h("td", {}, h("span", { class: `incident incident--${slug(item.incidentState)}` }, item.incidentState)),
    h("td", { class: "num nowrap" }, timeElement(item.changedAt)),
  );
}

function slug(text) {
  return String(text).toLowerCase().replace(/[^a-z0-9]+/g, "-");
}

const RENDERERS = {
  tickets: renderTickets,
  customerIds: renderCustomerIds,
  configItems: renderConfigItems,
  userInformation: renderUserInformation,
  customer: renderCustomer,
};
