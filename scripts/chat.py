"""Chat with the running bot (started by `make run`) in this terminal, over the REST channel.

    .venv/bin/python scripts/chat.py [--url http://127.0.0.1:5005/webhooks/rest/webhook] [--sender NAME]
Type a number to tap one of the buttons shown; Ctrl-D or 'quit' ends.
"""

from __future__ import annotations

import argparse
import json
import urllib.error
import urllib.request
import uuid


def send(url: str, sender: str, text: str) -> list[dict]:
    body = json.dumps({"sender": sender, "message": text}).encode()
    request = urllib.request.Request(url, data=body, headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=60) as response:
        return json.loads(response.read() or b"[]")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--url", default="http://127.0.0.1:5005/webhooks/rest/webhook")
    parser.add_argument("--sender", default=f"shell-{uuid.uuid4().hex[:8]}")
    args = parser.parse_args()
    buttons: list[dict] = []
    print("Kansrijk - typ je bericht / type your message ('quit' to stop)")
    while True:
        try:
            text = input("> ").strip()
        except (EOFError, KeyboardInterrupt):
            break
        if text.lower() in ("quit", "exit"):
            break
        if text.isdigit() and 1 <= int(text) <= len(buttons):
            text = buttons[int(text) - 1]["payload"]
        try:
            messages = send(args.url, args.sender, text)
        except (urllib.error.URLError, OSError) as exc:
            print(f"(geen verbinding / no connection: {exc}; is `make run` running?)")
            continue
        buttons = []
        for message in messages:
            if message.get("text"):
                print(message["text"])
            for button in message.get("buttons") or []:
                buttons.append(button)
                print(f"  [{len(buttons)}] {button['title']}")


if __name__ == "__main__":
    main()
