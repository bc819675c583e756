"""Building blocks shared by registers: ID numbers (pinyin columns: ``places.pinyin``); the
background-task records (the outbox of tasks to send and the runs of tasks sent); import previews."""

import uuid

from django.conf import settings
from django.db import models

from accounts.access import Policy, ScopedQuerySet
from accounts.roles import EDIT_ROLES, RESPONSIBLE
from core import identity

# The background-task records belong to the township a task works for (a plain id: core sits
# below the area tree's app); office staff see and retry their township's, the admin all.
TASK_POLICY = Policy(view=EDIT_ROLES, retry=EDIT_ROLES)


class IdentityMixin(models.Model):
    """An ID-card number held encrypted, with a keyed HMAC for uniqueness and a masked copy.

    Set it with ``set_id_number``; read it with ``id_number`` (decrypts; call only for users
    allowed to reveal, and log the reveal).
    """

    id_encrypted = models.TextField("身份证号（加密）", editable=False, blank=True)
    id_hmac = models.CharField("身份证号摘要", max_length=64, editable=False, db_index=True)
    id_masked = models.CharField("身份证号", max_length=18, editable=False)
    id_last4 = models.CharField("身份证号后四位", max_length=4, editable=False, db_index=True)

    class Meta:
        abstract = True

    def set_id_number(self, raw: str, today=None):
        """Validate and set the number; return what it answers (``core.idnumbers.IdNumber``:
        birth date, gender). Encryption waits for the write (``seal_id``), so a preview of
        thousands of imported rows does not pay for it. An import passes ``today`` once for all rows."""
        number = identity.parse_id_number(raw, today)
        value = number.value
        self._pending_id = value
        self.id_hmac = identity.hmac_id(value)
        self.id_masked = identity.mask_id(value)
        self.id_last4 = value[-4:]
        return number

    def seal_id(self) -> None:
        """Encrypt a number set since the last write; bulk writers call this before writing."""
        pending = getattr(self, "_pending_id", None)
        if pending:
            self.id_encrypted = identity.encrypt_id(pending)
            self._pending_id = None

    def save(self, *args, **kwargs):
        self.seal_id()
        super().save(*args, **kwargs)

    @property
    def id_number(self) -> str:
        return getattr(self, "_pending_id", None) or identity.decrypt_id(self.id_encrypted)


class OutboxMessage(models.Model):
    """A task to send, written in the same transaction as the change that calls for it.

    The transactional outbox: a write and its follow-up task succeed or fail together. The row is
    committed with the change; ``core.outbox.relay`` sends it to the broker after the commit (and
    again from beat and at worker start until it is sent), so a broker that is down delays the task
    but never loses it, and a rolled-back change sends nothing.
    """

    task_name = models.CharField("任务", max_length=200)
    args = models.JSONField("位置参数", default=list)
    kwargs = models.JSONField("关键字参数", default=dict)
    task_id = models.UUIDField("任务编号", unique=True, default=uuid.uuid4, editable=False)
    # The township the task works for (None: the whole deployment, the admin's).
    township_id = models.IntegerField("所属乡镇", null=True, blank=True, db_index=True)

    scope_fields = {"township": "township_id"}
    policy = TASK_POLICY
    objects = ScopedQuerySet.as_manager()
    created_at = models.DateTimeField("登记时间", auto_now_add=True)
    sent_at = models.DateTimeField("发送时间", null=True, blank=True)
    send_attempts = models.PositiveIntegerField("发送尝试次数", default=0)
    last_error = models.TextField("最近一次发送错误", blank=True)

    class Meta:
        verbose_name = "待发送任务"
        verbose_name_plural = "待发送任务"
        indexes = [models.Index(fields=["created_at"], condition=models.Q(sent_at=None), name="outbox_unsent")]

    def __str__(self):
        return f"{self.task_name} {self.task_id}"


class TaskRunStatus(models.TextChoices):
    RUNNING = "running", "正在执行"
    RETRYING = "retrying", "等待重试"
    SUCCEEDED = "succeeded", "已完成"
    GAVE_UP = "gave_up", "已放弃"


class TaskRun(models.Model):
    """One background task by its Celery id: how many times a worker picked it up, and how it ended.

    Written by ``core.jobs.ReliableTask`` in the worker. Every delivery counts (a retry, or a
    redelivery after a worker was killed); past the task's ``max_attempts`` it is given up, recorded
    here and shown on the 后台任务 page, from which office staff or the admin can run it again.
    """

    task_id = models.CharField("任务编号", max_length=64, unique=True)
    task_name = models.CharField("任务", max_length=200)
    args = models.JSONField("位置参数", default=list)
    kwargs = models.JSONField("关键字参数", default=dict)
    # The township the task works for (None: the whole deployment, the admin's).
    township_id = models.IntegerField("所属乡镇", null=True, blank=True, db_index=True)

    scope_fields = {"township": "township_id"}
    policy = TASK_POLICY
    objects = ScopedQuerySet.as_manager()
    status = models.CharField("状态", max_length=20, choices=TaskRunStatus.choices, default=TaskRunStatus.RUNNING)
    deliveries = models.PositiveIntegerField("执行次数", default=0)
    error = models.TextField("错误", blank=True)
    started_at = models.DateTimeField("开始时间", null=True, blank=True)
    finished_at = models.DateTimeField("结束时间", null=True, blank=True)
    retried_as = models.CharField("重新执行的任务编号", max_length=64, blank=True)

    class Meta:
        verbose_name = "后台任务记录"
        verbose_name_plural = "后台任务记录"
        indexes = [models.Index(fields=["status", "-started_at"], name="taskrun_status")]

    def __str__(self):
        return f"{self.task_name} {self.task_id}"

    @property
    def label(self) -> str:
        from core.jobs import task_label

        return task_label(self.task_name)


class ImportPreview(models.Model):
    """An uploaded spreadsheet whose preview waits for the user's confirmation.

    The file holds full ID numbers, so it is kept only here, encrypted with the app's key
    (``ID_ENCRYPTION_KEY``, Fernet): no plaintext copy rests on disk. Only its owner can apply or
    cancel it; it is deleted on apply, on cancel, and by the daily ``core.tasks.purge_import_previews``
    once older than a day (``core.previews``).
    """

    token = models.CharField("凭据", max_length=43, unique=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="上传人", on_delete=models.CASCADE)
    register = models.CharField("台账", max_length=40)
    township = models.ForeignKey("places.Area", verbose_name="乡镇", on_delete=models.CASCADE, related_name="+")
    filename = models.CharField("文件名", max_length=200)
    data_encrypted = models.BinaryField("文件（加密）")
    created_at = models.DateTimeField("上传时间", auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = "导入预览"
        verbose_name_plural = "导入预览"

    def __str__(self):
        return f"{self.register} {self.filename}"


class FileJobKind(models.TextChoices):
    EXPORT = "export", "导出"
    PREVIEW = "preview", "导入预览"
    IMPORT = "import", "导入"


class FileJobStatus(models.TextChoices):
    QUEUED = "queued", "排队中"
    RUNNING = "running", "正在进行"
    DONE = "done", "已完成"
    FAILED = "failed", "失败"


class FileJob(models.Model):
    """A big export or import of a register, run in the background (``core.exports``,
    ``core.imports``): who asked, for what, how far it is, and the file or the report.

    Only the user who asked sees it (and the administrator): an export holds personal data, so
    its file leaves only through ``core.files.file_response`` after this row's access check."""

    kind = models.CharField("类型", max_length=10, choices=FileJobKind.choices)
    register = models.CharField("台账", max_length=40)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="发起人", on_delete=models.CASCADE)
    township_id = models.IntegerField("所属乡镇", null=True, blank=True, db_index=True)
    #: an export's filters and sort (the list page's query string); an import's preview token
    query = models.TextField("条件", blank=True)
    reveal = models.BooleanField("含完整身份证号", default=False)
    status = models.CharField("状态", max_length=10, choices=FileJobStatus.choices, default=FileJobStatus.QUEUED)
    total = models.PositiveIntegerField("总行数", default=0)
    done = models.PositiveIntegerField("已处理行数", default=0)
    file = models.FileField("文件", upload_to="jobs/%Y/%m/", blank=True)
    filename = models.CharField("文件名", max_length=200, blank=True)
    report = models.JSONField("导入结果", default=dict, blank=True)
    error = models.TextField("错误", blank=True)
    created_at = models.DateTimeField("开始时间", auto_now_add=True, db_index=True)
    finished_at = models.DateTimeField("完成时间", null=True, blank=True)

    scope_fields = {"township": "township_id"}
    responsible_field = "user"
    policy = Policy(view=frozenset({RESPONSIBLE}))
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "后台导入导出"
        verbose_name_plural = "后台导入导出"

    def __str__(self):
        return f"{self.get_kind_display()} {self.register} {self.pk}"

    @property
    def percent(self) -> int:
        if self.status == FileJobStatus.DONE:
            return 100
        return min(99, self.done * 100 // self.total) if self.total else 0

    @property
    def in_progress(self) -> bool:
        return self.status in {FileJobStatus.QUEUED, FileJobStatus.RUNNING}
