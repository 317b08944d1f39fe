-- 160_key_certificates.sql — the offline root's certificates of the registry's
-- keys (issue 18; xsd/key-certificate.xsd). One per key (signing keys and the
-- log key); a key is activated only with a certificate that verifies under
-- the root the server trusts (root-pub), and /v1/keys serves a key as
-- certified only when its certificate verifies there. A row put here with
-- SQL alone is useless: only the root's private key, kept off the server,
-- makes a certificate that verifies.
CREATE TABLE key_certificates (
    key_id           CHAR(64)          NOT NULL,
    purpose          VARCHAR(16)       NOT NULL,
    root_fingerprint CHAR(64)          NOT NULL,
    document         VARBINARY(4096)   NOT NULL,
    certified_at     DATETIME(6)       NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
    PRIMARY KEY (key_id)
) ENGINE=InnoDB DEFAULT CHARSET=ascii COLLATE=ascii_bin;
