"""The Kubernetes config passes the Zero to JupyterHub chart's own schema, its Python snippets
run, its image carries no answer key; the training-centre hub config follows the course language."""

from __future__ import annotations

import copy
import os
import shutil
import subprocess
import tempfile
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import jsonschema
import pytest
import yaml
from traitlets.config import Config

from .hubserver import REPO

K8S = REPO / "deploy" / "k8s"
Z2JH = K8S / "vendor" / "z2jh"
CONFIG = K8S / "config.yaml"
TRAINERS_GID = 2000


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
    return SimpleNamespace(
        user=user,
        environment={},
        volumes=[],
        volume_mounts=[],
        extra_labels={},
        init_containers=[],
        image="registry.example.org/ctcourse/singleuser:0.1.0",
    )


def _hook(config: dict[str, Any]) -> Config:
    c = Config()
    c.JupyterHub.services = [{"name": "ctcourse-admin", "api_token": "from-the-chart"}]
    namespace: dict[str, Any] = {"c": c, "get_config": lambda: c}
    for name in sorted(config["hub"]["extraConfig"]):  # the chart runs them in this order
        exec(compile(config["hub"]["extraConfig"][name], name, "exec"), namespace)
    return c


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


def test_no_admin_name_can_be_claimed_at_sign_up(chart, config) -> None:
    hub = deep_merge(chart[0], config)["hub"]
    assert "admin_users" not in hub["config"]["Authenticator"]  # NativeAuthenticator approves them
    admin = {"admin:users", "admin:servers", "tokens", "admin:groups"}
    for name, role in hub["loadRoles"].items():
        if admin & set(role["scopes"]):
            assert not role.get("users"), f"role {name} is given to a user name"
    assert hub["loadRoles"]["ctcourse-admin"]["services"] == ["ctcourse-admin"]
    token = hub["extraEnv"]["CTCOURSE_HUB_TOKEN"]["valueFrom"]["secretKeyRef"]
    assert token["name"] == hub["existingSecret"]


def test_the_gradebook_url_reaches_trainers_servers_only(config) -> None:
    assert "CTCOURSE_DB_URL" not in config["singleuser"]["extraEnv"]
    hook = _hook(config).KubeSpawner.pre_spawn_hook
    trainee, trainer = _spawner(7), _spawner(9, "trainers")
    hook(trainee)
    hook(trainer)
    assert "CTCOURSE_DB_URL" not in trainee.environment
    secret = trainer.environment["CTCOURSE_DB_URL"]["valueFrom"]["secretKeyRef"]
    assert secret == {"name": "ctcourse-gradebook", "key": "url"}
    assert trainee.extra_labels["ctcourse/role"] == "trainee"
    assert trainer.extra_labels["ctcourse/role"] == "trainer"
    owner = trainee.init_containers[0]["command"][-1]
    assert owner.startswith("chown 100007:100007 /home/jovyan")


def _selects(selector: dict, labels: dict[str, str]) -> bool:
    if any(labels.get(k) != v for k, v in selector.get("matchLabels", {}).items()):
        return False
    return all(labels.get(e["key"]) in e["values"] for e in selector.get("matchExpressions", []))


def _reaches_database(source: dict[str, str], chart_values: dict) -> bool:
    """Whether a pod with these labels may open TCP 5432 on the database pod, by the chart's
    private-address rule for user pods and the policies in networkpolicy.yaml."""
    policies = list(yaml.safe_load_all((K8S / "networkpolicy.yaml").read_text("utf-8")))
    database = {"app.kubernetes.io/name": "postgresql"}
    user_pod = source.get("component") == "singleuser-server"
    rules = chart_values["singleuser"]["networkPolicy"]["egressAllowRules"]
    egress = not user_pod or rules["privateIPs"]
    ingress = False
    for policy in policies:
        spec = policy["spec"]
        for rule in spec.get("egress", []) if _selects(spec["podSelector"], source) else []:
            to = any(_selects(peer["podSelector"], database) for peer in rule["to"])
            egress |= to and {"protocol": "TCP", "port": 5432} in rule["ports"]
        for rule in spec.get("ingress", []) if _selects(spec["podSelector"], database) else []:
            ingress |= any(_selects(peer["podSelector"], source) for peer in rule["from"])
    return egress and ingress


def test_network_policies_let_exactly_trainers_the_grader_and_the_hub_reach_the_gradebook(
    chart, config
) -> None:
    values = deep_merge(chart[0], config)
    server = {"component": "singleuser-server"}
    assert _reaches_database(server | {"ctcourse/role": "trainer"}, values)
    assert _reaches_database({"ctcourse/role": "grader"}, values)
    assert _reaches_database({"component": "hub"}, values)
    assert not _reaches_database(server | {"ctcourse/role": "trainee"}, values)
    assert not _reaches_database({"component": "proxy"}, values)


def test_no_fsgroup_opens_the_exchange_to_every_pod(chart, config) -> None:
    assert deep_merge(chart[0], config)["singleuser"]["fsGid"] is None


def _as(uid: int, gid: int, script: str) -> subprocess.CompletedProcess:
    command = ["setpriv", f"--reuid={uid}", f"--regid={gid}", "--clear-groups", "sh", "-c"]
    return subprocess.run([*command, script], capture_output=True, text=True)


@pytest.mark.skipif(os.geteuid() != 0, reason="the exchange's modes are checked as several uids")
def test_the_exchange_modes_keep_submissions_from_other_trainees() -> None:
    top = Path(tempfile.mkdtemp(prefix="ctcourse-exchange-"))  # reachable by every uid
    top.chmod(0o755)
    exchange = top / "exchange"
    init = K8S / "exchange-init.sh"
    subprocess.run(["sh", str(init), str(exchange), "ctcourse", str(TRAINERS_GID)], check=True)
    inbound = exchange / "ctcourse" / "inbound"
    alice, bob, trainer = (100007, 100007), (100008, 100008), (100009, TRAINERS_GID)
    # As nbgrader submits: a folder with a random part in its name, files 0644, dirs 0755.
    submitted = inbound / "alice+consent+2026-12-06+3f2a9c"
    made = _as(*alice, f"mkdir -m 0755 {submitted} && echo mine > {submitted}/a.ipynb")
    assert made.returncode == 0, made.stderr
    assert submitted.stat().st_gid == TRAINERS_GID  # the setgid bit: trainers' group
    assert _as(*bob, f"ls {inbound}").returncode != 0  # bob cannot list the inbound
    assert _as(*bob, f"touch {exchange}/ctcourse/outbound/x").returncode != 0
    assert _as(*trainer, f"ls {inbound}").stdout.split() == [submitted.name]
    assert _as(*trainer, f"cat {submitted}/a.ipynb").stdout == "mine\n"
    assert oct(inbound.stat().st_mode & 0o7777) == "0o2773"
    assert _as(*bob, f"mv {exchange}/ctcourse {exchange}/mine").returncode != 0  # sticky root
    feedback = exchange / "ctcourse" / "feedback"
    assert _as(*bob, f"ls {feedback}").returncode != 0
    shutil.rmtree(top)


def test_the_exchange_init_job_prepares_the_volume_every_pod_mounts(config) -> None:
    job = yaml.safe_load((K8S / "exchange-init-job.yaml").read_text("utf-8"))["spec"]["template"]
    container = job["spec"]["containers"][0]
    claims = {v["name"]: v["persistentVolumeClaim"]["claimName"] for v in job["spec"]["volumes"]
              if "persistentVolumeClaim" in v}  # fmt: skip
    pods = config["singleuser"]["storage"]["extraVolumes"][0]["persistentVolumeClaim"]
    assert claims == {"exchange": pods["claimName"]}
    mount = next(m for m in container["volumeMounts"] if m["name"] == "exchange")
    exchange = config["singleuser"]["extraEnv"]["CTCOURSE_EXCHANGE"]
    assert container["command"][2:] == [exchange, "ctcourse", str(TRAINERS_GID)]
    assert mount["mountPath"] == exchange
