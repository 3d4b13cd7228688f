#!/usr/bin/env bash
# Single-node Apache Kafka (KRaft, broker+controller) from Maven Central jars: no Docker, no tarball.
# Usage: kafka.sh start | stop [--keep] | restart | status | run -- <command...>
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
DATA="$ROOT/.data/kafka"
PORT="${KAFKA_PORT:-19092}"
CONTROLLER_PORT="${KAFKA_CONTROLLER_PORT:-19093}"
BROKERS="127.0.0.1:$PORT"
PID_FILE="$DATA/kafka.pid"
LOG_FILE="$DATA/kafka.log"
CP_FILE="$DATA/classpath.txt"
# Written by `stop --keep`: the log dir the next start brings back instead of formatting a new one.
KEPT_FILE="$DATA/kept-log-dir"

say() { echo "kafka: $*" >&2; }
die() { say "$*"; exit 1; }

java_bin() {
  if [[ -n "${JAVA_HOME:-}" && -x "$JAVA_HOME/bin/java" ]]; then
    echo "$JAVA_HOME/bin/java"
  elif command -v java >/dev/null 2>&1; then
    command -v java
  else
    die "java not found: install a JDK 17+ or set JAVA_HOME"
  fi
}

ensure_data_dir() {
  mkdir -p "$DATA"
  # Keeps broker data out of git even if the root .gitignore lacks .data/.
  [[ -f "$DATA/.gitignore" ]] || echo '*' >"$DATA/.gitignore"
}

# A cache hit must also survive ~/.m2 being wiped, hence the per-jar check.
classpath_is_fresh() {
  [[ -s "$CP_FILE" && "$CP_FILE" -nt "$HERE/pom.xml" ]] || return 1
  local jar jars
  IFS=: read -r -a jars <"$CP_FILE"
  for jar in "${jars[@]}"; do [[ -f "$jar" ]] || return 1; done
}

resolve_classpath() {
  classpath_is_fresh && return 0
  command -v mvn >/dev/null 2>&1 || die "mvn not found: install Maven 3.8+ (needed once to fetch Kafka's jars)"
  say "resolving Kafka jars with Maven (first run downloads ~45 MB of jars)..."
  # Output kept for failures only: -q still leaks ANSI resets on Maven 3.8.
  if ! mvn -q -B -f "$HERE/pom.xml" dependency:build-classpath \
    -DincludeScope=runtime -Dmdep.outputFile="$CP_FILE.tmp" >"$DATA/mvn.log" 2>&1; then
    cat "$DATA/mvn.log" >&2
    die "mvn could not resolve $HERE/pom.xml (see above)"
  fi
  mv "$CP_FILE.tmp" "$CP_FILE"
}

pid_of_broker() {
  [[ -f "$PID_FILE" ]] || return 1
  local pid
  pid="$(cat "$PID_FILE")"
  # Guards against a stale pid file whose pid now belongs to something else.
  [[ "$(ps -ww -p "$pid" -o args= 2>/dev/null)" == *kafka.Kafka* ]] || return 1
  echo "$pid"
}

wait_ready() { # pid timeout_seconds
  KAFKA_BROKERS="$BROKERS" KAFKA_PID="$1" KAFKA_READY_TIMEOUT="$2" node "$HERE/wait-ready.js"
}

port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

write_config() { # log_dir config_file
  cat >"$2" <<EOF
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@127.0.0.1:$CONTROLLER_PORT
listeners=PLAINTEXT://127.0.0.1:$PORT,CONTROLLER://127.0.0.1:$CONTROLLER_PORT
advertised.listeners=PLAINTEXT://127.0.0.1:$PORT
listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT
controller.listener.names=CONTROLLER
inter.broker.listener.name=PLAINTEXT
log.dirs=$1
num.partitions=${KAFKA_NUM_PARTITIONS:-3}
auto.create.topics.enable=true
default.replication.factor=1
min.insync.replicas=1
offsets.topic.replication.factor=1
# The default 50 partitions make the first consumer group join slow on a small machine.
offsets.topic.num.partitions=5
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
share.coordinator.state.topic.replication.factor=1
share.coordinator.state.topic.min.isr=1
group.initial.rebalance.delay.ms=0
EOF
}

cmd_start() {
  local java pid p
  java="$(java_bin)"
  command -v node >/dev/null 2>&1 || die "node not found (needed for the readiness check)"
  ensure_data_dir

  if pid="$(pid_of_broker)"; then
    wait_ready "$pid" "${KAFKA_READY_TIMEOUT:-90}" || die "broker pid $pid is running but not ready; try: $0 stop"
    say "already running (pid $pid)"
    echo "KAFKA_BROKERS=$BROKERS"
    return 0
  fi
  local log_dir=""
  log_dir="$(kept_log_dir)" || cleanup_files
  rm -f "$PID_FILE" "$KEPT_FILE"
  for p in "$PORT" "$CONTROLLER_PORT"; do
    port_in_use "$p" && die "port $p on 127.0.0.1 is already in use (set KAFKA_PORT / KAFKA_CONTROLLER_PORT)"
  done

  resolve_classpath
  local cp config cluster_id
  cp="$(cat "$CP_FILE")"
  config="$DATA/server.properties"
  local jvm=(-cp "$cp" -Dlog4j2.configurationFile="$HERE/log4j2.xml" -Dkafka.log.level="${KAFKA_LOG_LEVEL:-WARN}")

  local reused=false
  if [[ -n "$log_dir" ]]; then
    reused=true
    say "reusing the data kept by 'stop --keep' ($log_dir)"
    write_config "$log_dir" "$config"
  else
    : >"$LOG_FILE"
    # Fresh otherwise: format refuses a dir that holds another cluster id, and tests want no leftovers.
    log_dir="$(mktemp -d "$DATA/logs.XXXXXX")"
    write_config "$log_dir" "$config"
    cluster_id="$("$java" "${jvm[@]}" kafka.tools.StorageTool random-uuid 2>>"$LOG_FILE")" ||
      { tail -n 20 "$LOG_FILE" >&2; die "StorageTool random-uuid failed"; }
    "$java" "${jvm[@]}" kafka.tools.StorageTool format -t "$cluster_id" -c "$config" >>"$LOG_FILE" 2>&1 ||
      { tail -n 20 "$LOG_FILE" >&2; die "StorageTool format failed"; }
  fi

  # shellcheck disable=SC2086 # KAFKA_HEAP_OPTS is a list of JVM flags
  nohup "$java" ${KAFKA_HEAP_OPTS:--Xms256m -Xmx512m} -XX:+UseG1GC -XX:MaxGCPauseMillis=20 \
    -XX:+ExitOnOutOfMemoryError -Djava.awt.headless=true "${jvm[@]}" \
    kafka.Kafka "$config" >>"$LOG_FILE" 2>&1 </dev/null &
  pid=$!
  echo "$pid" >"$PID_FILE"

  if ! wait_ready "$pid" "${KAFKA_READY_TIMEOUT:-90}"; then
    say "last lines of $LOG_FILE:"
    tail -n 40 "$LOG_FILE" >&2
    # Data someone asked to keep survives a failed start too.
    if $reused; then cmd_stop --keep; else cmd_stop; fi
    exit 1
  fi
  say "ready (pid $pid, log $LOG_FILE)"
  echo "KAFKA_BROKERS=$BROKERS"
}

cleanup_files() {
  rm -f "$PID_FILE" "$KEPT_FILE"
  rm -rf "$DATA"/logs.*
}

# The log dir `stop --keep` left, if it is still there and formatted.
kept_log_dir() {
  [[ -f "$KEPT_FILE" ]] || return 1
  local dir
  dir="$(cat "$KEPT_FILE")"
  [[ "$dir" == "$DATA"/logs.* && -f "$dir/meta.properties" ]] || return 1
  echo "$dir"
}

cmd_stop() { # [--keep]
  local keep=false pid log_dir
  case "${1:-}" in
    "") ;;
    --keep) keep=true ;;
    *) die "usage: $0 stop [--keep]" ;;
  esac
  if pid="$(pid_of_broker)"; then
    kill -TERM "$pid" 2>/dev/null || true
    for _ in $(seq 1 40); do
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.5
    done
    if kill -0 "$pid" 2>/dev/null; then
      say "pid $pid ignored SIGTERM for 20s, sending SIGKILL"
      kill -KILL "$pid" 2>/dev/null || true
    fi
    say "stopped (pid $pid)"
  else
    say "not running"
  fi
  # The log dir in use is the one server.properties names; a keep after a keep keeps the same one.
  if $keep && log_dir="$(sed -n 's/^log\.dirs=//p' "$DATA/server.properties" 2>/dev/null)" && [[ -f "$log_dir/meta.properties" ]]; then
    rm -f "$PID_FILE"
    echo "$log_dir" >"$KEPT_FILE"
    say "kept the data in $log_dir for the next start"
  else
    $keep && say "no broker data to keep"
    cleanup_files
  fi
}

cmd_status() {
  local pid
  if pid="$(pid_of_broker)"; then
    if wait_ready "$pid" 5; then
      say "running (pid $pid) on $BROKERS"
      return 0
    fi
    say "pid $pid is alive but not answering on $BROKERS"
    return 1
  fi
  say "not running"
  return 3
}

cmd_run() {
  [[ "${1:-}" == "--" ]] && shift
  (($#)) || die "usage: $0 run -- <command...>"
  # Leave a broker that was already running (e.g. a dev session's) as we found it.
  if pid_of_broker >/dev/null; then
    cmd_start >&2
  else
    trap 'cmd_stop' EXIT
    trap 'exit 130' INT
    trap 'exit 143' TERM
    cmd_start >&2
  fi
  local status=0
  KAFKA_BROKERS="$BROKERS" "$@" || status=$?
  exit "$status"
}

case "${1:-}" in
  start) cmd_start ;;
  stop) shift; cmd_stop "$@" ;;
  restart) cmd_stop --keep; cmd_start ;;
  status) cmd_status ;;
  run) shift; cmd_run "$@" ;;
  *) die "usage: $0 start | stop [--keep] | restart | status | run -- <command...>" ;;
esac
