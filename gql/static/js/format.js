// Dates in the browser's locale; durations in the screen's language.

import { h } from "./dom.js";
import { t } from "./i18n.js";

const dateTime = new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "short" });
const fullDateTime = new Intl.DateTimeFormat(undefined, { dateStyle: "full", timeStyle: "long" });
const number = new Intl.NumberFormat(undefined);

export function formatNumber(value) {
  return number.format(value);
}

/** A `<time>` showing the date and time, with the full form as its tooltip. */
export function timeElement(iso) {
  if (!iso) return null;
  const moment = new Date(iso);
  return h("time", { datetime: iso, title: fullDateTime.format(moment) }, dateTime.format(moment));
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
  return h("time", { datetime: iso, title: fullDateTime.format(new Date(iso)) }, formatSince(iso));
}
