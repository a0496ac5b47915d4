"""Build the front-end assets: GOV.UK Frontend compiled with sass into static/build/.

The styles come from npm (package.json pins govuk-frontend and sass). `wsoa demo` calls
`build_assets` when the built files are missing or older than the styles they come from;
`wsoa build_assets --force` rebuilds them.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path
from typing import Protocol

from django.conf import settings

SRC_DIR = Path(settings.SRC_DIR)
PROJECT_DIR = Path(settings.PROJECT_DIR)
SCSS = SRC_DIR / "assets" / "wsoa.scss"
BUILD_DIR = SRC_DIR / "static" / "build"
OUTPUTS = ("wsoa.css", "govuk-frontend.min.js")
GOVUK_JS = Path("node_modules/govuk-frontend/dist/govuk/govuk-frontend.min.js")
SASS_OPTIONS = ["--no-source-map", "--style=compressed", "--quiet-deps", "--load-path=node_modules"]
NODE_HELP = (
    "Node.js and npm are needed to build the page styles (GOV.UK Frontend with sass). "
    "Install Node.js 20 or later (it includes npm), then run `wsoa demo` again."
)


class Writer(Protocol):
    def write(self, text: str, /) -> object: ...


class AssetBuildError(Exception):
    """The assets could not be built; the message says why and what to do."""


def assets_built(build_dir: Path = BUILD_DIR, project_dir: Path = PROJECT_DIR) -> bool:
    """Whether the built files are there and newer than what they are built from (the styles,
    and the npm lock naming GOV.UK Frontend's release): a checkout that brings new styles gets
    them on its next `wsoa demo`, not the last build's."""
    if not _outputs_present(build_dir):
        return False
    built = min((build_dir / name).stat().st_mtime for name in OUTPUTS)
    sources = [*SCSS.parent.glob("*.scss"), project_dir / "package-lock.json"]
    return all(source.stat().st_mtime <= built for source in sources if source.is_file())


def _outputs_present(build_dir: Path) -> bool:
    return all((build_dir / name).is_file() for name in OUTPUTS)


def build_assets(
    *,
    out: Writer,
    force: bool = False,
    project_dir: Path = PROJECT_DIR,
    build_dir: Path = BUILD_DIR,
    npm: str | None = None,
) -> bool:
    """Build the assets unless already built; return True if a build ran.

    Raises AssetBuildError with a plain message when Node/npm is absent or a step fails.
    """
    if assets_built(build_dir, project_dir) and not force:
        return False
    npm = npm or shutil.which("npm")
    if npm is None:
        raise AssetBuildError(NODE_HELP)
    if not (project_dir / "package.json").is_file():
        raise AssetBuildError(f"No package.json in {project_dir}: run this from a wsoa checkout.")
    if not (project_dir / "node_modules" / "govuk-frontend").is_dir():
        out.write("Installing front-end packages with npm (first run only)…")
        command = "ci" if (project_dir / "package-lock.json").is_file() else "install"
        _run([npm, command, "--no-fund", "--no-audit"], project_dir)
    build_dir.mkdir(parents=True, exist_ok=True)
    out.write("Building styles with sass…")
    sass = project_dir / "node_modules" / ".bin" / "sass"
    _run([str(sass), *SASS_OPTIONS, str(SCSS), str(build_dir / "wsoa.css")], project_dir)
    shutil.copyfile(project_dir / GOVUK_JS, build_dir / "govuk-frontend.min.js")
    if not _outputs_present(build_dir):
        raise AssetBuildError(f"The build ran but {build_dir} is missing some of {OUTPUTS}.")
    return True


def _run(command: list[str], cwd: Path) -> None:
    try:
        done = subprocess.run(
            command, cwd=cwd, capture_output=True, text=True, check=False, timeout=600
        )
    except OSError as error:
        raise AssetBuildError(f"Could not run {command[0]}: {error}. {NODE_HELP}") from error
    if done.returncode != 0:
        tail = (done.stderr or done.stdout).strip().splitlines()[-5:]
        raise AssetBuildError(f"`{' '.join(command[1:3])}` failed:\n" + "\n".join(tail))
