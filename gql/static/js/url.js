// The screen's state in the URL: `#/users/LOGIN?open.scope=MY_LOCKED&open.status=open&…`.
// Per widget (by its variable prefix): scope, relation, order, column filters and page, so
// that a reload, back / forward and a shared link show the same screen.

import { WIDGETS_BY_KEY } from "./queries.js";

const USER_ROUTE = /^#\/users\/([^?]+)(?:\?(.*))?$/;

// A view's filter fields and their names in the URL (repeated for several values).
export const FILTER_PARAMS = {
  statuses: "status",
  queues: "queue",
  priorities: "prio",
  owners: "owner",
  responsibles: "resp",
  types: "type",
  services: "service",
};

export function defaultView() {
  return { scope: "ALL", relation: "ASSIGNED", sort: null, filters: {}, page: null, offset: 0 };
}

/** `{login, views}` from a hash, or null when it names no customer user. */
export function parseHash(hash) {
  const match = USER_ROUTE.exec(hash);
  if (!match) return null;
  const login = safeDecode(match[1]);
  if (!login) return null;
  const params = new URLSearchParams(match[2] ?? "");
  const views = {};
  for (const widget of Object.values(WIDGETS_BY_KEY)) {
    if (!widget.paged) continue;
    const view = readView(widget, params);
    if (view) views[widget.key] = view;
  }
  return { login, views };
}

function readView(widget, params) {
  const get = (name) => params.get(`${widget.prefix}.${name}`);
  const getAll = (name) => params.getAll(`${widget.prefix}.${name}`);
  const view = defaultView();
  let named = false;
  if (widget.kind === "tickets") {
    if (get("scope")) view.scope = get("scope");
    if (get("rel")) view.relation = get("rel");
    const sort = /^([A-Z_]+)\.(ASC|DESC)$/.exec(get("sort") ?? "");
    if (sort) view.sort = { field: sort[1], direction: sort[2] };
    for (const [field, param] of Object.entries(FILTER_PARAMS)) {
      const values = getAll(param);
      if (values.length) view.filters[field] = field === "priorities" ? values.map(Number) : values;
    }
    if (get("locked") === "true" || get("locked") === "false") view.filters.locked = get("locked") === "true";
    named = Boolean(get("scope") || get("rel") || sort || Object.keys(view.filters).length);
  }
  if (get("after")) view.page = { after: get("after") };
  else if (get("before")) view.page = { before: get("before") };
  if (view.page) view.offset = Math.max(0, Number.parseInt(get("at") ?? "0", 10) || 0);
  return named || view.page ? view : null;
}

/** The hash of a customer user's screen with the widgets' views (defaults left out). */
export function userHash(login, views) {
  const params = new URLSearchParams();
  for (const widget of Object.values(WIDGETS_BY_KEY)) {
    const view = views[widget.key];
    if (!widget.paged || !view) continue;
    const set = (name, value) => params.append(`${widget.prefix}.${name}`, String(value));
    if (widget.kind === "tickets") {
      if (view.scope && view.scope !== "ALL") set("scope", view.scope);
      if (view.relation && view.relation !== "ASSIGNED") set("rel", view.relation);
      if (view.sort) set("sort", `${view.sort.field}.${view.sort.direction}`);
      for (const [field, param] of Object.entries(FILTER_PARAMS)) {
        for (const value of view.filters?.[field] ?? []) set(param, value);
      }
      if (typeof view.filters?.locked === "boolean") set("locked", view.filters.locked);
    }
    if (view.page?.after) set("after", view.page.after);
    if (view.page?.before) set("before", view.page.before);
    if (view.page && view.offset) set("at", view.offset);
  }
  const query = params.toString();
  return `#/users/${encodeURIComponent(login)}${query ? `?${query}` : ""}`;
}

function safeDecode(text) {
  try {
    return decodeURIComponent(text);
  } catch {
    return null;
  }
}
