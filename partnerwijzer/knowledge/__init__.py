"""Reference data for Partnerwijzer: versioned YAML files in Dutch, English and German.

The figures are reference values from the sources in ``data/sources.yaml`` (chiefly the 2025
practitioner guide), each with its source and date; they are never our own measurements.

Use it through the loader::

    from partnerwijzer.knowledge.loader import reference

    ref = reference()
    for criterion in ref.selection_criteria:
        print(criterion.name.get("de"), [f.format("de") for f in criterion.figures])
"""
