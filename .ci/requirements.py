"""Print the project's requirements from pyproject.toml, one a line (for pip install -r -).

    python .ci/requirements.py          # [project] dependencies
    python .ci/requirements.py dev      # ... plus [project.optional-dependencies] dev

The project itself is not a package (``packages = []``), so installing its dependencies
directly avoids building a wheel and leaves no egg-info in the tree. Used by the Makefile
and the Dockerfile.
"""

import sys
import tomllib
from pathlib import Path

project = tomllib.loads((Path(__file__).resolve().parent.parent / "pyproject.toml").read_text("utf-8"))["project"]
requirements = list(project["dependencies"])
for extra in sys.argv[1:]:
    requirements += project.get("optional-dependencies", {})[extra]
print("\n".join(requirements))
