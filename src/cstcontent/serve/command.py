"""The ``serve`` command: a local preview server for a folder of guides, with live reload."""

from __future__ import annotations

import argparse
import os
from pathlib import Path
from typing import Any, TextIO

__all__ = ["add_serve_command"]

HELP = "preview a folder of guides in the browser; pages reload when a source, template or setting changes"


def add_serve_command(subparsers: Any) -> argparse.ArgumentParser:
    """Add ``serve`` to the CLI's sub-commands (the result of ``add_subparsers()``)."""
    parser: argparse.ArgumentParser = subparsers.add_parser(
        "serve", help=HELP, description=HELP[0].upper() + HELP[1:] + "."
    )
    parser.add_argument("folder", metavar="DIR", help="the folder of .md and .json guides to serve")
    parser.add_argument("--host", default="127.0.0.1", help="the address to listen on (default: %(default)s)")
    parser.add_argument("--port", type=int, default=8000, help="the port to listen on (default: %(default)s)")
    parser.add_argument(
        "--config", metavar="TOML", help="site settings (as for export); reloaded when it changes"
    )
    parser.add_argument(
        "--template-dir", metavar="DIR", help="the html exporter's template folder (watched too)"
    )
    parser.set_defaults(run=run_serve)
    return parser


def run_serve(args: argparse.Namespace, stdout: TextIO, stderr: TextIO) -> int:
    """Serve `args.folder` until interrupted; returns the exit status."""
    try:
        import uvicorn
    except ImportError:
        print("error: serve needs the serve extra: pip install 'cstcontent[serve]'", file=stderr)
        return 2
    folder = Path(args.folder)
    if not folder.is_dir():
        print(f"error: {folder} is not a folder", file=stderr)
        return 2
    app = build_preview_app(folder, config=args.config, template_dir=args.template_dir)
    print(f"Serving {folder} at http://{_host_for_url(args.host)}:{args.port}/ (Ctrl+C to stop)", file=stdout)
    stdout.flush()
    uvicorn.run(app, host=args.host, port=args.port, log_level="warning", lifespan="on")
    return 0


def build_preview_app(
    folder: str | os.PathLike[str], *, config: str | None = None, template_dir: str | None = None
) -> Any:
    """The preview server's ASGI app: `folder`'s guides, errors shown in full, live reload."""
    from ..site import SiteSettings, load_site_config
    from . import FolderSource, GuideService, asgi_app
    from .reload import ChangeFeed

    def site() -> SiteSettings | None:
        return load_site_config(config) if config else None

    watched = [folder, *(path for path in (config, template_dir) if path)]
    changes = ChangeFeed(watched, on_change=_forget_templates)
    service = GuideService(
        FolderSource(folder), site=site, preview=True, template_dir=template_dir, reload_script=changes.script
    )
    return asgi_app(service, changes=changes)


def _forget_templates() -> None:
    """Make the html exporter read templates again after a change."""
    from ..exporters import html

    html.clear_template_cache()


def _host_for_url(host: str) -> str:
    return f"[{host}]" if ":" in host else host
