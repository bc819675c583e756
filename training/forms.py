"""Forms of the question bank and the quizzes; rules from ``training.services``."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

from core.forms import ScopedModelForm, TownshipFieldMixin, add_errors, style_fields
from training import rules, services
from training.models import Question, Quiz

OPTION_FIELDS = [f"option_{c.lower()}" for c in rules.LETTERS]


class QuestionForm(TownshipFieldMixin, ScopedModelForm):
    class Meta:
        model = Question
        fields = ["code", "kind", "topic", "text", "answer", "explanation", "active"]
        widgets = {"text": forms.Textarea(attrs={"rows": 3}), "explanation": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        for n, name in enumerate(OPTION_FIELDS):
            letter = rules.LETTERS[n]
            self.fields[name] = forms.CharField(label=f"选项{letter}", required=False, max_length=200)
            if self.instance.options and n < len(self.instance.options):
                self.initial[name] = self.instance.options[n]
        self.fields["answer"].help_text = "单选如 B，多选如 ACD，判断题填“对”或“错”"
        self.add_township_field()
        style_fields(self)

    def clean(self):
        data = super().clean()  # the chosen township is on the instance (TownshipFieldMixin)
        if self.instance.township_id:
            township = self.instance.township
            taken = Question.objects.filter(township=township, code=data.get("code")).exclude(pk=self.instance.pk)
            if data.get("code") and taken.exists():
                self.add_error("code", "题号已被使用")
        options = [data.get(name, "") for name in OPTION_FIELDS]
        while options and not options[-1]:
            options.pop()
        self.instance.options = options
        key, errors = rules.question_errors(data.get("kind", ""), data.get("text", ""), options, data.get("answer", ""))
        for name, message in errors.items():
            self.add_error("option_a" if name == "options" else name, message)
        return data

    def validate_unique(self):
        pass

    def save(self, commit=True):
        return services.question_save(self.instance, user=self.user)


class QuizForm(TownshipFieldMixin, ScopedModelForm):
    class Meta:
        model = Quiz
        fields = [
            "title", "mode", "draw", "question_count", "topic", "opens_at", "closes_at", "time_limit",
            "points_item", "points_min_percent",
        ]  # fmt: skip
        widgets = {
            "opens_at": forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
            "closes_at": forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        self.fields["points_item"].required = False
        self.add_township_field()
        if self.instance.pk and self.instance.status != "draft":
            for name in ("draw", "question_count", "topic"):
                self.fields[name].disabled = True
        if not self.instance.pk:
            now = timezone.localtime().replace(second=0, microsecond=0)
            self.fields["opens_at"].initial = now
            self.fields["closes_at"].initial = now + timezone.timedelta(days=7)
        style_fields(self)

    def _post_clean(self):
        super()._post_clean()
        if not self.errors:
            errors = services.quiz_errors(self.instance)
            if errors:
                add_errors(self, ValidationError(errors))

    def save(self, commit=True):
        return services.quiz_save(self.instance, user=self.user)
