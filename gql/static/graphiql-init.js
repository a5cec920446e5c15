// Starts the vendored GraphiQL (UMD globals React, ReactDOM, GraphiQL) against /graphql.
// The server puts the first query and, in the demo, the demo token's header in #graphiql-config.
(function () {
  "use strict";
  var config = {};
  try {
    config = JSON.parse(document.getElementById("graphiql-config").textContent || "{}");
  } catch (error) {
    config = {};
  }
  var fetcher = GraphiQL.createFetcher({ url: new URL("/graphql", window.location.href).href });
  var props = {
    fetcher: fetcher,
    defaultQuery: config.query || undefined,
    defaultHeaders: config.headers || undefined,
    defaultEditorToolsVisibility: config.headers ? "headers" : false,
    isHeadersEditorEnabled: true,
    // Tokens stay out of localStorage; the demo token comes back with every page load.
    shouldPersistHeaders: false,
  };
  var root = ReactDOM.createRoot(document.getElementById("graphiql"));
  root.render(React.createElement(GraphiQL, props));
})();
