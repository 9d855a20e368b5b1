"""Quality gates of the ward portal (`make audit`): the site as validators and a browser see it.

Each gate judges the sample site built into a temporary folder and served on 127.0.0.1, prints
its problems and then one summary line with its figure, and fails when its bar is missed.
The gates are plain functions so tests/audit/test_gates_can_fail.py can run each one on a
deliberately broken copy of a page.
"""
