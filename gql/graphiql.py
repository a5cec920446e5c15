"""The query GraphiQL opens with (the page itself is built in gql/ui.py)."""

from __future__ import annotations

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
