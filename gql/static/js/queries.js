// GraphQL documents. The screen is one query composed of one fragment per visible widget;
// the text depends only on which widgets are shown, so its persisted-query hash is reused
// while paging, filtering and switching customer users (those are variables).

// The screen's documents ask for labels in the screen's language and names in its order
// ($locale, $nameOrder: variables, not aliases, as the server caps aliases per document);
// the boot and search documents are small and ask for both name orders.
const BOTH_NAMES = "nameFirstLast: fullName(order: FIRST_LAST) nameLastFirst: fullName(order: LAST_FIRST)";
const NAME = "fullName(order: $nameOrder)";
const LABEL = "label(locale: $locale)";
const PREFERENCES = "preferences { locale nameOrder timeZone }";

export const BOOT_QUERY = `query CuicBoot {
  viewer {
    id
    login
    firstName
    lastName
    ${BOTH_NAMES}
    ${PREFERENCES}
    widgetSettings { key visible position pageSize }
  }
  widgets {
    key
    defaultPageSize
    labelEn: label(locale: EN)
    labelJa: label(locale: JA)
    descriptionEn: description(locale: EN)
    descriptionJa: description(locale: JA)
  }
}`;

export const SEARCH_QUERY = `query CuicSearch($search: String, $first: Int) {
  customerUsers(search: $search, first: $first) {
    totalCountCapped { count capped }
    nodes { login ${BOTH_NAMES} information { email customerId } }
  }
}`;

export const UPDATE_PREFERENCES = `mutation CuicUpdatePreferences($input: UpdatePreferencesInput!) {
  updatePreferences(input: $input) { ${PREFERENCES} }
}`;

const SETTINGS_FIELDS = "widgetSettings { key visible position pageSize }";

export const UPDATE_SETTINGS = `mutation CuicUpdateWidgetSettings($settings: [WidgetSettingInput!]!) {
  updateWidgetSettings(input: { settings: $settings }) { ${SETTINGS_FIELDS} }
}`;

export const RESET_SETTINGS = `mutation CuicResetWidgetSettings {
  resetWidgetSettings { ${SETTINGS_FIELDS} }
}`;

export const SCOPES = ["ALL", "MY_LOCKED", "MY_RESPONSIBILITIES", "MY_QUEUES", "MY_WATCHED"];
export const SCOPE_COUNT_FIELDS = {
  ALL: "all",
  MY_LOCKED: "myLocked",
  MY_RESPONSIBILITIES: "myResponsibilities",
  MY_QUEUES: "myQueues",
  MY_WATCHED: "myWatched",
};
export const RELATIONS = ["ASSIGNED", "ACCESSIBLE"];

const SHARED_FRAGMENTS = {
  TicketPage: `fragment TicketPage on TicketConnection {
  totalCount
  scopeCounts { all myLocked myResponsibilities myQueues myWatched }
  pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
  nodes {
    id number title url locked createdAt changedAt statusChangedAt pendingSince escalationAt
    status { name category ${LABEL} }
    queue { id name }
    priority { level ${LABEL} }
    type service
    owner { id ${NAME} }
    responsible { id ${NAME} }
  }
}`,
  TicketFacets: `fragment TicketFacets on TicketFacets {
  statuses { count status { name category ${LABEL} } }
  queues { count queue { id name } }
  priorities { count priority { level ${LABEL} } }
  owners { count agent { id ${NAME} } }
  responsibles { count agent { id ${NAME} } }
  types { count value }
  services { count value }
  locked { count locked }
}`,
};

const PAGE_VARIABLES = (prefix) => [
  [`${prefix}After`, "String"],
  [`${prefix}Before`, "String"],
  [`${prefix}Last`, "Int"],
];

/**
 * A ticket widget. `timeColumn` is its time column, whose order is the widget's default
 * (`defaultOrder`). The customer user of each ticket is asked for only in the Accessible
 * view, and the facets only while a filter menu wants them (@include), so the text stays
 * the same and the server does no work it need not.
 */
function ticketWidget(key, field, prefix, fragment, timeColumn, defaultOrder) {
  return {
    key,
    kind: "tickets",
    field,
    prefix,
    fragment,
    timeColumn,
    defaultOrder,
    paged: true,
    variables: [
      ...PAGE_VARIABLES(prefix),
      [`${prefix}Scope`, "TicketScope! = ALL"],
      [`${prefix}Relation`, "CustomerRelation! = ASSIGNED"],
      [`${prefix}Order`, "TicketOrder"],
      [`${prefix}Filter`, "TicketFilters"],
      [`${prefix}Accessible`, "Boolean! = false"],
      [`${prefix}Facets`, "Boolean! = false"],
    ],
    uses: ["TicketPage", "TicketFacets"],
    text: `fragment ${fragment} on CustomerUser {
  ${field}(after: $${prefix}After, before: $${prefix}Before, last: $${prefix}Last, scope: $${prefix}Scope, relation: $${prefix}Relation, orderBy: $${prefix}Order, filterBy: $${prefix}Filter) {
    ...TicketPage
    nodes { customerUser @include(if: $${prefix}Accessible) { login ${NAME} } }
    facets @include(if: $${prefix}Facets) { ...TicketFacets }
  }
}`,
  };
}

/** Every widget of the catalogue, in default order, with its fragment. */
const WIDGETS = [
  {
    key: "CUSTOMER_IDS",
    kind: "customerIds",
    field: "customerIds",
    fragment: "CustomerIdsWidget",
    variables: [],
    uses: [],
    text: `fragment CustomerIdsWidget on CustomerUser {
  customerIds { customerId name isPrimary inProgressCount closedCount }
}`,
  },
  {
    key: "ASSIGNED_CIS",
    kind: "configItems",
    field: "assignedConfigItems",
    prefix: "cis",
    fragment: "AssignedCisWidget",
    paged: true,
    variables: PAGE_VARIABLES("cis"),
    uses: [],
    text: `fragment AssignedCisWidget on CustomerUser {
  assignedConfigItems(after: $cisAfter, before: $cisBefore, last: $cisLast) {
    totalCount
    pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
    nodes { id number url name class deploymentState incidentState changedAt }
  }
}`,
  },
  // The default orders are the API's (spec: the widget rules).
  ticketWidget("REMINDER_TICKETS", "reminderTickets", "reminder", "ReminderTicketsWidget", "pending", { field: "STATUS_CHANGED_AT", direction: "ASC" }),
  ticketWidget("ESCALATED_TICKETS", "escalatedTickets", "escalated", "EscalatedTicketsWidget", "escalated", { field: "ESCALATION_AT", direction: "ASC" }),
  ticketWidget("NEW_TICKETS", "newTickets", "new", "NewTicketsWidget", "age", { field: "CREATED_AT", direction: "DESC" }),
  ticketWidget("OPEN_TICKETS", "openTickets", "open", "OpenTicketsWidget", "changed", { field: "CHANGED_AT", direction: "DESC" }),
  ticketWidget("CLOSED_TICKETS", "closedTickets", "closed", "ClosedTicketsWidget", "closed", { field: "STATUS_CHANGED_AT", direction: "DESC" }),
  {
    key: "CUSTOMER_USER_INFORMATION",
    kind: "userInformation",
    field: "information",
    fragment: "CustomerUserInformationWidget",
    variables: [],
    uses: [],
    text: `fragment CustomerUserInformationWidget on CustomerUser {
  information {
    login title firstName lastName ${NAME} email phone mobile
    street zip city country comment valid customerId createdAt changedAt
  }
}`,
  },
  {
    key: "CUSTOMER_INFORMATION",
    kind: "customer",
    field: "customer",
    fragment: "CustomerInformationWidget",
    variables: [],
    uses: [],
    text: `fragment CustomerInformationWidget on CustomerUser {
  customer { customerId name street zip city country url comment valid }
}`,
  },
];

export const WIDGETS_BY_KEY = Object.fromEntries(WIDGETS.map((widget) => [widget.key, widget]));

/** composeScreenQuery's options for the live screen's subscription (js/livescreen.js). */
export const LIVE_SUBSCRIPTION = { operation: "subscription", field: "customerUserUpdated" };

/**
 * One query for the given widgets: `customerUser(login:)` spreading each widget's fragment.
 * Widgets go in catalogue order whatever order they are passed in, so the text (and its hash)
 * depends only on the set. The live screen asks the same as
 * `subscription { customerUserUpdated(login:) }` (js/livescreen.js).
 */
export function composeScreenQuery(keys, operationName = "CuicScreen", { operation = "query", field = "customerUser" } = {}) {
  const chosen = WIDGETS.filter((widget) => keys.includes(widget.key));
  const variables = [["login", "String!"], ["locale", "Locale! = EN"], ["nameOrder", "NameOrder"], ...chosen.flatMap((widget) => widget.variables)];
  const shared = [...new Set(chosen.flatMap((widget) => widget.uses))].map((name) => SHARED_FRAGMENTS[name]);
  const spreads = chosen.map((widget) => `    ...${widget.fragment}`).join("\n");
  const selection = `{
  ${field}(login: $login) {
    id
    login
    url
    ${NAME}
    header: information { customerId email firstName lastName }
${spreads}
  }
}`;
  const fragments = [...chosen.map((widget) => widget.text), ...shared];
  // A declared variable nothing uses fails validation ($locale without a ticket widget):
  // declare only those the selection and fragments use; unused values sent along are ignored.
  const used = [selection, ...fragments].join("\n");
  const declared = variables.filter(([name]) => new RegExp(`\\$${name}\\b`).test(used));
  const head = `${operation} ${operationName}(${declared.map(([name, type]) => `$${name}: ${type}`).join(", ")}) ${selection}`;
  return [head, ...fragments].join("\n\n");
}

/**
 * The variables of one widget from its view state (state.js `viewOf`) and the viewer's page
 * size; `facets`: also ask for the facets of a ticket widget.
 */
export function widgetVariables(widget, view, pageSize, facets = false) {
  if (!widget.paged) return {};
  const { prefix } = widget;
  const page = view?.page ?? null;
  const variables = {
    [`${prefix}After`]: page?.after ?? null,
    [`${prefix}Before`]: page?.before ?? null,
    // Backwards pages need a size; forwards ones take the viewer's page size from the server.
    [`${prefix}Last`]: page?.before ? pageSize : null,
  };
  if (widget.kind === "tickets") {
    variables[`${prefix}Scope`] = view?.scope ?? "ALL";
    variables[`${prefix}Relation`] = view?.relation ?? "ASSIGNED";
    variables[`${prefix}Order`] = view?.sort ?? null;
    variables[`${prefix}Filter`] = filtersInput(view?.filters);
    variables[`${prefix}Accessible`] = view?.relation === "ACCESSIBLE";
    variables[`${prefix}Facets`] = facets;
  }
  return variables;
}

/** The API's TicketFilters from a view's filters: only the fields that filter (an empty list would match nothing). */
export function filtersInput(filters) {
  const given = Object.entries(filters ?? {}).filter(([, value]) => (Array.isArray(value) ? value.length > 0 : value !== null && value !== undefined));
  return given.length ? Object.fromEntries(given) : null;
}
