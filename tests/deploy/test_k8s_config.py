"""The Kubernetes config passes the Zero to JupyterHub chart's own schema, its Python snippets
run, its image carries no answer key; the training-centre hub config follows the course language."""

from __future__ import annotations

import copy
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import jsonschema
import pytest
import yaml
from traitlets.config import Config

from .hubserver import REPO

Z2JH = REPO.parent / "shared" / "reference" / "z2jh"
CONFIG = REPO / "deploy" / "k8s" / "config.yaml"


def deep_merge(base: dict, override: dict) -> dict:
    """The chart's rule: maps merge key by key; lists and scalars replace."""
    merged = copy.deepcopy(base)
    for key, value in override.items():
        if isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key] = deep_merge(merged[key], value)
        else:
            merged[key] = copy.deepcopy(value)
    return merged


@pytest.fixture(scope="module")
def chart() -> tuple[dict, dict]:
    if not (Z2JH / "values.schema.yaml").exists():
        pytest.skip(f"{Z2JH} is missing (the chart's values and schema)")
    values = yaml.safe_load((Z2JH / "values.yaml").read_text("utf-8"))
    schema = yaml.safe_load((Z2JH / "values.schema.yaml").read_text("utf-8"))
    return values, schema


@pytest.fixture(scope="module")
def config() -> dict[str, Any]:
    return yaml.safe_load(CONFIG.read_text("utf-8"))


def test_config_merged_over_the_chart_values_passes_the_chart_schema(chart, config) -> None:
    values, schema = chart
    jsonschema.validate(deep_merge(values, config), schema)


def test_the_schema_check_catches_a_misspelt_key(chart, config) -> None:
    values, schema = chart
    broken = deep_merge(config, {"singleuser": {"memmory": {"limit": "1G"}}})
    with pytest.raises(jsonschema.ValidationError, match="memmory"):
        jsonschema.validate(deep_merge(values, broken), schema)


def _spawner(user_id: int, *groups: str) -> SimpleNamespace:
    user = SimpleNamespace(id=user_id, groups=[SimpleNamespace(name=g) for g in groups])
    return SimpleNamespace(user=user, environment={}, volumes=[], volume_mounts=[])


def test_every_hub_extra_config_snippet_runs(config) -> None:
    c = Config()
    c.JupyterHub.services = [{"name": "ctcourse-admin", "api_token": "from-the-chart"}]
    namespace: dict[str, Any] = {"c": c, "get_config": lambda: c}
    snippets = config["hub"]["extraConfig"]
    for name in sorted(snippets):  # the chart runs them in this order
        exec(compile(snippets[name], f"hub.extraConfig.{name}", "exec"), namespace)
    assert set(c.JupyterHub.load_groups) == {"trainers", "trainees"}

    uid, gid, hook = c.KubeSpawner.uid, c.KubeSpawner.gid, c.KubeSpawner.pre_spawn_hook
    trainee, other, trainer = _spawner(7), _spawner(8), _spawner(9, "trainers")
    assert uid(trainee) != uid(other), "trainees must not share a uid on the exchange volume"
    assert gid(trainee) == uid(trainee), "a trainee's group is private"
    assert gid(trainer) == 2000
    hook(trainee)
    hook(trainer)
    assert trainee.environment["CTCOURSE_ROLE"] == "trainee" and not trainee.volume_mounts
    assert trainer.environment["CTCOURSE_ROLE"] == "trainer"
    assert [m["mountPath"] for m in trainer.volume_mounts] == ["/srv/ctcourse/course"]


def test_admin_token_snippet_uses_the_environment(config, monkeypatch) -> None:
    monkeypatch.setenv("CTCOURSE_HUB_TOKEN", "token-from-secret")
    c = Config()
    c.JupyterHub.services = [{"name": "ctcourse-admin", "api_token": "from-the-chart"}]
    exec(config["hub"]["extraConfig"]["ctcourse-admin-token"], {"c": c})
    assert c.JupyterHub.services[0]["api_token"] == "token-from-secret"


def test_the_image_copies_no_answer_key_or_gradebook() -> None:
    lines = (REPO / "deploy" / "k8s" / "Dockerfile").read_text("utf-8").splitlines()
    sources = [
        path for line in lines if line.startswith(("COPY", "ADD")) for path in line.split()[1:-1]
    ]
    assert "src" in sources and "environment.yml" in sources
    assert not {".", "./", "source", "source/", "release", "release/"} & set(sources)
    assert all(not path.endswith(".db") for path in sources)


@pytest.mark.parametrize(("language", "locale"), [("uk", "uk_UA"), ("en", "en")])
def test_hub_lab_language_follows_the_course(tmp_path: Path, monkeypatch, language, locale) -> None:
    course = tmp_path / "srv" / "course"
    course.mkdir(parents=True)
    manifest = yaml.safe_load((REPO / "course.yml").read_text("utf-8")) | {"language": language}
    (course / "course.yml").write_text(yaml.safe_dump(manifest), "utf-8")
    monkeypatch.setenv("CTCOURSE_HUB_DIR", str(tmp_path / "srv"))
    c = Config()
    hub_config = REPO / "deploy" / "hub" / "jupyterhub_config.py"
    exec(compile(hub_config.read_text("utf-8"), str(hub_config), "exec"),
         {"get_config": lambda: c, "__file__": str(hub_config)})  # fmt: skip
    environment = c.Spawner.environment
    assert environment["CTCOURSE_LANG"] == language
    settings = Path(environment["CTCOURSE_LAB_SETTINGS"]) / "overrides.json"
    chosen = yaml.safe_load(settings.read_text("utf-8"))
    assert chosen["@jupyterlab/translation-extension:plugin"]["locale"] == locale
    if locale != "en":  # the language pack for it is installed by the hub extra
        pack = pytest.importorskip(f"jupyterlab_language_pack_{locale}")
        assert (Path(pack.__file__).parent / "locale" / locale).is_dir()
