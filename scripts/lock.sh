#!/usr/bin/env bash
# Regenerate the hashed lock files from requirements/*.in (`make lock`): dev.txt first, then server.txt and
# actions.txt constrained by it, so a package has the same version in every lock. Existing pins are kept unless an
# .in file asks for another version; arguments go to the dev.txt compile, e.g.
#   scripts/lock.sh --upgrade-package sqlite-utils      (or: make lock ARGS="--upgrade-package sqlite-utils")
# The locks are made for the platform this runs on (Linux x86_64, CPython 3.10 for the committed ones): pip-compile
# evaluates environment markers here, e.g. tensorflow-io-gcs-filesystem (Linux) and not tensorflow-intel (Windows).
set -euo pipefail
cd "$(dirname "$0")/.."
TOOLS=build/lock-venv

# pip's own configuration on this machine (extra indexes, local wheel folders, constraints) must not leak into the
# locks: they name PyPI's files only, so they install the same on any machine.
export PIP_CONFIG_FILE=/dev/null PIP_DISABLE_PIP_VERSION_CHECK=1
unset PIP_FIND_LINKS PIP_INDEX_URL PIP_EXTRA_INDEX_URL PIP_CONSTRAINT PIP_REQUIRE_VIRTUALENV PIP_NO_INDEX

if [ ! -x "$TOOLS/bin/python" ]; then
  py=$(scripts/find-python310.sh)
  "$py" -m venv "$TOOLS"
fi
"$TOOLS/bin/python" -m pip install --quiet --require-hashes -r requirements/lock-tools.txt

platform=$("$TOOLS/bin/python" -c 'import platform; print(f"{platform.system()} {platform.machine()}, {platform.python_implementation()} {platform.python_version()}")')
compile() {  # output file, then pip-compile arguments
  local out=$1 tmp
  shift
  CUSTOM_COMPILE_COMMAND="make lock" "$TOOLS/bin/pip-compile" --quiet --generate-hashes --allow-unsafe --strip-extras \
    --no-emit-index-url --output-file "$out" "$@"
  tmp=$(mktemp)
  {
    echo "# Made for $platform (scripts/lock.sh evaluated environment markers there; another platform may need"
    echo "# other packages: regenerate on it). Install with: pip install --require-hashes -r $out"
    grep -v -e '^# Made for ' -e '^# other packages: regenerate' "$out"
  } > "$tmp"
  mv "$tmp" "$out"
}
compile requirements/dev.txt requirements/dev.in "$@"
compile requirements/server.txt -c requirements/dev.txt requirements/server.in
compile requirements/actions.txt -c requirements/dev.txt requirements/actions.in
compile requirements/lock-tools.txt -c requirements/dev.txt requirements/lock-tools.in
echo "Locks written: requirements/{dev,server,actions,lock-tools}.txt (git diff requirements/ to review)"
