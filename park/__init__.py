"""Park: the web application that runs an industrial-design park."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from flask import Flask
from sqlalchemy.orm import configure_mappers

from config import Base, Production, config_from_environment

ROOT = Path(__file__).resolve().parent.parent


def create_app(config: type[Base] | Mapping | None = None) -> Flask:
    """Build the app. `config` is a settings class, or a mapping of overrides on the
    environment's settings class (PARK_ENV), as the tests use."""
    app = Flask(
        __name__,
        template_folder=str(ROOT / "templates"),
        instance_path=str(ROOT / "instance"),
    )
    settings = config if isinstance(config, type) else config_from_environment()
    app.config.from_object(settings)
    if isinstance(config, Mapping):
        app.config.update(config)
    if issubclass(settings, Production) and not app.config.get("TESTING"):
        from park.core.security import check_production_settings

        check_production_settings(app)
    Path(app.instance_path).mkdir(parents=True, exist_ok=True)

    _init_extensions(app)
    _register_blueprints(app)
    # Every model is imported by now: set up the mappers (and their backrefs, such as
    # Organisation.tenancy) before the first query of a fresh worker needs them.
    configure_mappers()
    _register_cli(app)

    from park.core.errors import register_error_handlers
    from park.core.security import (
        install_security_headers,
        refuse_nul_characters,
        trust_proxies,
    )
    from park.core.templating import register_template_helpers

    register_error_handlers(app)
    install_security_headers(app)
    trust_proxies(app)
    refuse_nul_characters(app)
    register_template_helpers(app)
    return app


def _init_extensions(app: Flask) -> None:
    from park.core.caching import install_csrf_placeholder
    from park.core.i18n import (
        escape_lazy_strings,
        install_request_domain,
        select_locale,
        select_timezone,
    )
    from park.extensions import (
        babel,
        bootstrap,
        cache,
        csrf,
        db,
        limiter,
        login_manager,
        mail,
        migrate,
    )

    db.init_app(app)
    # Batch mode lets SQLite alter tables; compare_type catches column type changes.
    migrate.init_app(app, db, directory=str(ROOT / "migrations"), render_as_batch=True,
                     compare_type=True)
    csrf.init_app(app)
    install_csrf_placeholder(app)
    babel.init_app(app, locale_selector=select_locale, timezone_selector=select_timezone)
    install_request_domain(app)
    escape_lazy_strings()
    bootstrap.init_app(app)
    mail.init_app(app)
    limiter.init_app(app)
    cache.init_app(app)

    from park.accounts.login import configure_login

    login_manager.init_app(app)
    configure_login(login_manager)


def _register_blueprints(app: Flask) -> None:
    from park.accounts.views import bp as accounts_bp
    from park.core.views import bp as core_bp
    from park.dashboard.views import bp as dashboard_bp
    from park.directory.views import bp as directory_bp
    from park.events.views import bp as events_bp
    from park.matching.views import bp as matching_bp
    from park.projects.views import bp as projects_bp
    from park.tenants.views import bp as tenants_bp

    app.register_blueprint(core_bp)
    app.register_blueprint(accounts_bp)
    app.register_blueprint(tenants_bp)
    app.register_blueprint(directory_bp)
    app.register_blueprint(projects_bp)
    app.register_blueprint(events_bp)
    app.register_blueprint(matching_bp)
    app.register_blueprint(dashboard_bp)

    from park.api.auth import SessionInterface
    from park.api.setup import init_api

    app.session_interface = SessionInterface()
    init_api(app)


def _register_cli(app: Flask) -> None:
    from park.accounts.cli import users_cli
    from park.api.cli import api_tokens_cli
    from park.core.cli import backup_command, restore_command
    from park.demo.cli import seed_demo_command
    from park.events.cli import events_cli

    app.cli.add_command(users_cli)
    app.cli.add_command(api_tokens_cli)
    app.cli.add_command(events_cli)
    app.cli.add_command(seed_demo_command)
    app.cli.add_command(backup_command)
    app.cli.add_command(restore_command)
