# The scoring state now lives in evaluation.ScoringSetup (issue 15, item 1); its values were
# copied there by evaluation 0004 before these fields go.

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('sourcing', '0003_selection_price_from_quotes'),
        ('evaluation', '0004_scoringsetup_copy_arch2'),
    ]

    operations = [
        migrations.RemoveField(
            model_name='selection',
            name='price_from_quotes',
        ),
        migrations.RemoveField(
            model_name='selection',
            name='scoring_closed_at',
        ),
        migrations.RemoveField(
            model_name='selection',
            name='weighting_method',
        ),
    ]
