"""Compile every .po file under partnerwijzer/locale into .mo with polib (no GNU gettext needed)."""

from __future__ import annotations

from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parent.parent / "partnerwijzer" / "locale"


def main() -> None:
    for po_path in sorted(ROOT.glob("*/LC_MESSAGES/*.po")):
        po = polib.pofile(str(po_path))
        po.save_as_mofile(str(po_path.with_suffix(".mo")))
        print(f"{po_path.relative_to(ROOT.parent.parent)}: {po.percent_translated()}% translated")


if __name__ == "__main__":
    main()
