// The information widgets: the customer user's and the company's fields as a list of details.

import { externalLink, h } from "./dom.js";
import { timeElement } from "./format.js";
import { t } from "./i18n.js";
import { nameOf } from "./prefs.js";
import { empty } from "./tables.js";

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

export function renderUserInformation({ data }) {
  return details([
    ["fieldLogin", h("span", { class: "mono" }, data.login)],
    ["fieldTitle", data.title],
    ["fieldName", nameOf(data)],
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

export function renderCustomer({ data }) {
  if (data === null) return empty("emptyCustomer");
  return details([
    ["fieldCustomerId", h("span", { class: "mono" }, data.customerId)],
    ["fieldCompany", data.name],
    ["fieldAddress", address(data)],
    ["fieldUrl", data.url ? externalLink(data.url, data.url) : null],
    ["fieldComment", data.comment],
    ["fieldValid", data.valid ? t("yes") : t("no")],
  ]);
}
