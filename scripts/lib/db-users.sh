# db-users.sh — the two database users of scripts/db and scripts/cluster,
# sourced by both (docs/operations.md, section 3, says the same for a real
# server). The caller sets DB_NAME, DB_OWNER, DB_USER, DB_ROLE.
#
#   DB_OWNER  owns the database: ALL on it WITH GRANT OPTION (tierctl:
#             migrate, backup, restore, operator commands)
#   DB_USER   tierd's runtime user: nothing of its own, only DB_ROLE, whose
#             privileges `tierctl migrate` sets from sql/runtime.grants
#
# db_users_sql OWNER_PASSWORD USER_PASSWORD: the statements, for the admin's
# client on stdin. Both users exist for localhost (socket) and 127.0.0.1.
# A runtime user from before the two users had ALL on the database: the
# REVOKE takes it away (db_users_revoke_old, run apart: "no such grant" is
# an error there, and fine).
db_users_sql() {
    cat <<SQL
CREATE DATABASE IF NOT EXISTS \`$DB_NAME\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;
CREATE ROLE IF NOT EXISTS $DB_ROLE;
SQL
    for h in localhost 127.0.0.1; do
        cat <<SQL
CREATE USER IF NOT EXISTS '$DB_OWNER'@'$h' IDENTIFIED BY '$1';
ALTER USER '$DB_OWNER'@'$h' IDENTIFIED BY '$1';
GRANT ALL PRIVILEGES ON \`$DB_NAME\`.* TO '$DB_OWNER'@'$h' WITH GRANT OPTION;
CREATE USER IF NOT EXISTS '$DB_USER'@'$h' IDENTIFIED BY '$2';
ALTER USER '$DB_USER'@'$h' IDENTIFIED BY '$2';
GRANT $DB_ROLE TO '$DB_USER'@'$h';
SET DEFAULT ROLE $DB_ROLE FOR '$DB_USER'@'$h';
SQL
    done
}

# db_users_revoke_old CLIENT...: the old GRANT ALL of the runtime user, if any.
db_users_revoke_old() {
    for h in localhost 127.0.0.1; do
        "$@" -e "REVOKE ALL PRIVILEGES ON \`$DB_NAME\`.* FROM '$DB_USER'@'$h'" \
            >/dev/null 2>&1 || true
    done
}

# A password file of 32 random bytes as hex (no quoting problems in SQL or
# config), made once, mode 0600.
db_users_password() {
    umask 077
    [ -s "$1" ] || od -An -N32 -tx1 /dev/urandom | tr -d ' \n' > "$1"
    chmod 600 "$1"
}
