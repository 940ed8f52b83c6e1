"""Collection settings for the doctests of the package and the docs."""

collect_ignore = ["docs/conf.py", "noxfile.py"]
collect_ignore_glob = ["docs/_build/*", "docs/plugin-example/*", "benchmarks/*", "tools/*", "plugins/*"]


def pytest_configure(config):
    """Keep the test run's caches (the unit registry's, the unit memo) in a folder of its own.

    A test run neither reads what earlier runs or the user left in the
    user's cache folder nor writes there; tests of the cache set their own.
    """
    import os
    import tempfile

    if "GHGCORE_CACHE_DIR" not in os.environ:
        os.environ["GHGCORE_CACHE_DIR"] = tempfile.mkdtemp(prefix="ghgcore-test-cache-")
