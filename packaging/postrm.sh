#!/bin/sh
# After removal. `remove` keeps everything but the programs: the delivery
# service's state folder may hold applications not yet delivered. `purge`
# (the administrator saying "all of it") also deletes that folder: both
# the path the unit names and the private folder systemd's DynamicUser keeps
# behind it. Users' data folders in their homes and the centre's own
# /etc/auskunft/settings.toml are theirs and stay either way.
set -e
if [ "$1" = "purge" ]; then
  rm -rf /var/lib/auskunft /var/lib/private/auskunft
fi
if [ -d /run/systemd/system ]; then
  systemctl daemon-reload || true
fi
exit 0
