"""Vietnamese names of the tables and fields a person sees in the Đồng bộ tab."""

from __future__ import annotations

from app.i18n import N_, _

TABLES = {
    "candidates": N_("Examples and candidates"), "status_changes": N_("Status history"),
    "evidence_files": N_("Evidence files"), "assessments": N_("Assessments"),
    "assessment_items": N_("Assessment items"),
    "replication_activities": N_("Replication activities"),
    "activity_candidates": N_("Examples of an activity"), "village_scores": N_("Village scores"),
    "village_score_items": N_("Village score items"), "report_texts": N_("Report paragraphs"),
    "decisions": N_("Decisions"), "awards": N_("Awards"), "admin_units": N_("Units"),
    "criteria_sets": N_("Criteria sets"), "criteria": N_("Criteria"),
    "scoring_schemes": N_("Scoring schemes"), "scoring_criteria": N_("Scoring criteria"),
    "targets": N_("Targets"), "lead_agencies": N_("Lead agencies"),
    "movements": N_("Movements"), "phases": N_("Phases"), "milestones": N_("Milestones"),
    "model_types": N_("Model types"), "users": N_("Accounts"),
}

FIELDS = {
    "display_name": N_("Name"), "ho": N_("Family name"), "ten_dem": N_("Middle name"),
    "ten": N_("Given name"), "gender": N_("Gender"), "birth_year": N_("Birth year"),
    "birth_date": N_("Birth date"), "ethnicity": N_("Ethnicity"), "position": N_("Position"),
    "workplace": N_("Workplace"), "summary": N_("Summary of achievements"),
    "status": N_("Status"), "status_date": N_("Status date"), "year": N_("Year"),
    "unit_code": N_("Unit"), "kind": N_("Kind"), "note": N_("Note"), "title": N_("Title"),
    "deleted": N_("Deleted"), "text": N_("Text"), "name": N_("Name"),
    "self_score": N_("Self-assessed score"), "reviewed_score": N_("Reviewed score"),
    "stage": N_("Stage"), "number": N_("Number"), "register_number": N_("Register number"),
    "revenue": N_("Revenue"), "members_count": N_("Members"), "head_name": N_("Head"),
    "org_kind": N_("Kind of organisation"), "registration_no": N_("Registration number"),
    "model_type_id": N_("Model type"), "movement_id": N_("Movement"),
    "lead_agency_id": N_("Lead agency"), "phase_id": N_("Phase"), "result": N_("Result"),
    "verdict": N_("Verdict"), "file_name": N_("File name"), "content": N_("File content"),
    "owner_unit_code": N_("Owning unit"), "sort_key": N_("Sort key"),
    "name_search": N_("Search key"),
}


def table_label(name: str) -> str:
    return _(TABLES[name]) if name in TABLES else name


def field_label(name: str) -> str:
    return _(FIELDS[name]) if name in FIELDS else name


AUDIT_STATES = {
    "ok": N_("continues the previous package"), "first": N_("first package"),
    "broken": N_("does not continue the previous package"), "": N_("not known"),
}


def audit_text(check: str, breaks: list[int]) -> str:
    """The sender's audit trail as the receiver saw it in the sender's packages."""
    if breaks:
        return _("does not continue at package no. {numbers}: ask that office to check its "
                 "audit trail").format(numbers=", ".join(str(n) for n in breaks))
    return _(AUDIT_STATES.get(check, AUDIT_STATES[""]))


def drift_text(drift: dict[str, dict[str, int]], separator: str = "; ") -> str:
    """Records per table the sender declared and this office holds, where they differ."""
    if not drift:
        return _("match")
    return separator.join(_("{table}: sender {declared}, here {here}").format(
        table=table_label(name), declared=d["declared"], here=d["here"])
        for name, d in drift.items())
