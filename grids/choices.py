"""Choices of the grid domain, with the Chinese terms of the source report."""

from django.db import models


class StaffRole(models.TextChoices):
    LEADER = "leader", "网格长"
    MEMBER = "member", "全科网格员"
    ASSISTANT = "assistant", "网格辅助员"


class StaffSource(models.TextChoices):
    SECRETARY = "secretary", "支部书记"
    COMMITTEE = "committee", "村“两委”干部"
    PARTY_REP = "party_rep", "党员代表"
    VETERAN = "veteran", "老党员"
    VILLAGER_REP = "villager_rep", "村民代表"
    CULTURE = "culture", "文化辅导员"


class Gender(models.TextChoices):
    MALE = "M", "男"
    FEMALE = "F", "女"


class MemberTier(models.TextChoices):
    """分层量化: members are assessed in layers."""

    CADRE = "cadre", "村干部党员"
    ORDINARY = "ordinary", "普通农村党员"
    MIGRANT = "migrant", "流动党员"
    ELDERLY = "elderly", "年老体弱党员"


class MemberStatus(models.TextChoices):
    FULL = "full", "正式党员"
    PROBATIONARY = "probationary", "预备党员"


class HouseholdCategory(models.TextChoices):
    ORDINARY = "ordinary", "一般户"
    LIFTED = "lifted", "脱贫户"
    SUBSISTENCE = "subsistence", "低保户"
    EXTREME = "extreme", "特困户"
    ELDERLY_ALONE = "elderly_alone", "独居老人户"
    LEFT_BEHIND = "left_behind", "留守户"
