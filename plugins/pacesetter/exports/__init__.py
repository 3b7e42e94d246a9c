"""What the column publishes besides pages: the Atom feed and the data downloads."""
