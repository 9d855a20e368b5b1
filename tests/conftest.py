"""Fixtures every test folder may use; the helpers themselves live in tests/support."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.support.sites import Site, shared_sample


@pytest.fixture
def site(tmp_path: Path) -> Site:
    """An empty throwaway project (content/ with a logo) built into its own output/."""
    return Site(tmp_path / "project")


@pytest.fixture(scope="session")
def sample_output(tmp_path_factory: pytest.TempPathFactory, worker_id: str) -> Path:
    """The sample portal built once for the whole run (all workers), for tests that only read it."""
    base = tmp_path_factory.getbasetemp()
    return shared_sample(base if worker_id == "master" else base.parent)
