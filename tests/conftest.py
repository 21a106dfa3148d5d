"""Fixtures: one embedded FalkorDB server per session, one graph per test, real HTTP clients.

On the Neo4j pass (``JISR_TEST_ENGINE=neo4j``, tests/engines.py) the apps use the session's live Neo4j
instead, reset after every test, and the FalkorDB server serves only as their Redis.
"""

import os
import re
import signal
import uuid
import warnings

import pytest

import migrations
from app import create_app
from app.accounts import two_factor
from graph import accounts as account_queries
from graph import open_store
from graph.embedded import EmbeddedServer
from graph.errors import GraphUnavailable, QueryError
from graph.url import GraphTarget

from . import second_factor
from .engines import ENGINE, ON_NEO4J, Neo4jGraphs, neo4j_unavailable_reason
from .mailbox import latest_link, outbox

pytest_plugins = ["tests.browser"]  # its fixtures: chromium, site, browsers

CSRF_INPUT = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')


class SessionGraphs:
    """The session's FalkorDB server and a migrated template graph, of which each test gets a copy.

    Its graphs are thrown away, so the server keeps no append-only file; durability has its own tests.
    FalkorDB 4.16 can hang for good when the fork behind GRAPH.COPY fails ("Can't fork for module: File
    exists" in its log, docs/decisions.md): the server is then replaced and the template migrated again.
    """

    def __init__(self, root):
        self.root, self.generation = root, 0
        self.server = self.template = None
        self._start()

    def _start(self) -> None:
        self.generation += 1
        self.server = EmbeddedServer(self.root / f"falkordb{self.generation}", durable=False)
        self.server.ensure_running()
        name = f"template_{uuid.uuid4().hex[:12]}"
        self.template = open_store(GraphTarget("embedded", graph=name, data_dir=str(self.server.data_dir)), self.server)
        migrations.migrate(self.template)

    def copy_template(self, target: str) -> None:
        """Copy the migrated template to ``target``, replacing a hung server once if need be."""
        try:
            self.template.copy_graph(target)
        except (GraphUnavailable, QueryError) as exc:
            warnings.warn(f"FalkorDB stopped answering during GRAPH.COPY ({exc}); starting a new server")
            self.replace_server()
            self.template.copy_graph(target)

    def replace_server(self) -> None:
        """Kill the current server (it may be hung) and start a fresh one with a new template."""
        self.template.close()
        pid = self.server.running_pid()
        if pid:
            os.kill(pid, signal.SIGKILL)
        self.server.stop()
        self._start()

    def close(self) -> None:
        """Stop the server."""
        self.template.close()
        self.server.stop()


def pytest_configure(config):
    """On the Neo4j pass, stop at once with a clear message when this machine cannot run Neo4j."""
    config.engine_counts = {"ran": 0, "deselected": 0}
    if not ON_NEO4J:
        return
    reason = neo4j_unavailable_reason()
    if reason is None:
        return
    message = f"the Neo4j pass cannot run on this machine: {reason}"
    if os.environ.get("JISR_REQUIRE_NEO4J"):
        raise pytest.UsageError(message + " (JISR_REQUIRE_NEO4J is set: CI refuses a skipped Neo4j pass)")
    pytest.exit("SKIPPED " + message, returncode=0)


def pytest_collection_modifyitems(config, items):
    """Keep the tests that run on this pass's engine; the others are deselected (and counted)."""
    # the browser tests drive the pages once, on the FalkorDB pass (what they prove is the pages' own), and
    # the graph-free tests once too (pure functions: the same whatever the engine)
    others = ("falkordb_only", "browser", "graph_free") if ON_NEO4J else ("neo4j_only",)
    kept = [item for item in items if not any(other in item.keywords for other in others)]
    dropped = [item for item in items if any(other in item.keywords for other in others)]
    if dropped:
        config.hook.pytest_deselected(items=dropped)
        items[:] = kept
    config.engine_counts.update(ran=len(kept), deselected=len(dropped))


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    """Keep each phase's report on the test (``item.rep_call``): the browser fixture photographs failures."""
    report = yield
    setattr(item, f"rep_{report.when}", report)
    return report


def pytest_terminal_summary(terminalreporter, config):
    """Say which engine this pass proved and how many tests ran on it."""
    only = "FalkorDB-only, browser and graph-free" if ON_NEO4J else "Neo4j-only"
    outcomes = ", ".join(
        f"{len(terminalreporter.stats.get(outcome, []))} {outcome}" for outcome in ("passed", "failed", "skipped")
    )
    terminalreporter.write_line(
        f"graph engine {ENGINE}: {config.engine_counts['ran']} tests for it ({outcomes}); "
        f"{config.engine_counts['deselected']} {only} tests left to the other pass"
    )


@pytest.fixture(scope="session")
def test_graphs(tmp_path_factory):
    """One embedded FalkorDB server for the session, with a migrated template graph (the Redis of both passes)."""
    graphs = SessionGraphs(tmp_path_factory.mktemp("graphs"))
    yield graphs
    graphs.close()


@pytest.fixture(scope="session")
def neo4j_graphs(tmp_path_factory, test_graphs):
    """The session's live Neo4j, migrated once (Neo4j pass only)."""
    if not ON_NEO4J:
        pytest.skip("Neo4j-only: runs on the Neo4j pass (JISR_TEST_ENGINE=neo4j)")
    from . import served  # served imports this module

    graphs = Neo4jGraphs(tmp_path_factory.mktemp("neo4j"))
    served.use_neo4j(graphs.url, test_graphs.server.redis_url)
    yield graphs
    graphs.close()


@pytest.fixture(autouse=True)
def _neo4j_isolation(request):
    """On the Neo4j pass, remove what each test left in the shared database."""
    if not ON_NEO4J:
        yield
        return
    graphs = request.getfixturevalue("neo4j_graphs")
    yield
    graphs.reset()


@pytest.fixture
def graph_name():
    """A graph name no other test uses (on Neo4j: the prefix of the test's Redis keys)."""
    return f"test_{uuid.uuid4().hex[:16]}"


@pytest.fixture
def make_app(request, test_graphs, graph_name, tmp_path):
    """Build apps on this test's own graph; the graph and its Redis keys are deleted afterwards."""
    built, copied = [], []

    def this_tests_graph(migrate: bool) -> dict:
        if ON_NEO4J:
            neo4j_graphs = request.getfixturevalue("neo4j_graphs")
            if not migrate:
                neo4j_graphs.wipe()  # the reset after the test migrates it again
            return {"GRAPH_URL": neo4j_graphs.url, "REDIS_URL": test_graphs.server.redis_url}
        if migrate and not copied:  # before the app exists, so that it meets a live server
            test_graphs.copy_template(graph_name)
            copied.append(graph_name)
        return {"GRAPH_URL": f"falkordb+embedded://instance/{graph_name}?dir={test_graphs.server.data_dir}"}

    def factory(migrate: bool = True, **overrides):
        config = {
            "TESTING": True,
            "SECRET_KEY": "test-secret",
            "INSTANCE_PATH": str(tmp_path / "instance"),
            "REDIS_PREFIX": f"{graph_name}:",
            "DEFAULT_LOCALE": "en",
            "SOCKETIO_MESSAGE_QUEUE": False,  # in-process Socket.IO test clients; the served tests use Redis
        }
        if "GRAPH_URL" not in overrides:
            config.update(this_tests_graph(migrate))
        config.update(overrides)
        application = create_app(config)
        built.append(application)
        return application

    yield factory
    for application in built:
        handle = application.extensions["graph"]
        if handle.target.engine == "embedded":
            handle.store.delete_graph()
        if handle.target.engine == "embedded" or application.config.get("REDIS_URL") == test_graphs.server.redis_url:
            redis_handle = application.extensions["redis"]
            keys = list(redis_handle.client.scan_iter(match=redis_handle.prefix + "*"))
            if keys:
                redis_handle.client.delete(*keys)
        handle.close()


@pytest.fixture
def app_overrides():
    """Configuration for the ``app`` fixture on top of the tests' defaults (parametrize it to change)."""
    return {}


@pytest.fixture
def app(make_app, app_overrides):
    """A migrated app on a fresh graph."""
    return make_app(**app_overrides)


@pytest.fixture
def store(app):
    """The app's graph store."""
    return app.extensions["graph"].store


@pytest.fixture
def client(app):
    """A real HTTP client of the app."""
    return app.test_client()


@pytest.fixture
def runner(app):
    """The app's CLI runner."""
    return app.test_cli_runner()


def seeded_demo(app, store, members: int, seed_value: int):
    """Seed ``members`` members with the demo accounts; the demo member's logged-in browser, id and the report."""
    from app.seed import seed

    with app.app_context():
        report = seed(store, members, seed_value=seed_value)
    _role, email, password = next(row for row in report.accounts if row[0] == "member")
    browser = app.test_client()
    Auth(browser).login(email=email, password=password)
    return browser, account_queries.member_by_email(store, email)["id"], report


# Any page carries the session's CSRF token (the language switcher is a form): this one costs no query,
# where the home page builds a whole dashboard.
LIGHT_PAGE = "/privacy"


def csrf_token(client, path: str = LIGHT_PAGE) -> str:
    """The CSRF token of the form on ``path``, as a browser would read it."""
    page = client.get(path).get_data(as_text=True)
    match = CSRF_INPUT.search(page)
    assert match, f"no CSRF token on {path}"
    return match.group(1)


class Auth:
    """Registers and logs people in through the real pages."""

    PASSWORD = "a long enough passphrase 42"

    def __init__(self, client):
        self.client = client

    def register(
        self,
        email="amina@example.org",
        name="Amina Benali",
        password=PASSWORD,
        locale="en",
        consent=True,
        follow_mail=True,
        **extra,
    ):
        """Fill the registration form; when it is accepted, open the mailed confirmation link and press its
        button, as the person would (``follow_mail=False`` stops at the "look in your inbox" page)."""
        data = {
            "csrf_token": csrf_token(self.client, "/register"),
            "email": email,
            "display_name": name,
            "password": password,
            "confirm": extra.pop("confirm", password),
            "locale": locale,
        }
        if consent:
            data["consent"] = "y"
        data.update(extra)
        mailed_before = len(outbox(self.client.application))
        answer = self.client.post("/register", data=data)
        link = latest_link(self.client.application, email, "/register/confirm/", since=mailed_before, take=True)
        if not follow_mail or answer.status_code != 200 or link is None:
            return answer
        return self.client.post(link, data={"csrf_token": csrf_token(self.client, link)})

    def login(self, email="amina@example.org", password=PASSWORD):
        """Log in through the form, with a code from the tests' authenticator when the account has a second
        factor, and setting one up when the account's role requires it."""
        answer = self.client.post(
            "/login", data={"csrf_token": csrf_token(self.client, "/login"), "email": email, "password": password}
        )
        if answer.status_code == 302 and answer.headers["Location"].endswith("/login/code"):
            code = second_factor.code(id(self.client.application), email)
            answer = self.client.post("/login/code", data={"csrf_token": csrf_token(self.client), "code": code})
        elif answer.status_code == 302 and self.client.get("/api/v1/me").status_code == 403:  # (keeps flashes)
            enrol_second_factor(self.client, email)
        return answer

    def logout(self):
        return self.client.post("/logout", data={"csrf_token": csrf_token(self.client)})


def enrol_second_factor(client, email: str):
    """Set up two-factor authentication on the logged-in ``client``, as a person with an app would; the page
    showing the recovery codes."""
    page = client.get("/account/two-factor").get_data(as_text=True)
    second_factor.remember(id(client.application), email, second_factor.key_from_page(page))
    code = second_factor.code(id(client.application), email)
    done = client.post(
        "/account/two-factor", data={"csrf_token": csrf_token(client, "/account/two-factor"), "code": code}
    )
    assert done.status_code == 200 and "Recovery codes" in done.get_data(as_text=True)
    return done


@pytest.fixture
def auth(client):
    """Register / log in / log out helper over the real forms."""
    return Auth(client)


class Person:
    """A registered person with their own browser."""

    def __init__(self, app, key: str, role: str = "member", locale: str = "en"):
        self.client = app.test_client()
        self.email = f"{key}@example.org"
        Auth(self.client).register(email=self.email, name=key.replace("_", " ").title(), locale=locale)
        store = app.extensions["graph"].store
        self.id = account_queries.member_by_email(store, self.email)["id"]
        if role != "member":
            account_queries.set_role(store, self.id, role)
        if role in two_factor.REQUIRED_FOR:
            enrol_second_factor(self.client, self.email)

    def post(self, path: str, data: dict | None = None, **kwargs):
        """POST a form with this browser's CSRF token."""
        return self.client.post(path, data={"csrf_token": csrf_token(self.client), **(data or {})}, **kwargs)

    def get(self, path: str, **kwargs):
        """GET a page."""
        return self.client.get(path, **kwargs)


@pytest.fixture
def people(app):
    """Make registered people on demand: ``people("amina", role="admin")``."""
    made = {}

    def make(key: str, role: str = "member", locale: str = "en") -> Person:
        if key not in made:
            made[key] = Person(app, key, role, locale)
        return made[key]

    return make
