#!/bin/sh
# After install or upgrade: let systemd see the (new) delivery unit. The unit
# stays off unless the centre enabled it; an enabled one is restarted so it
# runs the new program. Users' data folders are theirs and are not touched:
# each desk migrates its store and rebuilds its index on start when the
# release changed them.
set -e
if [ -d /run/systemd/system ]; then
  systemctl daemon-reload || true
  if systemctl is-enabled --quiet auskunft-delivery.service 2>/dev/null; then
    systemctl try-restart auskunft-delivery.service || true
  fi
fi
exit 0
