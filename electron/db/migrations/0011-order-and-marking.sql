-- The briefing pack as an order and as a marked document (issue 16): the five-paragraph order's
-- command, coordinating instructions and sustainment; the document's registration number, the
-- item of the agency's list of restricted information, the approver and the distribution list
-- (one copy per entry); and the need-to-know details only the lead agency holds. Every column is
-- additive with an empty default, so existing operations read as before and an older unit's
-- bundles still apply (their changes simply do not name these fields).
ALTER TABLE operations ADD COLUMN command_head TEXT NOT NULL DEFAULT '';
ALTER TABLE operations ADD COLUMN command_deputy TEXT NOT NULL DEFAULT '';
ALTER TABLE operations ADD COLUMN command_succession TEXT NOT NULL DEFAULT '';
ALTER TABLE operations ADD COLUMN go_no_go_criteria TEXT NOT NULL DEFAULT '';
ALTER TABLE operations ADD COLUMN abort_criteria TEXT NOT NULL DEFAULT '';
ALTER TABLE operations ADD COLUMN on_compromise TEXT NOT NULL DEFAULT '';
ALTER TABLE operations ADD COLUMN on_lost_contact TEXT NOT NULL DEFAULT '';
ALTER TABLE operations ADD COLUMN use_of_force TEXT NOT NULL DEFAULT '';
ALTER TABLE operations ADD COLUMN reporting_schedule TEXT NOT NULL DEFAULT '';
ALTER TABLE operations ADD COLUMN evidence_handling TEXT NOT NULL DEFAULT '';
ALTER TABLE operations ADD COLUMN press_line TEXT NOT NULL DEFAULT '';
ALTER TABLE operations ADD COLUMN code_words TEXT NOT NULL DEFAULT '[]';
ALTER TABLE operations ADD COLUMN medical TEXT NOT NULL DEFAULT '';
ALTER TABLE operations ADD COLUMN detainee_transport TEXT NOT NULL DEFAULT '';
ALTER TABLE operations ADD COLUMN evidence_storage TEXT NOT NULL DEFAULT '';
ALTER TABLE operations ADD COLUMN interpreters TEXT NOT NULL DEFAULT '';
ALTER TABLE operations ADD COLUMN registration_number TEXT NOT NULL DEFAULT '';
ALTER TABLE operations ADD COLUMN restricted_list_item TEXT NOT NULL DEFAULT '';
ALTER TABLE operations ADD COLUMN approver_position TEXT NOT NULL DEFAULT '';
ALTER TABLE operations ADD COLUMN approver_name TEXT NOT NULL DEFAULT '';
ALTER TABLE operations ADD COLUMN distribution TEXT NOT NULL DEFAULT '[]';
ALTER TABLE operations ADD COLUMN restricted_sources TEXT NOT NULL DEFAULT '';
ALTER TABLE operations ADD COLUMN restricted_details TEXT NOT NULL DEFAULT '';
