# Copies each selection's scoring state (weighting method, scoring closed, price from the quotes)
# into evaluation.ScoringSetup, and back when migrating backwards, so no value is lost either way.
# Only selections that differ from the defaults get a row; the others read the defaults
# (evaluation.selectors.scoring_setup_of) until their first scoring write makes one.

from django.db import migrations

BATCH = 500


def copy_forwards(apps, schema_editor):
    Selection = apps.get_model('sourcing', 'Selection')
    ScoringSetup = apps.get_model('evaluation', 'ScoringSetup')
    rows = (
        Selection.objects.exclude(weighting_method='direct', scoring_closed_at__isnull=True, price_from_quotes=False)
        .values_list('pk', 'weighting_method', 'scoring_closed_at', 'price_from_quotes')
        .order_by('pk')
    )
    ScoringSetup.objects.bulk_create(
        [
            ScoringSetup(selection_id=pk, weighting_method=method, closed_at=closed_at, price_from_quotes=from_quotes)
            for pk, method, closed_at, from_quotes in rows.iterator(chunk_size=BATCH)
        ],
        batch_size=BATCH,
    )


def copy_backwards(apps, schema_editor):
    Selection = apps.get_model('sourcing', 'Selection')
    ScoringSetup = apps.get_model('evaluation', 'ScoringSetup')
    for setup in ScoringSetup.objects.order_by('pk').iterator(chunk_size=BATCH):
        Selection.objects.filter(pk=setup.selection_id).update(
            weighting_method=setup.weighting_method,
            scoring_closed_at=setup.closed_at,
            price_from_quotes=setup.price_from_quotes,
        )


class Migration(migrations.Migration):

    dependencies = [
        ('evaluation', '0003_scoringsetup_arch2'),
    ]

    operations = [
        migrations.RunPython(copy_forwards, copy_backwards),
    ]
