#!/usr/bin/env bash
# CPU-seconds of a running JVM by thread group (JIT compilers, GC, Karaf features, Jetty, our threads ...), from
# /proc/<pid>/task/*/stat. Run it at the moment to look at, e.g. right after the first health 200 of a start:
#   benchmarks/cpu-by-thread.sh <pid>
pid=${1:?usage: cpu-by-thread.sh PID}; t=$(getconf CLK_TCK)
for task in /proc/$pid/task/*; do
  comm=$(cat $task/comm 2>/dev/null) || continue
  awk -v c="$comm" -v t=$t '{ split($0,a,") "); split(a[2],f," "); printf "%s\t%.3f\n", c, (f[12]+f[13])/t }' $task/stat
done | awk -F'\t' '{n=$1; if (n ~ /^C2 Compiler/) g="JIT C2"; else if (n ~ /^C1 Compiler/) g="JIT C1"; else if (n ~ /^(G1|GC Thread|VM Thread|Conc)/) g="GC/VM"; else if (n ~ /^qtp/) g="Jetty qtp"; else if (n ~ /^features/) g="features"; else if (n ~ /^(FelixStartLevel|FelixDispatchQueue|FelixResolver)/) g="Felix " n; else if (n ~ /dotmac/) g="dotmac threads"; else if (n ~ /^(main|Karaf)/) g="main/karaf"; else g="other: " n; s[g]+=$2; tot+=$2} END {for (g in s) printf "%8.2f  %s\n", s[g], g; printf "%8.2f  total\n", tot}' | sort -rn | head -25
