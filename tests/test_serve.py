"""``civic311 serve``: options become gunicorn settings, dangerous settings
stop it, and it really serves the site."""

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.core.management.base import SystemCheckError
from django.test import override_settings

from civic311.core.management.commands.serve import (
    Command,
    Server,
    build_config,
    serving_url,
)

ROOT = Path(__file__).resolve().parent.parent
START_TIMEOUT = 30


def config_for(*argv: str) -> dict[str, Any]:
    parser = Command().create_parser("civic311", "serve")
    return build_config(vars(parser.parse_args(argv)))


@pytest.fixture
def clean_env(monkeypatch):
    for name in ("BIND", "WEB_CONCURRENCY", "PORT"):
        monkeypatch.delenv(name, raising=False)
    return monkeypatch


def test_the_defaults_are_two_sync_workers_on_localhost(clean_env):
    config = config_for()

    assert config["bind"] == ["127.0.0.1:8000"]
    assert (config["workers"], config["threads"]) == (2, 1)
    assert config["worker_class"] == "sync"
    assert config["timeout"] == 30
    assert config["accesslog"] is None
    assert config["preload_app"] is False


def test_bind_and_workers_default_to_the_environment(clean_env):
    clean_env.setenv("BIND", "192.0.2.1:9000")
    clean_env.setenv("WEB_CONCURRENCY", "5")

    config = config_for()

    assert config["bind"] == ["192.0.2.1:9000"]
    assert config["workers"] == 5


def test_options_override_the_environment(clean_env):
    clean_env.setenv("WEB_CONCURRENCY", "5")

    config = config_for("--bind", "127.0.0.1:8123", "--workers", "3", "--timeout", "60")

    assert config["bind"] == ["127.0.0.1:8123"]
    assert config["workers"] == 3
    assert config["timeout"] == 60


def test_threads_switch_to_threaded_workers(clean_env):
    config = config_for("--threads", "4")

    assert config["threads"] == 4
    assert config["worker_class"] == "gthread"


def test_the_access_log_is_opt_in_and_leaves_out_query_strings(clean_env):
    config = config_for("--access-log")

    assert config["accesslog"] == "-"
    # %(r)s is the request line and %(q)s the query string.
    assert "%(r)s" not in config["access_log_format"]
    assert "%(q)s" not in config["access_log_format"]
    assert "%(U)s" in config["access_log_format"]


@pytest.mark.parametrize("value", ["0", "-1", "two"])
def test_a_worker_count_must_be_a_positive_number(clean_env, value):
    with pytest.raises(CommandError, match="positive"):
        config_for("--workers", value)


def test_gunicorn_takes_the_config_as_given(clean_env):
    config = config_for("--bind", "127.0.0.1:8123", "--workers", "3")

    cfg = Server(config).cfg

    assert cfg.bind == ["127.0.0.1:8123"]
    assert cfg.workers == 3
    assert cfg.worker_class_str == "sync"
    assert cfg.accesslog is None
    assert cfg.control_socket_disable is True


@pytest.mark.parametrize(
    ("bind", "url"),
    [
        ("127.0.0.1:8000", "http://127.0.0.1:8000/"),
        ("[::1]:9000", "http://[::1]:9000/"),
        ("0.0.0.0", "http://0.0.0.0:8000/"),  # noqa: S104
        ("unix:/run/civic311.sock", "unix:/run/civic311.sock"),
    ],
)
def test_the_url_printed_at_start(bind, url):
    assert serving_url(bind) == url


@pytest.mark.django_db
@override_settings(DEBUG=True, ENVIRONMENT="production")
def test_a_dangerous_production_setting_stops_the_server(monkeypatch):
    started = []
    monkeypatch.setattr(Server, "run", lambda self: started.append(self))

    with pytest.raises(SystemCheckError, match=r"civic311\.E001"):
        call_command("serve", "--bind", "127.0.0.1:8123")

    assert started == []


@pytest.mark.django_db
def test_safe_settings_start_the_server_and_print_its_url(monkeypatch):
    started = []
    monkeypatch.setattr(Server, "run", lambda self: started.append(self))
    out = StringIO()

    call_command("serve", "--bind", "127.0.0.1:8123", stdout=out)

    assert len(started) == 1
    assert "http://127.0.0.1:8123/" in out.getvalue()


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def site_env(var_dir: Path) -> dict[str, str]:
    """A development site of its own: SQLite in ``var_dir``."""
    env = dict(os.environ)
    for name in ("DJANGO_SETTINGS_MODULE", "DATABASE_URL", "BIND", "PORT"):
        env.pop(name, None)
    env.update(
        CIVIC311_VAR_DIR=str(var_dir),
        DEBUG="1",
        ENVIRONMENT="development",
        PYTHONUNBUFFERED="1",
    )
    return env


def wait_for(url: str, server: subprocess.Popen[bytes]) -> int:
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline and server.poll() is None:
        try:
            with urllib.request.urlopen(url, timeout=5) as response:  # noqa: S310
                return int(response.status)
        except urllib.error.HTTPError as error:
            return error.code
        except OSError:
            time.sleep(0.2)
    return 0


def stop(server: subprocess.Popen[bytes]) -> None:
    if server.poll() is None:
        server.send_signal(signal.SIGTERM)
    try:
        server.wait(timeout=15)
    except subprocess.TimeoutExpired:
        server.kill()
        server.wait()


@pytest.mark.live
def test_serve_answers_http_requests(tmp_path):
    env = site_env(tmp_path)
    civic311 = [sys.executable, "-m", "civic311"]
    subprocess.run(  # noqa: S603
        [*civic311, "migrate", "--noinput"],
        env=env,
        cwd=ROOT,
        check=True,
        capture_output=True,
        timeout=120,
    )
    port = free_port()
    log = tmp_path / "serve.log"

    with log.open("wb") as output:
        server = subprocess.Popen(  # noqa: S603
            [*civic311, "serve", "--bind", f"127.0.0.1:{port}", "--workers", "1"],
            env=env,
            cwd=ROOT,
            stdout=output,
            stderr=subprocess.STDOUT,
        )
        try:
            status = wait_for(f"http://127.0.0.1:{port}/admin/login/", server)
        finally:
            stop(server)

    printed = log.read_text()
    assert status == 200, printed
    assert f"http://127.0.0.1:{port}/" in printed
