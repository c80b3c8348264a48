#!/bin/sh
# Create nbgrader's exchange for one course on the shared volume, with the modes the course's
# isolation relies on (deploy/README.md, "Kubernetes"); run once as root (the exchange-init Job).
#   exchange-init.sh EXCHANGE COURSE_ID TRAINERS_GID
# EXCHANGE 1777 (nbgrader requires rwx for all on its root; the sticky bit keeps anyone but
#                root from renaming or removing the course folder), COURSE 0755 root's.
# outbound 2775: trainers (group) release, everyone reads.
# inbound  2773: everyone may submit into it, only trainers (group) may list or read it; the
#                setgid bit gives every submission the trainers' group.
# feedback 2771: trainers write it, a trainee reaches only the hashed names made for them.
set -eu
exchange=$1 course=$2 gid=$3
umask 022
mkdir -p "$exchange/$course/outbound" "$exchange/$course/inbound" "$exchange/$course/feedback"
chown root:root "$exchange" "$exchange/$course"
chmod 1777 "$exchange"
chmod 0755 "$exchange/$course"
chown "root:$gid" "$exchange/$course/outbound" "$exchange/$course/inbound" "$exchange/$course/feedback"
chmod 2775 "$exchange/$course/outbound"
chmod 2773 "$exchange/$course/inbound"
chmod 2771 "$exchange/$course/feedback"
