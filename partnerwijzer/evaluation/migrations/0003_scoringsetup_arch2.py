# Scoring state moves from sourcing.Selection to evaluation.ScoringSetup (issue 15, item 1):
# this creates the model; 0004 copies the values; sourcing 0004 then drops the old fields.

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('evaluation', '0002_initial'),
        ('sourcing', '0003_selection_price_from_quotes'),
    ]

    operations = [
        migrations.CreateModel(
            name='ScoringSetup',
            fields=[
                ('selection', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, primary_key=True, related_name='scoring_setup', serialize=False, to='sourcing.selection')),
                ('weighting_method', models.CharField(choices=[('direct', 'Percentages'), ('ahp', 'Pairwise comparison (AHP)')], default='direct', max_length=10, verbose_name='how weights are set')),
                ('closed_at', models.DateTimeField(blank=True, null=True)),
                ('price_from_quotes', models.BooleanField(default=False, verbose_name='price from the quotes')),
            ],
            options={
                'constraints': [models.CheckConstraint(condition=models.Q(('weighting_method__in', ['direct', 'ahp'])), name='scoring_setup_method_valid')],
            },
        ),
    ]
