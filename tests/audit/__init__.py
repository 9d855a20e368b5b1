"""The quality gates of `make audit` (portal_audit) and the tests that they can fail."""
