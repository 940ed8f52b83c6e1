"""Collection settings for the doctests of the package and the docs."""

collect_ignore = ["docs/conf.py", "noxfile.py"]
collect_ignore_glob = ["docs/_build/*", "docs/plugin-example/*", "benchmarks/*", "tools/*", "plugins/*"]
