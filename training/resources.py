"""The question bank's spreadsheet (题库): 题号, 题型, 知识点, 题目, 选项A–F, 答案, 解析, 启用.
A question without a right answer, or whose key names an option it does not have, is refused."""

from django.core.exceptions import ValidationError
from import_export import fields

from core.resources import BoolWidget, ChoiceWidget, RegisterResource, RequiredTextWidget, TextWidget
from training import rules
from training.choices import QuestionKind
from training.models import Question

TOWNSHIP_NEEDED = "请指定乡镇（网页导入时选择乡镇，命令行加 --township）"


class QuestionResource(RegisterResource):
    natural_key = "code"

    code = fields.Field(attribute="code", column_name="题号", widget=RequiredTextWidget())
    kind = fields.Field(attribute="kind", column_name="题型", widget=ChoiceWidget(QuestionKind.choices))
    topic = fields.Field(attribute="topic", column_name="知识点", widget=TextWidget())
    text = fields.Field(attribute="text", column_name="题目", widget=RequiredTextWidget())
    option_a = fields.Field(attribute=None, column_name="选项A", widget=TextWidget())
    option_b = fields.Field(attribute=None, column_name="选项B", widget=TextWidget())
    option_c = fields.Field(attribute=None, column_name="选项C", widget=TextWidget())
    option_d = fields.Field(attribute=None, column_name="选项D", widget=TextWidget())
    option_e = fields.Field(attribute=None, column_name="选项E", widget=TextWidget())
    option_f = fields.Field(attribute=None, column_name="选项F", widget=TextWidget())
    answer = fields.Field(attribute="answer", column_name="答案", widget=TextWidget())
    explanation = fields.Field(attribute="explanation", column_name="解析", widget=TextWidget())
    active = fields.Field(attribute="active", column_name="启用", widget=BoolWidget())

    example = {"题号": "示例-001", "题型": "单选题", "题目": "专项行动的“八个聚焦”第一项是？", "选项A": "责任落实",
               "选项B": "网格治理", "答案": "A"}  # fmt: skip
    optional_columns = ("选项E", "选项F", "启用")

    class Meta(RegisterResource.Meta):
        model = Question
        fields = (
            "code", "kind", "topic", "text", "option_a", "option_b", "option_c", "option_d", "option_e", "option_f",
            "answer", "explanation", "active",
        )  # fmt: skip
        import_id_fields = ("code",)

    def get_queryset(self):
        return Question.objects.order_by("code")

    def before_import(self, dataset, **kwargs):
        if self.township is None and self.user is not None and not self.user.sees_everything:
            self.township = self.user.township
        if self.township is None:
            raise ValueError(TOWNSHIP_NEEDED)
        super().before_import(dataset, **kwargs)

    def after_init_instance(self, instance, new, row, **kwargs):
        super().after_init_instance(instance, new, row, **kwargs)
        instance.township = self.township
        if new:
            instance.active = True

    def import_instance(self, instance, row, **kwargs):
        super().import_instance(instance, row, **kwargs)
        options = [str(row.get(f"选项{c}") or "").strip() for c in rules.LETTERS]
        while options and not options[-1]:
            options.pop()
        instance.options = options
        if "启用" not in row or row.get("启用") in (None, ""):
            instance.active = True if instance.pk is None else instance.active
        # the key as stored (letters in order, T/F), so an exported "对" compares equal to "T"
        key, self._question_errors = rules.question_errors(instance.kind, instance.text, options, instance.answer)
        instance.answer = key

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True):
        errors = dict(import_validation_errors or {})
        if instance.kind and "answer" not in errors:
            for name, message in getattr(self, "_question_errors", {}).items():
                errors.setdefault("option_a" if name == "options" else name, [ValidationError(message)])
        if errors:
            raise ValidationError(errors)

    def export_field(self, field, instance, **kwargs):
        if field.column_name.startswith("选项"):
            n = rules.LETTERS.index(field.column_name[-1])
            return instance.options[n] if n < len(instance.options) else ""
        if field.attribute == "answer":
            return rules.key_label(instance.kind, instance.answer)
        return super().export_field(field, instance, **kwargs)

    def extra_compare_values(self, instance) -> dict:
        return {"options": list(instance.options)}

    def bulk_update_fields(self):
        return ["kind", "topic", "text", "options", "answer", "explanation", "active"]
