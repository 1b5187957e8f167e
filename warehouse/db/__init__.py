"""The database itself: connections to a file or a DuckLake, offline extensions, migrations, the SQL sandbox."""
