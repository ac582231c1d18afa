from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('sourcing', '0002_selection_use_case'),
    ]

    operations = [
        migrations.AddField(
            model_name='selection',
            name='price_from_quotes',
            field=models.BooleanField(default=False, verbose_name='price from the quotes'),
        ),
    ]
