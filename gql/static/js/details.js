// The information widgets: the customer user's and the company's fields as a list of details.

import { h } from "./dom.js";
import { timeElement } from "./format.js";
import { t } from "./i18n.js";
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

function safeUrl(url) {
  try {
    const parsed = new URL(url);
    return parsed.protocol === "http:" || parsed.protocol === "https:" ? parsed.href : null;
  } catch {
    return null;
  }
}

export function renderUserInformation({ data }) {
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

export function renderCustomer({ data }) {
  if (data === null) return empty("emptyCustomer");
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
