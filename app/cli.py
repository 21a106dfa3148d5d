"""Operations as Flask CLI commands: ``graph``, ``users``, ``messages``, ``recommend``, ``seed``, ``serve`` and
``worker``."""

import os
import sys
from datetime import datetime, timezone

import click
from email_validator import EmailNotValidError, validate_email
from flask import current_app
from flask.cli import AppGroup, with_appcontext
from flask_babel import force_locale

import migrations
from graph import GraphError
from graph import accounts as account_queries
from graph import members as member_queries
from graph.accounts import EmailTaken
from recommend.communities import ENGINES

from . import jobs, recommendations, scheduler
from .accounts import service
from .accounts.passwords import password_problem
from .accounts.tokens import issue_token
from .config import LANGUAGES, ROLES
from .extensions import store
from .messages.digest import send_digests

graph_cli = AppGroup("graph", help="The graph database: schema migrations and status.")
users_cli = AppGroup("users", help="Accounts: create, roles, API tokens.")


@graph_cli.command("migrate")
def graph_migrate():
    """Apply the pending schema steps."""
    applied = migrations.migrate(store())
    click.echo(f"applied: {', '.join(applied)}" if applied else "the schema is up to date")


@graph_cli.command("status")
def graph_status():
    """List the schema steps and when each was applied."""
    for step in migrations.status(store()):
        if step.applied_at is None:
            state = "pending"
        else:
            state = "applied " + datetime.fromtimestamp(step.applied_at / 1000, tz=timezone.utc).isoformat(
                timespec="seconds"
            )
        click.echo(f"{step.id}  {step.name:<32} {state}")


def _read_password() -> str:
    if sys.stdin.isatty():
        return click.prompt("Password", hide_input=True, confirmation_prompt=True)
    return sys.stdin.readline().rstrip("\r\n")


def _account_or_fail(email: str) -> dict:
    data = account_queries.member_by_email(store(), service.email_key(email))
    if data is None:
        raise click.ClickException(f"no account has the e-mail address {email}")
    return data


@users_cli.command("create")
@click.option("--email", required=True, help="The account's e-mail address.")
@click.option("--role", type=click.Choice(ROLES), default="member", show_default=True)
@click.option("--name", "display_name", help="Name shown to others (default: the e-mail's local part).")
@click.option("--locale", type=click.Choice(LANGUAGES), help="Preferred language (default: JISR_DEFAULT_LOCALE).")
def users_create(email, role, display_name, locale):
    """Create an account; the password is read from standard input."""
    try:
        email = validate_email(email, check_deliverability=False).normalized
    except EmailNotValidError as exc:
        raise click.ClickException(f"invalid e-mail address: {exc}") from exc
    display_name = display_name or email.split("@")[0]
    password = _read_password()
    with force_locale("en"):
        problem = password_problem(password, email=email, display_name=display_name)
    if problem:
        raise click.ClickException(problem)
    try:
        account = service.register(
            store(),
            email=email,
            display_name=display_name,
            password=password,
            locale=locale or current_app.config["DEFAULT_LOCALE"],
            role=role,
            how="command",
        )
    except EmailTaken as exc:
        raise click.ClickException(f"an account with the e-mail address {email} already exists") from exc
    click.echo(f"created {account.role} {account.email} ({account.id})")


@users_cli.command("role")
@click.argument("email")
@click.argument("role", type=click.Choice(ROLES))
def users_role(email, role):
    """Give an account a role."""
    service.change_role(store(), _account_or_fail(email)["id"], role)
    click.echo(f"{email} is now {role}")


@users_cli.command("token")
@click.argument("email")
@click.option("--name", default="command line", show_default=True, help="What the token is for.")
def users_token(email, name):
    """Create a personal API token and print it (it is shown only this once)."""
    bearer, _token = issue_token(store(), _account_or_fail(email)["id"], name)
    click.echo(bearer)


@users_cli.command("revoke-token")
@click.argument("email")
@click.argument("token_id")
def users_revoke_token(email, token_id):
    """Revoke one of an account's tokens (its id is listed on the account page and by the API)."""
    if not account_queries.revoke_token(store(), _account_or_fail(email)["id"], token_id, service.now_ms()):
        raise click.ClickException("no such token for this account")
    click.echo("revoked")


@users_cli.command("suspend")
@click.argument("email")
def users_suspend(email):
    """Suspend an account: it cannot log in, its sessions and live connections end at once."""
    service.set_suspended(store(), _account_or_fail(email)["id"], True)
    click.echo(f"{email} is suspended")


@users_cli.command("reactivate")
@click.argument("email")
def users_reactivate(email):
    """Let a suspended account log in again."""
    service.set_suspended(store(), _account_or_fail(email)["id"], False)
    click.echo(f"{email} is active")


messages_cli = AppGroup("messages", help="Messages: the e-mail digest for members who were away.")


@messages_cli.command("digest")
@click.option(
    "--delay", default=15, show_default=True, type=click.IntRange(0, 10_000), help="Minutes a notice must have waited."
)
def messages_digest(delay):
    """E-mail members the conversations with messages waiting for them (each notice once)."""
    with current_app.test_request_context(base_url=current_app.config.get("PUBLIC_URL") or "http://localhost"):
        sent = send_digests(store(), delay)
    click.echo(f"{sent} digest(s) sent")


recommend_cli = AppGroup("recommend", help="Recommendations: communities and people-you-may-know lists.")


@recommend_cli.command("recompute")
@click.option("--engine", default="auto", show_default=True, type=click.Choice(["auto", *ENGINES]))
@click.option("--seed", "seed_value", default=1, show_default=True, type=int)
def recommend_recompute(engine, seed_value):
    """Snapshot the graph, find communities, list suggestions for everyone, and write it all back."""
    result = recommendations.run(engine, seed_value)
    if result is None:
        raise click.ClickException("a recomputation is already under way; try again when it has finished")
    seconds = ", ".join(f"{step} {value:.1f} s" for step, value in result["seconds"].items())
    click.echo(
        f"{result['members']} members, {result['connections']} connections, {result['communities']} communities "
        f"(modularity {result['modularity']:.3f}, {result['engine']}), {result['written']} members' results "
        f"written; {seconds}"
    )


@click.command("seed")
@click.option("--members", "count", default=2000, show_default=True, type=click.IntRange(1, 1_000_000))
@click.option("--seed", "seed_value", default=1, show_default=True, type=int, help="Same seed, same diaspora.")
@with_appcontext
def seed_command(count, seed_value):
    """Build a deterministic, realistic diaspora for demos, tests and benchmarks (on an empty graph)."""
    report = _seed(count, seed_value)
    if report is None:
        raise click.ClickException("the graph already holds members: seeding only fills an empty graph")


def _seed(count: int, seed_value: int):
    """Seed an empty graph, print what was made and the demo accounts; None when members exist."""
    from .seed import seed, write_demo_accounts

    if member_queries.member_count(store()) > 0:
        return None
    report = seed(store(), count, seed_value)
    click.echo(f"seeded {report.members} members and {report.connections} connections in {report.seconds:.1f} s")
    path = write_demo_accounts(current_app.instance_path, report.accounts)
    click.echo("demo accounts (also in " + path + "):")
    for role, email, password in report.accounts:
        click.echo(f"  {role:<12} {email:<34} {password}")
    return report


@click.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=5000, show_default=True, type=int)
@click.option("--threads", default=32, show_default=True, type=int)
@click.option(
    "--seed-if-empty",
    default=0,
    show_default=True,
    type=int,
    help="Seed this many demo members when the graph has none.",
)
@with_appcontext
def serve(host, port, threads, seed_if_empty):
    """The whole platform: the embedded database, migrations, then the web process and the job worker,
    restarted when they die (Ctrl-C stops everything)."""
    from .supervisor import supervise

    handle = current_app.extensions["graph"]
    try:
        for server in (handle.server, handle.redis_server):
            if server is not None:
                server.bound_to_parent = True  # it stops if this process is killed
        if handle.server is not None:
            handle.server.ensure_running()
        handle.start_redis()  # here, so that the servers belong to this process and stop with it
        applied = migrations.migrate(handle.store)
        handle.store.ping()  # Neo4j: the procedures the dialect calls are there
    except GraphError as exc:
        raise click.ClickException(str(exc)) from exc
    if applied:
        click.echo(f"schema migrations applied: {', '.join(applied)}")
    seeded = bool(seed_if_empty) and _seed(seed_if_empty, 1) is not None
    if seed_if_empty and not seeded:
        click.echo(f"demo accounts: see {os.path.join(current_app.instance_path, 'demo-accounts.txt')}")
    if handle.server is not None and (applied or seeded):
        handle.server.compact()  # the next start loads a snapshot instead of replaying every statement
    handle.close()
    click.echo(f"Jisr is running on http://{host}:{port}/  (Ctrl-C to stop)")
    supervise(handle, host, port, threads, int(float(current_app.config["AOF_REWRITE_MB"]) * 1024 * 1024))


@click.command("web")
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=5000, show_default=True, type=int)
@click.option("--threads", default=32, show_default=True, type=int)
def web(host, port, threads):
    """The web process alone (pages, API, sockets): gunicorn, one worker, many threads."""
    from .server import run_gunicorn

    run_gunicorn(host, port, threads)


@click.command("worker")
@click.option("--burst", is_flag=True, help="Run the queued jobs, then stop (no scheduler).")
@with_appcontext
def worker_command(burst):
    """Run background jobs (recomputations, digests, mailings) and queue the periodic ones."""
    from realtime.processes import BOOT_ID

    if not burst:
        scheduler.start(current_app._get_current_object(), f"worker-{os.getpid()}-{BOOT_ID}")
    jobs.work(burst=burst)


def init_app(app) -> None:
    """Register the command groups."""
    app.cli.add_command(graph_cli)
    app.cli.add_command(users_cli)
    app.cli.add_command(messages_cli)
    app.cli.add_command(recommend_cli)
    app.cli.add_command(serve)
    app.cli.add_command(web)
    app.cli.add_command(seed_command)
    app.cli.add_command(worker_command)
