"""Use cases that combine the pure domain with storage. The CLI and the web app call these."""
