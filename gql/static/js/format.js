// Dates, times and numbers in the screen's language and the agent's time zone; durations in
// the screen's language.

import { h } from "./dom.js";
import { locale, t } from "./i18n.js";
import { timeZone } from "./prefs.js";

const STYLES = {
  dateTime: { dateStyle: "medium", timeStyle: "short" },
  short: { dateStyle: "short", timeStyle: "short" },
  full: { dateStyle: "full", timeStyle: "long" },
};
const formatters = new Map();

/** The browser's own locale where it is in the screen's language (en-GB stays en-GB), else the language. */
function intlLocale() {
  const browser = navigator.language || "en";
  return browser.toLowerCase().split("-")[0] === locale() ? browser : locale();
}

function formatter(style) {
  const key = `${style}|${intlLocale()}|${timeZone() ?? ""}`;
  let found = formatters.get(key);
  if (!found) {
    found =
      style === "number"
        ? new Intl.NumberFormat(intlLocale())
        : new Intl.DateTimeFormat(intlLocale(), { ...STYLES[style], timeZone: timeZone() });
    formatters.set(key, found);
  }
  return found;
}

export function formatNumber(value) {
  return formatter("number").format(value);
}

export function formatDateTime(iso) {
  return formatter("dateTime").format(new Date(iso));
}

/** A `<time>` showing the date and time (`short`: in a table column), with the full form as its tooltip. */
export function timeElement(iso, style = "dateTime") {
  if (!iso) return null;
  return h("time", { datetime: iso, title: formatter("full").format(new Date(iso)) }, formatter(style).format(new Date(iso)));
}

/** "3 d 4 h", "5 h 12 min", "7 min": the time between `iso` and now. */
function formatSince(iso, now = Date.now()) {
  const milliseconds = now - new Date(iso).getTime();
  const text = formatDuration(Math.abs(milliseconds));
  return milliseconds < 0 ? t("durationFuture", { duration: text }) : text;
}

function formatDuration(milliseconds) {
  const minutes = Math.floor(milliseconds / 60000);
  const d = Math.floor(minutes / 1440);
  const hours = Math.floor((minutes % 1440) / 60);
  if (d > 0) return t("durationDays", { d, h: hours });
  if (hours > 0) return t("durationHours", { h: hours, m: minutes % 60 });
  return t("durationMinutes", { m: minutes });
}

/** A `<time>` showing how long ago `iso` was, with the date and time as its tooltip. */
export function sinceElement(iso) {
  if (!iso) return null;
  return h("time", { datetime: iso, title: formatter("full").format(new Date(iso)) }, formatSince(iso));
}
