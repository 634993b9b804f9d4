"""`python -m rasa_patches run --model ...`: Rasa's command line, with the patches installed first.

The one place the Rasa server process starts (scripts/serve.sh, tests/botkit.py, tests/reliability/stack.py):
`rasa_patches.install()` reads KANSRIJK_RASA_PATCHES and checks the installed versions, then the arguments go
to Rasa's own `main` exactly as `rasa ...` would get them. An unknown patch name or a version the patches were
not tested with stops here, with exit code 2 and a message in Dutch and English, before Rasa loads anything.
"""

from __future__ import annotations

import sys

import rasa_patches


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else list(argv)
    try:
        rasa_patches.install()
    except (rasa_patches.PatchSelectionError, rasa_patches.VersionMismatch) as err:
        print(err, file=sys.stderr)
        return 2
    except (ValueError, OSError) as err:  # kansrijk.yml unreadable (bot.preflight says so in detail)
        print(f"kansrijk.yml: {err}", file=sys.stderr)
        return 2
    # Rasa configures logging only inside its main; this line goes to the same log.
    print(f"kansrijk: {rasa_patches.describe()}", file=sys.stderr, flush=True)
    from rasa.__main__ import main as rasa_main

    sys.argv = ["rasa", *args]
    rasa_main()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
