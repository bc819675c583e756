"""The points fixtures, for the tests here that publish a ranking (the outbox, the killed worker)."""

from tests.points.conftest import points  # noqa: F401
