"""Security headers on every response."""


def test_headers_on_pages_and_api(client):
    for path in ("/", "/login", "/healthz", "/api/v1/openapi.json", "/missing"):
        headers = client.get(path).headers
        csp = headers["Content-Security-Policy"]
        assert "script-src 'self' 'nonce-" in csp
        assert "unsafe-inline" not in csp
        assert "frame-ancestors 'none'" in csp
        assert headers["X-Content-Type-Options"] == "nosniff"
        assert headers["Referrer-Policy"] == "strict-origin-when-cross-origin"
        assert "Strict-Transport-Security" not in headers


def test_each_response_gets_its_own_nonce(client):
    first = client.get("/").headers["Content-Security-Policy"]
    second = client.get("/").headers["Content-Security-Policy"]
    assert first != second


def test_hsts_over_https(client):
    headers = client.get("/", base_url="https://jisr.example").headers
    assert headers["Strict-Transport-Security"].startswith("max-age=")


def test_pages_have_no_inline_script(client):
    for path in ("/", "/login", "/register", "/privacy"):
        page = client.get(path).get_data(as_text=True)
        assert "<script>" not in page and "onclick=" not in page


def test_factory_is_not_in_testing_mode_without_test_config(monkeypatch, tmp_path):
    from app import create_app

    monkeypatch.setenv("JISR_SECRET_KEY", "from-the-environment")
    monkeypatch.setenv("JISR_DEFAULT_LOCALE", "fr")
    monkeypatch.chdir(tmp_path)
    app = create_app()
    assert not app.testing
    assert app.config["SECRET_KEY"] == "from-the-environment"
    assert app.config["DEFAULT_LOCALE"] == "fr"


def test_secret_key_is_generated_once_in_the_instance_folder(make_app, tmp_path):
    app = make_app(SECRET_KEY=None, INSTANCE_PATH=str(tmp_path / "fresh"))
    key_file = tmp_path / "fresh" / "secret_key"
    assert key_file.stat().st_mode & 0o077 == 0
    assert app.config["SECRET_KEY"] == key_file.read_text().strip()
    again = make_app(SECRET_KEY=None, INSTANCE_PATH=str(tmp_path / "fresh"))
    assert again.config["SECRET_KEY"] == app.config["SECRET_KEY"]


def test_error_pages_in_each_language_never_show_a_traceback(make_app):
    from flask import abort

    app = make_app()

    @app.get("/test-only/forbidden")
    def forbidden():
        abort(403)

    @app.get("/test-only/crash")
    def crash():
        raise RuntimeError("secret internal detail")

    client = app.test_client()
    expectations = {
        "ar": ("لا يمكنك الوصول", "حدث خطأ من جهتنا"),
        "fr": ("Vous n'avez pas accès", "Une erreur"),
        "en": ("You do not have access", "Something went wrong"),
    }
    for locale, (forbidden_text, crash_text) in expectations.items():
        headers = {"Accept-Language": locale}
        page = client.get("/test-only/forbidden", headers=headers)
        assert page.status_code == 403 and forbidden_text in page.get_data(as_text=True).replace("&#39;", "'")
        page = client.get("/test-only/crash", headers=headers)
        body = page.get_data(as_text=True)
        assert page.status_code == 500 and crash_text in body
        assert "secret internal detail" not in body and "Traceback" not in body
    api = client.get("/test-only/crash", headers={"Accept": "application/json"})
    assert api.status_code == 500 and api.get_json()["code"] == "server_error"
