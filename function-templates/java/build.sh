#!/bin/sh
# Build stage of the java template, in three steps that the Dockerfile runs as layers of their own,
# so the engine reuses the early ones until their inputs change:
#   runner    compiles the runner into /app/lib and installs its API as
#             io.stoker:stoker-function-api:1.0 in the local Maven repository (template only);
#   deps      with a pom.xml: resolves its dependencies and plugins from the pom alone and puts
#             the runtime dependencies' jars in /app/deps (the run image copies them in a layer of
#             their own, before the code's);
#   function  compiles the function into jars under /app/lib, writes the JVM's class path to
#             /app/java.args, and records an AppCDS archive (/app/app.jsa) that java.args names.
set -eu

APP=/app
LIB=$APP/lib
DEPS=$APP/deps
STEP=${1:-all}

runner() {
    mkdir -p "$LIB" /build/classes/runner
    echo "stoker: compiling the runner"
    javac -nowarn -d /build/classes/runner $(find /build/runner/src -name '*.java')
    jar --create --file "$LIB/stoker-runner.jar" -C /build/classes/runner .
    # A pom.xml function compiles against the runner's API as io.stoker:stoker-function-api:1.0
    # (scope provided); put that artifact in the local repository by hand, no plugin download needed.
    repo=$HOME/.m2/repository/io/stoker/stoker-function-api/1.0
    mkdir -p "$repo"
    cp "$LIB/stoker-runner.jar" "$repo/stoker-function-api-1.0.jar"
    cat >"$repo/stoker-function-api-1.0.pom" <<POM
<project><modelVersion>4.0.0</modelVersion><groupId>io.stoker</groupId>
<artifactId>stoker-function-api</artifactId><version>1.0</version></project>
POM
}

deps() {
    mkdir -p "$DEPS"
    [ -f /build/deps/pom.xml ] || { echo "stoker: no pom.xml: no dependencies to resolve"; return 0; }
    echo "stoker: pom.xml found: mvn package on the pom alone, then the runtime dependencies' jars (before the code)"
    cd /build/deps
    # A package run without sources fetches exactly the plugins (and their own dependencies) that
    # the code's package run needs later, which dependency:go-offline does not all foresee; the
    # empty jar it makes is dropped. Not quiet: its plugin lines show the deploy's progress while
    # the first build downloads for a minute or more.
    mvn -B -ntp -DskipTests package
    rm -rf target
    # A dependency that cannot be had fails here, in Maven's own words.
    mvn -q -B -ntp dependency:copy-dependencies -DincludeScope=runtime -DoutputDirectory="$DEPS"
    rm -f "$DEPS/stoker-function-api-1.0.jar"
    echo "stoker: $(ls "$DEPS" | wc -l) dependency jar(s)"
    cd /build
}

function_step() {
    mkdir -p "$LIB" /build/classes/function
    if [ -f /build/function/pom.xml ]; then
        echo "stoker: function/pom.xml found: mvn package"
        cd /build/function
        mvn -q -B -ntp -DskipTests package
        for j in target/*.jar; do
            case "$j" in *-sources.jar|*-javadoc.jar|*-tests.jar) ;; *) cp "$j" "$LIB/function-$(basename "$j")" ;; esac
        done
        cd /build
    else
        sources=$(find /build/function -name '*.java' | sort)
        [ -n "$sources" ] || { echo "stoker: no pom.xml and no *.java under the function folder" >&2; exit 1; }
        cp_extra=""
        if [ -d /build/function/lib ]; then
            cp /build/function/lib/*.jar "$LIB"/ 2>/dev/null || true
            cp_extra=$(find /build/function/lib -name '*.jar' | tr '\n' ':')
        fi
        echo "stoker: javac $(echo "$sources" | wc -l) source file(s)"
        # shellcheck disable=SC2086
        javac -nowarn -encoding UTF-8 -cp "$LIB/stoker-runner.jar:$cp_extra" -d /build/classes/function $sources
        # Resources (anything under function/resources) travel with the classes.
        [ -d /build/function/resources ] && cp -r /build/function/resources/. /build/classes/function/
        jar --create --file "$LIB/function.jar" -C /build/classes/function .
    fi

    # Jars only, fixed order: AppCDS needs the same class path at run time as when it was recorded.
    classpath=$(find "$DEPS" "$LIB" -name '*.jar' 2>/dev/null | sort | tr '\n' ':' | sed 's/:$//')
    echo "-cp $classpath" >"$APP/java.args"

    if [ "${APPCDS:-1}" = "1" ]; then
        echo "stoker: recording the AppCDS archive"
        if STOKER_CDS_TRAIN=1 PORT=0 java -XX:ArchiveClassesAtExit="$APP/app.jsa" -XX:TieredStopAtLevel=1 \
            -XX:+UseSerialGC @"$APP/java.args" io.stoker.function.Runner >/build/cds.log 2>&1; then
            echo "stoker: AppCDS archive: $(du -h "$APP/app.jsa" | cut -f1)"
            echo "-XX:SharedArchiveFile=$APP/app.jsa" >>"$APP/java.args"
        else
            echo "stoker: AppCDS archive skipped (see below); the function still runs, only starts slower"
            cat /build/cds.log
            rm -f "$APP/app.jsa"
        fi
    fi
}

case "$STEP" in
    runner) runner ;;
    deps) deps ;;
    function) function_step ;;
    all) runner; deps; function_step ;;
    *) echo "stoker: unknown build step '$STEP'" >&2; exit 2 ;;
esac
