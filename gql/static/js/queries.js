// GraphQL documents. The screen is one query composed of one fragment per visible widget;
// the text depends only on which widgets are shown, so its persisted-query hash is reused
// while paging, filtering and switching customer users (those are variables).

export const BOOT_QUERY = `query CuicBoot {
  viewer {
    login
    fullName
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
    totalCount
    nodes { login fullName information { email customerId } }
  }
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
    id number title locked createdAt statusChangedAt pendingSince escalationAt
    status { name category }
    queue { name }
    priority { level name }
  }
}`,
};

const PAGE_VARIABLES = (prefix) => [
  [`${prefix}After`, "String"],
  [`${prefix}Before`, "String"],
  [`${prefix}Last`, "Int"],
];

function ticketWidget(key, field, prefix, fragment, timeColumn) {
  return {
    key,
    kind: "tickets",
    field,
    prefix,
    fragment,
    timeColumn,
    paged: true,
    variables: [
      ...PAGE_VARIABLES(prefix),
      [`${prefix}Scope`, "TicketScope! = ALL"],
      [`${prefix}Relation`, "CustomerRelation! = ASSIGNED"],
    ],
    uses: ["TicketPage"],
    text: `fragment ${fragment} on CustomerUser {
  ${field}(after: $${prefix}After, before: $${prefix}Before, last: $${prefix}Last, scope: $${prefix}Scope, relation: $${prefix}Relation) {
    ...TicketPage
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
    nodes { id number name class deploymentState incidentState changedAt }
  }
}`,
  },
  ticketWidget("REMINDER_TICKETS", "reminderTickets", "reminder", "ReminderTicketsWidget", "pending"),
  ticketWidget("ESCALATED_TICKETS", "escalatedTickets", "escalated", "EscalatedTicketsWidget", "escalated"),
  ticketWidget("NEW_TICKETS", "newTickets", "new", "NewTicketsWidget", "age"),
  ticketWidget("OPEN_TICKETS", "openTickets", "open", "OpenTicketsWidget", "age"),
  ticketWidget("CLOSED_TICKETS", "closedTickets", "closed", "ClosedTicketsWidget", "age"),
  {
    key: "CUSTOMER_USER_INFORMATION",
    kind: "userInformation",
    field: "information",
    fragment: "CustomerUserInformationWidget",
    variables: [],
    uses: [],
    text: `fragment CustomerUserInformationWidget on CustomerUser {
  information {
    login title firstName lastName fullName email phone mobile
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

/**
 * One query for the given widgets: `customerUser(login:)` spreading each widget's fragment.
 * Widgets go in catalogue order whatever order they are passed in, so the text (and its hash)
 * depends only on the set. The live screen asks the same as
 * `subscription { customerUserUpdated(login:) }` (js/livescreen.js).
 */
export function composeScreenQuery(keys, operationName = "CuicScreen", { operation = "query", field = "customerUser" } = {}) {
  const chosen = WIDGETS.filter((widget) => keys.includes(widget.key));
  const variables = [["login", "String!"], ...chosen.flatMap((widget) => widget.variables)];
  const shared = [...new Set(chosen.flatMap((widget) => widget.uses))].map((name) => SHARED_FRAGMENTS[name]);
  const spreads = chosen.map((widget) => `    ...${widget.fragment}`).join("\n");
  const head = `${operation} ${operationName}(${variables.map(([name, type]) => `$${name}: ${type}`).join(", ")}) {
  ${field}(login: $login) {
    id
    login
    fullName
    header: information { customerId email }
${spreads}
  }
}`;
  return [head, ...chosen.map((widget) => widget.text), ...shared].join("\n\n");
}

/**
 * The variables of one widget from its view state:
 * `{scope, relation, page: {after} | {before} | null}` and the viewer's page size.
 */
export function widgetVariables(widget, view, pageSize) {
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
  }
  return variables;
}
