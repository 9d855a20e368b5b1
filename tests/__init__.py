"""The ward portal's tests: a package, so tests and tools import helpers as `tests.support.…`."""
