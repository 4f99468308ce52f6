"""The package's modification time: moves with the sources (committed or not), else stays put."""
import os
import subprocess

import pytest

from conftest import write
from deckbuilder.timestamps import source_time

COMMITTED = 1_900_000_000  # a commit date later than any file time on the machine running the tests


def git(repo, *args, env=None):
    subprocess.run(["git", "-C", str(repo), *args], check=True, capture_output=True,
                   env={**os.environ, **(env or {})})


@pytest.fixture
def repo(tmp_path):
    git(tmp_path, "init", "-q")
    write(tmp_path / "content/01-a.yaml", "chapter: A\n", mtime=1_600_000_000)
    git(tmp_path, "add", "-A")
    stamp = f"@{COMMITTED} +0000"
    git(tmp_path, "-c", "user.name=t", "-c", "user.email=t@example.org", "commit", "-qm", "x",
        env={"GIT_COMMITTER_DATE": stamp, "GIT_AUTHOR_DATE": stamp})
    return tmp_path


def test_committed_sources_use_the_commit_time_not_file_times(repo):
    os.utime(repo / "content/01-a.yaml", (1_950_000_000, 1_950_000_000))  # a checkout touches files
    assert source_time([repo / "content"]) == COMMITTED


def test_an_uncommitted_edit_moves_the_time_forward(repo):
    write(repo / "content/01-a.yaml", "chapter: B\n", mtime=COMMITTED + 500)
    assert source_time([repo / "content"]) == COMMITTED + 500


def test_a_new_untracked_file_counts_as_an_edit(repo):
    write(repo / "content/02-b.yaml", "chapter: B\n", mtime=COMMITTED + 700)
    assert source_time([repo / "content"]) == COMMITTED + 700


def test_source_date_epoch_wins(repo, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1234567890")
    assert source_time([repo / "content"]) == 1234567890


def test_outside_git_the_newest_file_time_counts(tmp_path):
    write(tmp_path / "content/01-a.yaml", "chapter: A\n", mtime=1_600_000_000)
    write(tmp_path / "content/02-b.yaml", "chapter: B\n", mtime=1_600_000_300)
    assert source_time([tmp_path / "content"]) == 1_600_000_300


def test_an_uncommitted_deletion_moves_the_time_forward(repo):
    write(repo / "content/02-b.yaml", "chapter: B\n")
    git(repo, "add", "-A")
    git(repo, "-c", "user.name=t", "-c", "user.email=t@example.org", "commit", "-qm", "y",
        env={"GIT_COMMITTER_DATE": f"@{COMMITTED} +0000", "GIT_AUTHOR_DATE": f"@{COMMITTED} +0000"})
    (repo / "content/02-b.yaml").unlink()
    os.utime(repo / "content", (COMMITTED + 900, COMMITTED + 900))
    assert source_time([repo / "content"]) == COMMITTED + 900


def commit(repo, message, when):
    stamp = f"@{when} +0000"
    git(repo, "-c", "user.name=t", "-c", "user.email=t@example.org", "commit", "-qm", message,
        env={"GIT_COMMITTER_DATE": stamp, "GIT_AUTHOR_DATE": stamp})


def test_work_merged_from_a_branch_counts_at_the_merge_time(repo):
    """A branch commit older than main's newest one must not give its files an older time once merged,
    or users who built main in between would never receive the change."""
    git(repo, "checkout", "-q", "-b", "topic")
    write(repo / "content/02-b.yaml", "chapter: B\n")
    git(repo, "add", "-A")
    commit(repo, "branch work", COMMITTED + 10)
    git(repo, "checkout", "-q", "-")
    write(repo / "content/03-c.yaml", "chapter: C\n")
    git(repo, "add", "-A")
    commit(repo, "main work", COMMITTED + 20)
    stamp = f"@{COMMITTED + 30} +0000"
    git(repo, "-c", "user.name=t", "-c", "user.email=t@example.org", "merge", "-q", "--no-ff", "-m", "merge",
        "topic", env={"GIT_COMMITTER_DATE": stamp, "GIT_AUTHOR_DATE": stamp})
    assert source_time([repo / "content/02-b.yaml"]) == COMMITTED + 30
    assert source_time([repo / "content/03-c.yaml"]) == COMMITTED + 20
    assert source_time([repo / "content/01-a.yaml"]) == COMMITTED
