#!/bin/sh
# Make sure a Java 17 (or newer) runtime is there for PySpark, which the Spark
# parity test and `journeyctl analyze --engine spark` start in local mode.
#
# Spark 4 needs Java 17+. Does nothing when `java -version` reports 17 or newer.
# Installing needs root (CI and the development machines run as root);
# otherwise it says what to run and fails.
set -eu

# The major version `java -version` reports: "17.0.15" -> 17, "1.8.0_392" -> 8; 0 when absent.
java_major() {
    if ! command -v java >/dev/null 2>&1; then
        echo 0
        return
    fi
    java -version 2>&1 | awk -F '"' '/version/ {
        split($2, part, ".")
        major = (part[1] == "1") ? part[2] : part[1]
        sub(/[^0-9].*/, "", major)
        print (major == "" ? 0 : major)
        exit
    }'
}

found=$(java_major)
if [ "${found:-0}" -ge 17 ]; then
    exit 0
fi

if [ "${found:-0}" -eq 0 ]; then
    found=none
fi

if [ "$(id -u)" -ne 0 ]; then
    echo "ensure-java: Java 17 or newer is missing (found: $found); install it as root with: apt-get install -y openjdk-17-jre-headless" >&2
    exit 1
fi

export DEBIAN_FRONTEND=noninteractive
echo "ensure-java: installing Debian's openjdk-17-jre-headless package" >&2
apt-get update -qq >&2
apt-get install -y -qq --no-install-recommends openjdk-17-jre-headless >&2

found=$(java_major)
if [ "${found:-0}" -lt 17 ]; then
    echo "ensure-java: apt-get finished but java -version still does not report 17 or newer" >&2
    exit 1
fi
