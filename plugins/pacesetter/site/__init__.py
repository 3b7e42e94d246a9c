"""MkDocs plugins: thin adapters that hand the column model to the site."""
