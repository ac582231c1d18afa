#!/bin/sh
# The Debian/Ubuntu packages the tests need, installed when missing. `make test` runs this first;
# .ci/run runs it with `ci` (adds PostgreSQL for the second run and gettext for `make messages`).
#
#   scripts/install-system-deps.sh [test|ci] [--dry-run]
#
# Everything else comes from PyPI into .venv (PDF pages are rasterised with the pypdfium2 wheel,
# so poppler-utils is not needed). As root, missing packages are installed with apt-get;
# otherwise the script stops with the exact command to run. --dry-run only reports.
# PARTNERWIJZER_CHROMIUM set to an existing browser makes the chromium package unnecessary.
set -eu

profile=test
dry_run=false
for arg in "$@"; do
    case "$arg" in
        test|ci) profile=$arg ;;
        --dry-run) dry_run=true ;;
        *) echo "usage: $0 [test|ci] [--dry-run]" >&2; exit 2 ;;
    esac
done

# Chromium for the browser tests (libatomic1 for the node driver Playwright ships: a minimal
# Debian lacks it); Pango and a font for WeasyPrint's PDFs.
packages="chromium libatomic1 libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core"
if [ "$profile" = ci ]; then
    packages="$packages postgresql gettext"
fi

if ! command -v dpkg-query >/dev/null 2>&1; then
    # Not Debian/Ubuntu: nothing to check with; say what the tests need and let them run.
    echo "Not a Debian/Ubuntu system (no dpkg-query): make sure Chromium (or PARTNERWIJZER_CHROMIUM)," >&2
    echo "Pango with HarfBuzz and a font are installed; the tests say so if something is missing." >&2
    exit 0
fi

missing=""
for pkg in $packages; do
    if [ "$pkg" = chromium ] && [ -n "${PARTNERWIJZER_CHROMIUM:-}" ] && [ -x "${PARTNERWIJZER_CHROMIUM}" ]; then
        continue
    fi
    if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed"; then
        missing="$missing $pkg"
    fi
done
missing=${missing# }

if [ -z "$missing" ]; then
    echo "System packages: all present ($packages)."
    exit 0
fi

command="apt-get update && apt-get install -y --no-install-recommends $missing"
if [ "$dry_run" = true ]; then
    echo "System packages missing: $missing"
    echo "Would run: $command"
    exit 0
fi
if [ "$(id -u)" -ne 0 ]; then
    echo "Missing system packages: $missing. Install them (needs root), then run make test again:" >&2
    echo "  sudo sh -c '$command'" >&2
    exit 1
fi
echo "Installing system packages: $missing"
DEBIAN_FRONTEND=noninteractive apt-get update -qq
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $missing >/dev/null
