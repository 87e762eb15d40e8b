"""Receivers that keep the material packs public-only: a document or collection whose access
may have changed drops the packs holding it and rebuilds them after commit.

Connected in ``CampaignsConfig.ready``; they sit above services and tasks in the layer order,
so the models stay free of both.
"""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from campaigns.services import invalidate_packs_with_documents
from campaigns.tasks import build_material_pack
from cas_site.jobs import enqueue_on_commit


def _packs_changed_access(document_ids):
    """Documents whose access may have changed: drop the packs holding them and rebuild
    those from public materials after commit (a restricted file never stays in a pack)."""
    for campaign_id in invalidate_packs_with_documents(document_ids):
        enqueue_on_commit(build_material_pack, campaign_id)


@receiver(post_save, sender="wagtaildocs.Document")
def document_saved(sender, instance, created, update_fields=None, raw=False, **kwargs):
    """A document moved to another collection (or saved whole) may have become restricted."""
    if raw or created or (update_fields is not None and "collection" not in update_fields):
        return
    _packs_changed_access([instance.pk])


@receiver(post_save, sender="wagtailcore.CollectionViewRestriction")
@receiver(post_delete, sender="wagtailcore.CollectionViewRestriction")
@receiver(post_save, sender="wagtailcore.Collection")
def collection_access_changed(sender, instance, raw=False, **kwargs):
    """A restriction added or removed, or a collection saved (renamed, moved): every document
    in the collection and below it may have changed access."""
    if raw:
        return
    from wagtail.documents import get_document_model

    collection = getattr(instance, "collection", instance)
    path = getattr(collection, "path", None)
    if not path:
        return
    documents = get_document_model().objects.filter(collection__path__startswith=path)
    _packs_changed_access(list(documents.values_list("pk", flat=True)))
