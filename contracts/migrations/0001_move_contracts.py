"""The Klimatkontrakt models, moved from ``cities``: the tables already exist (made by
``cities`` 0002–0004), so this only records them in Django's state and moves their content
types (and with them the history records and permissions that point at them)."""

import django.core.validators
import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


MODELS = [
    "contract",
    "contractsection",
    "commitment",
    "commitmentfollowup",
    "followuptext",
    "staffnote",
]


def move_content_types(apps, schema_editor):
    content_types = apps.get_model("contenttypes", "ContentType")
    content_types.objects.filter(app_label="cities", model__in=MODELS).update(
        app_label="contracts"
    )


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('cities', '0006_move_contracts'),
        ('contenttypes', '0002_remove_content_type_name'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='Contract',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('is_published', models.BooleanField(default=False, verbose_name='publicerad')),
                        ('published_at', models.DateTimeField(blank=True, null=True, verbose_name='publicerad')),
                        ('version', models.PositiveIntegerField(default=1, verbose_name='version')),
                        ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='skapad')),
                        ('updated_at', models.DateTimeField(auto_now=True, verbose_name='ändrad')),
                        ('deleted_at', models.DateTimeField(blank=True, null=True, verbose_name='borttagen')),
                        ('draft', models.JSONField(blank=True, default=dict, editable=False, verbose_name='ändring som väntar på publicering')),
                        ('draft_at', models.DateTimeField(blank=True, editable=False, null=True, verbose_name='utkast sparat')),
                        ('year', models.PositiveSmallIntegerField(help_text='Året versionen gäller för.', validators=[django.core.validators.MinValueValidator(2019), django.core.validators.MaxValueValidator(2100)], verbose_name='år')),
                        ('title', models.CharField(default='Klimatkontrakt 2030', max_length=200, verbose_name='titel')),
                        ('signed_on', models.DateField(blank=True, null=True, verbose_name='undertecknat')),
                        ('document_url', models.URLField(blank=True, max_length=500, verbose_name='publicerat dokument')),
                        ('content_note', models.TextField(blank=True, help_text='T.ex. att versionens text ännu inte har förts in.', verbose_name='om innehållet')),
                        ('source_reference', models.CharField(blank=True, max_length=500, verbose_name='källa')),
                        ('city', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='contracts', to='cities.city')),
                        ('draft_by', models.ForeignKey(blank=True, editable=False, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='utkast av')),
                        ('updated_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='senast ändrad av')),
                    ],
                    options={
                        'verbose_name': 'klimatkontrakt',
                        'verbose_name_plural': 'klimatkontrakt',
                        'db_table': 'cities_contract',
                        'ordering': ['city', '-year'],
                    },
                ),
                migrations.CreateModel(
                    name='ContractSection',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('number', models.CharField(blank=True, max_length=20, verbose_name='nummer')),
                        ('title', models.CharField(max_length=300, verbose_name='rubrik')),
                        ('party', models.CharField(blank=True, choices=[('city', 'Kommunen'), ('viable_cities', 'Viable Cities'), ('agencies', 'Myndigheterna gemensamt'), ('formas', 'Formas'), ('naturvardsverket', 'Naturvårdsverket'), ('energimyndigheten', 'Energimyndigheten'), ('tillvaxtverket', 'Tillväxtverket'), ('trafikverket', 'Trafikverket'), ('vinnova', 'Vinnova'), ('joint', 'Alla parter gemensamt')], max_length=20, verbose_name='part')),
                        ('text', models.TextField(blank=True, verbose_name='text')),
                        ('references', models.JSONField(blank=True, default=list, help_text='[{"text": …, "url": …}]', verbose_name='hänvisningar')),
                        ('order', models.PositiveSmallIntegerField(default=0, verbose_name='ordning')),
                        ('contract', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='sections', to='contracts.contract')),
                    ],
                    options={
                        'verbose_name': 'avsnitt',
                        'verbose_name_plural': 'avsnitt',
                        'db_table': 'cities_contractsection',
                        'ordering': ['contract', 'order', 'id'],
                    },
                ),
                migrations.CreateModel(
                    name='Commitment',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('party', models.CharField(choices=[('city', 'Kommunen'), ('viable_cities', 'Viable Cities'), ('agencies', 'Myndigheterna gemensamt'), ('formas', 'Formas'), ('naturvardsverket', 'Naturvårdsverket'), ('energimyndigheten', 'Energimyndigheten'), ('tillvaxtverket', 'Tillväxtverket'), ('trafikverket', 'Trafikverket'), ('vinnova', 'Vinnova'), ('joint', 'Alla parter gemensamt')], max_length=20, verbose_name='part')),
                        ('number', models.CharField(blank=True, max_length=20, verbose_name='nummer')),
                        ('title', models.CharField(blank=True, max_length=300, verbose_name='rubrik')),
                        ('text', models.TextField(verbose_name='text')),
                        ('references', models.JSONField(blank=True, default=list, verbose_name='hänvisningar')),
                        ('order', models.PositiveSmallIntegerField(default=0, verbose_name='ordning')),
                        ('section', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='commitments', to='contracts.contractsection')),
                    ],
                    options={
                        'verbose_name': 'åtagande',
                        'verbose_name_plural': 'åtaganden',
                        'db_table': 'cities_commitment',
                        'ordering': ['section__order', 'order', 'id'],
                    },
                ),
                migrations.CreateModel(
                    name='FollowUpText',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('is_published', models.BooleanField(default=False, verbose_name='publicerad')),
                        ('published_at', models.DateTimeField(blank=True, null=True, verbose_name='publicerad')),
                        ('version', models.PositiveIntegerField(default=1, verbose_name='version')),
                        ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='skapad')),
                        ('updated_at', models.DateTimeField(auto_now=True, verbose_name='ändrad')),
                        ('deleted_at', models.DateTimeField(blank=True, null=True, verbose_name='borttagen')),
                        ('draft', models.JSONField(blank=True, default=dict, editable=False, verbose_name='ändring som väntar på publicering')),
                        ('draft_at', models.DateTimeField(blank=True, editable=False, null=True, verbose_name='utkast sparat')),
                        ('party', models.CharField(choices=[('city', 'Kommunen'), ('viable_cities', 'Viable Cities'), ('agencies', 'Myndigheterna gemensamt'), ('formas', 'Formas'), ('naturvardsverket', 'Naturvårdsverket'), ('energimyndigheten', 'Energimyndigheten'), ('tillvaxtverket', 'Tillväxtverket'), ('trafikverket', 'Trafikverket'), ('vinnova', 'Vinnova'), ('joint', 'Alla parter gemensamt')], max_length=20, verbose_name='part')),
                        ('kind', models.CharField(choices=[('updates', 'Viktigaste uppdateringar'), ('experiences', 'Mest angelägna erfarenheter att dela')], max_length=16, verbose_name='slag')),
                        ('number', models.CharField(blank=True, max_length=20, verbose_name='nummer')),
                        ('title', models.CharField(max_length=300, verbose_name='rubrik')),
                        ('text', models.TextField(verbose_name='text')),
                        ('references', models.JSONField(blank=True, default=list, verbose_name='hänvisningar')),
                        ('contract', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='follow_up_texts', to='contracts.contract')),
                        ('draft_by', models.ForeignKey(blank=True, editable=False, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='utkast av')),
                        ('updated_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='senast ändrad av')),
                    ],
                    options={
                        'verbose_name': 'uppföljningstext',
                        'verbose_name_plural': 'uppföljningstexter',
                        'db_table': 'cities_followuptext',
                        'ordering': ['contract', 'number', 'id'],
                    },
                ),
                migrations.CreateModel(
                    name='StaffNote',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('text', models.TextField(verbose_name='anteckning')),
                        ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='skriven')),
                        ('deleted_at', models.DateTimeField(blank=True, null=True, verbose_name='borttagen')),
                        ('city', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='staff_notes', to='cities.city')),
                        ('created_by', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='skriven av')),
                        ('deleted_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='borttagen av')),
                    ],
                    options={
                        'verbose_name': 'anteckning från programkontoret',
                        'verbose_name_plural': 'anteckningar från programkontoret',
                        'db_table': 'cities_staffnote',
                        'ordering': ['city', '-created_at', '-id'],
                    },
                ),
                migrations.CreateModel(
                    name='CommitmentFollowUp',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('is_published', models.BooleanField(default=False, verbose_name='publicerad')),
                        ('published_at', models.DateTimeField(blank=True, null=True, verbose_name='publicerad')),
                        ('version', models.PositiveIntegerField(default=1, verbose_name='version')),
                        ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='skapad')),
                        ('updated_at', models.DateTimeField(auto_now=True, verbose_name='ändrad')),
                        ('deleted_at', models.DateTimeField(blank=True, null=True, verbose_name='borttagen')),
                        ('draft', models.JSONField(blank=True, default=dict, editable=False, verbose_name='ändring som väntar på publicering')),
                        ('draft_at', models.DateTimeField(blank=True, editable=False, null=True, verbose_name='utkast sparat')),
                        ('year', models.PositiveSmallIntegerField(validators=[django.core.validators.MinValueValidator(2019), django.core.validators.MaxValueValidator(2100)], verbose_name='år')),
                        ('status', models.CharField(choices=[('not_started', 'Ej påbörjat'), ('ongoing', 'Pågår'), ('done', 'Genomfört'), ('changed', 'Ändrat'), ('dropped', 'Avbrutet')], max_length=16, verbose_name='status')),
                        ('comment', models.TextField(blank=True, verbose_name='kommentar')),
                        ('commitment', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='follow_ups', to='contracts.commitment')),
                        ('draft_by', models.ForeignKey(blank=True, editable=False, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='utkast av')),
                        ('updated_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='senast ändrad av')),
                    ],
                    options={
                        'verbose_name': 'uppföljning av åtagande',
                        'verbose_name_plural': 'uppföljningar av åtaganden',
                        'db_table': 'cities_commitmentfollowup',
                        'ordering': ['commitment', '-year'],
                        'constraints': [models.UniqueConstraint(condition=models.Q(('deleted_at__isnull', True)), fields=('commitment', 'year'), name='commitment_follow_up_unique_year'), models.CheckConstraint(condition=models.Q(('status__in', ['not_started', 'ongoing', 'done', 'changed', 'dropped'])), name='commitment_follow_up_status'), models.CheckConstraint(condition=models.Q(('year__gte', 2019), ('year__lte', 2100)), name='commitment_follow_up_year')],
                    },
                ),
                migrations.AddConstraint(
                    model_name='contract',
                    constraint=models.UniqueConstraint(condition=models.Q(('deleted_at__isnull', True)), fields=('city', 'year'), name='contract_unique_city_year'),
                ),
                migrations.AddConstraint(
                    model_name='contract',
                    constraint=models.CheckConstraint(condition=models.Q(('year__gte', 2019), ('year__lte', 2100)), name='contract_year_range'),
                ),
                migrations.AddConstraint(
                    model_name='contractsection',
                    constraint=models.UniqueConstraint(fields=('contract', 'number'), name='contract_section_unique_number'),
                ),
                migrations.AddConstraint(
                    model_name='contractsection',
                    constraint=models.CheckConstraint(condition=models.Q(('party', ''), ('party__in', ['city', 'viable_cities', 'agencies', 'formas', 'naturvardsverket', 'energimyndigheten', 'tillvaxtverket', 'trafikverket', 'vinnova', 'joint']), _connector='OR'), name='contract_section_party'),
                ),
                migrations.AddConstraint(
                    model_name='commitment',
                    constraint=models.UniqueConstraint(condition=models.Q(('number', ''), _negated=True), fields=('section', 'party', 'number'), name='commitment_unique_number'),
                ),
                migrations.AddConstraint(
                    model_name='commitment',
                    constraint=models.CheckConstraint(condition=models.Q(('party__in', ['city', 'viable_cities', 'agencies', 'formas', 'naturvardsverket', 'energimyndigheten', 'tillvaxtverket', 'trafikverket', 'vinnova', 'joint'])), name='commitment_party_known'),
                ),
                migrations.AddConstraint(
                    model_name='commitment',
                    constraint=models.CheckConstraint(condition=models.Q(('text', ''), _negated=True), name='commitment_text_not_empty'),
                ),
                migrations.AddConstraint(
                    model_name='followuptext',
                    constraint=models.UniqueConstraint(condition=models.Q(('deleted_at__isnull', True)), fields=('contract', 'party', 'kind'), name='follow_up_text_unique_party_kind'),
                ),
                migrations.AddConstraint(
                    model_name='followuptext',
                    constraint=models.CheckConstraint(condition=models.Q(('party__in', ['city', 'viable_cities', 'agencies', 'formas', 'naturvardsverket', 'energimyndigheten', 'tillvaxtverket', 'trafikverket', 'vinnova', 'joint'])), name='follow_up_text_party_known'),
                ),
                migrations.AddConstraint(
                    model_name='followuptext',
                    constraint=models.CheckConstraint(condition=models.Q(('kind__in', ['updates', 'experiences'])), name='follow_up_text_kind_known'),
                ),
                migrations.AddConstraint(
                    model_name='staffnote',
                    constraint=models.CheckConstraint(condition=models.Q(('text', ''), _negated=True), name='staff_note_text_not_empty'),
                ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(move_content_types, migrations.RunPython.noop),
    ]
