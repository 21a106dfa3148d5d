"""The Jisr web application."""

import os

from flask import Flask
from werkzeug.middleware.proxy_fix import ProxyFix

import graph
import realtime

from . import (
    accounts,
    admin,
    api,
    availability,
    campaigns,
    cases,
    cli,
    directory,
    errors,
    events,
    health,
    i18n,
    imports,
    insights,
    jobs,
    labels,
    main,
    members,
    messages,
    networks,
    notifications,
    opportunities,
    programmes,
    projects,
    recommendations,
    security,
    segments,
    talent,
    validators,
)
from .config import PROJECT_ROOT, Defaults, apply_derived, load_secret_key
from .extensions import csrf
from .redis_client import init_app as init_redis


def trust_proxies(app: Flask) -> None:
    """Believe ``X-Forwarded-*`` for as many hops as ``TRUSTED_PROXIES`` says (none by default)."""
    hops = int(app.config.get("TRUSTED_PROXIES") or 0)
    if hops > 0:
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops, x_port=hops, x_prefix=hops)


def create_app(test_config: dict | None = None) -> Flask:
    """Build the application: defaults, then ``instance/jisr.cfg``, then ``JISR_*`` variables.

    The instance folder is ``instance/`` beside the code unless ``JISR_INSTANCE_PATH`` (or, for tests,
    ``test_config["INSTANCE_PATH"]``) names another. ``test_config`` replaces the instance file and the
    environment (tests only).
    """
    instance_path = (test_config or {}).get("INSTANCE_PATH") if test_config else os.environ.get("JISR_INSTANCE_PATH")
    app = Flask(
        __name__,
        instance_path=instance_path,
        instance_relative_config=True,
        template_folder=str(PROJECT_ROOT / "templates"),
    )
    app.config.from_object(Defaults)
    if test_config is None:
        app.config.from_pyfile("jisr.cfg", silent=True)
        app.config.from_prefixed_env("JISR")
    else:
        app.config.from_mapping(test_config)
    apply_derived(app.config)
    load_secret_key(app.config, app.instance_path)
    trust_proxies(app)

    graph.init_app(app)
    init_redis(app)
    availability.init_app(app)
    csrf.init_app(app)
    validators.init_app(app)
    i18n.init_app(app)
    security.init_app(app)
    errors.init_app(app)
    accounts.init_app(app)
    api.init_app(app)
    health.init_app(app)
    jobs.init_app(app)
    members.init_app(app)
    directory.init_app(app)
    networks.init_app(app)
    labels.init_app(app)
    events.init_app(app)
    notifications.init_app(app)
    messages.init_app(app)
    projects.init_app(app)
    programmes.init_app(app)
    cases.init_app(app)
    opportunities.init_app(app)
    recommendations.init_app(app)
    insights.init_app(app)
    imports.init_app(app)
    segments.init_app(app)
    campaigns.init_app(app)
    talent.init_app(app)
    admin.init_app(app)
    main.init_app(app)
    realtime.init_app(app)
    cli.init_app(app)
    return app
