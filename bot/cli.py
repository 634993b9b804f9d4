"""Command line for operators and counsellors: build the catalogue, get advice for a profile, run a demo.

python -m bot catalog build [--offers FILE] [--kans-op-werk FILE] [--no-demo] [--db PATH]
python -m bot advise --profile profile.json [--age 16 --education vmbo_kb ...] [--json] [--lang en]
python -m bot demo
python -m bot privacy forget --sender ID      erase one conversation (tracker, journal, continuity code)
python -m bot privacy purge [--days N]        remove what is older than N days (default: kansrijk.yml)
python -m bot counsellor add NAME [--display-name TEXT] [--admin] [--password-stdin]
python -m bot counsellor disable NAME | enable NAME | list
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sqlite3
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from . import paths, privacy, settings
from .advice import advise
from .catalog import build as catalog_build
from .catalog import store
from .catalog.errors import CatalogImportError
from .profile import DUTCH_LEVELS, EDUCATION, ROUTES, START_WISHES, VMBO_PROFILES, Profile, ProfileError
from .render import render_advice

PROFILE_FLAGS = {  # flag -> (profile field, type or choices, help)
    "education": (EDUCATION, "prior education"),
    "vmbo_profile": (VMBO_PROFILES, "vmbo profile (BWI, PIE, MVI, MT, MaT are technical)"),
    "age": (int, "age in years"),
    "interests": (str, "free text: what do you like doing? (Dutch or English)"),
    "route": (ROUTES, "bol, bbl or either"),
    "place": (str, "where you live, e.g. 'Den Bosch'"),
    "start": (START_WISHES, "when you want to start"),
    "dutch_level": (DUTCH_LEVELS, "Dutch language level"),
    "max_distance_km": (float, "furthest distance to school"),
}
FIELD_FOR_FLAG = {"interests": "interests_text", "start": "start_wish"}

DEMO_PROFILES: list[tuple[str, dict[str, Any]]] = [
    (
        "vmbo kader PIE, 16, likes electricity, Eindhoven",
        {
            "education": "vmbo_kb",
            "vmbo_profile": "PIE",
            "age": 16,
            "interests_text": "ik vind elektriciteit en zonnepanelen leuk",
            "place": "Eindhoven",
        },
    ),
    (
        "career switcher, 35, no diploma, BBL, Den Bosch, as soon as possible",
        {
            "education": "none",
            "age": 35,
            "interests_text": "sleutelen aan auto's en motoren",
            "route": "bbl",
            "place": "Den Bosch",
            "start_wish": "asap",
            "jobseeker": True,
        },
    ),
    (
        "vmbo basis Z&W without maths, 17, wants to do something with computers",
        {
            "education": "vmbo_bb",
            "vmbo_profile": "ZW",
            "has_math_or_science": False,
            "age": 17,
            "interests_text": "gamen en computers",
            "place": "Zwolle",
            "language": "en",
        },
    ),
]


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m bot", description="Kansrijk advice core")
    sub = parser.add_subparsers(dest="command", required=True)

    cat = sub.add_parser("catalog", help="catalogue commands").add_subparsers(dest="action", required=True)
    b = cat.add_parser("build", help="build the catalogue database from data/catalog/")
    b.add_argument("--db", type=Path, default=None, help="database file (default: build/catalog.db)")
    b.add_argument("--data-dir", type=Path, default=None, help="source folder (default: data/catalog)")
    b.add_argument("--offers", type=Path, action="append", default=[], help="extra KiesMBO export JSON (repeatable)")
    b.add_argument("--kans-op-werk", type=Path, action="append", default=[], help="SBB kans-op-werk CSV (repeatable)")
    b.add_argument("--no-demo", action="store_true", help="leave out the fictional demo school")

    a = sub.add_parser("advise", help="print advice for one profile")
    a.add_argument("--profile", type=Path, help="profile JSON file (fields: see README)")
    for flag, (kind, text) in PROFILE_FLAGS.items():
        opts: dict[str, Any] = {"help": text}
        if isinstance(kind, tuple):
            opts["choices"] = kind
        else:
            opts["type"] = kind
        a.add_argument("--" + flag.replace("_", "-"), dest=flag, **opts)
    a.add_argument("--bbl", action="store_true", help="shortcut for --route bbl")
    a.add_argument("--lang", choices=("nl", "en"), help="answer language")
    a.add_argument("--json", action="store_true", help="print the full structure as JSON")
    a.add_argument("--today", type=dt.date.fromisoformat, help="pretend today is this date (YYYY-MM-DD)")
    a.add_argument("--db", type=Path, default=None)

    d = sub.add_parser("demo", help="advice for three example people")
    d.add_argument("--db", type=Path, default=None)

    p = sub.add_parser("privacy", help="erase a conversation or remove old data (paths: TRACKER_DB, KANSRIJK_STATE_DB)")
    pa = p.add_subparsers(dest="action", required=True)
    f = pa.add_parser("forget", help="erase one conversation from every store")
    f.add_argument("--sender", help="the conversation id (sender_id) to erase")
    u = pa.add_parser("purge", help="remove conversations, journal rows and codes older than the retention period")
    u.add_argument("--days", type=_days, default=None, help="retention in days (default: privacy.retention_days)")

    c = sub.add_parser("counsellor", help="accounts for the counsellor's pages (state database: KANSRIJK_STATE_DB)")
    ca = c.add_subparsers(dest="action", required=True)
    add = ca.add_parser("add", help="make an account; asks for the password twice (or reads one line from stdin)")
    add.add_argument("username", help="1-64 letters, digits or ._-@")
    add.add_argument("--display-name", default="", help="the name pupils see, e.g. 'mevrouw De Vries (decaan)'")
    add.add_argument("--admin", action="store_true", help="may manage accounts and read the audit log")
    add.add_argument("--password-stdin", action="store_true", help="read the password from standard input")
    for action, text in (("disable", "stop an account and end its logins"), ("enable", "allow an account again")):
        ca.add_parser(action, help=text).add_argument("username")
    ca.add_parser("list", help="all accounts")
    return parser


def _counsellor(args: argparse.Namespace) -> int:
    from getpass import getpass

    from .counsel import auth
    from .counsel import store as counsel_store

    db = counsel_store.shared()
    if args.action == "list":
        for c in db.counsellors():
            state = "actief/active" if c.active else "uit/disabled"
            print(f"{c.username}\t{c.display_name}\t{c.role}\t{state}")
        return 0
    if args.action in ("disable", "enable"):
        if not db.set_active(args.username, args.action == "enable"):
            print(f"Onbekend account / unknown account: {args.username}", file=sys.stderr)
            return 2
        print(f"{args.username}: {'aan / enabled' if args.action == 'enable' else 'uit / disabled'}")
        return 0
    if args.password_stdin:
        password = sys.stdin.readline().rstrip("\n")
    else:
        password = getpass("Wachtwoord / password: ")
        if getpass("Nog een keer / again: ") != password:
            print("De wachtwoorden verschillen / the passwords differ", file=sys.stderr)
            return 2
    try:
        who = db.add_counsellor(
            args.username, args.display_name, "admin" if args.admin else "counsellor", auth.hash_password(password)
        )
    except ValueError as exc:
        print(f"Fout / error: {exc}", file=sys.stderr)
        return 2
    print(f"Account {who.username} ({who.role}) gemaakt / created.")
    return 0


def _days(text: str) -> int:
    try:
        days = int(text)
    except ValueError:
        days = 0
    if days < 1:
        raise argparse.ArgumentTypeError(
            f"{text!r}: geef een heel aantal dagen, 1 of meer / give a whole number of days, 1 or more"
        )
    return days


def _privacy(args: argparse.Namespace) -> int:
    stores = {"tracker_db": paths.tracker_db(), "state_db": paths.state_db()}
    if args.action == "forget":
        sender = (args.sender or "").strip()
        if not sender:
            print(
                "Fout: geef het gesprek op met --sender ID / error: name the conversation with --sender ID",
                file=sys.stderr,
            )
            return 2
        summary = privacy.forget(sender, **stores).summary()
    else:
        days = args.days or settings.load().retention_days
        summary = privacy.purge(days, now=time.time(), **stores).summary(days)
    print(summary.en)
    print(summary.nl)
    return 0


def _profile_from_args(args: argparse.Namespace) -> Profile:
    data: dict[str, Any] = {}
    if args.profile:
        try:
            data = json.loads(args.profile.read_text(encoding="utf-8"))
        except (OSError, json.JSONDecodeError) as exc:
            raise ProfileError(f"cannot read profile {args.profile}: {exc}") from exc
        if not isinstance(data, dict):
            raise ProfileError("the profile file must hold a JSON object")
    for flag in PROFILE_FLAGS:
        value = getattr(args, flag)
        if value is not None:
            data[FIELD_FOR_FLAG.get(flag, flag)] = value
    if args.bbl:
        data["route"] = "bbl"
    if args.lang:
        data["language"] = args.lang
    return Profile.from_dict(data)


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    db = getattr(args, "db", None) or paths.catalog_db()
    try:
        if args.command == "privacy":
            return _privacy(args)
        if args.command == "counsellor":
            return _counsellor(args)
        if args.command == "catalog":
            sources = catalog_build.Sources(
                args.data_dir or paths.DATA_DIR, args.offers, args.kans_op_werk, include_demo=not args.no_demo
            )
            counts = catalog_build.build(sources, db)
            print(json.dumps({"database": str(db), **counts}))
            return 0
        catalog = store.load(db)
        if args.command == "advise":
            profile = _profile_from_args(args)
            result = advise(profile, catalog, today=args.today)
            if args.json:
                print(json.dumps(result.as_dict(profile.language), ensure_ascii=False, indent=2))
            else:
                print(render_advice(result, profile.language))
            return 0
        for title, data in DEMO_PROFILES:
            profile = Profile.from_dict(data)
            print(f"=== {title}")
            print(render_advice(advise(profile, catalog), profile.language))
            print()
        return 0
    except CatalogImportError as exc:
        print(
            f"Import mislukt / import failed: {exc}\n(de vorige catalogus is niet veranderd / "
            f"the previous catalogue is unchanged)",
            file=sys.stderr,
        )
        return 2
    except (ProfileError, store.CatalogMissing) as exc:
        print(f"Fout / error: {exc}", file=sys.stderr)
        return 2
    except sqlite3.Error as exc:
        print(f"Database niet bij te werken / cannot update the database: {exc}", file=sys.stderr)
        return 1
