"""Contracts moved to their own app (``contracts``): their tables stay, only Django's
state of them leaves ``cities`` here (``contracts.0001`` takes it up)."""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('cities', '0005_api_tokens'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.RemoveField(
                    model_name='commitmentfollowup',
                    name='commitment',
                ),
                migrations.RemoveField(
                    model_name='commitmentfollowup',
                    name='draft_by',
                ),
                migrations.RemoveField(
                    model_name='commitmentfollowup',
                    name='updated_by',
                ),
                migrations.RemoveField(
                    model_name='contract',
                    name='city',
                ),
                migrations.RemoveField(
                    model_name='contract',
                    name='draft_by',
                ),
                migrations.RemoveField(
                    model_name='contract',
                    name='updated_by',
                ),
                migrations.RemoveField(
                    model_name='contractsection',
                    name='contract',
                ),
                migrations.RemoveField(
                    model_name='followuptext',
                    name='contract',
                ),
                migrations.RemoveField(
                    model_name='followuptext',
                    name='draft_by',
                ),
                migrations.RemoveField(
                    model_name='followuptext',
                    name='updated_by',
                ),
                migrations.RemoveField(
                    model_name='staffnote',
                    name='city',
                ),
                migrations.RemoveField(
                    model_name='staffnote',
                    name='created_by',
                ),
                migrations.RemoveField(
                    model_name='staffnote',
                    name='deleted_by',
                ),
                migrations.DeleteModel(
                    name='Commitment',
                ),
                migrations.DeleteModel(
                    name='CommitmentFollowUp',
                ),
                migrations.DeleteModel(
                    name='ContractSection',
                ),
                migrations.DeleteModel(
                    name='Contract',
                ),
                migrations.DeleteModel(
                    name='FollowUpText',
                ),
                migrations.DeleteModel(
                    name='StaffNote',
                ),
            ],
            database_operations=[],
        ),
    ]
