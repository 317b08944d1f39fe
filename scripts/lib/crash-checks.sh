# crash-checks.sh — the waits and checks of scripts/test-crash and scripts/test-cluster,
# sourced by both. The caller defines sql (one query, -N -B output), say,
# fail and die, and sets tierctl (the command, with --config) and TIER_VAR.

# Lines of LOG after line FROM whose status is $3.
count_status_after() { tail -n "+$(($2 + 1))" "$1" | awk -v s="$3" '$3 == s' | wc -l; }

# Wait (up to $3 s) until LOG has a 201 after line FROM; 0 when it came.
wait_201_after() {
    i=0
    while [ "$(count_status_after "$1" "$2" 201)" -eq 0 ]; do
        i=$((i + 1))
        [ $i -gt $(($3 * 10)) ] && return 1
        sleep 0.1
    done
    return 0
}

# crash_read_rows OUT: every stored submission (client hash, stored hash,
# SHA2 of the stored bytes, id, stored length, recorded length) into OUT.
crash_read_rows() {
    sql "SELECT LOWER(HEX(s.sha256)), IFNULL(LOWER(HEX(d.sha256)), '-'), IFNULL(SHA2(d.body, 256), '-'),
                s.id, IFNULL(LENGTH(d.body), -1), s.doc_bytes
         FROM submissions s LEFT JOIN submission_documents d ON d.submission_id = s.id" >"$1" ||
        { die "cannot read the submissions back"; return 1; }
}

# crash_check NAME SQL: the query must count 0
crash_check() {
    n=$(sql "$2") || { fail "$1: query failed"; return; }
    if [ "$n" -ne 0 ]; then fail "$1: $n"; else say "check: $1: 0"; fi
}

# crash_consistency: every row has its parts, no orphans, no hash twice,
# certificates only for approved applications, the audit chain verifies.
crash_consistency() {
    crash_check "submissions without their document" \
        "SELECT COUNT(*) FROM submissions s LEFT JOIN submission_documents d
         ON d.submission_id = s.id WHERE d.submission_id IS NULL"
    crash_check "submissions without findings" \
        "SELECT COUNT(*) FROM submissions s
         WHERE NOT EXISTS (SELECT 1 FROM findings f WHERE f.submission_id = s.id)"
    crash_check "documents without a submission" \
        "SELECT COUNT(*) FROM submission_documents d LEFT JOIN submissions s
         ON s.id = d.submission_id WHERE s.id IS NULL"
    crash_check "findings without a submission" \
        "SELECT COUNT(*) FROM findings f LEFT JOIN submissions s
         ON s.id = f.submission_id WHERE s.id IS NULL"
    crash_check "documents whose bytes do not match their SHA-256 or length" \
        "SELECT COUNT(*) FROM submissions s JOIN submission_documents d ON d.submission_id = s.id
         WHERE d.sha256 <> s.sha256 OR SHA2(d.body, 256) <> LOWER(HEX(d.sha256))
            OR LENGTH(d.body) <> s.doc_bytes"
    crash_check "SHA-256 values stored more than once" \
        "SELECT COUNT(*) FROM (SELECT sha256 FROM submissions GROUP BY sha256 HAVING COUNT(*) > 1) x"
    crash_check "submissions without an enterprise" \
        "SELECT COUNT(*) FROM submissions s LEFT JOIN enterprises e
         ON e.id = s.enterprise_id WHERE e.id IS NULL"
    crash_check "certificates of applications not approved" \
        "SELECT COUNT(*) FROM certificates c JOIN submissions s
         ON s.id = c.submission_id WHERE s.status <> 'approved'"
    # (the schedule moves an application from in-notice to approved)
    crash_check "reviewed applications whose status is not their last decision's" \
        "SELECT COUNT(*) FROM submissions s
         WHERE s.status NOT IN ('received', 'ineligible') AND s.status <>
               COALESCE((SELECT d.to_status FROM decisions d WHERE d.submission_id = s.id
                         ORDER BY d.id DESC LIMIT 1), '')
           AND NOT (s.status = 'approved' AND 'in-notice' =
               (SELECT d.to_status FROM decisions d WHERE d.submission_id = s.id
                ORDER BY d.id DESC LIMIT 1))"
    crash_check "applications with more than one certificate" \
        "SELECT COUNT(*) FROM (SELECT submission_id FROM certificates
         GROUP BY submission_id HAVING COUNT(*) > 1) x"
    crash_check "approved applications without a certificate" \
        "SELECT COUNT(*) FROM submissions s LEFT JOIN certificates c
         ON c.submission_id = s.id WHERE s.status = 'approved' AND c.serial IS NULL"
    if out=$($tierctl audit verify 2>&1); then
        say "check: audit chain: $(echo "$out" | tail -n 1)"
    else
        fail "audit chain: $out"
    fi
}

# crash_approvals REVIEW_LOG...: every approval answered 201 has its
# certificate (the review logs of `loadgen review`).
crash_approvals() {
    # ... with the serial the answer gave, on an application that is approved.
    sql "SELECT c.submission_id, c.serial, s.status FROM certificates c
         JOIN submissions s ON s.id = c.submission_id" >"$TIER_VAR/certs.tsv" ||
        { fail "cannot read the certificates back"; return; }
    awk 'FNR == NR { cert[$1] = $2; st[$1] = $3; next }
         $2 == "approve" && $3 == 201 {
             acked++
             # "-": the approval entered the public notice; the schedule
             # issued its certificate after (issue 17)
             if ($4 == "-" && cert[$1] != "" && st[$1] == "approved") { found++; noticed++ }
             else if (cert[$1] == $4 && st[$1] == "approved") found++; else lost++
         }
         $2 == "approve" && $3 == 0 { unsure++ }
         END { printf "crash-safety: approvals acknowledged %d, certificates found %d, lost %d " \
                      "(%d issued after their notice; %d approvals without an answer; " \
                      "%d certificates in all)\n",
                      acked, found, lost, noticed, unsure, length(cert)
               exit (lost > 0 || acked == 0) }' "$TIER_VAR/certs.tsv" "$@" ||
        fail "approvals: lost, or none acknowledged"
}

# Every document the clients sent, against the rows: per phase, then the total.
# A document is acknowledged when any answer to it was 200 or 201. It is found
# when exactly one row has its SHA-256, the stored hash and SQL's SHA2() of
# the stored bytes equal the client's hash, the length is the one sent and
# the row's id is the receipt's. lost = no row or a row that differs;
# duplicated = more than one row. A document refused with a plain 503
# ("nothing was stored") must not be stored either; one whose answer was lost,
# or whose 503 said the outcome is unknown, may be.
crash_verify() { # LOG LABEL ROWS
    awk -v label="$2" '
    FNR == NR {
        rows[$1]++
        intact[$1] = ($2 == $1 && $3 == $1 && $5 == $6)
        rid[$1] = $4; rlen[$1] = $5
        next
    }
    {
        sha[$1] = $2; len[$1] = $5; sent[$2] = 1
        if ($3 == 200 || $3 == 201) { ack[$1] = 1; aid[$1] = $4; if ($3 == 200) again[$1] = 1 }
        else if ($3 == 0 || ($3 == 503 && $4 == "unsure")) unsure[$1] = 1
        else if ($3 == 503) refused[$1] = 1
        else other[$1 " " $3] = 1
    }
    END {
        for (s in sha) {
            h = sha[s]
            if (s in ack) {
                acked++
                if (rows[h] > 1) dup++
                else if (rows[h] == 1 && intact[h] && rlen[h] == len[s] && rid[h] == aid[s]) found++
                else { lost++; if (rows[h] == 1) bad++ }
            } else if (rows[h] > 0) {
                if (s in unsure) unacked_stored++
                else liar++ # a 503 said "nothing was stored"
            } else if (s in refused) refused_absent++
        }
        for (o in other) nother++
        for (a in again) nagain++
        printf "crash-safety: acknowledged %d, found %d, lost %d, duplicated %d%s\n",
               acked, found, lost, dup, label
        printf "    %d documents sent; %d acknowledged by a 200 when sent again after a lost "\
               "answer; %d refused with 503 and not stored; %d stored whose answer was lost or "\
               "a 503 saying the outcome is unknown; %d stored though a 503 said nothing was; "\
               "%d stored rows differing from what was sent; %d other statuses\n",
               length(sha), nagain, refused_absent, unacked_stored, liar, bad, nother
        exit (lost + dup + liar > 0)
    }' "$3" "$1"
}

# crash_strangers ROWS LOG...: rows no client sent would be something stored
# wrongly.
crash_strangers() {
    rows=$1
    shift
    strangers=$(cat "$@" | awk 'FNR == NR { sent[$2] = 1; next } !($1 in sent)' - "$rows" | wc -l)
    [ "$strangers" -eq 0 ] || fail "$strangers stored rows whose SHA-256 no client sent"
}
