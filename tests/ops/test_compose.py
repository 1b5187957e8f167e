"""docker-compose.yml and the Dockerfile agree with the code: commands, flags, ports, volumes, health.

No Docker engine is needed: the files are parsed and checked against the CLI parser.
"""

from __future__ import annotations

import re
import shlex
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import yaml

from flows.cli import build_parser
from flows.config import load_sources_file

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def compose() -> dict:
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text(encoding="utf-8"))


def _argv(value: str | list[str]) -> list[str]:
    return shlex.split(value) if isinstance(value, str) else list(value)


def _flag(argv: list[str], name: str) -> str:
    return argv[argv.index(name) + 1]


def _mount(spec: str) -> tuple[str, str, list[str]]:
    """SOURCE:TARGET[:MODE], where SOURCE may be a `${VAR:-default}` with a colon of its own."""
    source = re.match(r"\$\{[^}]*\}|[^:]*", spec).group(0)
    target, *mode = spec[len(source) + 1 :].split(":")
    return source, target, mode


def _is_path(source: str) -> bool:
    return source.startswith((".", "/", "$"))


def test_services_and_images(compose):
    services = compose["services"]
    assert set(services) == {"postgres", "prefect", "mediamon", "worker", "register"}
    # A plain `docker compose up` starts serve; the work-pool services need `--profile pool`.
    assert {name for name, service in services.items() if "profiles" not in service} == {"postgres", "prefect", "mediamon"}
    assert services["worker"]["profiles"] == services["register"]["profiles"] == ["pool"]
    assert services["postgres"]["image"].startswith("postgres:")
    for name in ("prefect", "mediamon", "worker", "register"):  # one image: server and client run the same Prefect
        assert services[name]["build"] == "."
        assert services[name]["image"] == services["mediamon"]["image"]


def test_mediamon_command_parses_with_the_cli(compose):
    argv = _argv(compose["services"]["mediamon"]["command"])
    assert argv[0] == "serve"
    args = build_parser().parse_args(argv)  # unknown subcommands or flags raise CliError
    assert args.command == "serve"
    assert args.sources == "/config/sources.toml" and args.db == "/data/mediamon.duckdb"


def test_pool_services_agree_on_the_pool_and_the_files(compose):
    services = compose["services"]
    worker = _argv(services["worker"]["entrypoint"]) + _argv(services["worker"]["command"])
    assert worker[:3] == ["prefect", "worker", "start"] and _flag(worker, "--type") == "process"
    assert services["worker"]["deploy"]["replicas"] >= 2
    register = build_parser().parse_args(_argv(services["register"]["command"]))
    assert register.command == "deploy" and register.pool == _flag(worker, "--pool") and register.shards >= 2
    serve = build_parser().parse_args(_argv(services["mediamon"]["command"]))
    assert (register.sources, register.db) == (serve.sources, serve.db)
    assert services["register"]["restart"] == "on-failure", "it waits for a worker to create the pool"
    # The flow runs execute inside the workers: they need the warehouse and the sources file.
    assert set(services["worker"]["volumes"]) == set(services["mediamon"]["volumes"])
    assert [v for v in services["register"]["volumes"] if v.endswith(":/config/sources.toml:ro")]


@pytest.mark.parametrize("service", ["mediamon", "worker", "register"])
def test_prefect_api_url_points_at_the_prefect_service(compose, service):
    services = compose["services"]
    url = urlsplit(services[service]["environment"]["PREFECT_API_URL"])
    prefect_argv = _argv(services["prefect"]["entrypoint"]) + _argv(services["prefect"]["command"])
    assert prefect_argv[:3] == ["prefect", "server", "start"]
    assert _flag(prefect_argv, "--host") == "0.0.0.0"
    port = int(_flag(prefect_argv, "--port")) if "--port" in prefect_argv else 4200
    assert (url.hostname, url.port, url.path) == ("prefect", port, "/api")
    assert any(str(p).endswith(f":{port}") for p in services["prefect"]["ports"])
    health = " ".join(_argv(services["prefect"]["healthcheck"]["test"]))
    assert f"localhost:{port}/api/health" in health


def test_prefect_database_is_the_postgres_service(compose):
    services = compose["services"]
    db_url = urlsplit(services["prefect"]["environment"]["PREFECT_API_DATABASE_CONNECTION_URL"])
    pg = services["postgres"]["environment"]
    assert db_url.scheme == "postgresql+asyncpg"
    assert (db_url.hostname, db_url.port) == ("postgres", 5432)
    assert (db_url.username, db_url.password, db_url.path) == (pg["POSTGRES_USER"], pg["POSTGRES_PASSWORD"], "/" + pg["POSTGRES_DB"])


def test_volumes_declared_and_mounted_where_the_command_looks(compose):
    declared = set(compose["volumes"])
    mediamon = compose["services"]["mediamon"]
    argv = _argv(mediamon["command"])
    mounts = {}
    for service in compose["services"].values():
        for spec in service.get("volumes", []):
            source = _mount(spec)[0]
            assert _is_path(source) or source in declared, f"volume {source} is not declared"
    for spec in mediamon["volumes"]:
        source, target, mode = _mount(spec)
        mounts[target] = (source, mode)
    data_dir = str(Path(_flag(argv, "--db")).parent)
    assert mounts[data_dir][0] in declared, "the warehouse lives on a named volume"
    source_file, mode = mounts[_flag(argv, "--sources")]
    assert mode == ["ro"], "the sources file is mounted read-only"
    default = re.fullmatch(r"\$\{MEDIAMON_SOURCES_FILE:-(.+)\}", source_file).group(1)
    assert load_sources_file(ROOT / default).sources


def test_depends_on_waits_for_healthchecked_services(compose):
    services = compose["services"]
    waited = 0
    for service in services.values():
        for dependency, rule in service.get("depends_on", {}).items():
            assert rule == {"condition": "service_healthy"}
            assert "healthcheck" in services[dependency], f"{dependency} has no healthcheck"
            waited += 1
    for name in ("mediamon", "worker", "register"):
        assert services[name]["depends_on"] == {"prefect": {"condition": "service_healthy"}}
    assert services["prefect"]["depends_on"] == {"postgres": {"condition": "service_healthy"}}
    assert waited == 4


def test_dockerfile_installs_the_lock_then_the_project():
    text = (ROOT / "Dockerfile").read_text(encoding="utf-8")
    assert re.search(r"^FROM python:3\.11-slim\b", text, re.M)
    lock = text.index("pip install -r requirements.lock")
    project = text.index("pip install --no-deps .")
    assert lock < project
    for package in ("flows", "parsers", "warehouse"):
        assert f"COPY {package} " in text
    assert 'ENTRYPOINT ["mediamon"]' in text


@pytest.mark.parametrize(
    "argv",
    [
        ["serve", "--sources", "s.toml", "--db", "w.duckdb"],
        ["trigger", "ingest", "--source", "a", "--source", "b"],
        ["trigger", "ingest-sharded", "--wait"],
        ["deploy", "--pool", "p", "--shards", "8", "--image", "mediamon:0.1.0", "--db", "ducklake:postgres:dbname=lake"],
        ["run", "--shard", "2/8", "--sources", "s.toml"],
        ["status", "--db", "w.duckdb"],
        ["sources", "check", "--sources", "s.toml"],
        ["reextract", "--since", "2026-11-01", "--source", "a", "--db", "w.duckdb"],
    ],
)
def test_operations_commands_exist(argv):
    """The commands the README and the compose file name, as flows.cli must offer them."""
    args = build_parser().parse_args(argv)
    assert callable(args.func)
