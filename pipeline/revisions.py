"""Sources of a project at a Git revision, and who changed what between two revisions.

A redline (``pipeline diff``) builds a document twice, once per revision. A
revision is materialised with ``git archive`` into a private temporary folder,
so neither the working tree nor ``output/`` is touched. The newer revision may
be the working tree itself (``None``), read where it stands.

Authors and dates of changes come from the commits between the revisions
(:func:`contributions`). Changes not yet committed are signed with
``git config user.name`` and dated ``SOURCE_DATE_EPOCH`` if set, else with the
newest modification time of the changed files: never the clock, so the same
tree gives the same redline.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import os
import re
import subprocess
import tarfile
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from pipeline.errors import PipelineError
from pipeline.project import Project

#: the folders of a project a build reads
PROJECT_FOLDERS = ("sources", "templates")
#: how the working tree is named in output names and messages
WORKING_TREE = "pracovni-kopie"


@dataclass(frozen=True)
class Revision:
    """A revision as the user named it, resolved to a commit (None: the working tree)."""

    name: str
    commit: str | None

    @property
    def label(self) -> str:
        """Return the name made safe for a file name (``HEAD~1`` → ``HEAD-1``, ``HEAD^^`` → ``HEAD-2``).

        Each ``^`` counts as one step back, so that different revisions never
        share an output name.
        """
        if self.commit is None:
            return WORKING_TREE
        name = re.sub(r"\^+", lambda carets: f"~{len(carets.group())}", self.name)
        return re.sub(r"[^A-Za-z0-9._-]+", "-", name).strip("-") or self.commit[:10]

    @property
    def shown(self) -> str:
        """Return the name as messages show it."""
        return "pracovní kopie" if self.commit is None else self.name


@dataclass(frozen=True)
class Stamp:
    """Who made a change and when (ISO 8601 in UTC, as Word's ``w:date`` wants)."""

    author: str
    date: str


@dataclass
class Contribution:
    """One commit (or the uncommitted work) with the words it added and removed."""

    stamp: Stamp
    added: set[str] = field(default_factory=set)
    removed: set[str] = field(default_factory=set)


def _git(root: Path, *args: str, binary: bool = False) -> subprocess.CompletedProcess:
    """Run git in ``root``; the caller checks the return code.

    Paths come back as they are (``core.quotePath=false``): Czech file names
    would otherwise be quoted in octal escapes and match no file.
    """
    command = ["git", "-c", "core.quotePath=false", *args]
    try:
        return subprocess.run(command, cwd=root, capture_output=True, text=not binary, check=False)
    except OSError:
        raise PipelineError("program git nebyl nalezen (nainstalujte jej)") from None


class Repository:
    """The Git repository that holds a project, and the project's place in it."""

    def __init__(self, project: Project) -> None:
        result = _git(project.root, "rev-parse", "--show-toplevel")
        if result.returncode != 0:
            raise PipelineError(f"složka {project.root} není v repozitáři Git (porovnání verzí potřebuje Git)")
        self.project = project
        self.root = Path(result.stdout.strip())
        prefix = project.root.resolve().relative_to(self.root.resolve()).as_posix()
        #: the project's folder inside the repository, "" at its top
        self.prefix = "" if prefix == "." else prefix

    def resolve(self, name: str | None) -> Revision:
        """Return the revision ``name`` (None: the working tree); raise for an unknown one."""
        if name is None:
            return Revision(WORKING_TREE, None)
        result = _git(self.root, "rev-parse", "--verify", "--quiet", "--end-of-options", f"{name}^{{commit}}")
        if result.returncode != 0 or not name.strip():
            raise PipelineError(f"neznámá revize '{name}' (zadejte commit, větev nebo značku, např. HEAD~1)")
        return Revision(name, result.stdout.strip())

    def is_revision(self, name: str) -> bool:
        """Return True if ``name`` names a commit."""
        return _git(self.root, "rev-parse", "--verify", "--quiet", "--end-of-options", f"{name}^{{commit}}").returncode == 0

    @contextlib.contextmanager
    def checkout(self, revision: Revision) -> Iterator[Project]:
        """Yield the project as it was at ``revision``, in a temporary folder removed afterwards."""
        if revision.commit is None:
            yield self.project
            return
        tree = f"{revision.commit}:{self.prefix}" if self.prefix else revision.commit
        listing = _git(self.root, "ls-tree", "--name-only", tree)
        present = [name for name in PROJECT_FOLDERS if name in listing.stdout.split("\n")]
        if "sources" not in present:
            raise PipelineError(f"ve verzi {revision.shown} není složka sources/ (zvolte novější revizi)")
        archive = _git(self.root, "archive", "--format=tar", tree, *present, binary=True)
        if archive.returncode != 0:
            raise PipelineError(f"verzi {revision.shown} nelze z Gitu vybalit: {archive.stderr.decode(errors='replace').strip()}")
        with tempfile.TemporaryDirectory(prefix="pipeline-revize-") as folder:
            with tarfile.open(fileobj=io.BytesIO(archive.stdout)) as tar:
                try:
                    tar.extractall(folder, filter="data")
                except tarfile.FilterError as exc:  # e.g. a committed link pointing outside the project
                    raise PipelineError(
                        f"ve verzi {revision.shown} je '{exc.tarinfo.name}' odkaz mimo projekt; zdroje jej nesmějí obsahovat"
                    ) from None
            yield Project(Path(folder))

    def epoch(self, revision: Revision, sources: list[Path]) -> int:
        """Return the build moment of ``revision``: SOURCE_DATE_EPOCH, else its commit time."""
        from pipeline.inputs import source_date_epoch

        if revision.commit is None or os.environ.get("SOURCE_DATE_EPOCH") is not None:
            return source_date_epoch(self.project.root, sources)
        return int(_git(self.root, "log", "-1", "--format=%ct", revision.commit).stdout.strip())

    def changed_paths(self, old: Revision, new: Revision) -> list[str]:
        """Return the project-relative paths that differ between the revisions (new files included)."""
        commits = [commit for commit in (old.commit, new.commit) if commit]
        names = _git(self.project.root, "diff", "--name-only", "--no-renames", "--relative", *commits,
                     "--", *PROJECT_FOLDERS).stdout.split("\n")
        if new.commit is None:
            names += self._untracked()
        return sorted({name for name in names if name})

    def _untracked(self) -> list[str]:
        return _git(self.project.root, "ls-files", "--others", "--exclude-standard", "--", *PROJECT_FOLDERS).stdout.split("\n")

    def contributions(self, old: Revision, new: Revision) -> list[Contribution]:
        """Return the commits after ``old`` up to ``new`` (oldest first) with the words they changed.

        The working tree adds one contribution for what is not committed yet.
        """
        head = new.commit or "HEAD"
        log = _git(
            self.project.root, "log", "--reverse", "--no-merges", "--no-color", "--no-renames", "--relative",
            "-U0", "--format=%x01%an%x00%aI", "-p", f"{old.commit}..{head}", "--", *PROJECT_FOLDERS,
        )
        found = []
        for entry in log.stdout.split("\x01")[1:]:
            header, _, patch = entry.partition("\n")
            author, _, date = header.partition("\x00")
            found.append(_contribution(Stamp(author, _utc(date)), patch))
        if new.commit is None:
            patch = _git(self.project.root, "diff", "--no-color", "--relative", "-U0", "HEAD", "--", *PROJECT_FOLDERS).stdout
            untracked = [self.project.root / name for name in self._untracked() if name]
            for path in untracked:
                with contextlib.suppress(OSError, UnicodeDecodeError):
                    patch += "".join(f"+{line}\n" for line in path.read_text(encoding="utf-8").split("\n"))
            if patch.strip():
                changed = [self.project.root / name for name in self._changed_in_tree()] + untracked
                found.append(_contribution(self._working_stamp(changed), patch))
        return found

    def _changed_in_tree(self) -> list[str]:
        return [n for n in _git(self.project.root, "diff", "--name-only", "--relative", "HEAD").stdout.split("\n") if n]

    def _working_stamp(self, changed: list[Path]) -> Stamp:
        """Sign uncommitted work: the configured user, dated SOURCE_DATE_EPOCH or the newest change."""
        author = _git(self.root, "config", "user.name").stdout.strip() or "neznámý autor"
        from pipeline.inputs import source_date_epoch

        if os.environ.get("SOURCE_DATE_EPOCH") is not None:
            epoch = source_date_epoch(self.project.root, [])  # validated once, in one place
        else:
            epoch = max((int(path.stat().st_mtime) for path in changed if path.exists()), default=0)
        return Stamp(author, dt.datetime.fromtimestamp(epoch, dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ"))

    def last_stamp(self, new: Revision) -> Stamp:
        """Return the stamp of ``new`` itself, for changes no commit explains."""
        if new.commit is None:
            return self._working_stamp([])
        author, _, date = _git(self.root, "log", "-1", "--format=%an%x00%aI", new.commit).stdout.strip().partition("\x00")
        return Stamp(author, _utc(date))


def _utc(iso: str) -> str:
    """Return an ISO 8601 moment with offset as UTC with ``Z``."""
    moment = dt.datetime.fromisoformat(iso.strip())
    return moment.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def words(text: str) -> set[str]:
    """Return the lower-cased words of ``text`` (two letters or more), for matching changes to commits."""
    return {word for word in re.findall(r"\w{2,}", text.lower())}


def _contribution(stamp: Stamp, patch: str) -> Contribution:
    """Return the contribution of ``stamp`` with the words of the patch's added and removed lines."""
    contribution = Contribution(stamp)
    for line in patch.split("\n"):
        if line.startswith("+") and not line.startswith("+++"):
            contribution.added |= words(line[1:])
        elif line.startswith("-") and not line.startswith("---"):
            contribution.removed |= words(line[1:])
    return contribution


def attribute(contributions: list[Contribution], fallback: Stamp, text: str, inserted: bool) -> Stamp:
    """Return the stamp of the contribution that most likely made a change of ``text``.

    The commit whose added (for an insertion) or removed (for a deletion) lines
    share the most words with the change wins; the newest wins a tie. Generated
    text (numbers, lists) that no commit explains gets ``fallback``.
    """
    wanted = words(text)
    best, best_score = fallback, 0
    for contribution in contributions:
        score = len(wanted & (contribution.added if inserted else contribution.removed))
        if score and score >= best_score:
            best, best_score = contribution.stamp, score
    return best
