#!/usr/bin/env bash
# Print the path of a Python 3.10 interpreter (Rasa 3.6 needs Python < 3.11), or explain what to install.
set -u
for candidate in python3.10 "${PYENV_ROOT:-$HOME/.pyenv}"/versions/3.10*/bin/python3.10 /usr/local/bin/python3.10 /usr/bin/python3.10; do
  path=$(command -v "$candidate" 2>/dev/null) || continue
  if "$path" -c 'import sys, venv; sys.exit(0 if sys.version_info[:2] == (3, 10) else 1)' 2>/dev/null; then
    echo "$path"
    exit 0
  fi
done
echo "No Python 3.10 found: install it (e.g. 'pyenv install 3.10.13') - Rasa 3.6 needs Python 3.10. / Geen Python 3.10 gevonden: installeer die (bijv. 'pyenv install 3.10.13')." >&2
exit 1
