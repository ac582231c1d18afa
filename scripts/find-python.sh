#!/bin/sh
# Print the path of a Python >= 3.12 interpreter, or explain what is missing and fail.
# Looks at $PYTHON, then python3.13 / python3.12 / python3 on PATH, then pyenv's versions.
check() {
  "$1" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 12) else 1)' >/dev/null 2>&1
}
for candidate in ${PYTHON:-} python3.14 python3.13 python3.12 python3 \
    "$HOME"/.pyenv/versions/3.14*/bin/python3 "$HOME"/.pyenv/versions/3.13*/bin/python3 \
    "$HOME"/.pyenv/versions/3.12*/bin/python3 /usr/local/bin/python3.13 /usr/local/bin/python3.12; do
  [ -n "$candidate" ] || continue
  path=$(command -v "$candidate" 2>/dev/null) || continue
  if check "$path"; then
    # Resolve pyenv shims to the real interpreter so the venv does not depend on the shim.
    "$path" -c 'import sys; print(sys.executable)'
    exit 0
  fi
done
echo "Partnerwijzer needs Python 3.12 or newer (Django 6 requires it), and none was found." >&2
echo "Install Python 3.12+ (e.g. 'pyenv install 3.13' or your system's python3.12 package)," >&2
echo "or point PYTHON at one: make run PYTHON=/path/to/python3.12" >&2
exit 1
