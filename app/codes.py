"""Codes stored in the database that the CLI and the windows name before the ORM loads.

Plain constants, no SQLAlchemy: ``dhtt --help`` and the window's first paint use them
without paying for the models. ``app.models`` re-exports them.
"""

from __future__ import annotations

__all__ = ["KIND_FIELDS", "CandidateKind", "Role", "Status"]


class CandidateKind:
    """Kinds of candidate (values of ``candidates.kind``)."""

    INDIVIDUAL = "individual"  # cá nhân
    COLLECTIVE = "collective"  # tập thể
    HOUSEHOLD = "household"  # hộ gia đình
    COOPERATIVE = "cooperative"  # hợp tác xã
    COOP_GROUP = "coop_group"  # tổ hợp tác

    ALL = (INDIVIDUAL, COLLECTIVE, HOUSEHOLD, COOPERATIVE, COOP_GROUP)


class Status:
    """Life-cycle states of a candidate (plan II.1–II.6)."""

    DISCOVERED = "phat_hien"
    REGISTERED = "dang_ky"
    NURTURING = "boi_duong"
    EVALUATING = "danh_gia"
    RECOGNISED = "cong_nhan"
    REPLICATING = "nhan_rong"
    FAILED = "khong_dat"
    WITHDRAWN = "rut"

    FORWARD = (DISCOVERED, REGISTERED, NURTURING, EVALUATING, RECOGNISED, REPLICATING)
    ALL = (*FORWARD, FAILED, WITHDRAWN)


class Role:
    """Roles of an account."""

    COMMUNE_STAFF = "commune_staff"
    COMMUNE_LEADER = "commune_leader"  # approves and signs: decisions, locking, unlocking
    PROVINCE_STAFF = "province_staff"
    ADMIN = "admin"

    ALL = (COMMUNE_STAFF, COMMUNE_LEADER, PROVINCE_STAFF, ADMIN)


# Target column → the candidate kind it counts (None: any kind), in the order shown.
KIND_FIELDS = ("collectives", "individuals", "households", "cooperatives", "coop_groups",
               "examples")
