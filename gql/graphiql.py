"""The GraphiQL page, opening with a first query and, in the demo, the demo token."""

from __future__ import annotations

import json
import re

from strawberry.http.ides import get_graphql_ide_html

FIRST_QUERY = """# Welcome to cuic, the Customer User Information Center API.
# Press the play button (Ctrl-Enter) to run this query.
{
  viewer { login fullName }
  customerUsers(first: 3) {
    totalCount
    nodes {
      login
      fullName
      information { email }
      customerIds { customerId name inProgressCount closedCount }
      openTickets(first: 5) { totalCount nodes { number title status { name } } }
    }
  }
}
"""


def graphiql_html(demo_token: str | None) -> str:
    html = get_graphql_ide_html("graphiql")
    html = re.sub(
        r"const EXAMPLE_QUERY = `.*?`;",
        lambda _: "const EXAMPLE_QUERY = " + json.dumps(FIRST_QUERY) + ";",
        html,
        flags=re.DOTALL,
    )
    headers = {"Authorization": f"Bearer {demo_token}"} if demo_token else {}
    html = html.replace(
        "const defaultHeaders = {};",
        "const defaultHeaders = " + json.dumps(headers) + ";",
    )
    return html.replace(
        "React.useState(parameters.headers)",
        "React.useState(parameters.headers || " + json.dumps(json.dumps(headers, indent=2)) + ")",
    )
