"""`kommunebot serve`: the facilitator's workbench on a local web page."""

from __future__ import annotations

from pathlib import Path

import click

from bot.cli import cli
from bot.cli.options import corpus_option, index_option, open_engine, settings
from bot.errors import KommunebotError


@cli.command(name="serve")
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on; another than this machine's needs --token.")
@click.option("--port", type=click.IntRange(0, 65535), default=0, show_default=True,
              help="Port; 0 picks a free one.")
@click.option("--token", default=None, show_default=False,
              help="Access token typed on the login page [env KOMMUNEBOT_WEB_TOKEN]; "
                   "required, and checked for strength, when --host is not this machine or a proxy "
                   "is in front (KOMMUNEBOT_WEB_PROXIES).")
@index_option
@corpus_option
def serve_cmd(host: str, port: int, token: str | None, index_path: Path | None, corpus_dir: Path | None) -> None:
    """Open the facilitator's page: ask, review a question list, see feedback, pin answers.

    It listens on this machine only (127.0.0.1) unless --host says otherwise, and prints
    the address to open. Pins go to pins.db beside the index (--index or KOMMUNEBOT_INDEX),
    or to KOMMUNEBOT_PINS_DB: the file the bot and `ask` read; nothing else is written.

    \b
    Examples:
        kommunebot serve
        KOMMUNEBOT_WEB_TOKEN=$(openssl rand -hex 16) kommunebot serve --host 0.0.0.0 --port 8080
    """
    from bot.config import token_weakness
    from bot.web.app import WebConfig, create_app
    from bot.web.guard import is_loopback
    from bot.web.server import PER_CLIENT, PageServer

    s = settings(index_path, corpus_dir, given=("KOMMUNEBOT_WEB_TOKEN",) if token is not None else ()).checked()
    token = s.web_token if token is None else token.strip()  # the flag wins over KOMMUNEBOT_WEB_TOKEN
    local = is_loopback(host)
    weakness = token_weakness(token) if token else "none is set"
    if (not local or s.web_proxies) and weakness:
        where = (f"--host {host} opens the page to the network" if not local
                 else f"KOMMUNEBOT_WEB_PROXIES={s.web_proxies} puts the page behind a proxy")
        raise KommunebotError(f"{where}, and that needs a strong access token: {weakness}",
                              hint="set KOMMUNEBOT_WEB_TOKEN=$(openssl rand -hex 16)")
    # builds a missing index, and reports a stale one, first; a pins file it cannot use stops it
    engine = open_engine(s, create_pins=True, require_pins=True)
    config = WebConfig(feedback_path=s.feedback_path, feedback_days=s.feedback_days, top=s.top,
                       token=token, loopback_only=local, proxies=s.web_proxies)
    app = create_app(config, engine)
    try:
        server = PageServer(app, host, port, per_client=0 if s.web_proxies else PER_CLIENT)
    except OSError as exc:
        raise KommunebotError(f"cannot listen on {host}:{port}: {exc.strerror or exc}",
                              hint="pick another --port, or leave it out for a free one") from None
    shown = f"[{host}]" if ":" in host else host
    click.echo(f"kommunebot: open http://{shown}:{server.port}/ (Ctrl-C stops)", )
    if token:
        click.echo("The page asks for the access token (KOMMUNEBOT_WEB_TOKEN).")
    click.echo(f"Pins: {s.pins_path}", err=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.close()
        engine.close()
