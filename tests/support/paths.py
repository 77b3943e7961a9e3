"""Where the repository and the test tree are, for tests that read files (catalogs, data,
benchmarks, deployment files) wherever the test module sits."""

from pathlib import Path

TESTS = Path(__file__).resolve().parents[1]
ROOT = TESTS.parent
