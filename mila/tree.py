"""Adding many children to a page in bulk, with the tree paths Wagtail (treebeard) would give."""

from wagtail.models import Page


def lock_for_new_children(parent):
    """Lock `parent` and return it fresh with the number of its last child's path step.

    The lock keeps two bulk writers (imports, `generate_bulk`) from computing the same paths;
    child number n of this batch goes at `child_path(parent, step + n)`.
    """
    parent = Page.objects.select_for_update().get(pk=parent.pk)
    last_path = (
        Page.objects.filter(path__startswith=parent.path, depth=parent.depth + 1)
        .order_by("-path")
        .values_list("path", flat=True)
        .first()
    )
    step = Page._str2int(last_path[-Page.steplen :]) if last_path else 0
    return parent, step


def child_path(parent, step):
    return Page._get_path(parent.path, parent.depth + 1, step)
