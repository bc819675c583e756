"""Forms of the grid registers. Choices are limited to the user's scope; writes go to services."""

from django import forms

from core.forms import DateInput, ScopedModelForm
from core.identity import validate_id_number
from grids import services
from grids.models import CentralHousehold, CentralHouseholdLink, GridStaff, Household, Member
from places.choices import AreaKind
from places.models import Area


class AreaForm(ScopedModelForm):
    kind = None
    parent_kind = None

    class Meta:
        model = Area
        fields = ["code", "name", "parent", "notes"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["parent"].queryset = Area.objects.for_user(self.user).filter(kind=self.parent_kind)
        self.fields["parent"].required = True
        self.instance.kind = self.kind

    def save(self, commit=True):
        return services.area_save(self.instance)


class VillageForm(AreaForm):
    kind = AreaKind.VILLAGE
    parent_kind = AreaKind.TOWNSHIP

    class Meta(AreaForm.Meta):
        fields = ["code", "name", "parent", "is_community", "secretary", "secretary_since", "notes"]
        labels = {"parent": "所属乡镇"}
        widgets = {"secretary_since": DateInput()}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        members = Member.objects.for_user(self.user)
        self.fields["secretary"].queryset = (
            members.filter(village=self.instance) if self.instance.pk else members.none()
        )


class GridForm(AreaForm):
    kind = AreaKind.GRID
    parent_kind = AreaKind.VILLAGE

    class Meta(AreaForm.Meta):
        fields = ["code", "name", "parent", "has_party_branch", "notes"]
        labels = {"parent": "所属行政村"}


class PartyGroupForm(AreaForm):
    kind = AreaKind.PARTY_GROUP
    parent_kind = AreaKind.GRID

    class Meta(AreaForm.Meta):
        fields = ["code", "name", "parent", "leader", "notes"]
        labels = {"parent": "所属网格"}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        members = Member.objects.for_user(self.user)
        self.fields["leader"].queryset = members.filter(grid=self.instance.parent) if self.instance.pk else members


class PlacedForm(ScopedModelForm):
    """Households, members and staff: choose a grid; the village and township follow from it."""

    grid = forms.ModelChoiceField(label="所属网格", queryset=Area.objects.none())
    id_number_input = forms.CharField(label="身份证号", max_length=18)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["grid"].queryset = Area.objects.for_user(self.user).grids().order_by("code")
        if self.instance.pk:
            self.fields["id_number_input"].required = False
            self.fields["id_number_input"].help_text = f"当前：{self.instance.id_masked}（留空则不修改）"
        if "party_group" in self.fields:
            self.fields["party_group"].queryset = Area.objects.for_user(self.user).party_groups().order_by("code")

    def clean_id_number_input(self):
        raw = self.cleaned_data["id_number_input"]
        return validate_id_number(raw) if raw else ""

    def clean(self):
        data = super().clean()
        if data.get("id_number_input"):
            self.instance.set_id_number(data["id_number_input"])
        grid = data.get("grid")
        if grid is not None:
            self.instance.place_in_grid(grid)
            duplicate = type(self.instance).objects.filter(
                township_id=self.instance.township_id, id_hmac=self.instance.id_hmac
            )
            if isinstance(self.instance, GridStaff):
                duplicate = duplicate.filter(grid=grid)
            if self.instance.id_hmac and duplicate.exclude(pk=self.instance.pk).exists():
                self.add_error("id_number_input", "该身份证号已登记")
        return data

    def save(self, commit=True):
        return services.placed_save(self.instance, self.cleaned_data["grid"])


class HouseholdForm(PlacedForm):
    field_order = ["number", "name", "id_number_input", "grid", "party_group"]

    class Meta:
        model = Household
        fields = ["number", "name", "party_group", "phone", "address", "population", "category", "notes"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["id_number_input"].label = "户主身份证号"
        if self.instance.pk:
            self.initial.setdefault("grid", self.instance.grid_id)

    def clean(self):
        data = super().clean()
        number = data.get("number")
        if number and self.instance.township_id:
            clash = Household.objects.filter(township_id=self.instance.township_id, number=number)
            if clash.exclude(pk=self.instance.pk).exists():
                self.add_error("number", "该户号已存在")
        return data


class MemberForm(PlacedForm):
    field_order = ["name", "id_number_input", "gender", "grid", "party_group"]

    class Meta:
        model = Member
        fields = ["name", "gender", "phone", "joined_on", "status", "tier", "party_group", "notes"]
        widgets = {"joined_on": DateInput()}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.initial.setdefault("grid", self.instance.grid_id)


class GridStaffForm(PlacedForm):
    field_order = ["name", "id_number_input", "role", "source", "grid"]

    class Meta:
        model = GridStaff
        fields = ["name", "role", "source", "phone"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.initial.setdefault("grid", self.instance.grid_id)


class CentralHouseholdForm(ScopedModelForm):
    households = forms.ModelMultipleChoiceField(
        label="包联户",
        queryset=Household.objects.none(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 12}),
        help_text="可多选；只能选本村的户，一户只能由一个中心户包联。新建时先选党员并保存，再编辑选择包联户。",
    )

    class Meta:
        model = CentralHousehold
        fields = ["member", "notes"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        members = Member.objects.for_user(self.user).order_by("name_pinyin")
        households = Household.objects.for_user(self.user).order_by("number")
        village_id = None
        if self.instance.pk:
            members = members.filter(village=self.instance.village_id)
            village_id = self.instance.village_id
            self.initial["households"] = list(self.instance.links.values_list("household_id", flat=True))
        elif self.data.get("member"):
            village_id = members.filter(pk=self.data.get("member")).values_list("village_id", flat=True).first()
        self.fields["member"].queryset = members
        self.fields["households"].queryset = (
            households.filter(village_id=village_id) if village_id else households.none()
        )

    def clean(self):
        data = super().clean()
        member = data.get("member")
        households = data.get("households") or []
        if member is not None:
            self.instance.member = member
            taken = CentralHouseholdLink.objects.filter(household__in=households).select_related("household")
            if self.instance.pk:
                taken = taken.exclude(central=self.instance)
            numbers = [link.household.number for link in taken]
            if numbers:
                self.add_error("households", services.HOUSEHOLD_TAKEN.format(numbers="、".join(numbers)))
        return data

    def save(self, commit=True):
        return services.central_household_save(self.instance, list(self.cleaned_data["households"]))
