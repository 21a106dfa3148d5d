"""The operations commands: users and graph."""

import migrations
from graph import accounts as account_queries

PASSWORD = "correct horse battery staple"


def test_users_create_reads_the_password_from_stdin(runner, store, auth):
    result = runner.invoke(
        args=["users", "create", "--email", "Admin@Jisr.ma", "--role", "admin"], input=PASSWORD + "\n"
    )
    assert result.exit_code == 0, result.output
    account = account_queries.member_by_email(store, "admin@jisr.ma")
    assert account["role"] == "admin"
    assert account["password_hash"].startswith("$argon2id$")
    assert auth.login(email="admin@jisr.ma", password=PASSWORD).status_code == 302


def test_users_create_refuses_duplicates_weak_passwords_and_bad_input(runner, store):
    assert runner.invoke(args=["users", "create", "--email", "a@jisr.ma"], input=PASSWORD + "\n").exit_code == 0
    duplicate = runner.invoke(args=["users", "create", "--email", "A@jisr.ma"], input=PASSWORD + "\n")
    assert duplicate.exit_code != 0 and "already exists" in duplicate.output
    weak = runner.invoke(args=["users", "create", "--email", "b@jisr.ma"], input="123456\n")
    assert weak.exit_code != 0 and "12 characters" in weak.output
    bad_email = runner.invoke(args=["users", "create", "--email", "not-an-email"], input=PASSWORD + "\n")
    assert bad_email.exit_code != 0 and "invalid e-mail" in bad_email.output
    bad_role = runner.invoke(args=["users", "create", "--email", "c@jisr.ma", "--role", "king"], input=PASSWORD + "\n")
    assert bad_role.exit_code != 0
    assert account_queries.member_by_email(store, "b@jisr.ma") is None


def test_users_role_and_token_for_unknown_email(runner, store, auth):
    auth.register()
    assert runner.invoke(args=["users", "role", "amina@example.org", "coordinator"]).exit_code == 0
    assert account_queries.member_by_email(store, "amina@example.org")["role"] == "coordinator"
    missing = runner.invoke(args=["users", "token", "ghost@example.org"])
    assert missing.exit_code != 0 and "no account" in missing.output


def test_graph_migrate_and_status(make_app):
    app = make_app(migrate=False)
    runner = app.test_cli_runner()
    status = runner.invoke(args=["graph", "status"])
    steps = len(migrations.STEPS)
    assert status.exit_code == 0 and status.output.count("pending") == steps
    first = runner.invoke(args=["graph", "migrate"])
    assert "applied: " + ", ".join(step.id for step in migrations.STEPS) in first.output
    again = runner.invoke(args=["graph", "migrate"])
    assert "up to date" in again.output
    status = runner.invoke(args=["graph", "status"])
    assert "pending" not in status.output and status.output.count("applied") == steps
