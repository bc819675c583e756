"""Abstract building blocks shared by registers: ID numbers (pinyin columns: ``places.pinyin``);
and the background-task records: the outbox of tasks to send and the runs of tasks sent."""

import uuid

from django.db import models

from accounts.access import Policy, ScopedQuerySet
from accounts.roles import EDIT_ROLES
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

    def set_id_number(self, raw: str) -> None:
        """Validate and set the number. Encryption waits for the write (``seal_id``), so a preview
        of thousands of imported rows does not pay for it."""
        value = identity.validate_id_number(raw)
        self._pending_id = value
        self.id_hmac = identity.hmac_id(value)
        self.id_masked = identity.mask_id(value)
        self.id_last4 = value[-4:]

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
