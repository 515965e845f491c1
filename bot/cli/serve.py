"""`kommunebot serve`: the facilitator's workbench on a local web page."""

from __future__ import annotations

from pathlib import Path

import click

from bot.cli import cli
from bot.cli.options import corpus_option, index_option, open_engine, settings
from bot.errors import KommunebotError

MIN_TOKEN_CHARS = 16


@cli.command(name="serve")
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on; another than this machine's needs --token.")
@click.option("--port", type=click.IntRange(0, 65535), default=0, show_default=True,
              help="Port; 0 picks a free one.")
@click.option("--token", envvar="KOMMUNEBOT_WEB_TOKEN", default="", show_default=False,
              help="Access token typed on the login page [env KOMMUNEBOT_WEB_TOKEN]; "
                   "required when --host is not 127.0.0.1.")
@index_option
@corpus_option
def serve_cmd(host: str, port: int, token: str, index_path: Path | None, corpus_dir: Path | None) -> None:
    """Open the facilitator's page: ask, review a question list, see feedback, pin answers.

    It listens on this machine only (127.0.0.1) unless --host says otherwise, and prints
    the address to open. Pins go to KOMMUNEBOT_PINS_DB; nothing else is written.

    \b
    Examples:
        kommunebot serve
        KOMMUNEBOT_WEB_TOKEN=$(openssl rand -hex 16) kommunebot serve --host 0.0.0.0 --port 8080
    """
    from werkzeug.serving import make_server

    from bot.web.app import WebConfig, create_app
    from bot.web.guard import is_loopback

    s = settings(index_path, corpus_dir)
    token = token.strip()
    local = is_loopback(host)
    if not local and len(token) < MIN_TOKEN_CHARS:
        raise KommunebotError(f"--host {host} opens the page to the network, and that needs an access token "
                              f"of at least {MIN_TOKEN_CHARS} characters",
                              hint="set KOMMUNEBOT_WEB_TOKEN=$(openssl rand -hex 16), or leave out --host")
    engine = open_engine(s, create_pins=True)  # builds a missing index, and reports a stale one, first
    config = WebConfig(feedback_path=s.feedback_path, feedback_days=s.feedback_days, top=s.top,
                       token=token, loopback_only=local)
    app = create_app(config, engine)
    try:
        server = make_server(host, port, app, threaded=True)
    except OSError as exc:
        raise KommunebotError(f"cannot listen on {host}:{port}: {exc.strerror or exc}",
                              hint="pick another --port, or leave it out for a free one") from None
    shown = f"[{host}]" if ":" in host else host
    click.echo(f"kommunebot: open http://{shown}:{server.server_port}/ (Ctrl-C stops)", )
    if token:
        click.echo("The page asks for the access token (KOMMUNEBOT_WEB_TOKEN).")
    click.echo(f"Pins: {s.pins_path}", err=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
        engine.close()
