#!/usr/bin/env bash
# Microbenchmarks of the hot path pieces (JMH): key resolution, bucket take, body lookup, usage count. Each
# fork starts the whole service on the embedded default in a temporary folder and measures its real beans.
#
#   bench/jmh.sh                       # all benchmarks, 1 fork, 3 warm-up and 5 measured iterations of 2 s
#   bench/jmh.sh KeyResolution -f 2 -i 10   # a subset; JMH options given replace the defaults
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

# shellcheck source=ci/jdk25.sh
source ci/jdk25.sh
JAVA=${BENCH_JAVA:-$(require_jdk25_home)/bin/java}
[[ -x $JAVA ]] || { echo "jmh: no java at $JAVA (set BENCH_JAVA)" >&2; exit 1; }

./mvnw -q -B -DskipTests test-compile dependency:build-classpath -Dmdep.includeScope=test \
	-Dmdep.outputFile=target/jmh.classpath
classpath="target/test-classes:target/classes:$(<target/jmh.classpath)"
filter=${1:-Benchmark}
shift || true
options=("$@")
((${#options[@]} > 0)) || options=(-f 1 -wi 3 -w 2s -i 5 -r 2s)
exec "$JAVA" -cp "$classpath" org.openjdk.jmh.Main "$filter" -jvmArgs "-Xms256m -Xmx256m" "${options[@]}"
