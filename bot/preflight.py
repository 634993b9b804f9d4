"""Checks `make run` does before it starts: a production set-up never runs with a missing or default secret.

The development profile (the default) is the local demo: loopback only, fictional school, no
secrets needed. `KANSRIJK_PROFILE=production` turns every warning below into a refusal.
"""

from __future__ import annotations

import glob
import hashlib
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from . import paths
from .i18n import Text
from .settings import Settings
from .texts import text

# Values people leave in place from examples; never accepted as a secret.
DEFAULT_SECRETS = {"", "secret", "changeme", "change-me", "password", "token", "test", "example", "xxx", "none"}
MIN_SECRET_CHARS = 32

# Channel secrets: when the first variable of a group is set, the channel is on and all are needed.
CHANNEL_SECRETS = {
    "WhatsApp (Twilio)": ("TWILIO_ACCOUNT_SID", "TWILIO_AUTH_TOKEN"),
    "Telegram": ("TELEGRAM_BOT_TOKEN", "TELEGRAM_SECRET_TOKEN"),
}


# Sanic's own proxy variables: Kansrijk sets these from kansrijk.yml (channels/edge.py), so they would be ignored.
SANIC_PROXY_VARIABLES = ("SANIC_PROXIES_COUNT", "SANIC_REAL_IP_HEADER", "SANIC_FORWARDED_SECRET")
# Where Debian's nginx and Caddy packages keep their sites; KANSRIJK_PROXY_CONFIGS (paths or globs, separated by
# ':') replaces the list for a proxy configured elsewhere.
PROXY_CONFIGS = (
    "/etc/nginx/nginx.conf",
    "/etc/nginx/conf.d/*.conf",
    "/etc/nginx/sites-enabled/*",
    "/etc/caddy/Caddyfile",
    "/etc/caddy/*.caddy",
    "/etc/caddy/conf.d/*",
)


@dataclass(frozen=True)
class Problem:
    text: Text


def _weak(value: str | None) -> bool:
    return value is None or value.strip().lower() in DEFAULT_SECRETS


def check(env: Mapping[str, str], settings: Settings) -> list[Problem]:
    problems: list[Problem] = []
    production = env.get("KANSRIJK_PROFILE", "development") == "production"
    if env.get("KANSRIJK_ENABLE_API") == "1":
        secret = env.get("KANSRIJK_JWT_SECRET")
        if _weak(secret) or len(secret or "") < MIN_SECRET_CHARS:
            problems.append(Problem(text("preflight.api_secret", min_chars=MIN_SECRET_CHARS)))
    for channel, names in CHANNEL_SECRETS.items():
        if not any(env.get(name) for name in names):
            continue
        for name in names:
            if _weak(env.get(name)):
                problems.append(Problem(text("preflight.channel_secret", channel=channel, name=name)))
    for name in SANIC_PROXY_VARIABLES:
        if env.get(name):
            problems.append(Problem(text("preflight.sanic_proxy_variable", name=name)))
    if production:
        if env.get("KANSRIJK_RATE_LIMIT") == "off":
            problems.append(Problem(text("preflight.rate_limit_off")))
        if settings.fictional:
            problems.append(Problem(text("preflight.fictional_school")))
        insecure = [o for o in settings.edge.allowed_origins if not o.startswith("https://")]
        if insecure:
            problems.append(Problem(text("preflight.insecure_origins", origins=", ".join(insecure))))
    return problems


def _forwards_to(port: int) -> re.Pattern[str]:
    """A line of an nginx or Caddy configuration that sends requests to the bot on this machine."""
    local = r"(?:127\.0\.0\.1|localhost|\[::1\])"
    return re.compile(rf"(?:{local}:{port}|\breverse_proxy\b[^#\n]*(?<![\w.\]]):{port})(?!\d)")


def proxies_forwarding(port: int, patterns: Iterable[str]) -> list[Path]:
    """Proxy configuration files on this machine with an active (not commented) line forwarding to `port`."""
    wanted = _forwards_to(port)
    found: list[Path] = []
    for pattern in patterns:
        for name in sorted(glob.glob(pattern)):
            path = Path(name)
            try:
                text = path.read_text(encoding="utf-8", errors="replace")
            except OSError:  # a directory, or not readable by this user
                continue
            if any(wanted.search(line.split("#", 1)[0]) for line in text.splitlines()) and path not in found:
                found.append(path)
    return found


def verify_proxy(env: Mapping[str, str], settings: Settings, patterns: Iterable[str] | None = None) -> Problem | None:
    """An nginx or Caddy site here forwards to the bot (the README's set-up) but kansrijk.yml trusts no proxy.

    Then every student comes from 127.0.0.1 and all share one client bucket. A refusal in production, a warning
    otherwise. A proxy on another machine cannot be seen here: the log then warns at the first forwarded request.
    """
    if settings.edge.behind_proxy:
        return None
    if patterns is None:
        patterns = [p for p in env.get("KANSRIJK_PROXY_CONFIGS", "").split(":") if p] or PROXY_CONFIGS
    port = int(env.get("RASA_PORT") or 5005)
    found = proxies_forwarding(port, patterns)
    if not found:
        return None
    names = ", ".join(str(p) for p in found)
    return Problem(text("preflight.proxy_not_trusted", names=names, port=port))


def verify_model(model: Path) -> Problem | None:
    """Only a model this project trained (its hash written by `make model`) is ever loaded."""
    digest_file = model.with_suffix(model.suffix + ".sha256")
    if not model.exists():
        return Problem(text("preflight.no_model", model=model))
    if not digest_file.exists():
        return Problem(text("preflight.no_digest", digest_file=digest_file))
    digest = hashlib.sha256(model.read_bytes()).hexdigest()
    if digest_file.read_text(encoding="utf-8").split()[0] != digest:
        return Problem(text("preflight.model_mismatch", model=model))
    return None


def verify_tracker_store(endpoints: Path) -> Problem | None:
    """A custom tracker store Rasa cannot import is replaced by memory without an error; refuse that here."""
    import importlib.util
    import re

    import yaml

    try:
        config = yaml.safe_load(endpoints.read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError) as exc:
        return Problem(text("preflight.endpoints_unreadable", endpoints=endpoints, error=exc))
    store_type = str((config.get("tracker_store") or {}).get("type") or "")
    if "." not in store_type:
        return None  # one of Rasa's own stores (SQL, redis, ...)
    module, _, name = store_type.rpartition(".")
    try:
        spec = importlib.util.find_spec(module)
    except (ImportError, ValueError):
        spec = None
    source = Path(spec.origin) if spec is not None and spec.origin else None
    if source is None or not re.search(rf"^class {re.escape(name)}\b", source.read_text(encoding="utf-8"), re.M):
        return Problem(text("preflight.tracker_store_missing", store=store_type, endpoints=endpoints))
    return None


def verify_database(endpoints: Path, url: str | None) -> Problem | None:
    """Rasa's tracker store and erasure (bot/privacy.py) must use the same database: PostgreSQL iff the URL is set."""
    import yaml

    if url is not None:
        scheme = url.split("://", 1)[0]
        if scheme.split("+", 1)[0] != "postgresql":
            return Problem(text("preflight.database_url_scheme", scheme=scheme))
    try:
        config = yaml.safe_load(endpoints.read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError) as exc:
        return Problem(text("preflight.endpoints_unreadable", endpoints=endpoints, error=exc))
    store = config.get("tracker_store") or {}
    dialect = str(store.get("dialect") or "sqlite")
    if url is not None and dialect != "postgresql":
        return Problem(text("preflight.tracker_store_not_shared", endpoints=endpoints, dialect=dialect))
    if url is None and dialect == "postgresql":
        return Problem(text("preflight.tracker_store_without_url", endpoints=endpoints))
    lock = config.get("lock_store") or {}
    if "KANSRIJK_REDIS_URL" in str(lock.get("url", "")) and paths.redis_url() is None:
        return Problem(text("preflight.lock_store_without_redis", endpoints=endpoints))
    return None


def write_model_digest(model: Path) -> Path:
    digest_file = model.with_suffix(model.suffix + ".sha256")
    digest_file.write_text(f"{hashlib.sha256(model.read_bytes()).hexdigest()}  {model.name}\n", encoding="utf-8")
    return digest_file


def main(argv: list[str] | None = None) -> int:
    """`python -m bot.preflight [--model M] [--write-digest]`: exit 1 with reasons when start-up must stop."""
    import argparse
    import os
    import sys

    from . import settings as settings_module

    parser = argparse.ArgumentParser(prog="python -m bot.preflight", description=__doc__)
    parser.add_argument("--model", type=Path, default=Path("models/kansrijk.tar.gz"))
    parser.add_argument("--endpoints", type=Path, default=Path(os.environ.get("ENDPOINTS", "endpoints.yml")))
    parser.add_argument("--write-digest", action="store_true", help="record the hash of a model just trained")
    args = parser.parse_args(argv)
    if args.write_digest:
        print(f"wrote {write_model_digest(args.model)}")
        return 0
    try:
        loaded = settings_module.load()
    except (ValueError, OSError) as exc:
        print(f"kansrijk.yml: {exc}", file=sys.stderr)
        return 1
    problems = check(os.environ, loaded)
    proxy = verify_proxy(os.environ, loaded)
    if proxy and os.environ.get("KANSRIJK_PROFILE", "development") == "production":
        problems.append(proxy)
    elif proxy:
        warning = text("preflight.warning")
        print(f"{warning.nl} / {warning.en}:\n- {proxy.text.nl}\n  {proxy.text.en}", file=sys.stderr)
    problems += [
        p
        for p in (
            verify_model(args.model),
            verify_tracker_store(args.endpoints),
            verify_database(args.endpoints, paths.database_url()),
        )
        if p
    ]
    for problem in problems:
        print(f"- {problem.text.nl}\n  {problem.text.en}", file=sys.stderr)
    if problems:
        refused = text("preflight.refused")
        print(f"{refused.nl} / {refused.en}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
