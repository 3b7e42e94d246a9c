"""Tools for editors: the scaffold of new files (and, later, Excel import and export)."""
