"""Point the Telegram bot at this server (once, by the operator), or check or remove that.

    .venv/bin/python scripts/telegram_webhook.py set [--drop-pending]   # setWebhook with the secret token
    .venv/bin/python scripts/telegram_webhook.py info                   # getWebhookInfo (last error, pending)
    .venv/bin/python scripts/telegram_webhook.py delete                 # deleteWebhook

Reads TELEGRAM_BOT_TOKEN, TELEGRAM_SECRET_TOKEN and KANSRIJK_PUBLIC_URL (https://...) from the
environment; the webhook becomes $KANSRIJK_PUBLIC_URL/webhooks/telegram/webhook. The bot server
itself never calls setWebhook and has no public route that does.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from channels.telegram import TelegramSettings, webhook_command


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("command", choices=("set", "info", "delete"))
    parser.add_argument("--drop-pending", action="store_true", help="discard updates Telegram is still holding")
    args = parser.parse_args()
    settings = TelegramSettings.load(None)
    if not settings.token:
        print("TELEGRAM_BOT_TOKEN is not set (the token @BotFather gave you)", file=sys.stderr)
        return 2
    try:
        result = asyncio.run(webhook_command(settings, args.command, args.drop_pending))
    except ValueError as err:
        print(err, file=sys.stderr)
        return 2
    except Exception as err:  # report Telegram's answer plainly to the operator
        print(f"Telegram refused: {type(err).__name__}: {err}", file=sys.stderr)
        return 1
    if args.command == "set":
        print(f"Webhook set: {settings.webhook_url} (updates must carry the secret token)")
    else:
        print(json.dumps(result, indent=2, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
