"""Helpers shared by the tests, the audit (tests/audit) and docs/screenshots.py.

servers: free ports and server processes polled until they answer; browser: Debian's Chromium
driven by Playwright; sites: throwaway projects built by the real pelican, and the sample site.
Run from the project folder (pytest, `python -m docs.screenshots`, `python -m tests.audit.run`),
`tests` is importable as a package with no change to sys.path.
"""
