"""The hub's layout comes from the environment with safe defaults; bad values are one clear line."""

from __future__ import annotations

from pathlib import Path

import pytest

from ctcourse.errors import HubError
from ctcourse.hub import memory
from ctcourse.hub.layout import HubLayout, memory_bytes
from ctcourse.trainee_ids import valid_hub_name


def test_defaults_suit_one_dedicated_machine() -> None:
    layout = HubLayout.from_env({})
    assert layout.course == Path("/srv/ctcourse/course")
    assert layout.exchange == Path("/srv/nbgrader/exchange")
    assert layout.url == "http://127.0.0.1:8000"
    assert (layout.mem_limit, layout.idle_timeout, layout.trainers) == ("1G", 3600, ())


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"CTCOURSE_MEM_LIMIT": "lots"}, "CTCOURSE_MEM_LIMIT='lots': expected a size"),
        ({"HUB_PORT": "80a"}, "HUB_PORT='80a': expected a whole number"),
        ({"CTCOURSE_TRAINERS": "olena, Taras"}, "CTCOURSE_TRAINERS: 'Taras' is not a valid"),
        ({"CTCOURSE_HUB_DIR": "srv"}, "hub folder srv: must be an absolute path"),
    ],
)
def test_bad_settings_name_the_variable(env: dict[str, str], message: str) -> None:
    with pytest.raises(HubError, match=message.replace("(", r"\(")) as caught:
        HubLayout.from_env(env)
    assert "\n" not in str(caught.value)


def test_sizes_and_names() -> None:
    assert memory_bytes("512M") == 512 * 1024**2
    assert memory_bytes("2g") == 2 * 1024**3
    assert (
        valid_hub_name("olena-k") and not valid_hub_name("root;rm") and not valid_hub_name("Olena")
    )


def test_cgroup_detection_reads_this_process_cgroup(tmp_path: Path) -> None:
    """v1: the memory hierarchy's folder of our own cgroup gets a ctcourse-hub folder."""
    (tmp_path / "memory" / "job" / "7").mkdir(parents=True)
    found = memory.detect(tmp_path, own="4:memory:/job/7\n0::/\n")
    assert found is not None
    assert found.parent == tmp_path / "memory" / "job" / "7" / memory.GROUP_NAME
    group = found.create("olena", 1024**3)
    assert (group / "memory.limit_in_bytes").read_text() == str(1024**3)
    assert memory.detect(tmp_path / "nothing", own="0::/\n") is None
