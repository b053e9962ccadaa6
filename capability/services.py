"""Writes of capability self-assessments: through ``cities.services``' content services
(drafts, history, cache). The caller checks that the person is one of the city's
administrators (``cities.permissions.can_edit(..., needs="admin")``)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AnonymousUser, User
from django.db import transaction
from django.utils import timezone

from capability.models import CapabilityAssessment
from capability.scale import DIMENSION_CODES
from cities.models import City
from cities.services import check_fields, content_create, content_update

Person = User | AnonymousUser | None
ASSESSMENT_FIELDS = (*DIMENSION_CODES, *(f"{code}_note" for code in DIMENSION_CODES))


@transaction.atomic
def assessment_create(
    *, city: City, year: int, by: Person, publish: bool = False, **fields: Any
) -> CapabilityAssessment:
    check_fields(fields, ASSESSMENT_FIELDS, "assessment_create")
    item = CapabilityAssessment(
        city=city,
        year=year,
        is_published=publish,
        published_at=timezone.now() if publish else None,
        **fields,
    )
    return content_create(item=item, by=by)


@transaction.atomic
def assessment_update(
    *, assessment: CapabilityAssessment, by: Person, expected_version: int, **fields: Any
) -> bool:
    check_fields(fields, ASSESSMENT_FIELDS, "assessment_update")
    return content_update(item=assessment, changes=fields, by=by, expected_version=expected_version)
