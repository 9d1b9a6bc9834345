"""Vietnamese labels of the codes stored in the database (statuses, kinds, …).

Stored values are stable codes; what users see goes through the catalogs. Use
``label(KIND_LABELS, code)``.
"""

from __future__ import annotations

from app.code_labels import KIND_LABELS, STATUS_LABELS, label
from app.i18n import N_
from app.models import ActivityKind, AwardForm, UnitLevel, Verdict

__all__ = ["ACTIVITY_LABELS", "AWARD_FORM_LABELS", "ETHNIC_ALIASES", "ETHNIC_GROUPS",
           "GENDER_LABELS", "KIND_LABELS", "LEVEL_LABELS", "STATUS_LABELS", "VERDICT_LABELS",
           "label"]

ACTIVITY_LABELS = {
    ActivityKind.PRESS: N_("Newspaper article"),
    ActivityKind.RADIO: N_("Radio or television"),
    ActivityKind.WEBSITE: N_("Website"),
    ActivityKind.STUDY_VISIT: N_("Study visit"),
    ActivityKind.EXPERIENCE_REPORT: N_("Experience report"),
    ActivityKind.CONFERENCE: N_("Conference of advanced examples"),
}

AWARD_FORM_LABELS = {
    AwardForm.GIAY_KHEN: N_("Certificate of merit (Giấy khen)"),
    AwardForm.BANG_KHEN: N_("Certificate of merit (Bằng khen)"),
    AwardForm.VILLAGE_TITLE: N_("Cultural village title"),
    AwardForm.FAMILY_TITLE: N_("Cultural family title"),
    AwardForm.OTHER: N_("Other form"),
}

VERDICT_LABELS = {
    Verdict.MET: N_("Met"),
    Verdict.NOT_MET: N_("Not met"),
    Verdict.PENDING: N_("Not assessed"),
    Verdict.NOT_APPLICABLE: N_("Not applicable"),
}

GENDER_LABELS = {"nam": N_("Male"), "nu": N_("Female")}

LEVEL_LABELS = {
    UnitLevel.PROVINCE: N_("Province"),
    UnitLevel.DISTRICT: N_("District level"),
    UnitLevel.COMMUNE: N_("Commune level"),
    UnitLevel.VILLAGE: N_("Village / residential group"),
}

# The 54 officially recognised ethnic groups (names as in the official list).
ETHNIC_GROUPS = (
    "Kinh", "Tày", "Thái", "Mường", "Khmer", "Hoa", "Nùng", "Mông", "Dao", "Gia Rai",
    "Ê Đê", "Ba Na", "Sán Chay", "Chăm", "Cơ Ho", "Xơ Đăng", "Sán Dìu", "Hrê", "Ra Glai",
    "Mnông", "Thổ", "Xtiêng", "Khơ Mú", "Bru - Vân Kiều", "Cơ Tu", "Giáy", "Tà Ôi", "Mạ",
    "Giẻ - Triêng", "Co", "Chơ Ro", "Xinh Mun", "Hà Nhì", "Chu Ru", "Lào", "La Chí",
    "Kháng", "Phù Lá", "La Hủ", "La Ha", "Pà Thẻn", "Lự", "Ngái", "Chứt", "Lô Lô", "Mảng",
    "Cơ Lao", "Bố Y", "Cống", "Si La", "Pu Péo", "Rơ Măm", "Brâu", "Ơ Đu",
)
# Other spellings met in Gia Lai's lists → the official name.
ETHNIC_ALIASES = {"jrai": "Gia Rai", "jarai": "Gia Rai", "giarai": "Gia Rai",
                  "bahnar": "Ba Na", "bana": "Ba Na", "hmong": "Mông", "ede": "Ê Đê"}

