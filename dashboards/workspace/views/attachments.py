"""Evidence: files attached to a value, an action or a follow-up (on the item's history
page), removed again, and downloaded (by anyone when the item is published)."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from cities.attachments import DEFAULT_MAX_BYTES, AttachmentRefused
from cities.models import Attachment
from cities.permissions import can_view_drafts
from cities.selectors import city_get
from cities.services import attachment_add, attachment_remove
from core.i18n import gettext as _
from dashboards.workspace.kinds import BY_MODEL, Kind
from dashboards.workspace.views.access import item_for


class AttachmentForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Fil"),
        help_text=gettext_lazy(
            "PDF, Word (.docx), Excel (.xlsx) eller en bild (PNG, JPEG, GIF, WebP), högst 20 MB. "
            "Filer med makron och program tas inte emot."
        ),
    )


def max_bytes() -> int:
    return getattr(settings, "ATTACHMENT_MAX_BYTES", None) or DEFAULT_MAX_BYTES


def attachments_of(item) -> list[Attachment]:
    """The item's attachments, oldest first (one query)."""
    return list(
        Attachment.objects.filter(
            content_type=ContentType.objects.get_for_model(type(item)),
            object_id=item.pk,
            deleted_at__isnull=True,
        ).select_related("uploaded_by")
    )


@login_required
@require_POST
def attachment_create(request: HttpRequest, slug: str, kind: Kind, pk: int) -> HttpResponse:
    city, item = item_for(request, slug, kind, pk, may=kind.may_change)
    back = reverse("workspace:item-history", args=[slug, kind.segment, pk])
    form = AttachmentForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, _("Välj en fil att bifoga."))
        return redirect(back)
    upload = form.cleaned_data["file"]
    if upload.size > max_bytes():
        messages.error(request, _("Filen är för stor; högst 20 MB tas emot."))
        return redirect(back)
    try:
        attachment_add(item=item, city=city, name=upload.name, data=upload.read(), by=request.user)
    except AttachmentRefused as exc:
        messages.error(request, _("Filen bifogades inte: %(why)s") % {"why": exc})
    else:
        messages.success(request, _("%(name)s är bifogad.") % {"name": upload.name})
    return redirect(back)


def _attachment_item(attachment: Attachment):
    model = attachment.content_type.model_class()
    kind = BY_MODEL.get(model)  # type: ignore[arg-type]
    if kind is None:
        raise Http404
    return kind, model._default_manager.filter(pk=attachment.object_id).first()  # type: ignore[union-attr]


@login_required
@require_POST
def attachment_delete(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    city = city_get(slug=slug)
    attachment = get_object_or_404(
        Attachment.objects.select_related("content_type"), pk=pk, city=city, deleted_at=None
    )
    kind, _item = _attachment_item(attachment)
    city, item = item_for(request, slug, kind, attachment.object_id, may=kind.may_change)
    attachment_remove(attachment=attachment, item=item, by=request.user)
    messages.success(request, _("%(name)s är borttagen.") % {"name": attachment.name})
    return redirect("workspace:item-history", slug, kind.segment, attachment.object_id)


@require_GET
def attachment_download(request: HttpRequest, slug: str, pk: int) -> FileResponse:
    """An attachment: for anyone when its item is published, else for those who may read
    the city's drafts. Always as a download of the type read from its content."""
    city = city_get(slug=slug)
    attachment = get_object_or_404(
        Attachment.objects.select_related("content_type"), pk=pk, city=city, deleted_at=None
    )
    _kind, item = _attachment_item(attachment)
    if item is None or getattr(item, "deleted_at", None) is not None:
        raise Http404
    if not getattr(item, "is_published", False) and not can_view_drafts(request.user, city):
        raise PermissionDenied(_("Bilagan hör till ett utkast."))
    try:
        handle = attachment.file.open("rb")
    except FileNotFoundError:
        raise Http404(_("Filen finns inte längre.")) from None
    from cities.attachments import CONTENT_TYPES

    response = FileResponse(
        handle,
        as_attachment=True,
        filename=attachment.name,
        content_type=CONTENT_TYPES.get(attachment.kind, "application/octet-stream"),
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response
