"""``civic311 serve``: the production HTTP server, gunicorn, run in-process.

Workers are synchronous processes, one request at a time each, so every
worker keeps one database connection open between requests (CONN_MAX_AGE).
With ``--threads`` above 1 gunicorn runs threaded workers instead, and each
thread keeps its own connection: plan for workers x threads connections.
"""

import os
from argparse import ArgumentParser, ArgumentTypeError
from collections.abc import Mapping
from typing import Any

from django.core.handlers.wsgi import WSGIHandler
from django.core.management.base import BaseCommand
from django.db import connections
from gunicorn.app.base import BaseApplication
from gunicorn.util import parse_address

DEFAULT_BIND = "127.0.0.1:8000"
DEFAULT_WORKERS = "2"
NOT_POSITIVE = "{value!r} is not a positive whole number"
# The path without its query string, and no client address or user agent:
# query strings can carry search terms, and none of it is needed to see how
# the site is doing.
ACCESS_LOG_FORMAT = '%(t)s "%(m)s %(U)s %(H)s" %(s)s %(B)s %(M)sms'


def positive_int(value: str) -> int:
    try:
        number = int(value)
    except ValueError:
        number = 0
    if number < 1:
        raise ArgumentTypeError(NOT_POSITIVE.format(value=value))
    return number


def build_config(options: Mapping[str, Any]) -> dict[str, Any]:
    """Gunicorn settings for the parsed command-line ``options``."""
    threads = options["threads"]
    return {
        "bind": [options["bind"]],
        "workers": options["workers"],
        "threads": threads,
        "worker_class": "sync" if threads == 1 else "gthread",
        "timeout": options["timeout"],
        # Each worker imports the site after the fork, so that no database
        # connection opened by the master is shared between processes.
        "preload_app": False,
        "accesslog": "-" if options["access_log"] else None,
        "access_log_format": ACCESS_LOG_FORMAT,
        "errorlog": "-",
        "proc_name": "civic311",
        # The runtime control socket lives at one path per user, so a
        # second server would collide with the first; nothing here uses it.
        "control_socket_disable": True,
    }


def serving_url(bind: str) -> str:
    address = parse_address(bind)
    if not isinstance(address, tuple):
        return bind

    host, port = address
    if ":" in host:
        host = "[" + host + "]"
    return f"http://{host}:{port}/"


class Server(BaseApplication):  # type: ignore[misc]  # gunicorn has no types
    def __init__(self, config: Mapping[str, Any]) -> None:
        self.config = config
        super().__init__()

    def load_config(self) -> None:
        for name, value in self.config.items():
            self.cfg.set(name, value)

    def load(self) -> WSGIHandler:
        from civic311.wsgi import application

        return application


class Command(BaseCommand):
    help = "Serve the site over HTTP with gunicorn (production server)."

    # Checks run in handle(), always: a dangerous setting stops the server.
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument(
            "--bind",
            default=os.environ.get("BIND", DEFAULT_BIND),
            help="HOST:PORT or unix:PATH (default: $BIND or %(default)s).",
        )
        parser.add_argument(
            "--workers",
            type=positive_int,
            default=os.environ.get("WEB_CONCURRENCY", DEFAULT_WORKERS),
            help="Worker processes (default: $WEB_CONCURRENCY or 2).",
        )
        parser.add_argument(
            "--threads",
            type=positive_int,
            default=1,
            help="Threads per worker (default: %(default)s).",
        )
        parser.add_argument(
            "--timeout",
            type=positive_int,
            default=30,
            help="Seconds before a silent worker is restarted (default: %(default)s).",
        )
        parser.add_argument(
            "--access-log",
            action="store_true",
            help="Log each request (method, path without query string, "
            "status) to standard output.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        self.check(display_num_errors=True)
        self.check_migrations()
        # Forked workers must not inherit the connection the checks opened.
        connections.close_all()

        config = build_config(options)
        server = Server(config)

        self.stdout.write(
            "Serving civic311 on {url} (workers: {workers}, threads per "
            "worker: {threads}). Stop with Ctrl-C.".format(
                url=serving_url(options["bind"]),
                workers=options["workers"],
                threads=options["threads"],
            )
        )
        self.stdout.flush()
        server.run()
