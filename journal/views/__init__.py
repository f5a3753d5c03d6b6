"""The journal's pages: a day (Today is the current one), quick entry, editing, history.

Every action is a real form that posts and redirects, so the journal works without
JavaScript; with htmx the same views answer with the fragment to swap and announce the
change with a "journalChanged" event, which the totals and the entry list listen for.

Each view reads as form, service, response: it fetches what it changes through the signed-in
person's own querysets (a stranger gets 404), validates a form, calls ``journal.services``
and answers. By concept: ``day`` (a day's page, its completeness, the night question),
``entries`` (cramps, drinks, exercise, supplements; delete and undo), ``meals`` (foods into
meals), ``factors`` (the person's own day factors) and ``history``.
"""
