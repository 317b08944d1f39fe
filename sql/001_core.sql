-- 001_core.sql — the core schema of the registry.
--
-- InnoDB, utf8mb4, a primary key on every table; nothing Galera dislikes (no
-- LOCK TABLES, no GET_LOCK, no MyISAM). Raw documents live in a table of their
-- own, apart from the narrow rows that review and reports scan.
-- Applied by `tierctl migrate`, which records this file's SHA-256 in
-- schema_migrations: never edit it after it has been applied; add 002_….sql.

CREATE TABLE enterprises (
    id            BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
    uscc          CHAR(18)     NOT NULL COMMENT 'unified social credit code (GB 32100-2015)',
    name          VARCHAR(200) NOT NULL,
    division_code CHAR(6)      NOT NULL COMMENT 'GB/T 2260, positions 3-8 of the USCC',
    city_code     CHAR(6)      NOT NULL COMMENT 'Shandong city (3712xx counted under 370100); '''' outside',
    industry_code VARCHAR(5)   NOT NULL DEFAULT '' COMMENT 'GB/T 4754-2017',
    created_at    DATETIME(6)  NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
    updated_at    DATETIME(6)  NOT NULL DEFAULT CURRENT_TIMESTAMP(6) ON UPDATE CURRENT_TIMESTAMP(6),
    PRIMARY KEY (id),
    UNIQUE KEY uq_enterprises_uscc (uscc),
    KEY ix_enterprises_city (city_code)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE submissions (
    id            BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
    enterprise_id BIGINT UNSIGNED NOT NULL,
    tier          VARCHAR(32)  NOT NULL COMMENT 'stable tier code, e.g. little-giant',
    rule_set      SMALLINT     NOT NULL COMMENT '2022 or 2026',
    status        VARCHAR(16)  NOT NULL COMMENT 'received ineligible recommended returned approved rejected',
    sha256        BINARY(32)   NOT NULL COMMENT 'SHA-256 of the raw document',
    doc_bytes     INT UNSIGNED NOT NULL,
    city_code     CHAR(6)      NOT NULL COMMENT 'copied from the enterprise for scoped lists and reports',
    year          SMALLINT     NOT NULL COMMENT 'application year (submission date, UTC+8)',
    replaces_id   BIGINT UNSIGNED NULL COMMENT 'a corrected application links to the one returned',
    submitted_at  DATETIME(6)  NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
    updated_at    DATETIME(6)  NOT NULL DEFAULT CURRENT_TIMESTAMP(6) ON UPDATE CURRENT_TIMESTAMP(6),
    -- Facts that review and reports need, as columns (integer fen).
    revenue_fen   BIGINT       NULL,
    rd_fen        BIGINT       NULL,
    employees     INT          NULL,
    PRIMARY KEY (id),
    UNIQUE KEY uq_submissions_doc (enterprise_id, sha256),
    KEY ix_submissions_scope (tier, status, city_code, year, id),
    KEY ix_submissions_city (city_code, id),
    KEY ix_submissions_year (year, tier, status),
    CONSTRAINT fk_submissions_enterprise FOREIGN KEY (enterprise_id) REFERENCES enterprises (id),
    CONSTRAINT fk_submissions_replaces FOREIGN KEY (replaces_id) REFERENCES submissions (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE submission_documents (
    submission_id BIGINT UNSIGNED NOT NULL,
    sha256        BINARY(32)   NOT NULL,
    body          MEDIUMBLOB   NOT NULL COMMENT 'the document verbatim, byte for byte',
    PRIMARY KEY (submission_id),
    CONSTRAINT fk_documents_submission FOREIGN KEY (submission_id) REFERENCES submissions (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE findings (
    submission_id BIGINT UNSIGNED NOT NULL,
    seq           SMALLINT UNSIGNED NOT NULL COMMENT 'order in the receipt',
    rule_id       VARCHAR(40)  NOT NULL,
    verdict       VARCHAR(12)  NOT NULL COMMENT 'pass fail needs-review',
    value         VARCHAR(200) NOT NULL DEFAULT '',
    threshold     VARCHAR(200) NOT NULL DEFAULT '',
    clause        VARCHAR(300) NOT NULL DEFAULT '',
    xpath         VARCHAR(300) NOT NULL DEFAULT '',
    message       VARCHAR(1000) NOT NULL DEFAULT '',
    PRIMARY KEY (submission_id, seq),
    CONSTRAINT fk_findings_submission FOREIGN KEY (submission_id) REFERENCES submissions (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE accounts (
    id            BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
    name          VARCHAR(100) NOT NULL,
    role          VARCHAR(20)  NOT NULL COMMENT 'enterprise city-reviewer province-reviewer admin',
    uscc          CHAR(18)     NULL COMMENT 'for role enterprise',
    city_code     CHAR(6)      NULL COMMENT 'for role city-reviewer',
    disabled_at   DATETIME(6)  NULL,
    created_at    DATETIME(6)  NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
    PRIMARY KEY (id),
    UNIQUE KEY uq_accounts_name (name)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE tokens (
    id            BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
    account_id    BIGINT UNSIGNED NOT NULL,
    token_sha256  BINARY(32)   NOT NULL COMMENT 'only the hash is kept; the token is shown once',
    created_at    DATETIME(6)  NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
    expires_at    DATETIME(6)  NULL,
    revoked_at    DATETIME(6)  NULL,
    PRIMARY KEY (id),
    UNIQUE KEY uq_tokens_hash (token_sha256),
    CONSTRAINT fk_tokens_account FOREIGN KEY (account_id) REFERENCES accounts (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE decisions (
    id            BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
    submission_id BIGINT UNSIGNED NOT NULL,
    account_id    BIGINT UNSIGNED NOT NULL,
    decision      VARCHAR(16)  NOT NULL COMMENT 'recommend return approve reject',
    from_status   VARCHAR(16)  NOT NULL,
    to_status     VARCHAR(16)  NOT NULL,
    comment       VARCHAR(2000) NOT NULL DEFAULT '',
    override_reason VARCHAR(2000) NULL COMMENT 'set when an ineligible application is recommended',
    decided_at    DATETIME(6)  NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
    PRIMARY KEY (id),
    KEY ix_decisions_submission (submission_id, id),
    CONSTRAINT fk_decisions_submission FOREIGN KEY (submission_id) REFERENCES submissions (id),
    CONSTRAINT fk_decisions_account FOREIGN KEY (account_id) REFERENCES accounts (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE signing_keys (
    key_id        CHAR(64)     NOT NULL COMMENT 'hex SHA-256 of the DER public key',
    alg           VARCHAR(16)  NOT NULL COMMENT 'ed25519 sm2 p256',
    public_pem    TEXT         NOT NULL,
    active        TINYINT(1)   NOT NULL DEFAULT 0,
    created_at    DATETIME(6)  NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
    activated_at  DATETIME(6)  NULL,
    retired_at    DATETIME(6)  NULL,
    PRIMARY KEY (key_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE certificates (
    serial        VARCHAR(48)  NOT NULL COMMENT 'tier + year + time-ordered random part; no counter row',
    submission_id BIGINT UNSIGNED NOT NULL,
    enterprise_id BIGINT UNSIGNED NOT NULL,
    tier          VARCHAR(32)  NOT NULL,
    city_code     CHAR(6)      NOT NULL,
    valid_from    DATE         NOT NULL,
    valid_until   DATE         NOT NULL,
    issued_at     DATETIME(6)  NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
    key_id        CHAR(64)     NOT NULL,
    document      MEDIUMBLOB   NOT NULL COMMENT 'the signed certificate XML',
    revoked_at    DATETIME(6)  NULL,
    revocation_reason VARCHAR(2000) NULL,
    PRIMARY KEY (serial),
    UNIQUE KEY uq_certificates_submission (submission_id),
    KEY ix_certificates_report (tier, issued_at, city_code),
    KEY ix_certificates_valid (tier, valid_until, valid_from),
    KEY ix_certificates_enterprise (enterprise_id, tier),
    CONSTRAINT fk_certificates_submission FOREIGN KEY (submission_id) REFERENCES submissions (id),
    CONSTRAINT fk_certificates_enterprise FOREIGN KEY (enterprise_id) REFERENCES enterprises (id),
    CONSTRAINT fk_certificates_key FOREIGN KEY (key_id) REFERENCES signing_keys (key_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Append-only: every row carries the SHA-256 of the previous row's content,
-- so the log forms a hash chain that `tierctl audit verify` walks.
CREATE TABLE audit_log (
    id            BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
    at            DATETIME(6)  NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
    actor         VARCHAR(100) NOT NULL COMMENT 'account name, or tierctl@host for operators',
    action        VARCHAR(40)  NOT NULL,
    object_type   VARCHAR(40)  NOT NULL,
    object_id     VARCHAR(100) NOT NULL,
    detail        TEXT         NOT NULL,
    prev_sha256   CHAR(64)     NOT NULL,
    row_sha256    CHAR(64)     NOT NULL,
    PRIMARY KEY (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Yearly targets: data, not code (domain.md §12a could not all be confirmed).
-- city_code '' is the whole province. kind: 'new' counts certificates issued
-- in the year, 'stock' counts certificates valid on 31 December.
-- wording: 'floor' (以上, at least), 'about' (左右), 'reach' (达到/力争).
CREATE TABLE targets (
    year          SMALLINT     NOT NULL,
    tier          VARCHAR(32)  NOT NULL,
    city_code     CHAR(6)      NOT NULL DEFAULT '',
    target_count  INT UNSIGNED NOT NULL,
    kind          VARCHAR(8)   NOT NULL COMMENT 'new or stock',
    wording       VARCHAR(8)   NOT NULL COMMENT 'floor about reach',
    source        VARCHAR(300) NOT NULL DEFAULT '',
    updated_at    DATETIME(6)  NOT NULL DEFAULT CURRENT_TIMESTAMP(6) ON UPDATE CURRENT_TIMESTAMP(6),
    PRIMARY KEY (year, tier, city_code)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- The 2023 plan (鲁政办字〔2023〕78号, 2023-06-30), domain.md §12a.
INSERT INTO targets (year, tier, city_code, target_count, kind, wording, source) VALUES
 (2023, 'specialized-sme', '', 1000,  'new',   'floor', '鲁政办字〔2023〕78号 二(三)2: 专精特新中小企业1000家以上'),
 (2023, 'little-giant',    '', 200,   'new',   'about', '鲁政办字〔2023〕78号 二(三)2: 专精特新“小巨人”企业200家左右'),
 (2023, 'single-champion', '', 200,   'new',   'about', '鲁政办字〔2023〕78号 二(三)2: 省级以上制造业单项冠军200家左右'),
 (2023, 'leading',         '', 30,    'new',   'about', '鲁政办字〔2023〕78号 二(三)2: 遴选制造业领航企业30家左右'),
 (2023, 'tech-sme',        '', 40000, 'stock', 'reach', '鲁政办字〔2023〕78号 二(三)1: 科技型中小企业力争入库达到4万家'),
 (2023, 'high-tech',       '', 30000, 'stock', 'reach', '鲁政办字〔2023〕78号 二(三)1: 高新技术企业达到3万家');
