// Apollo Client's normalized cache against a running cuic: after updateWidgetSettings, is a
// second query served the new settings from the cache alone? Also: do the README's type
// policies (typePolicies below) keep Apollo from warning about lost cache data?
//
// usage: node --conditions=development apollo_cache.mjs URL TOKEN [LOGIN] [--no-policies]
// prints one JSON object: {before, payload, after, values, missing, warnings}

const [url, token, login = "taro"] = process.argv.slice(2).filter((arg) => !arg.startsWith("--"));
const withPolicies = !process.argv.includes("--no-policies");

// Apollo reports lost cache data through console.warn (development builds only).
const warnings = [];
for (const level of ["warn", "error"]) {
  console[level] = (...args) => warnings.push(args.map(String).join(" "));
}

const { ApolloClient, HttpLink, InMemoryCache, gql } = await import("@apollo/client");
const { loadDevMessages, loadErrorMessages } = await import("@apollo/client/dev");
loadDevMessages();
loadErrorMessages();

// The same policies as README.md, "Client caches".
const typePolicies = {
  // The same everywhere, keyed by a field: select it wherever you select the type.
  Widget: { keyFields: ["key"] },
  TicketStatus: { keyFields: ["name"] },
  TicketPriority: { keyFields: ["level"] },
  // Part of the object around them: stored in it, merged field by field.
  CustomerUserInformation: { keyFields: false, merge: true },
  TicketScopeCounts: { keyFields: false, merge: true },
  PageInfo: { keyFields: false, merge: true },
  TicketConnection: { keyFields: false, merge: true },
  ConfigItemConnection: { keyFields: false, merge: true },
  CustomerUserConnection: { keyFields: false, merge: true },
  // `isPrimary` belongs to the customer user: merge each user's list by customerId.
  CustomerIdSummary: { keyFields: false },
  CustomerUser: { fields: { customerIds: { merge(existing = [], incoming, { readField, mergeObjects }) {
    return incoming.map((item) => {
      const old = existing.find((e) => readField("customerId", e) === readField("customerId", item));
      return old ? mergeObjects(old, item) : item;
    });
  } } } },
};

const client = new ApolloClient({
  link: new HttpLink({ uri: `${url}/graphql`, headers: { Authorization: `Bearer ${token}` } }),
  cache: new InMemoryCache(withPolicies ? { typePolicies } : {}),
});

const SETTINGS = gql`
  query Settings {
    viewer {
      id
      widgetSettings { id key pageSize visible position widget { key label } }
    }
  }
`;
const UPDATE = gql`
  mutation Update($input: UpdateWidgetSettingsInput!) {
    updateWidgetSettings(input: $input) {
      clientMutationId
      viewer { id widgetSettings { id key pageSize visible position } }
    }
  }
`;

const before = (await client.query({ query: SETTINGS, fetchPolicy: "network-only" })).data;
const input = {
  clientMutationId: "apollo",
  settings: [
    { key: "CLOSED_TICKETS", position: 1, pageSize: 7 },
    { key: "ASSIGNED_CIS", visible: false },
  ],
};
const payload = (await client.mutate({ mutation: UPDATE, variables: { input } })).data;
const after = (await client.query({ query: SETTINGS, fetchPolicy: "cache-only" })).data ?? null;

// Value types without id, each asked twice with different selections: with the policies
// the second answer merges into the first, without them Apollo warns that data is lost.
const USER_A = gql`
  query UserA($login: String!) {
    customerUser(login: $login) {
      id
      information { login fullName }
      customerIds { customerId isPrimary }
      openTickets(first: 2) { totalCount scopeCounts { all } pageInfo { hasNextPage } nodes { id status { name category } priority { level } } }
      assignedConfigItems(first: 1) { totalCount }
    }
    customerUsers(first: 1) { totalCount }
    ticketStatuses { name category }
    widgets { key label }
  }
`;
const USER_B = gql`
  query UserB($login: String!) {
    customerUser(login: $login) {
      id
      information { email customerId }
      customerIds { customerId inProgressCount closedCount }
      openTickets(first: 2) { scopeCounts { myLocked } pageInfo { endCursor } edges { cursor } }
      assignedConfigItems(first: 1) { nodes { id } }
    }
    customerUsers(first: 1) { nodes { id } }
    ticketStatuses { name }
    widgets { key description }
  }
`;
await client.query({ query: USER_A, variables: { login }, fetchPolicy: "network-only" });
await client.query({ query: USER_B, variables: { login }, fetchPolicy: "network-only" });
const values = (await client.query({ query: USER_A, variables: { login }, fetchPolicy: "cache-only" })).data ?? null;
// Where the cache lacks fields when `values` is null: {field: {subfield: message}}.
const { missing } = client.cache.diff({ query: USER_A, variables: { login }, returnPartialData: true, optimistic: false });

const result = { before, payload, after, values, missing: missing?.missing ?? null, warnings };
process.stdout.write(`${JSON.stringify(result)}\n`);
