"""`pmbot serve | demo | replay | check | init`."""

from __future__ import annotations

import argparse
import asyncio
import gc
import sys
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from bot.config import ConfigError, load_team_config
from bot.logs import configure_logging
from bot.plugins import PluginError, agent_classes
from bot.settings import Settings
from integrations.registry import webhook_platforms


def _settings(args: argparse.Namespace) -> Settings:
    overrides: dict[str, Any] = {}
    if getattr(args, "config", None):
        overrides["pmbot_config"] = Path(args.config)
    try:
        return Settings(**overrides)
    except ValidationError as exc:
        for err in exc.errors():
            name = "_".join(str(part) for part in err["loc"]).upper()
            print(f"pmbot: {name}: {err['msg'].removeprefix('Value error, ')}", file=sys.stderr)
        raise SystemExit(2) from None


def _settings_and_team(args: argparse.Namespace) -> tuple[Settings, Any]:
    settings = _settings(args)
    try:
        team = load_team_config(settings.pmbot_config, agent_classes(settings.pmbot_agents))
    except (ConfigError, PluginError) as exc:
        print(f"pmbot: invalid configuration\n{exc}", file=sys.stderr)
        raise SystemExit(2) from None
    return settings, team


def cmd_serve(args: argparse.Namespace) -> int:
    import uvicorn

    from bot.app import create_app
    from bot.config import team_problems
    from bot.plugins import build_agents
    from bot.sandbox import Sandbox, banner

    settings, team = _settings_and_team(args)
    host = args.host or settings.pmbot_host
    port = args.port or settings.pmbot_port
    settings = settings.updated(pmbot_host=host, pmbot_port=port)
    if args.no_worker:
        settings = settings.updated(pmbot_worker=False)
    if args.no_scheduler:
        settings = settings.updated(pmbot_scheduler=False)
    for problem in team_problems(team, build_agents(agent_classes(settings.pmbot_agents), team)):
        print(f"pmbot: warning: {settings.pmbot_config}: {problem}", file=sys.stderr)
    sandbox = None
    if settings.sandbox:
        sandbox = Sandbox(settings.missing_platforms())
        settings = sandbox.start(settings, team)
    configure_logging(settings.pmbot_log_level, settings.secrets())

    def started(runtime: Any) -> None:
        text = banner(settings, sandbox)
        folder = runtime.db.created_folder
        if folder is not None:
            text += f"\n  note: created the folder {folder}/ for the SQLite database"
        print(text, flush=True)

    try:
        uvicorn.run(
            create_app(settings, team=team, sandbox=sandbox, on_started=started, team_file=settings.pmbot_config),
            host=host,
            port=port,
            log_config=None,
            access_log=False,
            timeout_graceful_shutdown=5,
        )
    finally:
        if sandbox:
            sandbox.stop()
    return 0


def cmd_demo(args: argparse.Namespace) -> int:
    from bot.demo import run_demo

    return run_demo(verbose=args.verbose)


def cmd_replay(args: argparse.Namespace) -> int:
    from bot.replay import replay, replay_since

    if (args.file is None) == (args.since is None):
        print("pmbot replay: give a FILE (with --source) or --since WHEN, not both", file=sys.stderr)
        return 2
    if args.file is not None and args.source is None:
        print("pmbot replay: replaying a FILE needs --source", file=sys.stderr)
        return 2
    settings, team = _settings_and_team(args)
    configure_logging("WARNING", settings.secrets())
    if args.since is not None:
        return asyncio.run(replay_since(settings, team, args.since, source=args.source, dry_run=args.dry_run,
                                        force=args.force))
    return asyncio.run(replay(settings, team, Path(args.file), args.source, event=args.event,
                              dry_run=args.dry_run, force=args.force))


def cmd_check(args: argparse.Namespace) -> int:
    from bot.check import check

    settings, team = _settings_and_team(args)
    configure_logging("WARNING", settings.secrets())
    return asyncio.run(check(settings, team))


def cmd_reload(args: argparse.Namespace) -> int:
    """Validate the team file as `pmbot check` does and ask every replica (through the shared database) to
    read it again; exit 1 when it is invalid (the replicas then refuse it and keep their configuration)."""
    from bot.reload import request_reload

    settings, problems = _reload_settings(args)
    configure_logging("WARNING", settings.secrets())
    asyncio.run(request_reload(settings, by="pmbot reload"))
    if problems:
        print(f"pmbot reload: {settings.pmbot_config} is invalid; every replica keeps its running configuration:",
              file=sys.stderr)
        for problem in problems:
            print(f"  {problem}", file=sys.stderr)
        return 1
    print(f"pmbot reload: {settings.pmbot_config} is valid; asked every replica to apply it (each one looks "
          "within a few seconds; the dashboard's overview and the audit log show the outcome)")
    return 0


def _reload_settings(args: argparse.Namespace) -> tuple[Settings, list[str]]:
    """The settings, and what is wrong with the team file (the problems `pmbot check` reports as FAILED)."""
    from bot.config import team_problems
    from bot.plugins import build_agents

    settings = _settings(args)
    try:
        classes = agent_classes(settings.pmbot_agents)
        team = load_team_config(settings.pmbot_config, classes)
    except (ConfigError, PluginError) as exc:
        return settings, str(exc).splitlines()
    return settings, [f"{settings.pmbot_config}: {p}" for p in team_problems(team, build_agents(classes, team))]


def cmd_hash_password(args: argparse.Namespace) -> int:
    """Print the scrypt hash of a password for PMBOT_ADMIN_PASSWORD_HASH (read from a prompt or stdin)."""
    import getpass

    from bot.web.auth import hash_password

    if sys.stdin.isatty():
        password = getpass.getpass("Dashboard admin password: ")
        if getpass.getpass("Again: ") != password:
            print("pmbot: the passwords differ", file=sys.stderr)
            return 2
    else:
        password = sys.stdin.readline().rstrip("\n")
    if len(password) < 8:
        print("pmbot: use at least 8 characters", file=sys.stderr)
        return 2
    print(hash_password(password))
    return 0


def cmd_manifest(args: argparse.Namespace) -> int:
    """Write (or check) the Slack app manifest generated from the agents' declarations."""
    from bot.manifest import MANIFEST_PATH, render_manifest

    settings, _ = _settings_and_team(args)
    text = render_manifest(agent_classes(settings.pmbot_agents), request_url=args.url, socket_mode=args.socket_mode)
    path = Path(args.output) if args.output else MANIFEST_PATH
    if args.check:
        current = path.read_text() if path.exists() else ""
        if current != text:
            print(f"pmbot: {path} is out of date: run pmbot manifest", file=sys.stderr)
            return 1
        return 0
    if args.output == "-":
        print(text, end="")
    else:
        path.write_text(text)
        print(f"wrote {path}")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="pmbot", description="Self-hosted project-management integration bot.")
    parser.add_argument("--config", help="team YAML (default: $PMBOT_CONFIG or config/pmbot.example.yaml)")
    sub = parser.add_subparsers(dest="command", required=True)

    serve = sub.add_parser("serve", help="serve webhooks, Slack, the dashboard; run worker and scheduler")
    serve.add_argument("--host", default=None)
    serve.add_argument("--port", type=int, default=None)
    serve.add_argument("--no-worker", action="store_true", help="only receive; another replica processes")
    serve.add_argument("--no-scheduler", action="store_true")
    serve.set_defaults(func=cmd_serve)

    demo = sub.add_parser("demo", help="run a scripted scenario in the sandbox and print what happened")
    demo.add_argument("--verbose", action="store_true")
    demo.set_defaults(func=cmd_demo)

    replay = sub.add_parser("replay", help="feed a recorded webhook body through the pipeline, or translate "
                                           "the stored deliveries since a time again (after a parser fix)")
    replay.add_argument("file", nargs="?", help="a recorded webhook body")
    replay.add_argument("--since", help="stored deliveries received since: 2026-11-23T09:00 (UTC), 6h, 2d")
    replay.add_argument("--source", choices=[p.name for p in webhook_platforms()],
                        help="the FILE's platform; with --since, only this platform's deliveries")
    replay.add_argument("--event", help="GitHub event name (default: from the file name, e.g. push.json)")
    replay.add_argument("--dry-run", action="store_true", help="decide and record, but write nothing")
    replay.add_argument("--force", action="store_true", help="process even if this delivery was seen")
    replay.set_defaults(func=cmd_replay)

    check = sub.add_parser("check", help="validate config and reach every configured platform")
    check.set_defaults(func=cmd_check)

    reload = sub.add_parser("reload", help="validate the team file and make every replica apply it now "
                                           "(also: SIGHUP, or just save the file)")
    reload.set_defaults(func=cmd_reload)

    from bot.init import add_arguments as init_arguments
    from bot.init import cmd_init

    init = sub.add_parser("init", help="read the team from ClickUp, Slack and GitHub; write a team YAML")
    init_arguments(init)
    init.set_defaults(func=cmd_init)

    hashpw = sub.add_parser("hash-password", help="hash a dashboard password for PMBOT_ADMIN_PASSWORD_HASH")
    hashpw.set_defaults(func=cmd_hash_password)

    manifest = sub.add_parser("manifest", help="write config/slack-manifest.yaml from the agents' declarations")
    manifest.add_argument("--output", help="where to write it ('-' for stdout; default config/slack-manifest.yaml)")
    manifest.add_argument("--url", default="https://pmbot.example.com", help="pmbot's public base URL")
    manifest.add_argument("--socket-mode", action="store_true", help="for Socket Mode (SLACK_APP_TOKEN): no URLs")
    manifest.add_argument("--check", action="store_true", help="exit 1 when the file is not what would be written")
    manifest.set_defaults(func=cmd_manifest)

    add_agent_commands(sub)
    args = parser.parse_args(argv)
    try:
        return int(args.func(args) or 0)
    except ConfigError as exc:  # a team file missing or invalid: the file/key/problem message, not a traceback
        print(f"pmbot: {exc}", file=sys.stderr)
        return 2


def add_agent_commands(sub: Any) -> None:
    """Subcommands the agents declare (`Agent.cli`): `pmbot report`, `pmbot ask` ..."""
    import os

    try:
        classes = agent_classes(os.environ.get("PMBOT_AGENTS", ""))
    except PluginError:
        classes = agent_classes("")
    for cls in classes:
        for command in cls.cli:
            parser = sub.add_parser(command.name, help=command.help)
            command.add_arguments(parser)
            parser.set_defaults(func=lambda args, cls=cls, command=command: cmd_agent(args, cls, command))


def cmd_agent(args: argparse.Namespace, cls: Any, command: Any) -> int:
    """Run an agent's CLI command with a runtime on the real clients (no worker, no scheduler)."""
    import uuid

    from bot.runtime import Runtime
    from integrations.events import Event

    settings, team = _settings_and_team(args)
    configure_logging("WARNING", settings.secrets())

    async def run() -> int:
        runtime = Runtime(settings, team)
        await runtime.start(worker=False, scheduler=False, reload=False)
        # As `pmbot serve` does once started (bot/app.py): what start-up built lives as long as the process, so
        # keep it out of the collector's full passes (a 10,000-task report otherwise walks it several times).
        gc.collect()
        gc.freeze()
        try:
            agent = next((a for a in runtime.agents if isinstance(a, cls)), None)
            if agent is None:
                print(f"pmbot {command.name}: the {cls.name} agent is disabled in {settings.pmbot_config}")
                return 2
            event = Event(id=f"cli:{command.name}:{uuid.uuid4().hex[:8]}", source="cli", type=f"cli.{command.name}",
                          occurred_at=runtime.clock.now())
            return int(await command.run(args, agent, runtime.context_for(agent, event)))
        finally:
            await runtime.stop()

    return asyncio.run(run())


if __name__ == "__main__":
    sys.exit(main())
