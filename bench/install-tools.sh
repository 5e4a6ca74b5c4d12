#!/bin/sh
# Installs the native programs `npm run bench` (bench/article-page.bench.ts) runs as separate processes,
# on Debian or Ubuntu: wrk (the load generator), nginx-light (the ceiling: serves the same bytes as
# Gazette) and util-linux (taskset, to pin the generator and the server to different cores; normally
# installed already). With --wordpress also Debian's WordPress (6.1, with its default theme), PHP-FPM and
# the MariaDB server, for the bench's WordPress row. Uses sudo only when not run as root.
set -eu
if [ "$(id -u)" -eq 0 ]; then SUDO=; else SUDO=sudo; fi
$SUDO apt-get update
$SUDO apt-get install -y wrk nginx-light util-linux
if [ "${1:-}" = "--wordpress" ]; then
  $SUDO apt-get install -y --no-install-recommends wordpress wordpress-theme-twentytwentythree php-fpm php-mysql mariadb-server mariadb-client
  mysql -uroot -e 'select 1' >/dev/null 2>&1 || $SUDO start-stop-daemon --start --oknodo --background --exec /usr/sbin/mariadbd
fi
wrk -v 2>&1 | head -n 1 || true
nginx -v 2>&1 || /usr/sbin/nginx -v 2>&1 || true
