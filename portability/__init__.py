"""A person's data, out and back in: export to JSON and CSV, import JSON, all or nothing.

- ``export``: everything one person owns as one JSON document (docs/export-schema.md).
- ``spreadsheet``: the same as a zip of CSV files, one per kind of entry, in local times.
- ``importing``: a file back into an account, validated record by record with forms; entries
  already there (same ids) are skipped, and nothing is saved unless every record is good.

Plain Python around the ORM: the views and the management commands are thin wrappers.
"""

# Version 2 added "experiments" (issue 16) and "day_factors" (issue 15); version 3 added
# "night_answers" (issue 17); version 4 added "recipes" and "usual_supplements" (issue 24).
# Older files (without them) still import.
SCHEMA_VERSION = 4
READABLE_VERSIONS = (1, 2, 3, 4)
