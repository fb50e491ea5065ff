"""Build the compiled part of wikisync (everything else is configured in pyproject.toml)."""

from Cython.Build import cythonize
from setuptools import Extension, setup

setup(
    ext_modules=cythonize(
        [Extension("wikisync.matching._augment", ["wikisync/matching/_augment.pyx"])],
        language_level=3,
    )
)
