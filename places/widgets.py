"""Spreadsheet columns that name a node of the tree by its code (django-import-export widgets).

``AreaWidget`` resolves a code against a cache of the importing township's nodes of one kind and
checks the node against the importer's scope; ``AreaLookupMixin`` holds that cache on the resource
(``core.resources.RegisterResource`` inherits it, so every register's resource has it).
"""

from import_export import widgets

from places.choices import AreaKind
from places.models import Area

REQUIRED = "必填项不能为空"


class AreaWidget(widgets.Widget):
    """An area named by its code, resolved from a cache of the township's nodes of one kind."""

    def __init__(self, kind, required=True):
        self.kind = kind
        self.required = required
        self.resource = None  # set by the resource so the widget can reach its caches

    def clean(self, value, row=None, **kwargs):
        code = "" if value is None else str(value).strip()
        if not code:
            if self.required:
                raise ValueError(REQUIRED)
            return None
        node = self.resource.area_by_code(self.kind).get(code)
        if node is None:
            raise ValueError(f"找不到编码为“{code}”的{self.resource.kind_label(self.kind)}")
        if not self.resource.area_in_scope(node):
            raise ValueError(f"“{code}”不在您的管辖范围内")
        return node

    def render(self, value, obj=None, **kwargs):
        return value.code if value else ""


class AreaLookupMixin:
    """Nodes by code, one query per kind and import, limited to ``self.township``'s tree;
    ``area_in_scope`` checks a node against ``self.user``'s scope without a query."""

    def bind_area_widgets(self):
        self._area_cache = {}
        for field in self.fields.values():
            if isinstance(field.widget, AreaWidget):
                field.widget.resource = self

    def area_by_code(self, kind):
        if kind not in self._area_cache:
            qs = Area.objects.filter(kind=kind).select_related("parent")
            if self.township is not None:
                qs = qs.filter(tree_id=self.township.tree_id)
            self._area_cache[kind] = {a.code: a for a in qs}
        return self._area_cache[kind]

    def area_in_scope(self, node):
        if self.user is None or self.user.sees_everything:
            return True
        scope = self.user.scope_node
        return node.tree_id == scope.tree_id and scope.lft <= node.lft and node.rght <= scope.rght

    @staticmethod
    def kind_label(kind):
        return AreaKind(kind).label
