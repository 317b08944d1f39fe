-- 100_web_drafts.sql — application drafts an enterprise keeps on the server
-- while it fills a form in the browser (issue 16): saved by 保存草稿, resumed,
-- downloaded as XML, deleted, and replaced by the application once submitted.
--
-- A draft is the document the form stood for (web_form_xml), not the form's
-- fields, so it is the same thing a tool would upload, and a schema change
-- never strands a draft's field names. It may be incomplete or invalid (that
-- is why it is a draft). Per account, at most 50 (the registry refuses the
-- 51st: registry_draft_save); each at most 512 KiB.
-- replaces_id: the returned application this draft corrects (修改后重新提交),
-- submitted with replaces=.

CREATE TABLE web_drafts (
    id          BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
    account_id  BIGINT UNSIGNED NOT NULL,
    tier        VARCHAR(32)     NOT NULL,
    replaces_id BIGINT UNSIGNED NULL COMMENT 'a returned application this corrects',
    document    MEDIUMBLOB      NOT NULL COMMENT 'the XML the form stood for, UTF-8',
    created_at  DATETIME(6)     NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
    updated_at  DATETIME(6)     NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
    PRIMARY KEY (id),
    KEY ix_web_drafts_account (account_id, updated_at),
    CONSTRAINT fk_web_drafts_account FOREIGN KEY (account_id) REFERENCES accounts (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
