// The agent's preferences (viewer.preferences: the same on every device) and what the screen
// uses where nothing is chosen: the language's name order, the browser's time zone.

import { locale } from "./i18n.js";

export const NAME_ORDERS = ["FIRST_LAST", "LAST_FIRST"];

const chosen = { locale: null, nameOrder: null, timeZone: null };

/** The preferences the server holds (or has just stored). */
export function choosePreferences(preferences) {
  chosen.locale = preferences?.locale ?? null;
  chosen.nameOrder = preferences?.nameOrder ?? null;
  chosen.timeZone = preferences?.timeZone ?? null;
}

export function chosenPreferences() {
  return { ...chosen };
}

/** Japanese readers expect the family name first, English readers the given name. */
export function nameOrder() {
  return chosen.nameOrder ?? (locale() === "ja" ? "LAST_FIRST" : "FIRST_LAST");
}

/** The chosen IANA time zone, or undefined: the browser's. */
export function timeZone() {
  return chosen.timeZone ?? undefined;
}

export function browserTimeZone() {
  return Intl.DateTimeFormat().resolvedOptions().timeZone;
}

/**
 * A person's name in the screen's order: the API's `fullName`, asked for in that order, or
 * (boot and search, which ask for both) `nameFirstLast` / `nameLastFirst`.
 */
export function nameOf(person) {
  if (!person) return "";
  if (person.fullName !== undefined) return person.fullName;
  return nameOrder() === "LAST_FIRST" ? person.nameLastFirst : person.nameFirstLast;
}

const JAPANESE = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]/u;

/**
 * What an avatar shows: for a name in Japanese script the family name's first character
 * (鈴木 舞 → 鈴), as Japanese name badges do; else the initials in the screen's order.
 */
export function avatarOf(person) {
  const first = (person?.firstName ?? "").trim();
  const last = (person?.lastName ?? "").trim();
  if (JAPANESE.test(last)) return [...last][0];
  if (!last && JAPANESE.test(first)) return [...first][0];
  const parts = nameOrder() === "LAST_FIRST" ? [last, first] : [first, last];
  const initials = parts.filter(Boolean).map((part) => [...part][0].toUpperCase());
  return initials.join("") || "?";
}
