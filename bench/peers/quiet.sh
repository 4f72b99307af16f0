#!/usr/bin/env bash
# Runs a benchmark on a shared machine with the other jobs out of its way: every process that is neither
# an ancestor nor a descendant of this script, at niceness 0, is lowered to niceness 19 (and its session's
# scheduling group too, since with sched_autogroup niceness only ranks processes within a session) until
# the command ends; then they are restored. Needs the rights to renice them (root, or the same user).
#
#   bench/peers/quiet.sh COMMAND [ARGS...]      e.g. bench/peers/quiet.sh bench/peers/run-cpu.sh
#
# The command sees QUIET_WRAPPER set, so results can say they were taken this way.
self=$$
others() { # pids at niceness $1 that are neither ancestors nor descendants of this script
    ps -eo pid=,ppid=,ni= | awk -v self="$self" -v want="$1" '
        { parent[$1] = $2; ni[$1] = $3 }
        END {
            for (p = self; p > 1; p = parent[p]) anc[p] = 1
            for (pid in parent) {
                if (ni[pid] != want || pid in anc) continue
                mine = 0
                for (q = pid; q > 1; q = parent[q]) if (q == self) { mine = 1; break }
                if (!mine) print pid
            }
        }'
}
mygroup=$(cut -d' ' -f1 /proc/$self/autogroup)
# With sched_autogroup every session is weighed as one group, whatever its processes' niceness: lower the
# other sessions' groups too.
lower() {
    for pid in $(others 0); do
        [[ $(cut -d' ' -f1 /proc/$pid/autogroup 2>/dev/null) != "$mygroup" ]] && echo 19 2>/dev/null >/proc/$pid/autogroup
        renice -n 19 -p "$pid" >/dev/null 2>&1
    done
}
lower
# Jobs started meanwhile begin at niceness 0: lower them as they appear.
( while sleep 3; do lower; done ) &
keeper=$!
QUIET_WRAPPER="bench/peers/quiet.sh" "$@"
rc=$?
kill $keeper
for pid in $(others 19); do echo 0 2>/dev/null >/proc/$pid/autogroup; renice -n 0 -p "$pid" >/dev/null 2>&1; done
exit $rc
