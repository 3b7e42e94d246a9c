"""Publishing a built site: the build manifest, releases on one or more hosts, rollback."""
