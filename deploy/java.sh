# Sourced by the deploy scripts: sets JAVA_HOME to a JDK >= 21 (the build and the lab need one;
# the machine's default java may be 17), or says clearly that there is none.
weft_find_jdk() {
  local candidate major
  for candidate in ${JAVA_HOME:+"$JAVA_HOME"} $(ls -d /usr/lib/jvm/*/ 2>/dev/null | sort -rV); do
    candidate=${candidate%/}
    [ -x "$candidate/bin/javac" ] || continue
    major=$("$candidate/bin/java" -XshowSettings:properties -version 2>&1 |
      sed -n 's/^ *java.specification.version = //p' | head -n 1)
    case "$major" in ''|*[!0-9]*) continue ;; esac
    if [ "$major" -ge 21 ]; then
      export JAVA_HOME=$candidate
      export PATH=$JAVA_HOME/bin:$PATH
      return 0
    fi
  done
  echo "weft: no JDK >= 21 found (looked at \$JAVA_HOME and /usr/lib/jvm/*). Install one, e.g. Temurin 21+," >&2
  echo "weft: or point JAVA_HOME at it. (Temurin 25 is at /usr/lib/jvm/temurin-25-jdk-amd64 on the dev machines.)" >&2
  return 1
}
