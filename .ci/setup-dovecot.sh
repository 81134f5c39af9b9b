#!/usr/bin/env bash
# Starts Dovecot (Debian's dovecot-imapd) on loopback with one test mailbox, for the IMAP tests.
# Idempotent: installs only when missing, starts only when not already answering.
# Prints "host port user password" on the last line; exits non-zero when Dovecot cannot run.
set -euo pipefail
DIR="${ANLAUF_DOVECOT_DIR:-/tmp/anlauf-dovecot}"
PORT="${ANLAUF_DOVECOT_PORT:-10143}"
USER_NAME="anlauf-test"
USER_PASS="anlauf-test-password"

answering() { (exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null; }

if answering; then
  echo "127.0.0.1 $PORT $USER_NAME $USER_PASS"
  exit 0
fi

if ! command -v dovecot >/dev/null 2>&1; then
  if [ "$(id -u)" != 0 ]; then echo "dovecot is not installed and this is not root" >&2; exit 1; fi
  export DEBIAN_FRONTEND=noninteractive
  apt-get install -y -qq dovecot-imapd >/dev/null 2>&1 || { apt-get update -qq >/dev/null 2>&1 && apt-get install -y -qq dovecot-imapd >/dev/null; }
fi
if [ "$(id -u)" != 0 ]; then echo "dovecot must be started as root here" >&2; exit 1; fi

mkdir -p "$DIR/run" "$DIR/state" "$DIR/mail"
chown -R dovecot:dovecot "$DIR/mail"
echo "$USER_NAME:{PLAIN}$USER_PASS" > "$DIR/users"
cat > "$DIR/dovecot.conf" <<CONF
protocols = imap
listen = 127.0.0.1
base_dir = $DIR/run
state_dir = $DIR/state
log_path = $DIR/dovecot.log
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
first_valid_uid = 1
mail_location = maildir:~/Maildir
service imap-login {
  inet_listener imap {
    address = 127.0.0.1
    port = $PORT
  }
  inet_listener imaps {
    port = 0
  }
}
service stats {
  unix_listener stats-reader {
    mode = 0666
  }
  unix_listener stats-writer {
    mode = 0666
  }
}
passdb {
  driver = passwd-file
  args = scheme=PLAIN username_format=%u $DIR/users
}
userdb {
  driver = static
  args = uid=dovecot gid=dovecot home=$DIR/mail/%u
}
CONF
dovecot -c "$DIR/dovecot.conf"
for _ in $(seq 1 50); do answering && break; sleep 0.1; done
answering || { echo "dovecot did not start; see $DIR/dovecot.log" >&2; exit 1; }
echo "127.0.0.1 $PORT $USER_NAME $USER_PASS"
