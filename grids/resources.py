"""Spreadsheet layouts of the grid registers. Headers are the Chinese ones offices already use."""

from django.core.exceptions import ValidationError
from import_export import fields

from core import identity, idnumbers
from core.resources import (
    BoolWidget,
    ChoiceWidget,
    DateWidget,
    IdNumberField,
    RegisterResource,
    RequiredTextWidget,
    TextWidget,
    person_by_id_text,
)
from grids.choices import Gender, HouseholdCategory, MemberStatus, MemberTier, StaffRole, StaffSource
from grids.models import CentralHousehold, CentralHouseholdLink, GridStaff, Household, Member
from places.choices import AreaKind
from places.models import Area
from places.widgets import AreaWidget

# The templates' example rows describe one consistent township (the workbook's sheets refer to
# each other). The ID number is GB 11643's own example; a row left exactly so is skipped on import.
EXAMPLE_ID = "11010519491231002X"
EXAMPLE_NOTE = "示例行，原样保留时导入会跳过"


def _text(value) -> str:
    """A cell as the text widgets render it."""
    return "" if value is None else str(value)


class AreaResource(RegisterResource):
    """Villages, grids and party groups: rows of the tree, saved one by one under the tree lock."""

    kind = None
    parent_kind = None

    code = fields.Field(attribute="code", column_name="编码", widget=RequiredTextWidget())
    name = fields.Field(attribute="name", column_name="名称", widget=RequiredTextWidget())

    class Meta(RegisterResource.Meta):
        model = Area
        abstract = True
        use_bulk = False  # mptt places each node; a handful of rows per township

    def existing_queryset(self):
        qs = Area.objects.filter(kind=self.kind)
        if self.township is not None:
            qs = qs.filter(tree_id=self.township.tree_id)
        return qs

    def get_queryset(self):
        return Area.objects.filter(kind=self.kind)

    #: set by the workbook import: leave people columns (secretary, leader) for a second pass,
    #: after the members they name are imported from the same workbook
    defer_people = False

    def load_existing(self):
        # Codes are unique across the whole deployment, so look them up everywhere.
        qs = Area.objects.filter(code__in=self._codes).select_related("parent", "secretary", "leader")
        return {a.code: a for a in qs}

    def before_import(self, dataset, **kwargs):
        column = self.fields["code"].column_name
        self._codes = [str(c).strip() for c in dataset[column] if c]
        super().before_import(dataset, **kwargs)

    def after_init_instance(self, instance, new, row, **kwargs):
        if not new and instance.kind != self.kind:
            raise ValidationError({"code": f"编码已被{instance.get_kind_display()}“{instance.name}”使用"})
        if not new and self.township is not None and instance.tree_id != self.township.tree_id:
            raise ValidationError({"code": "编码已被其他乡镇使用"})
        super().after_init_instance(instance, new, row, **kwargs)
        instance.kind = self.kind

    def keys_in_scope(self):
        return None  # checked per row by ancestry, without a query

    def instance_in_scope(self, instance):
        return self.area_in_scope(instance)  # without lft/rght, which this import's inserts move

    def do_instance_save(self, instance, is_create):
        instance.save()


class VillageResource(AreaResource):
    kind = AreaKind.VILLAGE
    example = {
        "村编码": "V01", "村名称": "示例村", "是否社区": "否", "党支部书记身份证号": EXAMPLE_ID,
        "书记任职日期": "2021-01-15", "备注": EXAMPLE_NOTE,
    }  # fmt: skip
    code = fields.Field(attribute="code", column_name="村编码", widget=RequiredTextWidget())
    name = fields.Field(attribute="name", column_name="村名称", widget=RequiredTextWidget())
    is_community = fields.Field(attribute="is_community", column_name="是否社区", widget=BoolWidget())
    secretary = fields.Field(attribute="secretary", column_name="党支部书记身份证号", widget=TextWidget())
    secretary_since = fields.Field(attribute="secretary_since", column_name="书记任职日期", widget=DateWidget())
    notes = fields.Field(attribute="notes", column_name="备注", widget=TextWidget())

    class Meta(AreaResource.Meta):
        fields = ("code", "name", "is_community", "secretary", "secretary_since", "notes")
        import_id_fields = ("code",)

    def before_import(self, dataset, **kwargs):
        super().before_import(dataset, **kwargs)
        members = Member.objects.all()
        if self.township is not None:
            members = members.filter(township=self.township)
        self._members = {m.id_hmac: m for m in members.only("id", "id_hmac", "name", "village_id")}

    def import_field(self, field, instance, row, is_m2m=False, **kwargs):
        if field.attribute == "secretary":
            if self.defer_people:
                return
            raw = field.clean(row)
            if not raw:
                instance.secretary = None
                return
            member = person_by_id_text(raw, self._members, current=instance.secretary if instance.pk else None)
            if member is None:
                raise ValueError("找不到该身份证号的党员，请先导入党员名册")
            instance.secretary = member
            return
        super().import_field(field, instance, row, is_m2m, **kwargs)

    def after_init_instance(self, instance, new, row, **kwargs):
        super().after_init_instance(instance, new, row, **kwargs)
        if self.township is None:
            raise ValidationError({"code": "请指定乡镇"})
        instance.parent = self.township

    def dehydrate_secretary(self, village):
        if village.secretary is None:
            return ""
        return village.secretary.id_number if self.reveal else village.secretary.id_masked


class GridResource(AreaResource):
    kind = AreaKind.GRID
    example = {"网格编码": "V01G01", "网格名称": "示例村第1网格", "所属村编码": "V01", "已建网格党支部": "是"}
    example["备注"] = EXAMPLE_NOTE
    code = fields.Field(attribute="code", column_name="网格编码", widget=RequiredTextWidget())
    name = fields.Field(attribute="name", column_name="网格名称", widget=RequiredTextWidget())
    parent = fields.Field(attribute="parent", column_name="所属村编码", widget=AreaWidget(AreaKind.VILLAGE))
    has_party_branch = fields.Field(attribute="has_party_branch", column_name="已建网格党支部", widget=BoolWidget())
    notes = fields.Field(attribute="notes", column_name="备注", widget=TextWidget())

    class Meta(AreaResource.Meta):
        fields = ("code", "name", "parent", "has_party_branch", "notes")
        import_id_fields = ("code",)


class PartyGroupResource(AreaResource):
    kind = AreaKind.PARTY_GROUP
    example = {
        "党小组编码": "V01G01P1", "党小组名称": "示例村第1网格党小组", "所属网格编码": "V01G01",
        "组长身份证号": EXAMPLE_ID, "备注": EXAMPLE_NOTE,
    }  # fmt: skip
    code = fields.Field(attribute="code", column_name="党小组编码", widget=RequiredTextWidget())
    name = fields.Field(attribute="name", column_name="党小组名称", widget=RequiredTextWidget())
    parent = fields.Field(attribute="parent", column_name="所属网格编码", widget=AreaWidget(AreaKind.GRID))
    leader = fields.Field(attribute="leader", column_name="组长身份证号", widget=TextWidget())
    notes = fields.Field(attribute="notes", column_name="备注", widget=TextWidget())

    class Meta(AreaResource.Meta):
        fields = ("code", "name", "parent", "leader", "notes")
        import_id_fields = ("code",)

    def before_import(self, dataset, **kwargs):
        super().before_import(dataset, **kwargs)
        members = Member.objects.all()
        if self.township is not None:
            members = members.filter(township=self.township)
        self._members = {m.id_hmac: m for m in members.only("id", "id_hmac", "name")}

    def import_field(self, field, instance, row, is_m2m=False, **kwargs):
        if field.attribute == "leader":
            if self.defer_people:
                return
            raw = field.clean(row)
            current = instance.leader if instance.pk else None
            member = person_by_id_text(raw, self._members, current=current) if raw else None
            if raw and member is None:
                raise ValueError("找不到该身份证号的党员，请先导入党员名册")
            instance.leader = member
            return
        super().import_field(field, instance, row, is_m2m, **kwargs)

    def dehydrate_leader(self, group):
        if group.leader is None:
            return ""
        return group.leader.id_number if self.reveal else group.leader.id_masked


class PlacedResource(RegisterResource):
    """Rows placed in a grid (households, members, staff): the grid column sets all scope keys."""

    grid = fields.Field(attribute="grid", column_name="所属网格编码", widget=AreaWidget(AreaKind.GRID))

    class Meta(RegisterResource.Meta):
        abstract = True

    def import_instance(self, instance, row, **kwargs):
        super().import_instance(instance, row, **kwargs)
        if instance.grid_id:
            grid = instance.grid
            instance.village_id = grid.parent_id
            instance.township_id = grid.parent.parent_id
        group = getattr(instance, "party_group", None)
        if group is not None and group.parent_id != instance.grid_id:
            raise ValidationError({"party_group": "网格党小组不属于所填网格"})


class HouseholdResource(PlacedResource):
    natural_key = "number"
    existing_related = ("grid", "party_group")
    example = {
        "户号": "V01-0001", "户主姓名": "张示例", "户主身份证号": EXAMPLE_ID, "联系电话": "13800000000",
        "住址": "示例村东街1号", "家庭人口": 3, "户类别": "一般户", "所属网格编码": "V01G01",
        "网格党小组编码": "V01G01P1", "备注": EXAMPLE_NOTE,
    }  # fmt: skip

    number = fields.Field(attribute="number", column_name="户号", widget=RequiredTextWidget())
    name = fields.Field(attribute="name", column_name="户主姓名", widget=RequiredTextWidget())
    id_number = IdNumberField(column_name="户主身份证号")
    phone = fields.Field(attribute="phone", column_name="联系电话", widget=TextWidget())
    address = fields.Field(attribute="address", column_name="住址", widget=TextWidget())
    population = fields.Field(attribute="population", column_name="家庭人口", widget=RequiredTextWidget())
    category = fields.Field(
        attribute="category",
        column_name="户类别",
        widget=ChoiceWidget(HouseholdCategory.choices, default=HouseholdCategory.ORDINARY),
    )
    grid = fields.Field(attribute="grid", column_name="所属网格编码", widget=AreaWidget(AreaKind.GRID))
    party_group = fields.Field(
        attribute="party_group", column_name="网格党小组编码", widget=AreaWidget(AreaKind.PARTY_GROUP, required=False)
    )
    notes = fields.Field(attribute="notes", column_name="备注", widget=TextWidget())

    class Meta(PlacedResource.Meta):
        model = Household
        fields = (
            "number", "name", "id_number", "phone", "address", "population", "category", "grid", "party_group", "notes",
        )  # fmt: skip
        import_id_fields = ("number",)

    def get_queryset(self):
        return Household.objects.select_related("grid", "party_group")

    def export_values(self):
        # About 10,000 households a township: read as tuples (core.exports), the cells as
        # ``export_field`` gives them (widgets' render: text, the category's label, node codes).
        reveal = self.reveal
        decrypt = identity.decrypt_id
        categories = self.fields["category"].widget.by_value
        paths = ("number", "name", "id_encrypted" if reveal else "id_masked", "phone", "address", "population",
                 "category", "grid__code", "party_group__code", "notes")  # fmt: skip

        def make_row(values):
            number, name, person, phone, address, population, category, grid, group, notes = values
            return [_text(number), _text(name), decrypt(person) if reveal else _text(person), _text(phone),
                    _text(address), _text(population), categories.get(category, ""), grid or "", group or "",
                    _text(notes)]  # fmt: skip

        return paths, make_row

    def before_import(self, dataset, **kwargs):
        super().before_import(dataset, **kwargs)
        # Head-of-household ID numbers are unique in a township: who holds each one now.
        self._id_owner = {h.id_hmac: number for number, h in self._existing.items()}
        self._id_in_file = {}

    def import_instance(self, instance, row, **kwargs):
        super().import_instance(instance, row, **kwargs)
        number = instance.number
        owner = self._id_owner.get(instance.id_hmac)
        if owner is not None and owner != number:
            raise ValidationError({"id_number": f"该身份证号已是户号“{owner}”的户主"})
        first = self._id_in_file.setdefault(instance.id_hmac, number)
        if first != number:
            raise ValidationError({"id_number": f"与户号“{first}”的户主身份证号重复"})

    def import_field(self, field, instance, row, is_m2m=False, **kwargs):
        if field.attribute == "population":
            raw = field.clean(row)
            try:
                value = int(raw)
            except (TypeError, ValueError):
                raise ValueError("家庭人口应为正整数") from None
            if not 1 <= value <= 99:
                raise ValueError("家庭人口应在 1 到 99 之间")
            instance.population = value
            return
        super().import_field(field, instance, row, is_m2m, **kwargs)

    def bulk_update_fields(self):
        return [
            "name", "id_encrypted", "id_hmac", "id_masked", "id_last4", "phone", "address", "population",
            "category", "grid", "village", "township", "party_group", "notes", "name_pinyin", "name_initials",
        ]  # fmt: skip


class MemberResource(PlacedResource):
    """Party members. 性别 may be left out or empty: the ID number answers it (and the birth date)."""

    natural_key = "id_number"
    existing_related = ("grid", "party_group", "household")
    optional_columns = ("性别",)
    example = {
        "身份证号": EXAMPLE_ID, "姓名": "张示例", "性别": "女", "联系电话": "13800000000", "入党日期": "1975-07-01",
        "党员类别": "正式党员", "积分分层": "村干部党员", "所属网格编码": "V01G01", "网格党小组编码": "V01G01P1",
        "户号": "V01-0001", "备注": EXAMPLE_NOTE,
    }  # fmt: skip

    id_number = IdNumberField(column_name="身份证号")
    name = fields.Field(attribute="name", column_name="姓名", widget=RequiredTextWidget())
    gender = fields.Field(attribute="gender", column_name="性别", widget=ChoiceWidget(Gender.choices, required=False))
    phone = fields.Field(attribute="phone", column_name="联系电话", widget=TextWidget())
    joined_on = fields.Field(attribute="joined_on", column_name="入党日期", widget=DateWidget())
    status = fields.Field(
        attribute="status", column_name="党员类别", widget=ChoiceWidget(MemberStatus.choices, default=MemberStatus.FULL)
    )
    tier = fields.Field(
        attribute="tier", column_name="积分分层", widget=ChoiceWidget(MemberTier.choices, default=MemberTier.ORDINARY)
    )
    grid = fields.Field(attribute="grid", column_name="所属网格编码", widget=AreaWidget(AreaKind.GRID))
    party_group = fields.Field(
        attribute="party_group", column_name="网格党小组编码", widget=AreaWidget(AreaKind.PARTY_GROUP, required=False)
    )
    household = fields.Field(attribute="household", column_name="户号", widget=TextWidget())
    notes = fields.Field(attribute="notes", column_name="备注", widget=TextWidget())

    class Meta(PlacedResource.Meta):
        model = Member
        fields = (
            "id_number", "name", "gender", "phone", "joined_on", "status", "tier", "grid", "party_group",
            "household", "notes",
        )  # fmt: skip
        import_id_fields = ("id_number",)

    def get_queryset(self):
        return Member.objects.select_related("grid", "party_group", "household")

    def before_import(self, dataset, **kwargs):
        super().before_import(dataset, **kwargs)
        numbers = [str(n).strip() for n in dataset[self.fields["household"].column_name] if n]
        households = Household.objects.filter(number__in=numbers)
        if self.township is not None:
            households = households.filter(township=self.township)
        self._households = {h.number: h for h in households.only("id", "number", "grid_id")}

    def import_field(self, field, instance, row, is_m2m=False, **kwargs):
        if field.attribute == "household":
            number = field.clean(row)
            household = self._households.get(number) if number else None
            if number and household is None:
                raise ValueError(f"找不到户号“{number}”")
            instance.household = household
            return
        if field.attribute == "gender" and (field.column_name not in row or field.clean(row) is None):
            return  # empty: kept, or taken from the number below
        super().import_field(field, instance, row, is_m2m, **kwargs)

    def import_instance(self, instance, row, **kwargs):
        given = instance.gender if instance.pk is None else None
        super().import_instance(instance, row, **kwargs)
        number = getattr(instance, "_parsed_id", None)
        column = self.fields["gender"].column_name
        if number is not None:
            written = self.fields["gender"].clean(row) if column in row else None
            instance.gender_from_id(number, written or "")
        elif not instance.gender and not given:
            raise ValidationError({"gender": "请填写性别，或填写完整的身份证号"})

    def after_apply(self):
        if self.preview:  # something was added or changed
            from grids.services import link_staff_to_members

            link_staff_to_members(self.township)

    def dehydrate_household(self, member):
        return member.household.number if member.household else ""

    def bulk_update_fields(self):
        return [
            "id_encrypted", "id_hmac", "id_masked", "id_last4", "name", "gender", "birth_date", "phone", "joined_on",
            "status", "tier", "grid", "village", "township", "party_group", "household", "notes", "name_pinyin",
            "name_initials",
        ]  # fmt: skip


class GridStaffResource(PlacedResource):
    """A person may serve several grids (a secretary leads every grid of the village): key = ID + grid."""

    natural_key = "id_number"
    existing_related = ("grid",)
    example = {
        "身份证号": EXAMPLE_ID, "姓名": "张示例", "网格职务": "网格长", "人员来源": "支部书记",
        "联系电话": "13800000000", "所属网格编码": "V01G01",
    }  # fmt: skip

    id_number = IdNumberField(column_name="身份证号")
    name = fields.Field(attribute="name", column_name="姓名", widget=RequiredTextWidget())
    role = fields.Field(attribute="role", column_name="网格职务", widget=ChoiceWidget(StaffRole.choices))
    source = fields.Field(attribute="source", column_name="人员来源", widget=ChoiceWidget(StaffSource.choices))
    phone = fields.Field(attribute="phone", column_name="联系电话", widget=TextWidget())
    grid = fields.Field(attribute="grid", column_name="所属网格编码", widget=AreaWidget(AreaKind.GRID))

    class Meta(PlacedResource.Meta):
        model = GridStaff
        fields = ("id_number", "name", "role", "source", "phone", "grid")
        import_id_fields = ("id_number",)

    def get_queryset(self):
        return GridStaff.objects.select_related("grid")

    def key_of_row(self, row):
        grid = str(row.get(self.fields["grid"].column_name) or "").strip()
        return f"{super().key_of_row(row)}@{grid}"

    def load_existing(self):
        existing = list(self.existing_queryset())
        self._by_masked = {}
        for staff in existing:
            self._by_masked.setdefault(f"{staff.id_masked}@{staff.grid.code}", []).append(staff)
        return {f"{s.id_hmac}@{s.grid.code}": s for s in existing}

    def get_instance(self, instance_loader, row):
        key = self.key_of_row(row)
        raw, _, grid = key.partition("@")
        if not raw:
            return None
        if idnumbers.is_masked(raw):
            return self.match_masked(raw, row, self._by_masked.get(key, []))
        return self._existing.get(f"{identity.hmac_id(raw)}@{grid}")

    def before_import(self, dataset, **kwargs):
        super().before_import(dataset, **kwargs)
        members = Member.objects.all()
        if self.township is not None:
            members = members.filter(township=self.township)
        self._members = dict(members.values_list("id_hmac", "id"))

    def before_save_instance(self, instance, row, **kwargs):
        instance.member_id = self._members.get(instance.id_hmac)

    def after_apply(self):
        if self.preview:  # something was added or changed
            from grids.services import link_staff_to_members

            link_staff_to_members(self.township)

    def bulk_update_fields(self):
        return [
            "id_encrypted", "id_hmac", "id_masked", "id_last4", "name", "role", "source", "phone", "grid",
            "village", "township", "member", "name_pinyin", "name_initials",
        ]  # fmt: skip


class CentralHouseholdResource(RegisterResource):
    """党员中心户 with the households it links, listed by household number separated by 、"""

    natural_key = "member"
    name_column_field = "member_name"
    example = {"中心户党员身份证号": EXAMPLE_ID, "党员姓名": "张示例", "包联户号": "V01-0001、V01-0002"}
    example["备注"] = EXAMPLE_NOTE
    SEPARATORS = ("、", ",", "，", ";", "；", " ")

    member = fields.Field(attribute="member", column_name="中心户党员身份证号", widget=RequiredTextWidget())
    member_name = fields.Field(attribute="member__name", column_name="党员姓名", readonly=True)
    households = fields.Field(attribute="households", column_name="包联户号", widget=TextWidget())
    notes = fields.Field(attribute="notes", column_name="备注", widget=TextWidget())

    class Meta(RegisterResource.Meta):
        model = CentralHousehold
        fields = ("member", "member_name", "households", "notes")
        import_id_fields = ("member",)
        use_bulk = False  # links are written per row after the central household exists

    def get_queryset(self):
        return CentralHousehold.objects.select_related("member").prefetch_related("links__household")

    def load_existing(self):
        existing = list(self.existing_queryset().select_related("member"))
        self._by_masked = {}
        for central in existing:
            self._by_masked.setdefault(central.member.id_masked, []).append(central)
        return {c.member.id_hmac: c for c in existing}

    def key_of_row(self, row):
        return idnumbers.normalize(super().key_of_row(row))

    def get_instance(self, instance_loader, row):
        raw = self.key_of_row(row)
        if not raw:
            return None
        if idnumbers.is_masked(raw):
            return self.match_masked(raw, row, self._by_masked.get(raw, []), name_of=lambda c: c.member.name)
        return self._existing.get(identity.hmac_id(raw))

    def extra_compare_values(self, instance):
        numbers = getattr(instance, "_household_numbers", None)
        if numbers is None:
            numbers = self._links_of.get(instance.pk, []) if instance.pk else []
        return {"households": sorted(numbers)}

    def before_import(self, dataset, **kwargs):
        super().before_import(dataset, **kwargs)
        township_filter = {"township": self.township} if self.township is not None else {}
        self._members = {m.id_hmac: m for m in Member.objects.filter(**township_filter).select_related("grid")}
        self._households = {
            h.number: h for h in Household.objects.filter(**township_filter).only("id", "number", "grid_id")
        }
        self._links_of = {}
        links = CentralHouseholdLink.objects.filter(**{f"household__{k}": v for k, v in township_filter.items()})
        for central_id, number in links.values_list("central_id", "household__number"):
            self._links_of.setdefault(central_id, []).append(number)
        self._linked = dict(
            CentralHouseholdLink.objects.filter(
                **{f"household__{k}": v for k, v in township_filter.items()}
            ).values_list("household__number", "central__member__id_hmac")
        )
        self._claimed = {}

    def _split(self, text):
        for sep in self.SEPARATORS[1:]:
            text = text.replace(sep, self.SEPARATORS[0])
        return [part for part in (p.strip() for p in text.split(self.SEPARATORS[0])) if part]

    def import_field(self, field, instance, row, is_m2m=False, **kwargs):
        if field.attribute == "member":
            raw = field.clean(row)
            member = person_by_id_text(raw, self._members, current=instance.member if instance.pk else None)
            if member is None:
                raise ValueError("找不到该身份证号的党员")
            instance.member = member
            instance.place_in_grid(member.grid)
            return
        if field.attribute == "households":
            numbers = self._split(field.clean(row))
            missing = [n for n in numbers if n not in self._households]
            if missing:
                raise ValueError(f"找不到户号：{'、'.join(missing)}")
            key = instance.member.id_hmac if instance.member_id else None
            taken = [n for n in numbers if self._linked.get(n, key) != key or self._claimed.get(n, key) != key]
            if taken:
                raise ValueError(f"这些户已由其他中心户包联：{'、'.join(taken)}")
            for n in numbers:
                self._claimed[n] = key
            instance._household_numbers = numbers
            return
        super().import_field(field, instance, row, is_m2m, **kwargs)

    def after_save_instance(self, instance, row, **kwargs):
        numbers = getattr(instance, "_household_numbers", [])
        instance.links.all().delete()
        CentralHouseholdLink.objects.bulk_create(
            [CentralHouseholdLink(central=instance, household=self._households[n]) for n in numbers]
        )

    def dehydrate_member(self, central):
        return central.member.id_number if self.reveal else central.member.id_masked

    def dehydrate_households(self, central):
        return "、".join(sorted(link.household.number for link in central.links.all()))
